"""Rectification orders: raise from a review, list, read, answer, attach evidence, decide.
Handlers are one or two lines over the services."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.download_names import content_disposition
from backend.core.pagination import Paging
from backend.core.uploads import UPLOAD_GUARDS
from backend.rectification import evidence, service
from backend.rectification.schemas import (
    AnswerIn,
    DecisionIn,
    EvidenceOut,
    FindingIn,
    OrderDetail,
    OrderPage,
    OrderStatus,
)


class EvidenceUpload(msgspec.Struct):
    file: UploadFile | None = None


class FindingController(Controller):
    path = "/api/spot-checks/reviews/{review_id:int}/findings"
    tags = ["rectification"]

    @post("/")
    async def raise_finding(
        self, viewer: CurrentViewer, review_id: FromPath[int], data: JSONBody[FindingIn]
    ) -> OrderDetail:
        """A finding of the review becomes an order (open) on the reviewed institution. The zone's
        reviewer (or the administrator); the review may be a draft or submitted. `due_on`: after
        today (Shanghai) and at most a year ahead."""
        today = today_in_shanghai()
        order_id = await service.raise_finding(viewer, review_id, data, utc_now(), today)
        return await service.order_detail(viewer, order_id, today)


class RectificationController(Controller):
    path = "/api/rectification"
    tags = ["rectification"]

    @get("/orders")
    async def index(
        self,
        viewer: CurrentViewer,
        paging: Paging,
        institution: FromQuery[int | None] = None,
        zone: FromQuery[int | None] = None,
        status: FromQuery[OrderStatus | None] = None,
        overdue: FromQuery[bool | None] = None,
        review: FromQuery[int | None] = None,
    ) -> OrderPage:
        """Orders the viewer reads (reviewer: its zones; officer: its institution; commission:
        its area; staff 403), not yet accepted first, overdue first."""
        return await service.list_orders(
            viewer, paging, today_in_shanghai(), institution_id=institution, zone_id=zone,
            status=status, overdue=overdue, review_id=review,
        )  # fmt: skip

    @get("/orders/{order_id:int}")
    async def detail(self, viewer: CurrentViewer, order_id: FromPath[int]) -> OrderDetail:
        return await service.order_detail(viewer, order_id, today_in_shanghai())

    @post("/orders/{order_id:int}/answers")
    async def answer(
        self, viewer: CurrentViewer, order_id: FromPath[int], data: JSONBody[AnswerIn]
    ) -> OrderDetail:
        """The ordered institution's officer answers an open or returned order with a note; files
        follow on `POST /api/rectification/answers/{id}/evidence`."""
        await service.answer_order(viewer, order_id, data, utc_now())
        return await service.order_detail(viewer, order_id, today_in_shanghai())

    @post("/answers/{answer_id:int}/evidence", guards=UPLOAD_GUARDS)
    async def upload(
        self,
        request: Request,
        viewer: CurrentViewer,
        answer_id: FromPath[int],
        data: Annotated[EvidenceUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> EvidenceOut:
        """A JPEG, PNG or PDF (judged from its content): 415 otherwise, 413 above the limit."""
        upload = data.file
        content = await upload.read() if upload is not None else None
        return await evidence.add_evidence(
            viewer, answer_id, upload.filename if upload else None, content,
            request.app.state.settings, utc_now(),
        )  # fmt: skip

    @get("/evidence/{evidence_id:int}")
    async def download(
        self, request: Request, viewer: CurrentViewer, evidence_id: FromPath[int]
    ) -> Response[bytes]:
        content, row = await evidence.evidence_file(viewer, evidence_id, request.app.state.settings)
        suffix = Path(row["filename"]).suffix
        disposition = content_disposition(row["filename"], f"evidence-{evidence_id}{suffix}")
        return Response(
            content,
            media_type=row["content_type"],
            headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
        )

    @post("/orders/{order_id:int}/decision", status_code=200)
    async def decision(
        self, viewer: CurrentViewer, order_id: FromPath[int], data: JSONBody[DecisionIn]
    ) -> OrderDetail:
        """The zone's reviewer accepts (closes) or returns (with a note) an answered order."""
        await service.decide(viewer, order_id, data, utc_now())
        return await service.order_detail(viewer, order_id, today_in_shanghai())

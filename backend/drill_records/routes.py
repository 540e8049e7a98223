"""Drill records: create from a held drill, edit the draft, submit, amend, versions, evidence;
corrective actions. Handlers are one or two lines over the services."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.download_names import content_disposition
from backend.core.errors import InvalidInput
from backend.core.uploads import UPLOAD_GUARDS
from backend.drill_records import actions, evidence, history, service
from backend.drill_records.schemas import (
    ActionOut,
    ActionPatch,
    ActionStatus,
    AmendmentIn,
    EvidenceOut,
    RecordOut,
    RecordPatch,
    VersionOut,
)


class EvidenceUpload(msgspec.Struct):
    file: UploadFile | None = None


async def _out(record_id: int, viewer=None) -> RecordOut:
    return await service.record_out(record_id, today_in_shanghai(), viewer)


class ActivityRecordController(Controller):
    """The record of one activity: `/api/activities/{id}/record`."""

    path = "/api/activities/{activity_id:int}/record"
    tags = ["drill records"]

    @post("/")
    async def create(
        self,
        viewer: CurrentViewer,
        activity_id: FromPath[int],
        data: JSONBody[RecordPatch | None] = None,
    ) -> RecordOut:
        """Start the draft record of a held drill (409 if it has one, or is not a held drill)."""
        created = await service.create_record(viewer, activity_id, data or RecordPatch(), utc_now())
        return await _out(created, viewer)

    @get("/")
    async def of_activity(self, viewer: CurrentViewer, activity_id: FromPath[int]) -> RecordOut:
        return await _out(await service.record_of_activity(viewer, activity_id), viewer)


class RecordController(Controller):
    path = "/api/records"
    tags = ["drill records"]

    @get("/{record_id:int}")
    async def detail(self, viewer: CurrentViewer, record_id: FromPath[int]) -> RecordOut:
        await service.readable_record(viewer, record_id)
        return await _out(record_id, viewer)

    @patch("/{record_id:int}")
    async def edit(
        self, viewer: CurrentViewer, record_id: FromPath[int], data: JSONBody[RecordPatch]
    ) -> RecordOut:
        """Edit the draft; a submitted record answers 409 `record_locked` (amend it instead)."""
        await service.patch_record(viewer, record_id, data, utc_now())
        return await _out(record_id, viewer)

    @post("/{record_id:int}/submit", status_code=200)
    async def submit(self, viewer: CurrentViewer, record_id: FromPath[int]) -> RecordOut:
        """Submit and lock; 400 `record_incomplete` lists every missing field in `details`."""
        await service.submit_record(viewer, record_id, utc_now())
        return await _out(record_id, viewer)

    @post("/{record_id:int}/amendments")
    async def amend(
        self, viewer: CurrentViewer, record_id: FromPath[int], data: JSONBody[AmendmentIn]
    ) -> RecordOut:
        """A new version of a submitted record, with its reason; in force at once."""
        await service.amend_record(viewer, record_id, data, utc_now())
        return await _out(record_id, viewer)

    @get("/{record_id:int}/versions")
    async def versions(self, viewer: CurrentViewer, record_id: FromPath[int]) -> list[VersionOut]:
        _, activity = await service.readable_record(viewer, record_id)
        return await history.versions_of(record_id, activity["topic"])

    @post("/{record_id:int}/evidence", guards=UPLOAD_GUARDS)
    async def upload(
        self,
        request: Request,
        viewer: CurrentViewer,
        record_id: FromPath[int],
        data: Annotated[EvidenceUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> EvidenceOut:
        """A JPEG, PNG or PDF (judged from its content): 415 otherwise, 413 above the limit."""
        record, _ = await service.writable_record(viewer, record_id)
        if data.file is None:
            raise InvalidInput("evidence_no_file")
        content = await data.file.read()
        settings = request.app.state.settings
        return await evidence.add_evidence(
            viewer, record, data.file.filename, content, settings, utc_now()
        )

    @get("/{record_id:int}/evidence/{evidence_id:int}")
    async def download(
        self,
        request: Request,
        viewer: CurrentViewer,
        record_id: FromPath[int],
        evidence_id: FromPath[int],
    ) -> Response[bytes]:
        await service.readable_record(viewer, record_id)
        content, row = await evidence.evidence_file(
            record_id, evidence_id, request.app.state.settings
        )
        suffix = Path(row["filename"]).suffix
        disposition = content_disposition(row["filename"], f"evidence-{evidence_id}{suffix}")
        return Response(
            content,
            media_type=row["content_type"],
            headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
        )


class ActionController(Controller):
    path = "/api/actions"
    tags = ["drill records"]

    @get("/")
    async def index(
        self,
        viewer: CurrentViewer,
        institution: FromQuery[int | None] = None,
        status: FromQuery[ActionStatus | None] = None,
        overdue: FromQuery[bool] = False,
    ) -> list[ActionOut]:
        """Corrective actions in scope (an officer's own by default); `overdue=1`: open and due
        before today in Shanghai."""
        return await actions.list_actions(
            viewer, institution, status and status.value, overdue, today_in_shanghai()
        )

    @patch("/{action_id:int}")
    async def edit(
        self, viewer: CurrentViewer, action_id: FromPath[int], data: JSONBody[ActionPatch]
    ) -> ActionOut:
        """Status and follow-up, also after the record was submitted; audited."""
        return await actions.patch_action(viewer, action_id, data, utc_now(), today_in_shanghai())


__all__ = ["ActionController", "ActivityRecordController", "RecordController"]

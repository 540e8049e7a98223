"""CME credit ledger per person and year, certificates, the institution's 学分登记表."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, QueryParameter

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.errors import request_language
from backend.core.uploads import UPLOAD_GUARDS
from backend.credits import certificates, service
from backend.credits.claims import checked_claim
from backend.credits.schemas import (
    CertificateOut,
    DecisionIn,
    LedgerOut,
    certificate_out,
    ledger_out,
    register_out,
)
from reports.compliance import FORMATS
from reports.credit_register import register_file_name, register_xlsx


class CertificateForm(msgspec.Struct):
    title: str | None = None
    cme_class: str | None = None  # I | II
    credits: str | None = None  # e.g. 4 or 1.5
    earned_on: str | None = None  # 2026-03-01
    file: UploadFile | None = None  # JPEG, PNG or PDF (checked by content)


def attachment(name: str, fallback: str) -> str:
    """An ASCII name for old clients and the real one per RFC 5987 for everyone else."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def _folder(request: Request) -> certificates.Folder:
    settings = request.app.state.settings
    return certificates.Folder(Path(settings.evidence_dir), settings.max_upload_bytes)


class StaffCreditController(Controller):
    path = "/api/staff/{staff_id:int}/credits"
    tags = ["credits"]

    @get("/")
    async def ledger(
        self, request: Request, viewer: CurrentViewer, staff_id: FromPath[int], year: FromQuery[int]
    ) -> LedgerOut:
        """The year's credits: each entry with what it earns and why, per class and in total."""
        ledger = await service.staff_ledger(viewer, staff_id, year)
        return ledger_out(ledger, request_language(request))


class CreditController(Controller):
    path = "/api/credits"
    tags = ["credits"]

    @get("/register", responses=None)
    async def register(
        self,
        request: Request,
        viewer: CurrentViewer,
        institution: FromQuery[int],
        year: FromQuery[int],
        format: Annotated[Literal["json", "xlsx"], QueryParameter()] = "json",
    ) -> Response:
        """Every staff member of the institution active in the year; `format=xlsx`: 学分登记表."""
        register = await service.credit_register(viewer, institution, year)
        body = msgspec.to_builtins(register_out(register, request_language(request)))
        if format == "json":
            return Response(body)
        name = register_file_name(msgspec.to_builtins(register_out(register, "zh")))
        disposition = attachment(name, f"credit-register-{institution}-{year}.xlsx")
        return Response(register_xlsx(body), media_type=FORMATS["xlsx"],
                        headers={"Content-Disposition": disposition})  # fmt: skip

    @post("/certificates", status_code=201, guards=UPLOAD_GUARDS)
    async def submit(
        self,
        request: Request,
        viewer: CurrentViewer,
        data: Annotated[CertificateForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> CertificateOut:
        """The logged-in staff member claims credits earned elsewhere; pending until confirmed."""
        claim = checked_claim(data.title, data.cme_class, data.credits, data.earned_on,
                              today_in_shanghai())  # fmt: skip
        upload = None
        if data.file is not None and data.file.filename:
            upload = certificates.Upload(data.file.filename, await data.file.read())
        row = await certificates.submit_certificate(viewer, claim, upload, _folder(request),
                                                    utc_now())  # fmt: skip
        return certificate_out(row, request_language(request))

    @get("/certificates")
    async def list_certificates(
        self,
        request: Request,
        viewer: CurrentViewer,
        institution: FromQuery[int | None] = None,
        status: FromQuery[str | None] = None,
    ) -> list[CertificateOut]:
        """Staff: their own. Officers: their institution's (`status=pending`: to decide)."""
        rows = await certificates.list_certificates(viewer, institution, status)
        return [certificate_out(row, request_language(request)) for row in rows]

    @post("/certificates/{certificate_id:int}/decision", status_code=200)
    async def decide(
        self,
        request: Request,
        viewer: CurrentViewer,
        certificate_id: FromPath[int],
        data: JSONBody[DecisionIn],
    ) -> CertificateOut:
        """`{"decision": "confirm" | "reject", "note": "..."}`; a rejection needs a note."""
        row = await certificates.decide_certificate(viewer, certificate_id, data.decision,
                                                    data.note, utc_now())  # fmt: skip
        return certificate_out(row, request_language(request))

    @get("/certificates/{certificate_id:int}/file")
    async def file(
        self, request: Request, viewer: CurrentViewer, certificate_id: FromPath[int]
    ) -> Response[bytes]:
        content, row = await certificates.certificate_file(
            viewer, certificate_id, _folder(request).root
        )
        suffix = Path(row["stored_name"]).suffix
        disposition = attachment(row["file_name"] or f"certificate{suffix}",
                                 f"certificate-{certificate_id}{suffix}")  # fmt: skip
        return Response(content, media_type=row["content_type"],
                        headers={"Content-Disposition": disposition})  # fmt: skip

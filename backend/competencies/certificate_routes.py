"""External competency certificates: upload, the officer's queue, confirm/reject, the file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.competencies import certificates
from backend.competencies.exam_routes import CompetencyChoiceOut, choices
from backend.competencies.exams import competency_named
from backend.competencies.framework import version_on
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.errors import request_language
from backend.core.messages import render
from backend.core.uploads import UPLOAD_GUARDS

Note = Annotated[str, msgspec.Meta(max_length=2000)]


class CertificateForm(msgspec.Struct):
    competency: str | None = None
    issuer: str | None = None
    certificate_number: str | None = None
    issued_on: str | None = None  # 2026-03-01
    expires_on: str | None = None
    file: UploadFile | None = None  # JPEG, PNG or PDF (checked by content)


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Note = ""


class CompetencyCertificateOut(msgspec.Struct):
    id: int
    staff_member_id: int
    staff_name: str
    staff_number: str
    competency: str
    competency_name: str
    issuer: str
    certificate_number: str
    issued_on: date
    expires_on: date
    status: str
    status_label: str
    decision_note: str
    file_name: str
    submitted_at: datetime
    decided_at: datetime | None


class CertificateListOut(msgspec.Struct):
    certificates: list[CompetencyCertificateOut]
    competencies: list[CompetencyChoiceOut]  # those a certificate may prove (the upload form)


def certificate_out(row: dict, lang: str) -> CompetencyCertificateOut:
    competency = version_on(row["issued_on"]).competency(row["competency"])
    return CompetencyCertificateOut(
        id=row["id"], staff_member_id=row["staff_member"], staff_name=row["staff_member.name"],
        staff_number=row["staff_member.staff_number"], competency=row["competency"],
        competency_name=competency_named(competency, lang) or "—", issuer=row["issuer"],
        certificate_number=row["certificate_number"], issued_on=row["issued_on"],
        expires_on=row["expires_on"], status=row["status"],
        status_label=render(f"competency_certificate_status_{row['status']}", lang),
        decision_note=row["decision_note"], file_name=row["file_name"],
        submitted_at=row["submitted_at"], decided_at=row["decided_at"],
    )  # fmt: skip


class StaffCompetencyCertificateController(Controller):
    path = "/api/staff/{staff_id:int}/competency-certificates"
    tags = ["competencies"]

    @post("/", status_code=201, guards=UPLOAD_GUARDS)
    async def submit(
        self, request: Request, viewer: CurrentViewer, staff_id: FromPath[int],
        data: Annotated[CertificateForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> CompetencyCertificateOut:  # fmt: skip
        """The staff member for themselves, or their institution's officer: pending until the
        officer confirms it."""
        form = {"competency": data.competency, "issuer": data.issuer,
                "certificate_number": data.certificate_number, "issued_on": data.issued_on,
                "expires_on": data.expires_on}  # fmt: skip
        upload = None
        if data.file is not None and data.file.filename:
            upload = (data.file.filename, await data.file.read())
        row = await certificates.submit(viewer, staff_id, form, upload, request.app.state.settings,
                                        today_in_shanghai(), utc_now())  # fmt: skip
        return certificate_out(row, request_language(request))


class CompetencyCertificateController(Controller):
    path = "/api/competency-certificates"
    tags = ["competencies"]

    @get("/")
    async def list_certificates(
        self, request: Request, viewer: CurrentViewer,
        institution: FromQuery[int | None] = None, status: FromQuery[str | None] = None,
    ) -> CertificateListOut:  # fmt: skip
        """Staff: their own. Officers: their institution's (`status=pending`: to decide)."""
        lang = request_language(request)
        rows = await certificates.list_certificates(viewer, institution, status)
        return CertificateListOut([certificate_out(r, lang) for r in rows],
                                  choices(lang, {"certificate"}))  # fmt: skip

    @post("/{certificate_id:int}/confirm", status_code=200)
    async def confirm(
        self, request: Request, viewer: CurrentViewer, certificate_id: FromPath[int],
        data: JSONBody[NoteIn],
    ) -> CompetencyCertificateOut:  # fmt: skip
        """The officer of the person's institution: the certificate proves the competency
        from its issue date until its expiry."""
        row = await certificates.decide(viewer, certificate_id, "confirmed", data.note, utc_now())
        return certificate_out(row, request_language(request))

    @post("/{certificate_id:int}/reject", status_code=200)
    async def reject(
        self, request: Request, viewer: CurrentViewer, certificate_id: FromPath[int],
        data: JSONBody[NoteIn],
    ) -> CompetencyCertificateOut:  # fmt: skip
        """`{"note": "..."}` (required): why it is not accepted."""
        row = await certificates.decide(viewer, certificate_id, "rejected", data.note, utc_now())
        return certificate_out(row, request_language(request))

    @get("/{certificate_id:int}/file", media_type="application/octet-stream")
    async def file(
        self, request: Request, viewer: CurrentViewer, certificate_id: FromPath[int]
    ) -> Response[bytes]:
        """The uploaded file (JPEG, PNG or PDF, sent with its own type)."""
        content, row = await certificates.certificate_file(
            viewer, certificate_id, request.app.state.settings
        )
        suffix = Path(row["stored_name"]).suffix
        name = row["file_name"] or f"certificate{suffix}"
        disposition = (f"attachment; filename=\"certificate-{certificate_id}{suffix}\"; "
                       f"filename*=UTF-8''{quote(name)}")  # fmt: skip
        return Response(content, media_type=row["content_type"],
                        headers={"Content-Disposition": disposition,
                                 "X-Content-Type-Options": "nosniff"})  # fmt: skip

"""External competency certificates (e.g. a provincial neonatal-resuscitation course): the staff
member (or their institution's officer for them) uploads the certificate with its dates; the
officer of the person's institution confirms or rejects it.

Confirming writes one `CompetencyAssessment` (method certificate, outcome confirmed, assessed on
the day it was issued, valid until the certificate's own expiry when that comes before the
framework's validity). A decided certificate stays decided (409): a confirmed one cannot be
rejected afterwards and there is no revoking here; a wrong confirmation is corrected by the
administrator. The file is kept like a drill record's evidence (backend/core/evidence_files.py):
JPEG, PNG or PDF judged from its content (415 otherwise), 413 above the upload limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, sees_staff_member, visible_institution
from backend.competencies import holdings
from backend.competencies.framework import version_on
from backend.competencies.tables import CompetencyCertificate
from backend.compliance.freshness import facts_changed
from backend.core.database import transaction
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.evidence_files import judged_file, store_file
from backend.core.periods import day_in_range
from backend.core.settings import Settings
from backend.staff.tables import StaffMember

STATUSES = ("pending", "confirmed", "rejected")
FOLDER = "competency-certificates"
_C = CompetencyCertificate
_COLUMNS = (_C.id, _C.staff_member, _C.staff_member.name, _C.staff_member.staff_number,
            _C.staff_member.institution, _C.competency, _C.issuer, _C.certificate_number,
            _C.issued_on, _C.expires_on, _C.status, _C.decision_note, _C.file_name,
            _C.stored_name, _C.content_type, _C.submitted_at, _C.decided_at)  # fmt: skip


@dataclass(frozen=True)
class Claim:
    competency: str
    issuer: str
    certificate_number: str
    issued_on: date
    expires_on: date


def _date(field: str, value: str | None) -> date:
    text = (value or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "competency_certificate_bad_date", field=field, value=text[:20]
        ) from None
    return day_in_range(field, day)


def _line(field: str, value: str | None, limit: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput("blank_field", field=field)
    if len(text) > limit or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise InvalidInput("invalid_input", fields=field)
    return text


def checked_claim(form: dict[str, str | None], today: date) -> Claim:
    """The typed-in fields, checked; pure (`today` passed in)."""
    issued_on = _date("issued_on", form.get("issued_on"))
    expires_on = _date("expires_on", form.get("expires_on"))
    if issued_on > today:
        raise InvalidInput(
            "competency_certificate_issued_in_future", issued_on=issued_on.isoformat()
        )
    if expires_on <= issued_on:
        raise InvalidInput("certificate_expires_before_issued", issued_on=issued_on.isoformat(),
                           expires_on=expires_on.isoformat())  # fmt: skip
    competency_id = (form.get("competency") or "").strip()
    competency = version_on(issued_on).competency(competency_id)
    if competency is None:
        raise InvalidInput("competency_unknown", held_on=issued_on.isoformat())
    if "certificate" not in competency.methods:
        raise InvalidInput("competency_certificate_not_accepted", name_zh=competency.name_zh,
                           name_en=competency.name_en)  # fmt: skip
    return Claim(
        competency=competency_id,
        issuer=_line("issuer", form.get("issuer"), 200, True),
        certificate_number=_line("certificate_number", form.get("certificate_number"), 100, False),
        issued_on=issued_on,
        expires_on=expires_on,
    )


async def _person(viewer: Viewer, staff_id: int) -> dict:
    row = (
        await StaffMember.select(StaffMember.id, StaffMember.institution)
        .where(StaffMember.id == staff_id)
        .first()
    )
    if row is None or not sees_staff_member(viewer, staff_id, row["institution"]):
        raise NotFound("unknown_staff_member", id=staff_id)
    if viewer.staff_member_id != staff_id and not viewer.edits_people_of(row["institution"]):
        raise Forbidden("forbidden")
    return row


async def submit(
    viewer: Viewer, staff_id: int, form: dict, upload: tuple[str, bytes] | None,
    settings: Settings, today: date, now: datetime,
) -> dict:  # fmt: skip
    await _person(viewer, staff_id)
    claim = checked_claim(form, today)
    if upload is None or not upload[1]:
        raise InvalidInput("competency_certificate_no_file")
    stored, values = judged_file(upload[1], upload[0], settings)
    folder = Path(settings.evidence_dir) / FOLDER
    existed = (folder / stored).exists()
    store_file(folder, stored, upload[1])
    try:
        async with transaction():
            row = CompetencyCertificate(
                staff_member=staff_id, competency=claim.competency, issuer=claim.issuer,
                certificate_number=claim.certificate_number, issued_on=claim.issued_on,
                expires_on=claim.expires_on, status="pending", file_name=values["filename"],
                stored_name=stored, content_type=values["content_type"],
                submitted_by=viewer.user_id, submitted_at=now,
            )  # fmt: skip
            await row.save()
            await chain.append("competency_certificate.submitted", "competency_certificate",
                               row.id, {"staff_member": staff_id, "competency": claim.competency,
                                        "issuer": claim.issuer,
                                        "certificate_number": claim.certificate_number,
                                        "issued_on": claim.issued_on,
                                        "expires_on": claim.expires_on, "file": stored},
                               actor=viewer.user_id, at=now)  # fmt: skip
    except BaseException:
        if not existed:
            (folder / stored).unlink(missing_ok=True)
        raise
    return await _row(row.id)


async def _row(certificate_id: int) -> dict | None:
    return await CompetencyCertificate.select(*_COLUMNS).where(_C.id == certificate_id).first()


async def list_certificates(
    viewer: Viewer, institution_id: int | None, status: str | None
) -> list[dict]:
    """Staff: their own, whatever the filter. Others: one institution's, in their scope."""
    if status is not None and status not in STATUSES:
        raise InvalidInput("invalid_query", field="status")
    if viewer.role == UserRole.staff:
        where = _C.staff_member == (viewer.staff_member_id or 0)
    elif institution_id is None:
        raise InvalidInput("invalid_query", field="institution")
    else:
        visible_institution(viewer, institution_id)
        where = _C.staff_member.institution == institution_id
    if status is not None:
        where &= _C.status == status
    rows = await CompetencyCertificate.select(*_COLUMNS).where(where)
    return sorted(rows, key=lambda r: (r["status"] != "pending", r["submitted_at"]))


async def readable_certificate(viewer: Viewer, certificate_id: int) -> dict:
    """The owner and, except fellow staff, people who see the owner's institution; else 404."""
    row = await _row(certificate_id)
    if row is None or not sees_staff_member(
        viewer, row["staff_member"], row["staff_member.institution"]
    ):
        raise NotFound("competency_certificate_unknown")
    return row


async def decide(
    viewer: Viewer, certificate_id: int, status: str, note: str, now: datetime
) -> dict:
    """Confirm or reject a pending certificate: the officer of the person's institution or the
    administrator, never the person themselves; a decided one 409."""
    note = note.strip()
    if status == "rejected" and not note:
        raise InvalidInput("competency_certificate_reject_needs_note")
    async with transaction():
        row = await readable_certificate(viewer, certificate_id)
        institution = row["staff_member.institution"]
        if row["staff_member"] == viewer.staff_member_id:
            raise Forbidden("competency_certificate_own")
        if not viewer.edits_people_of(institution):
            raise Forbidden("forbidden")
        if row["status"] != "pending":
            raise Conflict("competency_certificate_already_decided")
        changed = await (
            CompetencyCertificate.update({_C.status: status, _C.decision_note: note,
                                          _C.decided_by: viewer.user_id, _C.decided_at: now})
            .where((_C.id == certificate_id) & (_C.status == "pending"))
            .returning(_C.id)
        )  # fmt: skip
        if not changed:  # decided by someone else a moment ago
            raise Conflict("competency_certificate_already_decided")
        if status == "confirmed":
            assessment = holdings.NewAssessment(
                staff_member=row["staff_member"], institution=institution,
                competency=row["competency"], method="certificate", outcome="confirmed",
                assessed_on=row["issued_on"], assessor=viewer.user_id, certificate=certificate_id,
                until=row["expires_on"], comment=note,
            ).row(now)  # fmt: skip
            await assessment.save()
            await facts_changed([institution])
        await chain.append(f"competency_certificate.{status}", "competency_certificate",
                           certificate_id, {"status": status, "note": note},
                           actor=viewer.user_id, at=now)  # fmt: skip
    return await _row(certificate_id)


async def certificate_file(
    viewer: Viewer, certificate_id: int, settings: Settings
) -> tuple[bytes, dict]:
    row = await readable_certificate(viewer, certificate_id)
    path = Path(settings.evidence_dir) / FOLDER / row["stored_name"] if row["stored_name"] else None
    if path is None or not path.is_file():
        raise NotFound("competency_certificate_no_file")
    return path.read_bytes(), row

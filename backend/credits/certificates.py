"""Credits earned elsewhere: the staff member submits a certificate, the institution's officer
confirms or rejects it. Only confirmed certificates count in the ledger.

Every write appends to the audit chain in its transaction. A decision changes the person's
credits, a compliance fact (rule cme-credits): it announces the person's institution.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, visible_institution
from backend.compliance.freshness import facts_changed, facts_unchanged
from backend.core.database import transaction
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from backend.credits.claims import Claim, file_kind
from backend.credits.tables import CreditCertificate

STATUSES = ("pending", "confirmed", "rejected")
DECISIONS = {"confirm": "confirmed", "reject": "rejected"}
_C = CreditCertificate
_COLUMNS = (_C.id, _C.staff_member, _C.staff_member.name, _C.staff_member.staff_number,
            _C.staff_member.institution, _C.title, _C.cme_class, _C.credits, _C.earned_on,
            _C.status, _C.decision_note, _C.file_name, _C.stored_name, _C.content_type,
            _C.submitted_at, _C.decided_at)  # fmt: skip


@dataclass(frozen=True)
class Upload:
    file_name: str
    content: bytes


@dataclass(frozen=True)
class Folder:
    """Where files go (settings.evidence_dir) and how large one may be."""

    root: Path
    max_bytes: int


async def submit_certificate(
    viewer: Viewer, claim: Claim, upload: Upload | None, folder: Folder, now: datetime
) -> dict:
    if viewer.staff_member_id is None:
        raise Forbidden("credit_certificate_needs_staff_member")
    stored, media_type = _store(upload, folder) if upload else ("", "")
    try:
        async with transaction():
            row = CreditCertificate(
                staff_member=viewer.staff_member_id, title=claim.title, cme_class=claim.cme_class,
                credits=claim.credits, earned_on=claim.earned_on, status="pending",
                file_name=(upload.file_name if upload else "")[:200], stored_name=stored,
                content_type=media_type, submitted_at=now,
            )  # fmt: skip
            await row.save()
            facts_unchanged()  # pending: only a confirmed certificate counts
            await chain.append("credit_certificate.submitted", "credit_certificate", row.id,
                               _payload(row, viewer), actor=viewer.user_id, at=now)  # fmt: skip
    except BaseException:
        if stored:
            (folder.root / stored).unlink(missing_ok=True)
        raise
    return await _row(row.id)


def _store(upload: Upload, folder: Folder) -> tuple[str, str]:
    """Checked before anything is written: too large 413, not JPEG/PNG/PDF by content 415."""
    if len(upload.content) > folder.max_bytes:
        raise TooLarge("credit_certificate_too_large", limit_mb=f"{folder.max_bytes / 2**20:g}")
    media_type, suffix = file_kind(upload.content[:16])
    stored = f"certificates/{uuid.uuid4().hex}{suffix}"
    path = folder.root / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(upload.content)
    return stored, media_type


def _payload(row: CreditCertificate, viewer: Viewer) -> dict:
    return {
        "staff_member": viewer.staff_member_id, "title": row.title, "cme_class": row.cme_class,
        "credits": row.credits, "earned_on": row.earned_on, "file": row.stored_name,
    }  # fmt: skip


async def _row(certificate_id: int) -> dict | None:
    return await CreditCertificate.select(*_COLUMNS).where(_C.id == certificate_id).first()


async def list_certificates(
    viewer: Viewer, institution_id: int | None, status: str | None
) -> list[dict]:
    """Staff: their own. Others: one institution's, in their scope (the officer: their own)."""
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
    return await CreditCertificate.select(*_COLUMNS).where(where).order_by(_C.submitted_at)


async def readable_certificate(viewer: Viewer, certificate_id: int) -> dict:
    """The owner and, except fellow staff, people who see the owner's institution; else 404."""
    row = await _row(certificate_id)
    if row is None or not _reads(viewer, row):
        raise NotFound("credit_certificate_unknown")
    return row


def _reads(viewer: Viewer, row: dict) -> bool:
    if row["staff_member"] == viewer.staff_member_id:
        return True
    institution = row["staff_member.institution"]
    return viewer.role != UserRole.staff and viewer.sees_institution(institution)


async def decide_certificate(
    viewer: Viewer, certificate_id: int, decision: str, note: str, now: datetime
) -> dict:
    """Confirm or reject a pending certificate: the officer of the person's institution only."""
    status = DECISIONS.get(decision)
    if status is None:
        raise InvalidInput("invalid_input", fields="decision")
    note = note.strip()
    if status == "rejected" and not note:
        raise InvalidInput("credit_certificate_reject_needs_note")
    async with transaction():
        row = await readable_certificate(viewer, certificate_id)
        if not viewer.edits_people_of(row["staff_member.institution"]):
            raise Forbidden("forbidden")
        if row["status"] != "pending":
            raise Conflict("credit_certificate_already_decided")
        changed = await (
            CreditCertificate.update(
                {
                    _C.status: status,
                    _C.decision_note: note,
                    _C.decided_by: viewer.user_id,
                    _C.decided_at: now,
                }  # fmt: skip
            )
            .where((_C.id == certificate_id) & (_C.status == "pending"))
            .returning(_C.id)
        )
        if not changed:  # decided by someone else a moment ago
            raise Conflict("credit_certificate_already_decided")
        await facts_changed([row["staff_member.institution"]])
        await chain.append(f"credit_certificate.{status}", "credit_certificate", certificate_id,
                           {"status": status, "note": note}, actor=viewer.user_id, at=now)  # fmt: skip
    return await _row(certificate_id)


async def certificate_file(viewer: Viewer, certificate_id: int, root: Path) -> tuple[bytes, dict]:
    row = await readable_certificate(viewer, certificate_id)
    path = root / row["stored_name"] if row["stored_name"] else None
    if path is None or not path.is_file():
        raise NotFound("credit_certificate_no_file")
    return path.read_bytes(), row

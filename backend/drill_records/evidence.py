"""Photos and scanned sheets attached to a record, kept as backend/core/evidence_files.py says,
under settings.evidence_dir. Evidence may be added to a draft or a submitted record (it is
attached, never changed); each upload is audited.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from backend.audit import chain
from backend.auth.scope import Viewer
from backend.core.database import transaction
from backend.core.errors import NotFound
from backend.core.evidence_files import judged_file, store_file
from backend.core.settings import Settings
from backend.drill_records.schemas import EvidenceOut
from backend.drill_records.tables import RecordEvidence


def evidence_out(row: dict) -> EvidenceOut:
    return EvidenceOut(
        id=row["id"], filename=row["filename"], content_type=row["content_type"],
        size=row["size"], sha256=row["sha256"], uploaded_at=row["uploaded_at"],
        url=f"/api/records/{row['record']}/evidence/{row['id']}",
    )  # fmt: skip


async def evidence_of(record_id: int) -> list[EvidenceOut]:
    rows = (
        await RecordEvidence.select()
        .where(RecordEvidence.record == record_id)
        .order_by(RecordEvidence.id)
    )
    return [evidence_out(row) for row in rows]


async def add_evidence(
    viewer: Viewer,
    record: dict,
    filename: str,
    content: bytes,
    settings: Settings,
    now: datetime,
) -> EvidenceOut:
    """`record`: the record's row, already checked writable by the caller."""
    stored_name, values = judged_file(content, filename, settings)
    store_file(Path(settings.evidence_dir), stored_name, content)
    async with transaction():
        rows = await RecordEvidence.insert(
            RecordEvidence(record=record["id"], stored_name=stored_name,
                           uploaded_by=viewer.user_id, uploaded_at=now, **values)
        ).returning(RecordEvidence.id)  # fmt: skip
        await chain.append("drill_record.evidence_added", "record_evidence", rows[0]["id"],
                           {"record": record["id"], **values}, actor=viewer.user_id, at=now)  # fmt: skip
    row = await RecordEvidence.select().where(RecordEvidence.id == rows[0]["id"]).first()
    return evidence_out(row)


async def evidence_file(record_id: int, evidence_id: int, settings: Settings) -> tuple[bytes, dict]:
    """The stored bytes and the row of one attachment of a record the caller may read."""
    row = (
        await RecordEvidence.select()
        .where((RecordEvidence.id == evidence_id) & (RecordEvidence.record == record_id))
        .first()
    )
    path = Path(settings.evidence_dir) / row["stored_name"] if row else None
    if row is None or not path.is_file():
        raise NotFound("unknown_evidence")
    return path.read_bytes(), row

"""Photos and scanned sheets attached to a record.

The type is judged from the file's first bytes (JPEG, PNG, PDF), never from its name or the
browser's header: a text file named .png is refused (415). Files larger than the upload limit are
refused (413). Each file is stored once under settings.evidence_dir by its sha256 (outside the web
root) and served only through the API to people who may read the record. Evidence may be added
to a draft or a submitted record (it is attached, never changed); each upload is audited.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath

from backend.audit import chain
from backend.auth.scope import Viewer
from backend.core.database import transaction
from backend.core.errors import NotFound, TooLarge, UnsupportedMedia
from backend.core.settings import Settings
from backend.drill_records.schemas import EvidenceOut
from backend.drill_records.tables import RecordEvidence

# (first bytes, content type, extension)
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


def kind_of(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) judged from the content's magic bytes; None if not accepted."""
    for magic, content_type, extension in _SIGNATURES:
        if content.startswith(magic):
            return content_type, extension
    return None


def shown_name(filename: str) -> str:
    """The name without any folder a browser sent along, at most 200 characters."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    return (name or "evidence")[-200:]


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


def _store(folder: Path, stored_name: str, content: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / stored_name
    if target.exists():
        return  # the same bytes are already there
    partial = folder / f".{stored_name}.{os.getpid()}.part"
    partial.write_bytes(content)
    partial.replace(target)


async def add_evidence(
    viewer: Viewer,
    record: dict,
    filename: str,
    content: bytes,
    settings: Settings,
    now: datetime,
) -> EvidenceOut:
    """`record`: the record's row, already checked writable by the caller."""
    if len(content) > settings.max_upload_bytes:
        raise TooLarge("upload_too_large", limit_mb=f"{settings.max_upload_bytes / 1024 / 1024:g}")
    kind = kind_of(content)
    if kind is None:
        raise UnsupportedMedia("evidence_wrong_type")
    content_type, extension = kind
    digest = hashlib.sha256(content).hexdigest()
    stored_name = digest + extension
    _store(Path(settings.evidence_dir), stored_name, content)
    values = {"filename": shown_name(filename), "content_type": content_type,
              "size": len(content), "sha256": digest}  # fmt: skip
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

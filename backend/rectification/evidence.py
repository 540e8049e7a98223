"""Photos and documents attached to an answer, as drill-record evidence is kept
(backend/drill_records/evidence.py): the type judged from the first bytes (JPEG, PNG, PDF; 415
otherwise), 413 above the upload limit, each file stored once by its sha256 under
settings.evidence_dir/rectification (outside the web root), served only through the API to those
who read the order. Files are added by the ordered institution's officer to the answer awaiting
the reviewer (not to one already decided); each upload is audited. The file itself is judged
(present, size, type) before the answer is looked up.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from backend.audit import chain
from backend.auth.scope import Viewer
from backend.core.database import transaction
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.evidence_files import judged_file, store_file
from backend.core.settings import Settings
from backend.rectification import service
from backend.rectification.schemas import EvidenceOut, OrderStatus
from backend.rectification.tables import RectificationAnswer, RectificationEvidence

SUBFOLDER = "rectification"


def folder(settings: Settings) -> Path:
    return Path(settings.evidence_dir) / SUBFOLDER


async def writable_answer(viewer: Viewer, answer_id: int) -> dict:
    """The answer, if the viewer is the ordered institution's officer and it awaits a decision."""
    row = (
        await RectificationAnswer.select(RectificationAnswer.id, RectificationAnswer.order,
                                         RectificationAnswer.decision)
        .where(RectificationAnswer.id == answer_id)
        .first()
    )  # fmt: skip
    if row is None:
        raise NotFound("rectification_unknown_answer")
    try:
        order = await service.order_row(viewer, row["order"])
    except NotFound:
        raise NotFound("rectification_unknown_answer") from None
    if not service.answers_for(viewer, order):
        raise Forbidden("forbidden")
    if row["decision"] or order["status"] != OrderStatus.answered.value:
        raise InvalidInput("rectification_answer_closed")
    return row


async def add_evidence(
    viewer: Viewer, answer_id: int, filename: str | None, content: bytes | None,
    settings: Settings, now: datetime,
) -> EvidenceOut:  # fmt: skip
    if content is None:
        raise InvalidInput("rectification_no_file")
    stored_name, values = judged_file(content, filename or "", settings)
    answer = await writable_answer(viewer, answer_id)
    store_file(folder(settings), stored_name, content)
    async with transaction():
        awaiting = await RectificationAnswer.exists().where(
            (RectificationAnswer.id == answer_id) & (RectificationAnswer.decision == "")
        )
        if not awaiting:  # decided between the check above and now
            raise InvalidInput("rectification_answer_closed")
        rows = await RectificationEvidence.insert(
            RectificationEvidence(answer=answer_id, stored_name=stored_name,
                                  uploaded_by=viewer.user_id, uploaded_at=now, **values)
        ).returning(RectificationEvidence.id)  # fmt: skip
        await chain.append("rectification.evidence_added", "rectification_evidence",
                           rows[0]["id"], {"answer": answer_id, "order": answer["order"], **values},
                           actor=viewer.user_id, at=now)  # fmt: skip
    row = await RectificationEvidence.select().where(RectificationEvidence.id == rows[0]["id"])
    return service.evidence_out(row[0])


async def evidence_file(viewer: Viewer, evidence_id: int, settings: Settings) -> tuple[bytes, dict]:
    row = await service.evidence_row(viewer, evidence_id)
    path = folder(settings) / row["stored_name"]
    if not path.is_file():
        raise NotFound("rectification_unknown_evidence")
    return path.read_bytes(), row

"""An invited staff member answers: coming (accepted) or not, with a reason (请假事由)."""

from __future__ import annotations

from datetime import datetime

from backend.activities.service import hidden_from_staff, visible_activity
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.schemas import ReplyIn, ReplyOut
from backend.attendance.sheet_checks import ON_THE_LIST
from backend.attendance.tables import Invitation
from backend.audit.chain import append as audit
from backend.auth.scope import Viewer
from backend.core.database import transaction
from backend.core.errors import Conflict, InvalidInput, NotFound


async def _invitation(activity_id: int, staff_id: int) -> dict | None:
    return (
        await Invitation.select(Invitation.id)
        .where(
            (Invitation.activity == activity_id)
            & (Invitation.staff_member == staff_id)
            & Invitation.status.is_in(ON_THE_LIST)
        )
        .first()
    )


async def _answerable(viewer: Viewer, activity_id: int, now: datetime) -> dict:
    """The invitation row; 404 when the person may not see the activity at all."""
    row = await Activity.select().where(Activity.id == activity_id).first()
    invitation = await _invitation(activity_id, viewer.staff_member_id) if row else None
    if invitation is None:
        await visible_activity(viewer, activity_id)  # 404 outside the scope
        raise Conflict("reply_not_invited")
    if hidden_from_staff(row):
        raise NotFound("unknown_activity", id=activity_id)
    if row["status"] == ActivityStatus.cancelled.value:
        raise Conflict("reply_activity_cancelled")
    if row["ends_at"] <= now:
        raise Conflict("reply_after_end")
    return invitation


async def reply(viewer: Viewer, activity_id: int, data: ReplyIn, now: datetime) -> ReplyOut:
    """Answer (or change the answer) before the activity ends; declining needs a reason."""
    if viewer.staff_member_id is None:
        raise InvalidInput("reply_needs_staff_member")
    reason = data.reason.strip()
    if data.answer == "declined" and not reason:
        raise InvalidInput("reply_needs_reason")
    async with transaction():
        invitation = await _answerable(viewer, activity_id, now)
        await Invitation.update(
            {
                Invitation.reply: data.answer,
                Invitation.reply_reason: reason,
                Invitation.replied_at: now,
            }
        ).where(Invitation.id == invitation["id"])
        await audit("invitation.replied", "activity", activity_id,
                    {"staff_member": viewer.staff_member_id, "answer": data.answer,
                     "reason": reason}, actor=viewer.user_id, at=now)  # fmt: skip
    return ReplyOut(activity_id, data.answer, reason, now)

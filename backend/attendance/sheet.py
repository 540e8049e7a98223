"""Reading the attendance sheet: everyone on the list, walk-ins, what they answered and did."""

from __future__ import annotations

from datetime import datetime

from backend.activities.checks import TOPIC_KINDS
from backend.activities.service import visible_activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.schemas import AttendanceSheet, SheetEntry
from backend.attendance.tables import Attendance, Invitation
from backend.attendance.vocabulary import HOLDS_A_SEAT, AttendanceStatus, InvitationStatus
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, may_book_for
from backend.core.chinese_order import person_pinyin_key, pinyin_key
from backend.core.errors import Forbidden
from backend.staff.tables import StaffMember

_PERSON = (
    StaffMember.id,
    StaffMember.name,
    StaffMember.staff_number,
    StaffMember.role,
    StaffMember.title,
    StaffMember.institution,
    StaffMember.department.name_zh.as_alias("department_name"),
)


async def readable_activity(viewer: Viewer, activity_id: int) -> dict:
    """The host's officers and admins, and reviewers and commissions whose scope holds the host;
    staff see their own line elsewhere (/api/me/activities): 403 for them."""
    row = await visible_activity(viewer, activity_id)  # outside scope: 404
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    return row


async def may_record(viewer: Viewer, row: dict, now: datetime) -> bool:
    if row["status"] == ActivityStatus.cancelled.value or row["starts_at"] > now:
        return False
    return await may_book_for(viewer, row["host_institution"], row["host_jurisdiction"])


async def sheet(viewer: Viewer, activity_id: int, now: datetime) -> AttendanceSheet:
    row = await readable_activity(viewer, activity_id)
    return AttendanceSheet(
        activity_id=row["id"],
        kind=row["kind"],
        topic=row["topic"],
        title=row["title"],
        status=row["status"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        can_record=await may_record(viewer, row, now),
        is_drill=row["kind"] in TOPIC_KINDS,
        entries=await entries(activity_id),
    )


async def entries(activity_id: int) -> list[SheetEntry]:
    """One per person on the list (invited or registered) or with an attendance row, sorted by
    department, then name."""
    invitations = {
        r["staff_member"]: r
        for r in await Invitation.select().where(
            (Invitation.activity == activity_id)
            & (Invitation.status != InvitationStatus.withdrawn.value)
        )
    }
    attendance = {
        r["staff_member"]: r
        for r in await Attendance.select().where(Attendance.activity == activity_id)
    }
    seated = {s for s, r in invitations.items() if r["status"] in HOLDS_A_SEAT}
    ids = sorted(seated | attendance.keys())
    people = await StaffMember.select(*_PERSON).where(StaffMember.id.is_in(ids or [0]))
    people.sort(
        key=lambda p: (
            p["department_name"] is None,
            pinyin_key(p["department_name"]),
            person_pinyin_key(p["name"]),
            p["id"],
        )
    )
    return [_entry(p, invitations.get(p["id"]), attendance.get(p["id"])) for p in people]


def _entry(person: dict, invitation: dict | None, attended: dict | None) -> SheetEntry:
    reply = invitation["reply"] if invitation else ""
    declined = reply == "declined"
    return SheetEntry(
        staff_member_id=person["id"],
        name=person["name"],
        staff_number=person["staff_number"],
        department_name=person["department_name"],
        role=person["role"],
        title=person["title"],
        invited=invitation is not None,
        walk_in=bool(attended and attended["walk_in"]),
        status=attended["status"] if attended else None,
        suggested_status=AttendanceStatus.excused.value if declined else None,
        drill_role=attended["drill_role"] if attended else "",
        note=attended["note"] if attended else "",
        reply=reply,
        reply_reason=invitation["reply_reason"] if invitation else "",
        checked_in_at=attended["checked_in_at"] if attended else None,
    )

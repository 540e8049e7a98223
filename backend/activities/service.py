"""Reading activities within a viewer's scope. Booking and editing arrive with scheduling."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from piccolo.query.functions.aggregate import Count

from backend.activities import schemas
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.tables import Attendance, Invitation
from backend.attendance.vocabulary import ATTENDED, HOLDS_A_SEAT, InvitationStatus
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, visible_institution
from backend.core.clock import end_of_day_utc, start_of_day_utc
from backend.core.errors import NotFound
from backend.core.pagination import PageRequest
from backend.core.periods import local_date
from backend.credits.ledger import CreditEntry, earned_at_one_activity
from backend.credits.policy import default_policies, policy_for_year

# An activity with its host's name: what lists, details and calendar files show.
ACTIVITY_COLUMNS = (
    Activity.all_columns(),
    Activity.host_institution.name_zh.as_alias("host_institution_name"),
    Activity.host_jurisdiction.name_zh.as_alias("host_jurisdiction_name"),
)


def _scope_clause(viewer: Viewer):
    """Activities hosted by an institution the viewer sees, or by a jurisdiction it sees (a
    city's CME session, a county's regional drill)."""
    if viewer.institution_ids is None:
        return None
    clause = Activity.host_institution.is_in(list(viewer.institution_ids) or [0])
    if viewer.jurisdiction_ids:
        clause = clause | Activity.host_jurisdiction.is_in(list(viewer.jurisdiction_ids))
    if viewer.role == UserRole.staff:
        # An unannounced drill stays off staff screens until it has been held.
        clause = clause & ((Activity.unannounced == False) | (Activity.status != "planned"))  # noqa: E712
    return clause


def hidden_from_staff(row: dict) -> bool:
    """An unannounced drill stays off staff screens and calendars until it has been held."""
    return row["unannounced"] and row["status"] == ActivityStatus.planned.value


def sees_activity(viewer: Viewer, row: dict) -> bool:
    if viewer.role == UserRole.staff and hidden_from_staff(row):
        return False
    if row["host_institution"] is not None:
        return viewer.sees_institution(row["host_institution"])
    return viewer.sees_jurisdiction(row["host_jurisdiction"])


async def visible_activity(viewer: Viewer, activity_id: int) -> dict:
    """The activity's row; 404 (never 403) when the viewer may not see it."""
    row = await Activity.select().where(Activity.id == activity_id).first()
    if row is None or not sees_activity(viewer, row):
        raise NotFound("unknown_activity", id=activity_id)
    return row


async def activity_out(activity_id: int) -> schemas.ActivityOut:
    rows = await Activity.select(*ACTIVITY_COLUMNS).where(Activity.id == activity_id)
    return (await activities_out(rows))[0]


async def list_activities(
    viewer: Viewer,
    page: PageRequest,
    institution_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> schemas.ActivityPage:
    where = [c for c in [_scope_clause(viewer)] if c is not None]
    if institution_id is not None:
        visible_institution(viewer, institution_id)
        where.append(Activity.host_institution == institution_id)
    if date_from:
        where.append(Activity.starts_at >= start_of_day_utc(date_from))
    if date_to:
        where.append(Activity.starts_at < end_of_day_utc(date_to))
    if kind:
        where.append(Activity.kind == kind)
    if status:
        where.append(Activity.status == status)
    query = Activity.select(*ACTIVITY_COLUMNS).order_by(Activity.starts_at, ascending=False)
    count = Activity.count()
    for clause in where:
        query, count = query.where(clause), count.where(clause)
    rows = await query.limit(page.page_size).offset(page.offset)
    return schemas.ActivityPage(
        items=await activities_out(rows),
        total=await count,
        page=page.page,
        page_size=page.page_size,
    )


async def my_activities(
    viewer: Viewer, date_from: date, date_to: date
) -> list[schemas.MyActivityOut]:
    """The logged-in staff member's invitations and attendance between two Shanghai dates."""
    if viewer.staff_member_id is None:
        return []
    invitations = {
        r["activity"]: r
        for r in await Invitation.select(
            Invitation.activity, Invitation.status, Invitation.reply, Invitation.reply_reason
        ).where(Invitation.staff_member == viewer.staff_member_id)
    }
    attendance = {
        r["activity"]: r
        for r in await Attendance.select().where(Attendance.staff_member == viewer.staff_member_id)
    }
    ids = list(invitations.keys() | attendance.keys()) or [0]
    rows = await (
        Activity.select(*ACTIVITY_COLUMNS)
        .where(Activity.id.is_in(ids))
        .where(Activity.starts_at >= start_of_day_utc(date_from))
        .where(Activity.starts_at < end_of_day_utc(date_to))
        .where((Activity.unannounced == False) | (Activity.status != ActivityStatus.planned.value))  # noqa: E712
        .order_by(Activity.starts_at)
    )
    result = []
    for activity in await activities_out(rows):
        present = attendance.get(activity.id)
        invitation = invitations.get(activity.id)
        result.append(
            schemas.MyActivityOut(
                activity=activity,
                invitation_status=invitation["status"] if invitation else None,
                attendance_status=present["status"] if present else None,
                credits_earned=_credits_earned(activity, present["status"]) if present else None,
                reply=invitation["reply"] if invitation else "",
                reply_reason=invitation["reply_reason"] if invitation else "",
            )
        )
    return result


def _credits_earned(activity: schemas.ActivityOut, status: str) -> float | None:
    """The credits this attendance earns under the credit policy of its year (the ledger's
    arithmetic, so "my schedule" and the ledger agree); None for a session without credits."""
    if activity.credits is None:
        return None
    day = local_date(activity.starts_at)
    policy = policy_for_year(list(default_policies()), day.year)
    if policy is None:
        return None
    hours = (activity.ends_at - activity.starts_at).total_seconds() / 3600
    entry = CreditEntry("attendance", activity.id, activity.title, day, activity.credit_class,
                        activity.credits, round(hours, 2), status)  # fmt: skip
    return earned_at_one_activity(policy, entry)


@dataclass
class _ListCounts:
    """How many people an activity's list holds, by what they are on it for."""

    invited: int = 0  # on the list and not withdrawn
    seated: int = 0  # invited or registered: counts against capacity
    waiting: int = 0
    attended: int = 0


async def activities_out(rows: list[dict]) -> list[schemas.ActivityOut]:
    ids = [r["id"] for r in rows] or [0]
    counts: dict[int, _ListCounts] = defaultdict(_ListCounts)
    by_status = (
        await Invitation.select(Invitation.activity, Invitation.status, Count(alias="count"))
        .where(Invitation.activity.is_in(ids))
        .group_by(Invitation.activity, Invitation.status)
    )
    for row in by_status:
        tally, status, n = counts[row["activity"]], row["status"], row["count"]
        tally.invited += n if status != InvitationStatus.withdrawn.value else 0
        tally.seated += n if status in HOLDS_A_SEAT else 0
        tally.waiting += n if status == InvitationStatus.waitlisted.value else 0
    attended = (
        await Attendance.select(Attendance.activity, Count(alias="count"))
        .where(Attendance.activity.is_in(ids) & Attendance.status.is_in(sorted(ATTENDED)))
        .group_by(Attendance.activity)
    )
    for row in attended:
        counts[row["activity"]].attended = row["count"]
    return [_activity_out(r, counts[r["id"]]) for r in rows]


def _number(value) -> float | None:
    return None if value is None else float(value)


def _activity_out(r: dict, counts: _ListCounts) -> schemas.ActivityOut:
    return schemas.ActivityOut(
        id=r["id"],
        uid=str(r["uid"]),
        kind=r["kind"],
        topic=r["topic"],
        title=r["title"],
        starts_at=r["starts_at"],
        ends_at=r["ends_at"],
        place=r["place"],
        status=r["status"],
        cancel_reason=r["cancel_reason"],
        unannounced=r["unannounced"],
        host_institution_id=r["host_institution"],
        host_institution_name=r["host_institution_name"],
        host_jurisdiction_id=r["host_jurisdiction"],
        host_jurisdiction_name=r["host_jurisdiction_name"],
        capacity=r["capacity"],
        credit_class=r["credit_class"],
        credits=_number(r["credits"]),
        invited_count=counts.invited,
        attended_count=counts.attended,
        seats_taken=counts.seated,
        waitlisted_count=counts.waiting,
    )

"""What a booking or an edit must satisfy before anything is written; each failure is a 4xx."""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.activities.schemas import ActivityIn
from backend.activities.service import visible_activity
from backend.activities.vocabulary import ActivityKind, ActivityStatus
from backend.attendance.tables import Invitation
from backend.attendance.vocabulary import HOLDS_A_SEAT
from backend.auth.scope import Viewer, may_book_for
from backend.core.clock import parse_local_time
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.institutions.tables import Department, Institution, Jurisdiction
from backend.staff.tables import StaffMember

# Kinds whose topic says which emergency is drilled.
TOPIC_KINDS = {ActivityKind.drill.value, ActivityKind.regional_drill.value}
LONGEST = timedelta(days=3)


async def host_of(viewer: Viewer, data: ActivityIn) -> tuple[int | None, int | None]:
    """(host institution, host jurisdiction): exactly one; an officer's own by default."""
    institution, jurisdiction = data.host_institution_id, data.host_jurisdiction_id
    if institution is None and jurisdiction is None:
        institution, jurisdiction = viewer.institution_id, viewer.jurisdiction_id
        if institution is not None:
            jurisdiction = None
    if (institution is None) == (jurisdiction is None):
        raise InvalidInput("activity_needs_one_host")
    # outside the viewer's scope answers exactly like a host that does not exist
    if institution is not None and not (
        viewer.sees_institution(institution)
        and await Institution.exists().where(Institution.id == institution)
    ):
        raise NotFound("unknown_institution", id=institution)
    if jurisdiction is not None and not (
        viewer.sees_jurisdiction(jurisdiction)
        and await Jurisdiction.exists().where(Jurisdiction.id == jurisdiction)
    ):
        raise NotFound("unknown_jurisdiction", id=jurisdiction)
    if not await may_book_for(viewer, institution, jurisdiction):
        raise Forbidden("forbidden")
    return institution, jurisdiction


def _time(text: str, field: str) -> datetime:
    value = parse_local_time(text)
    if value is None:
        raise InvalidInput("bad_time", field=field, value=text)
    return value


def times(starts_text: str, ends_text: str) -> tuple[datetime, datetime]:
    starts_at, ends_at = _time(starts_text, "starts_at"), _time(ends_text, "ends_at")
    ordered(starts_at, ends_at)
    return starts_at, ends_at


def ordered(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise InvalidInput("activity_ends_before_start")
    if ends_at - starts_at > LONGEST:
        raise InvalidInput("activity_too_long", days=LONGEST.days)


def not_in_past(starts_at: datetime, now: datetime, allowed: bool) -> None:
    if starts_at < now and not allowed:
        raise InvalidInput("booking_in_past")


def capacity_fits(capacity: int | None, seats_taken: int) -> None:
    if capacity is not None and capacity < seats_taken:
        raise InvalidInput("capacity_below_registrations", capacity=capacity, taken=seats_taken)


async def capacity_above_registrations(activity_id: int, capacity: int | None) -> None:
    taken = await Invitation.count().where(
        (Invitation.activity == activity_id) & Invitation.status.is_in(sorted(HOLDS_A_SEAT))
    )
    capacity_fits(capacity, taken)


def _topic_for_kind(kind: str, topic: str) -> None:
    if kind in TOPIC_KINDS and not topic:
        raise InvalidInput("drill_needs_topic")
    if kind not in TOPIC_KINDS and topic:
        raise InvalidInput("topic_not_for_kind")


async def _department_of(institution_id: int | None, department_id: int | None) -> None:
    if department_id is None:
        return
    if institution_id is None or not await Department.exists().where(
        (Department.id == department_id) & (Department.institution == institution_id)
    ):
        raise InvalidInput("unknown_department", id=department_id)


async def _facilitator(viewer: Viewer, staff_id: int | None) -> None:
    if staff_id is None:
        return
    row = (
        await StaffMember.select(StaffMember.institution).where(StaffMember.id == staff_id).first()
    )
    if row is None or not viewer.sees_institution(row["institution"]):
        raise InvalidInput("unknown_staff_member", id=staff_id)


def _unannounced(kind: str, unannounced: bool) -> None:
    if unannounced and kind not in TOPIC_KINDS:
        raise InvalidInput("only_drills_unannounced")


async def fields(viewer: Viewer, data: ActivityIn, host_institution: int | None) -> None:
    if not data.title.strip():
        raise InvalidInput("blank_field", field="title")
    _topic_for_kind(data.kind.value, data.topic.value if data.topic else "")
    _unannounced(data.kind.value, data.unannounced)
    await _department_of(host_institution, data.host_department_id)
    await _facilitator(viewer, data.facilitator_id)


async def editable_activity(viewer: Viewer, activity_id: int) -> dict:
    row = await visible_activity(viewer, activity_id)
    if not await may_book_for(viewer, row["host_institution"], row["host_jurisdiction"]):
        raise Forbidden("forbidden")
    if row["status"] == ActivityStatus.cancelled.value:
        raise Conflict("activity_cancelled")
    return row


# ActivityPatch field -> Activity column, where the names differ.
_COLUMN_OF = {"facilitator_id": "facilitator", "host_department_id": "host_department"}


def patch_values(row: dict, sent: dict) -> dict:
    """The patch as column values: times parsed (a moved start keeps the duration), text trimmed."""
    values = {}
    for name, value in sent.items():
        if hasattr(value, "value"):
            value = value.value
        if isinstance(value, str) and name not in ("starts_at", "ends_at"):
            value = value.strip()
        values[_COLUMN_OF.get(name, name)] = value
    if values.get("topic", "") is None:
        values["topic"] = ""
    if values.get("credit_class", "") is None:
        values["credit_class"] = ""
    if "ends_at" in values:
        values["ends_at"] = _time(values["ends_at"], "ends_at")
    if "starts_at" in values:
        values["starts_at"] = _time(values["starts_at"], "starts_at")
        values.setdefault("ends_at", values["starts_at"] + (row["ends_at"] - row["starts_at"]))
    ordered(values.get("starts_at", row["starts_at"]), values.get("ends_at", row["ends_at"]))
    return values


async def patch_fields(viewer: Viewer, row: dict, values: dict) -> None:
    if "title" in values and not values["title"]:
        raise InvalidInput("blank_field", field="title")
    _topic_for_kind(row["kind"], values.get("topic", row["topic"]))
    _unannounced(row["kind"], values.get("unannounced", row["unannounced"]))
    if "host_department" in values:
        await _department_of(row["host_institution"], values["host_department"])
    if "facilitator" in values:
        await _facilitator(viewer, values["facilitator"])


def shifts(row: dict, values: dict) -> tuple[timedelta, timedelta]:
    """How far the edit moves the start and the end (applied alike to later occurrences)."""
    return (
        values.get("starts_at", row["starts_at"]) - row["starts_at"],
        values.get("ends_at", row["ends_at"]) - row["ends_at"],
    )

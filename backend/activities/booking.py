"""Booking, editing, rescheduling and cancelling activities, one or a whole series.

Every check runs before anything is written; each write is one transaction. A change of what a
calendar shows (time, place, title, status) raises the activity's SEQUENCE so subscribed
calendars replace the event instead of adding a second one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.activities import checks
from backend.activities.conflicts import (
    find_conflicts,
    find_duplicates,
    refuse_double_booking,
    refuse_likely_duplicate,
)
from backend.activities.schemas import (
    ActivityIn,
    ActivityPatch,
    BookingOut,
    CancelIn,
    ConflictOut,
    DuplicateOut,
)
from backend.activities.series import occurrences
from backend.activities.service import activity_out
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.invitees import rule_warnings, select_invitees
from backend.attendance.recording import lock_activity
from backend.attendance.tables import Invitation
from backend.attendance.vocabulary import HOLDS_A_SEAT, InvitationStatus
from backend.audit.chain import append as audit
from backend.auth.scope import Viewer
from backend.compliance.freshness import attendees_institutions, facts_changed
from backend.core.clock import SHANGHAI
from backend.core.database import transaction
from backend.core.errors import Conflict, InvalidInput

# Fields whose change a calendar shows: each change raises SEQUENCE.
CALENDAR_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "place",
    "status",
    "unannounced",
    "kind",
    "topic",
)


def _with_reason(existing: str, reason: str, now: datetime) -> str:
    if not reason.strip():
        return existing
    line = f"{now.astimezone(SHANGHAI):%Y-%m-%d %H:%M} {reason.strip()}"
    return f"{existing}\n{line}" if existing else line


@dataclass
class Prepared:
    """A booking checked and ready to write: its rows and whom they invite."""

    data: ActivityIn
    rows: list[Activity]
    people: list[dict]
    conflicts: list[ConflictOut]


async def prepare(
    viewer: Viewer, data: ActivityIn, now: datetime, ask_about_duplicates: bool = False
) -> Prepared:
    """Every check a booking must pass; raises a 4xx before anything is written.
    `ask_about_duplicates`: 409 `likely_duplicate` when the same-looking activity is already
    booked at an overlapping time, unless the booking says `confirm_duplicate`. (A clash names
    same-looking activities of the whole day; without a clash only an overlapping one asks
    first: two drills of one topic at different hours of a day are common, one per shift.)"""
    host_institution, host_jurisdiction = await checks.host_of(viewer, data)
    starts_at, ends_at = checks.times(data.starts_at, data.ends_at)
    await checks.fields(viewer, data, host_institution)
    checks.not_in_past(starts_at, now, data.allow_past)
    repeat = data.repeat
    windows = occurrences(
        starts_at, ends_at, repeat and repeat.every, repeat.count if repeat else 1
    )
    day = starts_at.astimezone(SHANGHAI).date()
    people = await select_invitees(viewer, host_institution, data.invite, day, host_jurisdiction)
    checks.capacity_fits(data.capacity, len(people))
    conflicts = await find_conflicts(
        viewer,
        windows,
        host_institution,
        data.place,
        {p["id"] for p in people},
        data.facilitator_id,
    )
    if conflicts and not data.conflict_override_reason.strip():
        # the clash's 疑似重复 mark looks at same-looking activities of the whole day
        day_wide = await _duplicates(viewer, data, windows, host_institution, host_jurisdiction)
        refuse_double_booking(conflicts, data.conflict_override_reason, day_wide)
    if ask_about_duplicates and not data.confirm_duplicate:
        refuse_likely_duplicate(
            await _duplicates(
                viewer, data, windows, host_institution, host_jurisdiction, overlapping_only=True
            )
        )
    series_uid = uuid.uuid4() if repeat else None
    rows = [
        _new_activity(data, host_institution, host_jurisdiction, window, series_uid, viewer, now)
        for window in windows
    ]
    return Prepared(data, rows, people, conflicts)


async def _duplicates(
    viewer: Viewer,
    data: ActivityIn,
    windows: list[tuple[datetime, datetime]],
    host_institution: int | None,
    host_jurisdiction: int | None,
    overlapping_only: bool = False,
) -> list[DuplicateOut]:
    return await find_duplicates(
        viewer,
        windows,
        host_institution,
        host_jurisdiction,
        data.kind.value,
        _topic(data.topic),
        overlapping_only=overlapping_only,
    )


async def write(bookings: list[Prepared], now: datetime) -> None:
    """All the bookings land together, or none of them."""
    async with transaction():
        for booking in bookings:
            for row in booking.rows:
                await row.save()
            invitations = [
                Invitation(activity=row.id, staff_member=p["id"], status="invited", invited_at=now)
                for row in booking.rows
                for p in booking.people
            ]
            if invitations:
                await Invitation.insert(*invitations)
        # the audit chain's lock is always taken last (writers that lock facts first would deadlock)
        await facts_changed(row.host_institution for b in bookings for row in b.rows)
        for booking in bookings:
            for row in booking.rows:
                await audit("activity.booked", "activity", row.id, _booked(row, booking.people),
                            actor=row.booked_by, at=now)  # fmt: skip


def _booked(row: Activity, people: list[dict]) -> dict:
    """What the audit log keeps of a booking."""
    return {
        "kind": row.kind,
        "topic": row.topic,
        "title": row.title,
        "host_institution": row.host_institution,
        "host_jurisdiction": row.host_jurisdiction,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "place": row.place,
        "status": row.status,
        "invited": [p["id"] for p in people],
    }


async def book(viewer: Viewer, data: ActivityIn, now: datetime) -> BookingOut:
    booking = await prepare(viewer, data, now, ask_about_duplicates=True)
    await write([booking], now)
    host = booking.rows[0].host_institution
    warnings = await rule_warnings(host, data.kind.value, _topic(data.topic), booking.people)
    return BookingOut(
        activity=await activity_out(booking.rows[0].id),
        series_activity_ids=[row.id for row in booking.rows],
        invited=len(booking.people),
        warnings=warnings,
        conflicts_overridden=booking.conflicts,
    )


def _topic(topic) -> str:
    return topic.value if topic else ""


def _new_activity(data, host_institution, host_jurisdiction, window, series_uid, viewer, now):
    starts_at, ends_at = window
    held = data.allow_past and ends_at <= now
    return Activity(
        uid=uuid.uuid4(),
        kind=data.kind.value,
        topic=_topic(data.topic),
        title=data.title.strip(),
        host_institution=host_institution,
        host_jurisdiction=host_jurisdiction,
        host_department=data.host_department_id,
        starts_at=starts_at,
        ends_at=ends_at,
        place=data.place.strip(),
        facilitator=data.facilitator_id,
        facilitator_name=data.facilitator_name.strip(),
        capacity=data.capacity,
        status=(ActivityStatus.held if held else ActivityStatus.planned).value,
        unannounced=data.unannounced,
        credit_class=data.credit_class.value if data.credit_class else "",
        credits=data.credits,
        sequence=0,
        series_uid=series_uid,
        notes=data.notes.strip(),
        conflict_override_reason=_with_reason("", data.conflict_override_reason, now),
        booked_by=viewer.user_id,
        created_at=now,
        updated_at=now,
    )


async def _targets(row: dict, scope: str) -> list[dict]:
    """The activity, or it and every later occurrence of its series still on the calendar."""
    if scope == "one" or row["series_uid"] is None:
        return [row]
    return await (
        Activity.select()
        .where(
            (Activity.series_uid == row["series_uid"])
            & (Activity.starts_at >= row["starts_at"])
            & (Activity.status != ActivityStatus.cancelled.value)
        )
        .order_by(Activity.starts_at)
    )


def _new_values(row: dict, changes: dict, start_shift: timedelta, end_shift: timedelta) -> dict:
    values = {
        name: value for name, value in changes.items() if name not in ("starts_at", "ends_at")
    }
    values["starts_at"] = row["starts_at"] + start_shift
    values["ends_at"] = row["ends_at"] + end_shift
    return values


async def edit(viewer: Viewer, activity_id: int, patch: ActivityPatch, now: datetime) -> BookingOut:
    row = await checks.editable_activity(viewer, activity_id)
    changes = checks.patch_values(row, patch.changes())
    await checks.patch_fields(viewer, row, changes)
    start_shift, end_shift = checks.shifts(row, changes)
    targets = await _targets(row, patch.scope)
    updates = {t["id"]: _new_values(t, changes, start_shift, end_shift) for t in targets}
    for target in targets:
        moved = start_shift or end_shift
        if moved:
            checks.not_in_past(updates[target["id"]]["starts_at"], now, patch.allow_past)
        if "capacity" in changes:
            await checks.capacity_above_registrations(target["id"], changes["capacity"])
    conflicts = await _edit_conflicts(viewer, targets, updates, changes)
    refuse_double_booking(conflicts, patch.conflict_override_reason)
    async with transaction():
        if "capacity" in changes:
            await _lock_seats(targets, changes["capacity"])
        for target in targets:
            values = updates[target["id"]]
            if any(values.get(f, target[f]) != target[f] for f in CALENDAR_FIELDS):
                values["sequence"] = target["sequence"] + 1
            values["updated_at"] = now
            values["conflict_override_reason"] = _with_reason(
                target["conflict_override_reason"], patch.conflict_override_reason, now
            )
            await Activity.update(_columns(values)).where(Activity.id == target["id"])
        ids = [t["id"] for t in targets]
        # what staff attended elsewhere counts for their own institution too
        await facts_changed(
            {t["host_institution"] for t in targets} | await attendees_institutions(ids)
        )
        for target in targets:  # the audit chain's lock last
            await audit("activity.edited", "activity", target["id"], updates[target["id"]],
                        actor=viewer.user_id, at=now)  # fmt: skip
    return BookingOut(
        activity=await activity_out(activity_id),
        series_activity_ids=[t["id"] for t in targets],
        invited=0,
        warnings=[],
        conflicts_overridden=conflicts,
    )


async def _lock_seats(targets: list[dict], capacity: int | None) -> None:
    """Inside the edit's transaction: take each activity's row lock, as a registration does,
    then count the seats again. A registration racing this edit either landed before (and is
    counted here) or waits and then reads the new capacity; so seats never exceed capacity."""
    for target in targets:
        await lock_activity(target["id"])
        await checks.capacity_above_registrations(target["id"], capacity)


def _columns(values: dict) -> dict:
    return {getattr(Activity, name): value for name, value in values.items()}


async def _edit_conflicts(viewer: Viewer, targets, updates, changes) -> list[ConflictOut]:
    """Only what the edit changes can create a double booking."""
    if not {"starts_at", "ends_at", "place", "facilitator"} & changes.keys():
        return []
    ids = [t["id"] for t in targets]
    found: list[ConflictOut] = []
    for target in targets:
        values = {**target, **updates[target["id"]]}
        invitees = {
            r["staff_member"]
            for r in await Invitation.select(Invitation.staff_member).where(
                (Invitation.activity == target["id"])
                & Invitation.status.is_in(sorted(HOLDS_A_SEAT))
            )
        }
        found += await find_conflicts(
            viewer,
            [(values["starts_at"], values["ends_at"])],
            values["host_institution"],
            values["place"],
            invitees,
            values["facilitator"],
            exclude=ids,
        )
    return found


async def cancel(viewer: Viewer, activity_id: int, data: CancelIn, now: datetime) -> BookingOut:
    row = await checks.editable_activity(viewer, activity_id)
    if not data.reason.strip():
        raise InvalidInput("cancel_needs_reason")
    if row["status"] == ActivityStatus.held.value:
        raise Conflict("activity_already_held")
    targets = [t for t in await _targets(row, data.scope) if t["status"] == "planned"]
    async with transaction():
        for target in targets:
            await Activity.update(
                {
                    Activity.status: ActivityStatus.cancelled.value,
                    Activity.cancel_reason: data.reason.strip(),
                    Activity.sequence: target["sequence"] + 1,
                    Activity.updated_at: now,
                }
            ).where(Activity.id == target["id"])
        # nobody waits for a seat in a cancelled session
        await Invitation.update({Invitation.status: InvitationStatus.withdrawn.value}).where(
            Invitation.activity.is_in([t["id"] for t in targets])
            & (Invitation.status == InvitationStatus.waitlisted.value)
        )
        await facts_changed(t["host_institution"] for t in targets)
        for target in targets:  # the audit chain's lock last
            await audit("activity.cancelled", "activity", target["id"],
                        {"reason": data.reason.strip()}, actor=viewer.user_id, at=now)  # fmt: skip
    return BookingOut(
        activity=await activity_out(activity_id),
        series_activity_ids=[t["id"] for t in targets],
        invited=0,
        warnings=[],
        conflicts_overridden=[],
    )

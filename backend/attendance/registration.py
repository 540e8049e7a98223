"""Seats: inviting more people, self-registration with a waitlist, withdrawing.

Every seat change first touches the activity row inside the transaction. On PostgreSQL that
takes the row's lock, on SQLite the write lock, so concurrent registrations for one session
queue up and the seat count each one reads is the true one: never more than `capacity`.
"""

from __future__ import annotations

from datetime import datetime

from backend.activities import checks
from backend.activities.conflicts import find_conflicts, refuse_double_booking
from backend.activities.schemas import ActivityDetail, BookingOut, InviteIn, RegistrationOut
from backend.activities.service import activity_out, visible_activity
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.invitees import (
    in_view,
    invitation_out,
    rule_warnings,
    select_invitees,
    staff_rows,
)
from backend.attendance.tables import Invitation
from backend.attendance.vocabulary import HOLDS_A_SEAT, InvitationStatus
from backend.audit.chain import append as audit
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.core.chinese_order import person_pinyin_key
from backend.core.clock import SHANGHAI
from backend.core.database import transaction
from backend.core.errors import Conflict, InvalidInput

SEATED = sorted(HOLDS_A_SEAT)


async def _lock(activity_id: int) -> dict:
    """Serialise seat changes for one activity; returns its current row."""
    await Activity.update({Activity.capacity: Activity.capacity}).where(Activity.id == activity_id)
    return await Activity.select().where(Activity.id == activity_id).first()


async def _seats_taken(activity_id: int) -> int:
    return await Invitation.count().where(
        (Invitation.activity == activity_id) & Invitation.status.is_in(SEATED)
    )


async def _waitlist(activity_id: int) -> list[dict]:
    return await (
        Invitation.select(Invitation.id, Invitation.staff_member)
        .where(
            (Invitation.activity == activity_id)
            & (Invitation.status == InvitationStatus.waitlisted.value)
        )
        .order_by(Invitation.invited_at)
        .order_by(Invitation.id)
    )


async def waitlist_positions(activity_id: int) -> dict[int, int]:
    """staff member id -> 1-based place in the queue."""
    return {row["staff_member"]: i + 1 for i, row in enumerate(await _waitlist(activity_id))}


def _open_for_registration(row: dict, now: datetime) -> None:
    if row["status"] != ActivityStatus.planned.value or row["starts_at"] <= now:
        raise Conflict("registration_closed")
    if row["capacity"] is None:
        raise Conflict("registration_not_open")


async def register(viewer: Viewer, activity_id: int, now: datetime) -> RegistrationOut:
    if viewer.staff_member_id is None:
        raise InvalidInput("needs_staff_member")
    await visible_activity(viewer, activity_id)
    async with transaction():
        row = await _lock(activity_id)
        _open_for_registration(row, now)
        existing = (
            await Invitation.select()
            .where(
                (Invitation.activity == activity_id)
                & (Invitation.staff_member == viewer.staff_member_id)
            )
            .first()
        )
        if existing and existing["status"] != InvitationStatus.withdrawn.value:
            raise Conflict("already_registered")
        taken = await _seats_taken(activity_id)
        status = (
            InvitationStatus.registered if taken < row["capacity"] else InvitationStatus.waitlisted
        )
        if existing:
            await Invitation.update(
                {Invitation.status: status.value, Invitation.invited_at: now}
            ).where(Invitation.id == existing["id"])
        else:
            await Invitation.insert(
                Invitation(
                    activity=activity_id,
                    staff_member=viewer.staff_member_id,
                    status=status.value,
                    invited_at=now,
                )
            )
        await audit("registration.changed", "activity", activity_id,
                    {"staff_member": viewer.staff_member_id, "status": status.value},
                    actor=viewer.user_id, at=now)  # fmt: skip
        return await _registration(activity_id, viewer.staff_member_id, row["capacity"])


async def _registration(activity_id: int, staff_id: int, capacity: int | None) -> RegistrationOut:
    row = (
        await Invitation.select(Invitation.status)
        .where((Invitation.activity == activity_id) & (Invitation.staff_member == staff_id))
        .first()
    )
    status = row["status"] if row else InvitationStatus.withdrawn.value
    return RegistrationOut(
        status=status,
        waitlist_position=(await waitlist_positions(activity_id)).get(staff_id),
        seats_taken=await _seats_taken(activity_id),
        capacity=capacity,
    )


async def _promote(activity_id: int, capacity: int | None) -> None:
    """Fill free seats from the head of the waitlist."""
    if capacity is None:
        return
    free = capacity - await _seats_taken(activity_id)
    for entry in (await _waitlist(activity_id))[: max(free, 0)]:
        await Invitation.update({Invitation.status: InvitationStatus.registered.value}).where(
            Invitation.id == entry["id"]
        )


async def withdraw(
    viewer: Viewer, activity_id: int, staff_id: int, now: datetime
) -> RegistrationOut:
    """A person leaves (themselves, or removed by the officer); the first in line moves up."""
    async with transaction():
        row = await _lock(activity_id)
        if row["status"] != ActivityStatus.planned.value:
            raise Conflict("registration_closed")
        updated = (
            await Invitation.update({Invitation.status: InvitationStatus.withdrawn.value})
            .where(
                (Invitation.activity == activity_id)
                & (Invitation.staff_member == staff_id)
                & (Invitation.status != InvitationStatus.withdrawn.value)
            )
            .returning(Invitation.id)
        )
        if not updated:
            raise InvalidInput("not_registered")
        await _promote(activity_id, row["capacity"])
        await audit("registration.changed", "activity", activity_id,
                    {"staff_member": staff_id, "status": InvitationStatus.withdrawn.value},
                    actor=viewer.user_id, at=now)  # fmt: skip
        return await _registration(activity_id, staff_id, row["capacity"])


async def invite(viewer: Viewer, activity_id: int, data: InviteIn, now: datetime) -> BookingOut:
    """Add people to a booked activity (officer); past capacity they join the waitlist."""
    row = await checks.editable_activity(viewer, activity_id)
    day = row["starts_at"].astimezone(SHANGHAI).date()
    people = await select_invitees(
        viewer, row["host_institution"], data.invite, day, row["host_jurisdiction"]
    )
    known = {
        r["staff_member"]
        for r in await Invitation.select(Invitation.staff_member).where(
            (Invitation.activity == activity_id)
            & (Invitation.status != InvitationStatus.withdrawn.value)
        )
    }
    new = [p for p in people if p["id"] not in known]
    conflicts = await find_conflicts(
        viewer,
        [(row["starts_at"], row["ends_at"])],
        None,
        "",
        {p["id"] for p in new},
        None,
        [activity_id],
    )
    refuse_double_booking(conflicts, data.conflict_override_reason)
    async with transaction():
        row = await _lock(activity_id)
        await _seat(activity_id, row["capacity"], [p["id"] for p in new], now)
        await audit("activity.invited", "activity", activity_id,
                    {"invited": [p["id"] for p in new]}, actor=viewer.user_id, at=now)  # fmt: skip
    every = await _invited_people(row)
    return BookingOut(
        activity=await activity_out(activity_id),
        series_activity_ids=[activity_id],
        invited=len(new),
        warnings=await rule_warnings(row["host_institution"], row["kind"], row["topic"], every),
        conflicts_overridden=conflicts,
    )


async def _seat(activity_id: int, capacity: int | None, staff_ids: list[int], now) -> None:
    free = None if capacity is None else capacity - await _seats_taken(activity_id)
    for staff_id in staff_ids:
        seated = free is None or free > 0
        status = InvitationStatus.invited if seated else InvitationStatus.waitlisted
        if free is not None and seated:
            free -= 1
        updated = (
            await Invitation.update({Invitation.status: status.value, Invitation.invited_at: now})
            .where((Invitation.activity == activity_id) & (Invitation.staff_member == staff_id))
            .returning(Invitation.id)
        )
        if not updated:
            await Invitation.insert(
                Invitation(
                    activity=activity_id, staff_member=staff_id, status=status.value, invited_at=now
                )
            )


async def _invited_people(row: dict) -> list[dict]:
    seated = Invitation.select(Invitation.staff_member).where(
        (Invitation.activity == row["id"]) & Invitation.status.is_in(SEATED)
    )
    return await staff_rows([r["staff_member"] for r in await seated])


async def activity_detail(viewer: Viewer, activity_id: int) -> ActivityDetail:
    """One activity with its invitation list (staff see only their own line)."""
    row = await visible_activity(viewer, activity_id)
    invitations = await Invitation.select(
        Invitation.staff_member, Invitation.status, Invitation.reply, Invitation.reply_reason
    ).where(Invitation.activity == activity_id)
    if viewer.role == UserRole.staff:
        invitations = [i for i in invitations if i["staff_member"] == viewer.staff_member_id]
    status = {i["staff_member"]: i["status"] for i in invitations}
    answers = {i["staff_member"]: i for i in invitations}
    everyone = await staff_rows(list(status))
    people, others = in_view(viewer, row, everyone)
    positions = await waitlist_positions(activity_id)
    seated = [p for p in everyone if status[p["id"]] in HOLDS_A_SEAT]
    warnings = []
    if viewer.role != UserRole.staff and row["status"] != ActivityStatus.cancelled.value:
        warnings = await rule_warnings(row["host_institution"], row["kind"], row["topic"], seated)
    return ActivityDetail(
        activity=await activity_out(activity_id),
        invitations=[
            invitation_out(p, status[p["id"]], positions.get(p["id"]), answers[p["id"]])
            for p in sorted(people, key=lambda p: (status[p["id"]], person_pinyin_key(p["name"])))
        ],
        other_institutions_count=others,
        warnings=warnings,
        series_uid=str(row["series_uid"]) if row["series_uid"] else None,
        sequence=row["sequence"],
        facilitator_id=row["facilitator"],
        facilitator_name=row["facilitator_name"],
        host_department_id=row["host_department"],
        notes=row["notes"],
        conflict_override_reason=row["conflict_override_reason"],
    )

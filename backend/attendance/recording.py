"""Who was there: one person marked present (check-in), or the officer's whole list saved.

Every write first touches the activity row inside its transaction (PostgreSQL row lock, SQLite
write lock), so two officers saving at once, or a save racing a check-in, queue up: the list that
lands is exactly one of the bodies sent, never a mixture.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from backend.activities.checks import editable_activity
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.check_in import shown_time
from backend.attendance.invitees import in_view
from backend.attendance.schemas import AttendanceIn, AttendanceSheet, EntryIn
from backend.attendance.sheet import readable_activity
from backend.attendance.sheet_checks import checked_people, on_the_list
from backend.attendance.tables import Attendance
from backend.attendance.vocabulary import AttendanceStatus
from backend.audit.chain import append as audit
from backend.auth.scope import Viewer
from backend.compliance.freshness import facts_changed
from backend.core.database import transaction
from backend.core.errors import Conflict, NotFound
from backend.staff.tables import StaffMember


async def lock_activity(activity_id: int) -> dict | None:
    """Serialise attendance writes for one activity; returns its current row."""
    await Activity.update({Activity.sequence: Activity.sequence}).where(Activity.id == activity_id)
    return await Activity.select().where(Activity.id == activity_id).first()


async def mark_held(row: dict, now: datetime) -> None:
    """A planned activity that has started and has attendance was held; calendars see it."""
    if row["status"] != ActivityStatus.planned.value or row["starts_at"] > now:
        return
    await Activity.update(
        {
            Activity.status: ActivityStatus.held.value,
            Activity.sequence: row["sequence"] + 1,
            Activity.updated_at: now,
        }
    ).where(Activity.id == row["id"])


async def institution_of(staff_id: int) -> int | None:
    row = (
        await StaffMember.select(StaffMember.institution).where(StaffMember.id == staff_id).first()
    )
    return row["institution"] if row else None


async def mark_present(
    activity_id: int,
    staff_id: int,
    now: datetime,
    actor: int | None,
    checked_in_at: datetime | None = None,
    walk_in: bool | None = None,
) -> None:
    """Inside the caller's transaction (opens one if none): this person was there.

    Upserts their attendance as present (whatever it was), walk_in unless given: not on the
    invitation list; a planned activity that has started becomes held."""
    async with transaction():
        row = await lock_activity(activity_id)
        if row is None:
            raise NotFound("unknown_activity", id=activity_id)
        if walk_in is None:
            walk_in = staff_id not in await on_the_list(activity_id)
        existing = (
            await Attendance.select(Attendance.id, Attendance.checked_in_at)
            .where((Attendance.activity == activity_id) & (Attendance.staff_member == staff_id))
            .first()
        )
        values = {
            Attendance.status: AttendanceStatus.present.value,
            Attendance.walk_in: walk_in,
            Attendance.recorded_at: now,
            Attendance.recorded_by: actor,
            Attendance.checked_in_at: checked_in_at or (existing or {}).get("checked_in_at"),
        }
        if existing:
            await Attendance.update(values).where(Attendance.id == existing["id"])
        else:
            entry = Attendance(activity=activity_id, staff_member=staff_id)
            for column, value in values.items():
                setattr(entry, column._meta.name, value)
            await Attendance.insert(entry)
        await mark_held(row, now)
        await facts_changed([row["host_institution"], await institution_of(staff_id)])
        await audit("attendance.marked_present", "activity", activity_id,
                    {"staff_member": staff_id, "walk_in": walk_in,
                     "checked_in_at": checked_in_at},
                    actor=actor, at=now)  # fmt: skip


def recordable(row: dict, now: datetime) -> None:
    """Attendance is taken once the activity has started, and never for a cancelled one."""
    if row["status"] == ActivityStatus.cancelled.value:
        raise Conflict("activity_cancelled")
    if row["starts_at"] > now:
        raise Conflict("attendance_before_start", starts=shown_time(row["starts_at"]))


async def save_sheet(viewer: Viewer, activity_id: int, data: AttendanceIn, now: datetime) -> None:
    """The whole list replaces what was recorded: people left out lose their row. Saving the
    same list twice leaves the same rows (and their recording times) as once."""
    await readable_activity(viewer, activity_id)  # staff: 404, as for reading the sheet
    await editable_activity(viewer, activity_id)
    async with transaction():
        row = await lock_activity(activity_id)
        recordable(row, now)
        people = await checked_people(row, data.entries)
        before = {
            r["staff_member"]: r
            for r in await Attendance.select().where(Attendance.activity == activity_id)
        }
        unseen = await _unseen(viewer, row, list(before))
        # people the viewer may not know of are not on the sheet they sent: their rows stay
        gone = [s for s in before if s not in people and s not in unseen]
        if gone:
            await Attendance.delete().where(
                (Attendance.activity == activity_id) & Attendance.staff_member.is_in(gone)
            )
        for entry in data.entries:
            await _write_entry(row["id"], entry, people[entry.staff_id], before, now, viewer)
        await mark_held(row, now)
        changed = {people[s]["institution"] for s in people} | set(await _institutions(gone))
        await facts_changed([row["host_institution"], *changed])
        await audit("attendance.saved", "activity", activity_id, _payload(data, people),
                    actor=viewer.user_id, at=now)  # fmt: skip


async def _write_entry(
    activity_id: int, entry: EntryIn, person: dict, before: dict, now: datetime, viewer: Viewer
) -> None:
    values = {
        Attendance.status: entry.status.value,
        Attendance.drill_role: entry.drill_role or "",
        Attendance.note: entry.note.strip(),
        Attendance.walk_in: person["walk_in"],
    }
    old = before.get(entry.staff_id)
    if old and all(old[column._meta.name] == value for column, value in values.items()):
        return  # unchanged: keep who recorded it and when
    values |= {Attendance.recorded_at: now, Attendance.recorded_by: viewer.user_id}
    if old:
        await Attendance.update(values).where(Attendance.id == old["id"])
        return
    entry_row = Attendance(activity=activity_id, staff_member=entry.staff_id)
    for column, value in values.items():
        setattr(entry_row, column._meta.name, value)
    await Attendance.insert(entry_row)


async def _institutions(staff_ids: list[int]) -> list[int]:
    rows = await StaffMember.select(StaffMember.institution).where(
        StaffMember.id.is_in(staff_ids or [0])
    )
    return [r["institution"] for r in rows]


def _payload(data: AttendanceIn, people: dict[int, dict]) -> dict:
    return {
        "entries": [
            {"staff_member": e.staff_id, "status": e.status.value,
             "drill_role": e.drill_role or "", "note": e.note.strip(),
             "walk_in": people[e.staff_id]["walk_in"]}
            for e in data.entries
        ]
    }  # fmt: skip


class ScopedSheet(AttendanceSheet):
    """The sheet as the viewer may read it: people of institutions outside their scope, at an
    activity they do not host, only as a count (另有 N 人来自其他机构)."""

    other_institutions_count: int = 0


async def _with_institutions(staff_ids: list[int]) -> list[dict]:
    return await StaffMember.select(StaffMember.id, StaffMember.institution).where(
        StaffMember.id.is_in(staff_ids or [0])
    )


async def _unseen(viewer: Viewer, row: dict, staff_ids: list[int]) -> set[int]:
    people = await _with_institutions(staff_ids)
    shown, _ = in_view(viewer, row, people)
    return {p["id"] for p in people} - {p["id"] for p in shown}


async def scoped_sheet(viewer: Viewer, sheet: AttendanceSheet) -> ScopedSheet:
    row = await Activity.select().where(Activity.id == sheet.activity_id).first()
    unseen = await _unseen(viewer, row, [e.staff_member_id for e in sheet.entries])
    fields = msgspec.structs.asdict(sheet)
    fields["entries"] = [e for e in sheet.entries if e.staff_member_id not in unseen]
    return ScopedSheet(**fields, other_institutions_count=len(unseen))

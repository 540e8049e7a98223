"""Double bookings: a person, a room or a facilitator in two overlapping activities."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from backend.activities.schemas import ConflictGroup, ConflictOut, DuplicateOut
from backend.activities.service import sees_activity
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.tables import Invitation
from backend.attendance.vocabulary import HOLDS_A_SEAT
from backend.auth.scope import Viewer
from backend.core.clock import SHANGHAI, end_of_day_utc, start_of_day_utc
from backend.core.errors import Conflict
from backend.staff.tables import StaffMember


def _overlapping(windows: list[tuple[datetime, datetime]], exclude: list[int], activity=Activity):
    """Overlaps any of `windows`, is not cancelled, is not being edited. `activity`: the Activity
    table, or a foreign key to it (joined)."""
    clause = None
    for starts_at, ends_at in windows:
        overlap = (activity.starts_at < ends_at) & (activity.ends_at > starts_at)
        clause = overlap if clause is None else clause | overlap
    return (
        clause
        & (activity.status != ActivityStatus.cancelled.value)
        & (activity.id.not_in(exclude or [0]))
    )


def _out(row: dict, what: str, **extra) -> tuple[ConflictOut, dict]:
    """The conflict, and the other activity's row (to judge whether the viewer may see it)."""
    conflict = ConflictOut(
        what=what,
        activity_id=row["id"],
        activity_title=row["title"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        **extra,
    )
    return conflict, row


_COLUMNS = (
    Activity.id,
    Activity.title,
    Activity.starts_at,
    Activity.ends_at,
    Activity.host_institution,
    Activity.host_jurisdiction,
    Activity.unannounced,
    Activity.status,
)


async def _place(host_institution_id, place, windows, exclude) -> list[tuple[ConflictOut, dict]]:
    if not place.strip() or host_institution_id is None:
        return []
    rows = await Activity.select(*_COLUMNS).where(
        _overlapping(windows, exclude)
        & (Activity.host_institution == host_institution_id)
        & (Activity.place == place.strip())
    )
    return [_out(row, "place", place=place.strip()) for row in rows]


async def _people(people: set[int], windows, exclude) -> list[tuple[ConflictOut, dict]]:
    """People invited elsewhere, or facilitating elsewhere, at an overlapping time."""
    if not people:
        return []
    invited = await Invitation.select(
        Invitation.staff_member,
        *(getattr(Invitation.activity, c._meta.name).as_alias(c._meta.name) for c in _COLUMNS),
    ).where(
        Invitation.staff_member.is_in(list(people))
        & Invitation.status.is_in(sorted(HOLDS_A_SEAT))
        & _overlapping(windows, exclude, activity=Invitation.activity)
    )
    leading = await Activity.select(*_COLUMNS, Activity.facilitator).where(
        _overlapping(windows, exclude) & Activity.facilitator.is_in(list(people))
    )
    found = [(row["staff_member"], row) for row in invited]
    found += [(row["facilitator"], row) for row in leading]
    if not found:
        return []
    names = {
        r["id"]: r["name"]
        for r in await StaffMember.select(StaffMember.id, StaffMember.name).where(
            StaffMember.id.is_in(sorted({person for person, _ in found}))
        )
    }
    return [
        _out(row, "person", staff_member_id=person, staff_member_name=names.get(person, ""))
        for person, row in found
    ]


async def find_conflicts(
    viewer: Viewer,
    windows: list[tuple[datetime, datetime]],
    host_institution_id: int | None,
    place: str,
    invitees: set[int],
    facilitator_id: int | None,
    exclude: Iterable[int] = (),
) -> list[ConflictOut]:
    """Every double booking the activity (or each occurrence of a series) would create.

    `exclude`: the activities being edited (an activity does not conflict with itself). A clash
    with an activity the viewer may not see (another hospital's unannounced drill) is reported
    without anything about that activity."""
    exclude = list(exclude)
    people = invitees | ({facilitator_id} if facilitator_id else set())
    found = await _place(host_institution_id, place, windows, exclude)
    for conflict, row in await _people(people, windows, exclude):
        if conflict.staff_member_id == facilitator_id:
            conflict.what = "facilitator"
        found.append((conflict, row))
    found.sort(key=lambda pair: (pair[0].starts_at, pair[0].activity_id))
    unique: dict[tuple, ConflictOut] = {}
    for conflict, row in found:
        shown = conflict if sees_activity(viewer, row) else _masked(conflict)
        unique.setdefault((shown.what, shown.activity_id, shown.staff_member_id), shown)
    return list(unique.values())


def _masked(conflict: ConflictOut) -> ConflictOut:
    """该人员/该地点在此时段另有安排: who or where, never what, when or whose."""
    return ConflictOut(
        what=conflict.what,
        activity_id=None,
        activity_title="",
        starts_at=None,
        ends_at=None,
        staff_member_id=conflict.staff_member_id,
        staff_member_name=conflict.staff_member_name,
        place=conflict.place,
        hidden=True,
    )


NAMES_SHOWN = 3  # 与「…」时间重叠：71 人（张三、李四、王五 等）


def grouped(
    conflicts: list[ConflictOut], duplicates: Iterable[DuplicateOut] = ()
) -> list[ConflictGroup]:
    """One line per clashing activity (every hidden one together), in the order first met."""
    duplicate_ids = {d.activity_id for d in duplicates}
    groups: dict[int | None, ConflictGroup] = {}
    for c in conflicts:
        key = None if c.hidden else c.activity_id
        group = groups.get(key)
        if group is None:
            group = groups[key] = ConflictGroup(
                activity_id=key,
                activity_title=c.activity_title,
                starts_at=c.starts_at,
                ends_at=c.ends_at,
                hidden=c.hidden,
                duplicate=key is not None and key in duplicate_ids,
            )
        if c.what == "place":
            group.place = c.place
        elif c.what == "facilitator":
            group.facilitator_name = c.staff_member_name or ""
        else:
            group.people_count += 1
            if len(group.people_names) < NAMES_SHOWN and c.staff_member_name:
                group.people_names.append(c.staff_member_name)
    return list(groups.values())


async def find_duplicates(
    viewer: Viewer,
    windows: list[tuple[datetime, datetime]],
    host_institution_id: int | None,
    host_jurisdiction_id: int | None,
    kind: str,
    topic: str,
    overlapping_only: bool = False,
) -> list[DuplicateOut]:
    """Activities of the same kind and topic, by the same host, on a day this booking takes:
    probably this very booking made before (a second click, a second officer).
    `overlapping_only`: only those whose time overlaps one of the windows, not the whole day."""
    if host_institution_id is not None:
        host = Activity.host_institution == host_institution_id
    elif host_jurisdiction_id is not None:
        host = Activity.host_jurisdiction == host_jurisdiction_id
    else:
        return []
    days = None
    for starts_at, ends_at in windows:
        if not overlapping_only:
            starts_at = start_of_day_utc(starts_at.astimezone(SHANGHAI).date())
            ends_at = end_of_day_utc(ends_at.astimezone(SHANGHAI).date())
        same_day = (Activity.starts_at < ends_at) & (Activity.ends_at > starts_at)
        days = same_day if days is None else days | same_day
    rows = (
        await Activity.select(*_COLUMNS, Activity.place)
        .where(
            host
            & days
            & (Activity.kind == kind)
            & (Activity.topic == topic)
            & (Activity.status != ActivityStatus.cancelled.value)
        )
        .order_by(Activity.starts_at)
    )
    return [
        DuplicateOut(
            activity_id=row["id"],
            activity_title=row["title"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            place=row["place"],
        )
        for row in rows
        if sees_activity(viewer, row)
    ]


def refuse_double_booking(
    conflicts: list[ConflictOut],
    override_reason: str,
    duplicates: list[DuplicateOut] | None = None,
) -> None:
    """409 listing the clashes (each person, and grouped per clashing activity), unless the
    officer gave a reason to book anyway. `duplicates`: same-looking activities that day."""
    if conflicts and not override_reason.strip():
        groups = grouped(conflicts, duplicates or [])
        details = {"conflicts": conflicts, "groups": groups, "duplicates": duplicates or []}
        raise Conflict("double_booked", details=details, count=len(groups))


def refuse_likely_duplicate(duplicates: list[DuplicateOut]) -> None:
    """409 naming the same-looking activities already booked that day (a second click, a
    second officer), until the booking is sent again with `confirm_duplicate`."""
    if duplicates:
        details = {"conflicts": [], "groups": [], "duplicates": duplicates}
        raise Conflict("likely_duplicate", details=details, count=len(duplicates))

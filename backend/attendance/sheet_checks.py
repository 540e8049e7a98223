"""What a saved attendance list must satisfy; each failure names the person, nothing is written.

`check_entries` is pure (the people and the invitation list come in); `checked_people` loads
them for one activity.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.activities.checks import TOPIC_KINDS
from backend.attendance.schemas import NOTE_LIMIT, EntryIn
from backend.attendance.tables import Invitation
from backend.attendance.vocabulary import DrillRole, InvitationStatus
from backend.core.errors import InvalidInput
from backend.staff.tables import StaffMember

# On the invitation list: invited, registered or waiting for a seat (not withdrawn).
ON_THE_LIST = sorted(
    {InvitationStatus.invited, InvitationStatus.registered, InvitationStatus.waitlisted}
)
_ROLES = {role.value for role in DrillRole}


def who(staff_id: int, person: dict | None) -> str:
    """How a message names someone: name and staff number (工号) when known, else the number
    the request sent."""
    if person is None:
        return f"#{staff_id}"
    return f"{person['name']}（{person['staff_number']}）"


def check_entries(
    entries: Sequence[EntryIn],
    kind: str,
    host_institution: int | None,
    on_list: set[int],
    people: dict[int, dict],
) -> dict[int, dict]:
    """staff id -> {institution, walk_in} for every entry; InvalidInput at the first bad one."""
    checked: dict[int, dict] = {}
    for entry in entries:
        person = people.get(entry.staff_id)
        if entry.staff_id in checked:
            raise InvalidInput("attendance_listed_twice", person=who(entry.staff_id, person))
        invited = entry.staff_id in on_list
        own_staff = person is not None and person["institution"] == host_institution
        if person is None or not (invited or own_staff):
            # named by number only: another hospital's staff list is not the officer's to read
            raise InvalidInput("attendance_not_on_list", person=who(entry.staff_id, None))
        if entry.drill_role and kind not in TOPIC_KINDS:
            raise InvalidInput("drill_role_not_for_kind", person=who(entry.staff_id, person))
        if entry.drill_role and entry.drill_role not in _ROLES:
            raise InvalidInput(
                "unknown_drill_role", person=who(entry.staff_id, person), value=entry.drill_role
            )
        if len(entry.note.strip()) > NOTE_LIMIT:
            raise InvalidInput(
                "attendance_note_too_long", person=who(entry.staff_id, person), limit=NOTE_LIMIT
            )
        checked[entry.staff_id] = {"institution": person["institution"], "walk_in": not invited}
    return checked


async def on_the_list(activity_id: int) -> set[int]:
    rows = await Invitation.select(Invitation.staff_member).where(
        (Invitation.activity == activity_id) & Invitation.status.is_in(ON_THE_LIST)
    )
    return {row["staff_member"] for row in rows}


async def checked_people(row: dict, entries: Sequence[EntryIn]) -> dict[int, dict]:
    ids = sorted({entry.staff_id for entry in entries})
    rows = await StaffMember.select(
        StaffMember.id, StaffMember.name, StaffMember.staff_number, StaffMember.institution
    ).where(StaffMember.id.is_in(ids or [0]))
    people = {r["id"]: r for r in rows}
    return check_entries(
        entries, row["kind"], row["host_institution"], await on_the_list(row["id"]), people
    )

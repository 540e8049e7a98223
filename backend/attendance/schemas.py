"""What the attendance sheet, replies and the results-awaiting list send and receive."""

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from backend.attendance.vocabulary import AttendanceStatus

NOTE_LIMIT = 500  # characters; checked by the service so the message can name the person


class SheetEntry(msgspec.Struct):
    """One person on the sheet: on the invitation list, or with an attendance row (walk-ins)."""

    staff_member_id: int
    name: str
    staff_number: str
    department_name: str | None
    role: str
    title: str
    invited: bool
    walk_in: bool
    status: str | None  # present | late | left_early | absent | excused; None: not recorded yet
    suggested_status: str | None  # excused when they declined the invitation
    drill_role: str
    note: str
    reply: str  # "" | accepted | declined
    reply_reason: str
    checked_in_at: datetime | None


class AttendanceSheet(msgspec.Struct):
    activity_id: int
    kind: str
    topic: str
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    can_record: bool  # the viewer may save the list now
    is_drill: bool  # drill roles apply
    entries: list[SheetEntry]


class EntryIn(msgspec.Struct, forbid_unknown_fields=True):
    staff_id: int
    status: AttendanceStatus
    drill_role: str | None = None  # a DrillRole, for drills only; checked by the service
    note: Annotated[str, msgspec.Meta(max_length=20000)] = ""


class AttendanceIn(msgspec.Struct, forbid_unknown_fields=True):
    """The whole list: people left out lose their attendance row."""

    entries: list[EntryIn]


class ReplyIn(msgspec.Struct, forbid_unknown_fields=True):
    answer: Literal["accepted", "declined"]
    reason: Annotated[str, msgspec.Meta(max_length=500)] = ""


class ReplyOut(msgspec.Struct):
    activity_id: int
    reply: str
    reply_reason: str
    replied_at: datetime

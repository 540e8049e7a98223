from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from backend.activities.vocabulary import ActivityKind, CreditClass, DrillTopic
from backend.core.sent_fields import sent_fields
from backend.institutions.schemas import ONE_LINE
from backend.institutions.vocabulary import InstitutionKind
from backend.staff.vocabulary import ProfessionalTitle, StaffRole


class ActivityOut(msgspec.Struct):
    id: int
    uid: str
    kind: str
    topic: str
    title: str
    starts_at: datetime  # UTC; pages show it in Asia/Shanghai
    ends_at: datetime
    place: str
    status: str
    cancel_reason: str
    unannounced: bool
    host_institution_id: int | None
    host_institution_name: str | None
    host_jurisdiction_id: int | None
    host_jurisdiction_name: str | None
    capacity: int | None
    credit_class: str
    credits: float | None
    invited_count: int  # everyone on the list who has not withdrawn
    attended_count: int
    seats_taken: int  # invited or registered: what counts against capacity
    waitlisted_count: int


class ActivityPage(msgspec.Struct):
    items: list[ActivityOut]
    total: int
    page: int
    page_size: int


class MyActivityOut(msgspec.Struct):
    activity: ActivityOut
    invitation_status: str | None
    attendance_status: str | None
    credits_earned: float | None
    reply: str = ""  # the staff member's own answer: "" (none yet), accepted, declined
    reply_reason: str = ""  # why they cannot come, as they wrote it (shown back to them)


class Repeat(msgspec.Struct, forbid_unknown_fields=True):
    """Book a series: `count` occurrences, one every week or every month."""

    every: Literal["week", "month"]
    count: Annotated[int, msgspec.Meta(ge=2, le=52)]


class Invitees(msgspec.Struct, forbid_unknown_fields=True):
    """People by id, and/or everyone of the host institution matching every selector given.
    A commission or centre host also picks institutions (by id and/or kind) in its scope; the
    selectors then apply to their staff (backend/attendance/invitees.py)."""

    staff_ids: list[int] = []
    department_ids: list[int] = []
    roles: list[StaffRole] = []
    titles: list[ProfessionalTitle] = []
    institution_ids: list[int] = []
    institution_kinds: list[InstitutionKind] = []

    def is_empty(self) -> bool:
        return not (
            self.staff_ids
            or self.department_ids
            or self.roles
            or self.titles
            or self.institution_ids
            or self.institution_kinds
        )


Text200 = Annotated[str, msgspec.Meta(max_length=200, pattern=ONE_LINE)]  # title, place
Text2000 = Annotated[str, msgspec.Meta(max_length=2000)]


class ActivityIn(msgspec.Struct, forbid_unknown_fields=True):
    """A booking. Times are Shanghai wall-clock `YYYY-MM-DDTHH:MM` unless they carry an offset."""

    kind: ActivityKind
    title: Text200
    starts_at: str
    ends_at: str
    topic: DrillTopic | None = None
    host_institution_id: int | None = None
    host_jurisdiction_id: int | None = None
    host_department_id: int | None = None
    place: Text200 = ""
    facilitator_id: int | None = None
    facilitator_name: Annotated[str, msgspec.Meta(max_length=100)] = ""
    capacity: Annotated[int, msgspec.Meta(ge=1, le=10000)] | None = None
    credit_class: CreditClass | None = None
    credits: Annotated[float, msgspec.Meta(ge=0, le=100)] | None = None
    unannounced: bool = False
    notes: Text2000 = ""
    repeat: Repeat | None = None
    invite: Invitees | None = None
    allow_past: bool = False  # recording a session that already took place
    conflict_override_reason: Text2000 = ""
    # book even though an activity of the same kind and topic, same host, is on that day
    confirm_duplicate: bool = False


class ActivityPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields sent change (null clears an optional one). `scope`: this occurrence, or
    it and the rest of its series."""

    title: Text200 | UnsetType = UNSET
    starts_at: str | UnsetType = UNSET
    ends_at: str | UnsetType = UNSET
    topic: DrillTopic | None | UnsetType = UNSET
    host_department_id: int | None | UnsetType = UNSET
    place: Text200 | UnsetType = UNSET
    facilitator_id: int | None | UnsetType = UNSET
    facilitator_name: Annotated[str, msgspec.Meta(max_length=100)] | UnsetType = UNSET
    capacity: Annotated[int, msgspec.Meta(ge=1, le=10000)] | None | UnsetType = UNSET
    credit_class: CreditClass | None | UnsetType = UNSET
    credits: Annotated[float, msgspec.Meta(ge=0, le=100)] | None | UnsetType = UNSET
    unannounced: bool | UnsetType = UNSET
    notes: Text2000 | UnsetType = UNSET
    scope: Literal["one", "following"] = "one"
    allow_past: bool = False
    conflict_override_reason: Text2000 = ""

    def changes(self) -> dict:
        """The editable fields that were sent, by name."""
        skip = {"scope", "allow_past", "conflict_override_reason"}
        return sent_fields(self, among=(n for n in self.__struct_fields__ if n not in skip))


class CancelIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=2000)]
    scope: Literal["one", "following"] = "one"


class ConflictOut(msgspec.Struct):
    """Someone or something booked twice: `what` is person, place or facilitator. `hidden`: the
    other activity is one the viewer may not see, so only that there is one (该人员/该地点在此时段
    另有安排): no id, title, times or host."""

    what: str
    activity_id: int | None
    activity_title: str
    starts_at: datetime | None
    ends_at: datetime | None
    staff_member_id: int | None = None
    staff_member_name: str | None = None
    place: str | None = None
    hidden: bool = False


class ConflictGroup(msgspec.Struct):
    """The clashes with one other activity, on one line: its room, its facilitator and how many
    of the people (the first few by name). `hidden`: activities the viewer may not see, together,
    with no id, title or times. `duplicate`: that activity looks like this very booking."""

    activity_id: int | None
    activity_title: str
    starts_at: datetime | None
    ends_at: datetime | None
    hidden: bool = False
    place: str | None = None
    facilitator_name: str | None = None
    people_count: int = 0
    people_names: list[str] = []
    duplicate: bool = False


class DuplicateOut(msgspec.Struct):
    """An existing activity of the same kind and topic, same host, on the same day: the new
    booking is probably that one booked a second time."""

    activity_id: int
    activity_title: str
    starts_at: datetime
    ends_at: datetime
    place: str


class RuleWarning(msgspec.Struct):
    """The invite list cannot satisfy a rule this activity would count toward."""

    rule_id: str
    rule_name_zh: str
    rule_name_en: str
    missing: list[str]  # role or department-kind codes; "a|b" means either
    message_zh: str
    message_en: str


class BookingOut(msgspec.Struct):
    activity: ActivityOut
    series_activity_ids: list[int]  # every activity this write touched, the first included
    invited: int
    warnings: list[RuleWarning]
    conflicts_overridden: list[ConflictOut]


class InviteIn(msgspec.Struct, forbid_unknown_fields=True):
    invite: Invitees
    conflict_override_reason: Text2000 = ""


class InvitationOut(msgspec.Struct):
    staff_member_id: int
    name: str
    role: str
    title: str
    department_id: int | None
    department_name: str | None
    status: str
    waitlist_position: int | None
    reply: str = ""  # the invitee's answer: "" (none yet), accepted, declined
    reply_reason: str = ""  # why they cannot come (请假事由)


class ActivityDetail(msgspec.Struct):
    activity: ActivityOut
    invitations: list[InvitationOut]
    warnings: list[RuleWarning]
    series_uid: str | None
    sequence: int
    facilitator_id: int | None
    facilitator_name: str
    host_department_id: int | None
    notes: str
    conflict_override_reason: str
    # people on the list from institutions outside the viewer's scope: a count, never names
    # (另有 N 人来自其他机构)
    other_institutions_count: int = 0


class SuggestedRule(msgspec.Struct):
    id: str
    name_zh: str
    name_en: str
    required_roles: list[list[str]]
    required_department_kinds: list[list[str]]


class InviteSuggestion(msgspec.Struct):
    rules: list[SuggestedRule]
    roles: list[str]
    department_kinds: list[str]
    staff: list[InvitationOut]  # status "suggested"


class RegistrationOut(msgspec.Struct):
    status: str  # registered | waitlisted | withdrawn
    waitlist_position: int | None
    seats_taken: int
    capacity: int | None

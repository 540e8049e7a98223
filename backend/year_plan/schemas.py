from typing import Annotated

import msgspec

from backend.staff.vocabulary import StaffRole
from backend.year_plan.proposals import Proposal


class YearPlanOut(msgspec.Struct):
    institution_id: int
    year: int
    calendar_source: str  # seed_file | chinesecalendar | weekends_only
    calendar_note_zh: str
    calendar_note_en: str
    proposals: list[Proposal]


class AcceptedItem(msgspec.Struct, forbid_unknown_fields=True):
    rule_id: str
    kind: str
    title: Annotated[str, msgspec.Meta(max_length=200)]
    starts_at: str  # Shanghai wall time, as the officer edited it
    ends_at: str
    topic: str = ""
    place: Annotated[str, msgspec.Meta(max_length=200)] = ""
    invite_roles: list[StaffRole] = []


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    items: Annotated[list[AcceptedItem], msgspec.Meta(min_length=1, max_length=200)]
    conflict_override_reason: str = ""


class AcceptOut(msgspec.Struct):
    created: int
    activity_ids: list[int]

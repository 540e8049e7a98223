"""A drill record's content (stored as JSON in each version) and the API's shapes."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from backend.attendance.vocabulary import DrillRole

Text2000 = Annotated[str, msgspec.Meta(max_length=2000)]
# line breaks and tabs allowed, other control characters refused (as rectification notes)
NOTE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*(?![\s\S])"


class ActionStatus(StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


class Scenario(msgspec.Struct, forbid_unknown_fields=True):
    template_id: str | None = None
    title: str = ""
    description: str = ""


class TeamMember(msgspec.Struct, forbid_unknown_fields=True):
    staff_id: int
    drill_role: DrillRole = DrillRole.member


class Debrief(msgspec.Struct, forbid_unknown_fields=True):
    """PEARLS phases."""

    reactions: str = ""
    description: str = ""
    analysis: str = ""
    summary: str = ""


class AssessmentOutcome(StrEnum):
    demonstrated = "demonstrated"
    needs_practice = "needs_practice"
    not_observed = "not_observed"


class AssessmentIn(msgspec.Struct, forbid_unknown_fields=True):
    """An assessor's mark of one participant on one competency the drill's topic covers
    (backend/competencies/drill_assessments.py)."""

    staff_id: int
    competency: Annotated[str, msgspec.Meta(max_length=64)]
    outcome: AssessmentOutcome
    comment: Annotated[str, msgspec.Meta(max_length=2000, pattern=NOTE)] = ""


class RecordContent(msgspec.Struct, forbid_unknown_fields=True):
    """One version's content. Timings are by measure id (topics.py): minutes, mL, or 1/0.
    `assessments`: competency marks (versions stored before them have none)."""

    scenario: Scenario = msgspec.field(default_factory=Scenario)
    team: list[TeamMember] = msgspec.field(default_factory=list)
    timings: dict[str, float | None] = msgspec.field(default_factory=dict)
    debrief: Debrief = msgspec.field(default_factory=Debrief)
    problems: str = ""
    assessments: list[AssessmentIn] = msgspec.field(default_factory=list)


class ActionIn(msgspec.Struct, forbid_unknown_fields=True):
    """A corrective action written through the draft record: `id` of an existing one to change
    it; actions of the draft left out of the list are removed."""

    description: Text2000
    due_on: date
    id: int | None = None
    owner_staff_id: int | None = None
    owner_name: Annotated[str, msgspec.Meta(max_length=100)] = ""
    status: ActionStatus = ActionStatus.open
    follow_up: Text2000 = ""


class ContentPatch(msgspec.Struct, forbid_unknown_fields=True):
    """The parts of the content to replace; the parts not sent stay as they are."""

    scenario: Scenario | UnsetType = UNSET
    team: list[TeamMember] | UnsetType = UNSET
    timings: dict[str, float | None] | UnsetType = UNSET
    debrief: Debrief | UnsetType = UNSET
    problems: str | UnsetType = UNSET
    assessments: list[AssessmentIn] | UnsetType = UNSET


class RecordPatch(ContentPatch, forbid_unknown_fields=True):
    actions: list[ActionIn] | UnsetType = UNSET


class AmendmentIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: str
    content: ContentPatch = msgspec.field(default_factory=ContentPatch)


class ActionPatch(msgspec.Struct, forbid_unknown_fields=True):
    """After submission only the status and the follow-up of an action change."""

    status: ActionStatus | UnsetType = UNSET
    follow_up: Text2000 | UnsetType = UNSET


class SourceOut(msgspec.Struct):
    document: str
    clause: str
    local_choice: bool


class TargetOut(msgspec.Struct):
    measure: str
    name_zh: str
    name_en: str
    unit: str
    start_zh: str
    start_en: str
    required: bool
    value: float | None
    target: float | bool | None  # at most this (minutes, mL), or the expected yes/no
    outcome: str  # met | missed | not_recorded | recorded (a value with no target)
    source: SourceOut


class ActivitySummary(msgspec.Struct):
    id: int
    title: str
    kind: str
    topic: str
    status: str
    starts_at: datetime
    ends_at: datetime
    host_institution_id: int | None
    host_name: str


class TeamMemberOut(msgspec.Struct):
    staff_id: int
    name: str
    drill_role: str


class ActionOut(msgspec.Struct):
    id: int
    record_id: int
    activity_id: int
    activity_title: str
    institution_id: int | None
    description: str
    owner_staff_id: int | None
    owner_name: str
    due_on: date
    status: str
    follow_up: str
    overdue: bool
    closed_at: datetime | None


class EvidenceOut(msgspec.Struct):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str


class TemplateOut(msgspec.Struct):
    """A scenario template of the drill's topic, for the record page's choice."""

    id: str
    name_zh: str
    name_en: str
    description_zh: str


class RecordOut(msgspec.Struct):
    id: int
    activity: ActivitySummary
    status: str  # draft | submitted
    version: int
    versions: int
    content: RecordContent
    team: list[TeamMemberOut]
    targets: list[TargetOut]
    actions: list[ActionOut]
    evidence: list[EvidenceOut]
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    templates: list[TemplateOut] = []


class ChangeOut(msgspec.Struct):
    path: str  # timings.decision_to_delivery_minutes, debrief.summary, team ...
    label_zh: str
    label_en: str
    old: str | float | None
    new: str | float | None


class VersionOut(msgspec.Struct):
    version: int
    author_name: str
    created_at: datetime
    reason: str
    changes: list[ChangeOut]


class MissingField(msgspec.Struct):
    path: str
    label_zh: str
    label_en: str

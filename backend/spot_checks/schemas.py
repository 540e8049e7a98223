"""What the spot-check API takes and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from backend.drill_records.schemas import RecordOut

Quarter = Annotated[str, msgspec.Meta(max_length=16)]
Seed = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]
Size = Annotated[int, msgspec.Meta(ge=1, le=500)]
Text2000 = Annotated[str, msgspec.Meta(max_length=2000)]
Text4000 = Annotated[str, msgspec.Meta(max_length=4000)]


class SampleIn(msgspec.Struct, forbid_unknown_fields=True):
    zone: int
    quarter: Quarter
    size: Size
    seed: Seed | None = None


class RedrawIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Text2000
    seed: Seed | None = None


class ChecklistAnswer(msgspec.Struct, forbid_unknown_fields=True):
    answer: Literal["yes", "no", "n/a"]
    note: Text2000 = ""


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    """The whole draft: what is sent replaces what was saved."""

    checklist: dict[Annotated[str, msgspec.Meta(max_length=64)], ChecklistAnswer] = {}
    rating: Annotated[str, msgspec.Meta(max_length=16)] = ""
    comment: Text4000 = ""


class InstitutionRisk(msgspec.Struct):
    id: int
    name: str
    records: int
    risk: float
    factors: dict[str, int]


class InstitutionName(msgspec.Struct):
    id: int
    name: str


class DrawOut(msgspec.Struct):
    id: int
    position: int
    institution_id: int
    institution_name: str
    activity_id: int
    activity_title: str
    activity_date: date
    topic: str
    record_id: int
    version: int
    drawn_for: str  # coverage | risk
    review_status: str  # none | draft | submitted
    rating: str
    rating_name_zh: str
    rating_name_en: str


class SampleOut(msgspec.Struct):
    id: int
    zone_id: int
    zone_name: str
    quarter: str
    size: int
    seed: int
    drawn_at: datetime
    drawn_by: str
    replaces: int | None
    replaced_by: int | None
    reason: str
    superseded: bool
    available: int  # submitted records there were to draw from
    short_by: int  # size asked for minus records available (0 when enough)
    note_zh: str
    note_en: str
    draws: list[DrawOut]
    without_records: list[InstitutionName]  # zone institutions with no submitted record
    institutions: list[InstitutionRisk]
    weights: dict[str, float]


class ChecklistItemOut(msgspec.Struct):
    id: str
    text_zh: str
    text_en: str


class RatingOut(msgspec.Struct):
    id: str
    name_zh: str
    name_en: str
    poor: bool


class ChecklistOut(msgspec.Struct):
    items: list[ChecklistItemOut]
    ratings: list[RatingOut]
    source_document: str
    source_clause: str
    source_quote: str


class ReviewOut(msgspec.Struct):
    id: int
    draw_id: int
    status: str  # draft | submitted
    checklist: dict[str, ChecklistAnswer]
    rating: str
    rating_name_zh: str
    rating_name_en: str
    poor: bool
    comment: str
    reviewer: str
    created_at: datetime
    submitted_at: datetime | None


class DrawDetail(msgspec.Struct):
    draw: DrawOut
    sample_id: int
    sample_superseded: bool
    zone_id: int
    zone_name: str
    quarter: str
    record: RecordOut  # exactly the version drawn
    current_version: int
    newer_version_exists: bool
    review: ReviewOut | None
    may_review: bool
    checklist: ChecklistOut

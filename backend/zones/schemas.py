"""What the zone page and the commission's landing page are answered."""

from datetime import date, datetime

import msgspec


class ZoneRef(msgspec.Struct):
    id: int
    code: str
    name_zh: str
    name_en: str
    lead_institution_id: int
    lead_institution_name: str


class RuleName(msgspec.Struct):
    id: str
    name_zh: str
    name_en: str


class RuleCell(msgspec.Struct):
    rule_id: str
    status: str  # the worst status of the rule's periods in the quarter


class SampleStatus(msgspec.Struct):
    drawn: bool  # the zone has a current sample of the quarter
    draws: int  # this institution's records drawn into it
    reviewed: int  # reviews submitted
    drafts: int  # reviews begun, not submitted


class RatingCount(msgspec.Struct):
    rating: str
    name_zh: str
    name_en: str
    poor: bool
    count: int


class OrderCounts(msgspec.Struct):
    open: int  # not yet accepted (this quarter's and earlier quarters' orders)
    overdue: int  # open and past its due date (CST)
    accepted: int  # this quarter's orders accepted


class QuarterGaps(msgspec.Struct):
    quarter: str
    gaps: int


class ZoneInstitution(msgspec.Struct):
    rank: int
    id: int
    code: str
    name_zh: str
    kind: str
    jurisdiction_id: int
    jurisdiction_name: str
    gaps: int
    cells: list[RuleCell]
    sample: SampleStatus
    ratings: list[RatingCount]
    poor_ratings: int
    orders: OrderCounts
    trend: list[QuarterGaps]


class ZoneDraw(msgspec.Struct):
    """A record drawn into the quarter's sample, with its review and the orders raised on it."""

    draw_id: int
    sample_id: int
    quarter: str
    position: int
    institution_id: int
    institution_name: str
    activity_title: str
    held_on: date | None
    review_status: str  # none | draft | submitted
    rating: str
    rating_name_zh: str
    rating_name_en: str


class ZoneOrder(msgspec.Struct):
    id: int
    quarter: str
    institution_id: int
    institution_name: str
    finding: str
    due_on: date
    status: str
    overdue: bool
    days_overdue: int
    draw_id: int


class ZoneOverview(msgspec.Struct):
    zone: ZoneRef
    quarter: str
    year: int
    as_of: date
    quarters: list[str]  # the trend's quarters, oldest first, ending with `quarter`
    rules: list[RuleName]
    institutions: list[ZoneInstitution]  # the league table, rank order
    draws: list[ZoneDraw]
    orders: list[ZoneOrder]
    trend_totals: list[QuarterGaps]
    updating: bool = False  # some judgements shown are stale and being judged again
    judged_at: datetime | None = None  # the oldest of those judgements (UTC), when updating


class TopInstitution(msgspec.Struct):
    id: int
    code: str
    name_zh: str
    jurisdiction_id: int
    jurisdiction_name: str
    gaps: int


class OverdueOrder(msgspec.Struct):
    id: int
    institution_id: int
    institution_name: str
    zone_name: str
    quarter: str
    finding: str
    due_on: date
    status: str
    days_overdue: int


class Duty(msgspec.Struct):
    rule_id: str
    rule_name_zh: str
    rule_name_en: str
    period: str
    status: str
    reason_zh: str
    reason_en: str


class ZoneLink(msgspec.Struct):
    id: int
    name_zh: str
    name_en: str
    lead_institution_name: str


class CommissionSummary(msgspec.Struct):
    jurisdiction_id: int
    name_zh: str
    level: str
    year: int
    as_of: date
    institutions: int  # institutions judged below it
    with_gaps: int  # of them, with at least one gap
    top: list[TopInstitution]  # most gaps first, at most 10
    overdue_orders: list[OverdueOrder]
    duties: list[Duty]  # its own commission's duties (empty for a level without any)
    zones: list[ZoneLink]  # zones led by a centre in its area: their pages it may read
    updating: bool = False  # some judgements shown are stale and being judged again
    judged_at: datetime | None = None  # the oldest of those judgements (UTC), when updating

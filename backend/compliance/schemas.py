from datetime import date, datetime

import msgspec


class CitationOut(msgspec.Struct):
    source: str
    clause: str
    quote: str


class FindingActivity(msgspec.Struct):
    """An activity a finding links to, as a matrix cell's detail lists it."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    status: str


class FindingOut(msgspec.Struct):
    rule_id: str
    rule_name_zh: str
    rule_name_en: str
    subject_kind: str
    subject_id: int
    subject_name: str
    period: str
    required: float
    done: int
    status: str
    missing: list[str]
    counted: list[int]
    nearly: list[int]
    planned: list[int]
    reason_zh: str
    reason_en: str
    citations: list[CitationOut]
    # the counted, nearly and planned activities the viewer may read, named: only when one
    # rule's findings are asked for (`GET /api/compliance?rule=`); null otherwise
    activities: list[FindingActivity] | None = None


class InstitutionRef(msgspec.Struct):
    id: int
    code: str
    name_zh: str
    kind: str


class InstitutionCompliance(msgspec.Struct):
    institution: InstitutionRef
    profile: str  # the profile's id, for links; pages show its name
    year: int
    as_of: date
    findings: list[FindingOut]
    profile_name_zh: str = ""
    profile_name_en: str = ""
    updating: bool = False  # some judgements shown are stale and being judged again
    judged_at: datetime | None = None  # the oldest of those judgements (UTC), when updating


class StatusCounts(msgspec.Struct):
    met: int = 0
    partly_met: int = 0
    gap: int = 0
    due_soon: int = 0
    planned: int = 0
    not_applicable: int = 0
    no_data: int = 0


class MatrixCell(msgspec.Struct):
    rule_id: str
    status: str  # the worst status over the rule's periods (and subjects) in the window
    counts: StatusCounts


class MatrixRow(msgspec.Struct):
    institution: InstitutionRef
    jurisdiction_name: str
    profile: str
    gaps: int
    cells: list[MatrixCell]


class ComplianceMatrix(msgspec.Struct):
    jurisdiction_id: int
    year: int
    as_of: date
    period: str | None
    rules: list[str]
    rows: list[MatrixRow]
    updating: bool = False  # some judgements shown are stale and being judged again
    judged_at: datetime | None = None  # the oldest of those judgements (UTC), when updating


class StaffCompliance(msgspec.Struct):
    staff_member_id: int
    name: str
    profile: str
    year: int
    as_of: date
    findings: list[FindingOut]
    updating: bool = False  # some judgements shown are stale and being judged again
    judged_at: datetime | None = None  # the oldest of those judgements (UTC), when updating


class CommissionRow(msgspec.Struct):
    """A health commission judged on its own duties (work meetings, regional drills, exams)."""

    jurisdiction_id: int
    name_zh: str
    level: str
    profile: str
    gaps: int
    cells: list[MatrixCell]
    findings: list[FindingOut]


class CommissionDuties(msgspec.Struct):
    jurisdiction_id: int
    year: int
    as_of: date
    period: str | None
    rules: list[str]
    rows: list[CommissionRow]

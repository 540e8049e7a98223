from datetime import date

import msgspec


class CitationOut(msgspec.Struct):
    source: str
    clause: str
    quote: str


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


class StaffCompliance(msgspec.Struct):
    staff_member_id: int
    name: str
    profile: str
    year: int
    as_of: date
    findings: list[FindingOut]


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

"""What the competency pages are answered: a person's competencies, a department's matrix and
coverage, the commission's per-institution coverage, the people due for a topic, the framework.
Ids travel for links and page attributes; pages show the names."""

from __future__ import annotations

from datetime import date

import msgspec


class Named(msgspec.Struct):
    id: str
    name_zh: str
    name_en: str


class ActivityLink(msgspec.Struct):
    id: int
    title: str
    starts_at: str  # Shanghai wall time, 2027-03-10T09:00


class Evidence(msgspec.Struct):
    method: str
    method_zh: str
    method_en: str
    assessed_on: date
    outcome: str
    outcome_zh: str
    outcome_en: str
    proves: bool
    valid_until: date | None
    source_zh: str  # what proved it: the drill's title and date, the exam, the issuer
    source_en: str
    activity_id: int | None
    score: float | None
    max_score: float | None
    comment: str


class PersonCompetency(msgspec.Struct):
    competency: Named
    domain: Named
    required: bool
    state: str
    valid_until: date | None
    evidence: list[Evidence]
    next_activity: ActivityLink | None


class PersonCompetencies(msgspec.Struct):
    staff_id: int
    name: str
    institution_name: str
    department_name: str
    role_zh: str
    role_en: str
    as_of: date
    framework: Named
    expiring_within_days: int
    items: list[PersonCompetency]


class MatrixCell(msgspec.Struct):
    competency_id: str
    state: str | None  # None: not required of this person
    valid_until: date | None


class MatrixRow(msgspec.Struct):
    staff_id: int
    name: str
    staff_number: str
    role: str
    role_zh: str
    role_en: str
    night_shifts: bool
    cells: list[MatrixCell]


class MatrixColumn(msgspec.Struct):
    competency: Named
    domain: Named


class CompetencyCoverage(msgspec.Struct):
    competency: Named
    required: int  # people of the department it is required of
    holders: int  # of those, current or expiring


class ThresholdCheck(msgspec.Struct):
    competency: Named
    min_current: int
    night_shifts_only: bool
    people: int  # the people counted (the night-shift staff when night_shifts_only)
    holders: int
    warning: bool
    message_zh: str
    message_en: str
    source_document: str
    source_clause: str


class DepartmentMatrix(msgspec.Struct):
    department_id: int
    department_name_zh: str
    department_name_en: str
    department_kind: str
    institution_id: int
    institution_name: str
    as_of: date
    role: str | None
    roles: list[Named]  # the roles present in the department, for the filter
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    coverage: list[CompetencyCoverage]
    thresholds: list[ThresholdCheck]


class InstitutionShare(msgspec.Struct):
    competency_id: str
    required: int
    holders: int
    share: float | None  # None when nobody is required to hold it


class InstitutionCoverage(msgspec.Struct):
    id: int
    name_zh: str
    jurisdiction_name: str
    shares: list[InstitutionShare]


class LowestInstitution(msgspec.Struct):
    id: int
    name_zh: str
    required: int
    holders: int
    share: float


class CompetencyLowest(msgspec.Struct):
    competency: Named
    domain: Named
    required: int
    holders: int
    share: float | None
    lowest: list[LowestInstitution]


class AreaCoverage(msgspec.Struct):
    jurisdiction_id: int
    name_zh: str
    as_of: date
    competencies: list[CompetencyLowest]
    institutions: list[InstitutionCoverage]


class DueCompetency(msgspec.Struct):
    competency: Named
    state: str
    valid_until: date | None


class DuePerson(msgspec.Struct):
    staff_id: int
    name: str
    department_name: str
    role_zh: str
    role_en: str
    due: list[DueCompetency]


class DueList(msgspec.Struct):
    institution_id: int
    topic: str
    as_of: date
    competencies: list[Named]
    people: list[DuePerson]


class FrameworkCompetency(msgspec.Struct):
    competency: Named
    domain: Named
    required_of_zh: list[str]
    required_of_en: list[str]
    methods_zh: list[str]
    methods_en: list[str]
    drill_topics_zh: list[str]
    drill_topics_en: list[str]
    valid_months: int
    pass_mark: float | None
    source_document: str
    source_clause: str
    local_choice: bool


class FrameworkThreshold(msgspec.Struct):
    competency: Named
    department_kinds_zh: list[str]
    department_kinds_en: list[str]
    min_current: int
    night_shifts_only: bool
    source_document: str
    source_clause: str


class FrameworkOut(msgspec.Struct):
    framework: Named
    effective_from: date
    expiring_within_days: int
    domains: list[Named]
    competencies: list[FrameworkCompetency]
    thresholds: list[FrameworkThreshold]

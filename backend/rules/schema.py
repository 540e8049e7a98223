"""The shape of a rule and of a policy profile, as their seed files spell them (seeds/README.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal, get_args

import msgspec

from backend.activities.vocabulary import ActivityKind, CreditClass, DrillTopic
from backend.institutions.vocabulary import DepartmentKind
from backend.staff.vocabulary import ProfessionalTitle, StaffRole

SubjectKind = Literal[
    "institution",
    "department",
    "staff_member",
    "county_commission",
    "city_commission",
    "critical_care_centre",
    "paired_support_rotation",
]
PeriodName = Literal["week", "month", "quarter", "half", "year"]
Measure = Literal[
    "held_activities",
    "drill_metric_max",
    "distinct_districts_inspected",
    "share_of_institutions_inspected",
    "spot_checks",
    "paired_support_clinic_days",
    "cme_credits",
    "competencies_current",
    "competency_coverage",
    "staff_exam_passed",
]
FactSource = Literal[
    "activities",
    "attendance",
    "drill_records",
    "spot_checks",
    "paired_support",
    "inspections",
    "credits",
    "competencies",
]
CentreKind = Literal["city_maternal", "city_neonatal", "county_maternal", "county_neonatal"]
DrillMetric = Literal[
    "decision_to_delivery_minutes",
    "minutes_to_first_uterotonic",
    "minutes_to_effective_ventilation",
]

# The fact source a measure cannot be judged without; a rule naming the measure must list it.
MEASURE_FACTS: dict[str, str] = {
    "held_activities": "activities",
    "drill_metric_max": "drill_records",
    "distinct_districts_inspected": "inspections",
    "share_of_institutions_inspected": "inspections",
    "spot_checks": "spot_checks",
    "paired_support_clinic_days": "paired_support",
    "cme_credits": "credits",
    "competencies_current": "competencies",
    "competency_coverage": "competencies",
    "staff_exam_passed": "competencies",
}
# Measures whose figures are data elsewhere: the credit policy (seeds/credits/), the competency
# framework and coverage thresholds (seeds/competencies/). A rule naming one has no `required`.
FIGURES_ELSEWHERE: dict[str, str] = {
    "cme_credits": "the credit policy in force (seeds/credits/)",
    "competencies_current": "the competency framework in force (seeds/competencies/)",
    "competency_coverage": "seeds/competencies/coverage.toml",
}

# A citation source that names no file: the CME credit policy in force in the judged year
# (seeds/credits/), whose title, clause and quote the pages show. Only `cme_credits` rules use it.
CREDIT_POLICY = "credit-policy"


class RuleCatalogueError(ValueError):
    """A seed file that does not describe a valid rule or profile."""


class Citation(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    source: str  # file name in seeds/policy-sources/, or CREDIT_POLICY
    clause: str = ""  # required, except for CREDIT_POLICY (the policy file holds it)
    quote: str = ""  # the original Chinese sentence; same exception


class AppliesTo(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    midwifery: bool = False
    centre_kinds: tuple[CentreKind, ...] = ()
    department_kinds: tuple[DepartmentKind, ...] = ()
    staff_roles: tuple[StaffRole, ...] = ()
    staff_department_kinds: tuple[DepartmentKind, ...] = ()


class Qualifying(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    kinds: tuple[ActivityKind, ...] = ()
    topics: tuple[DrillTopic, ...] = ()
    credit_classes: tuple[CreditClass, ...] = ()


# One entry per required presence; a list means "any one of these".
RoleNeed = StaffRole | tuple[StaffRole, ...]
DepartmentNeed = DepartmentKind | tuple[DepartmentKind, ...]


class Attendance(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    required_roles: tuple[RoleNeed, ...] = ()
    required_department_kinds: tuple[DepartmentNeed, ...] = ()
    # Whom booking suggests inviting besides the required roles (the whole team a drill needs).
    suggested_roles: tuple[StaffRole, ...] = ()


class PartPeriod(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Staff active (employed and not on leave) fewer days than this in a period are exempt."""

    min_active_days: int


class Parameters(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    metric: DrillMetric | None = None
    max_value: float | None = None
    roster_min_size: int | None = None
    roster_max_size: int | None = None
    roster_min_title: ProfessionalTitle | None = None


class ProfileEnd(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A profile's end as a resolved rule carries it: names only (users never see ids)."""

    name_zh: str
    name_en: str
    valid_to: date
    successor_zh: str = ""
    successor_en: str = ""


class Rule(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str
    subject: SubjectKind
    period: PeriodName
    measure: Measure
    facts: tuple[FactSource, ...]
    effective_from: date
    citations: tuple[Citation, ...]
    # How many (activities, days ...) a period needs; a `cme_credits` rule names none: its
    # figures are the credit policy's (seeds/credits/).
    required: float = 0
    qualifying: Qualifying = Qualifying()
    effective_to: date | None = None
    applies_to: AppliesTo = AppliesTo()
    attendance: Attendance = Attendance()
    part_period: PartPeriod | None = None
    parameters: Parameters = Parameters()
    # Set by the catalogue, never by a seed file: the profile whose end (`valid_to`) capped this
    # rule's effective_to, so a period after it can say which plan ended and what follows it.
    ended_with: ProfileEnd | None = None


# The rule fields a profile may change; the rule's id, names, subject and measure stay its own.
OVERRIDABLE = (
    "required",
    "period",
    "applies_to",
    "attendance",
    "qualifying",
    "part_period",
    "parameters",
    "effective_from",
    "effective_to",
)


class Override(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A profile's local change to a rule: only the fields it names change."""

    rule: str
    citations: tuple[Citation, ...]
    required: float | None = None
    period: PeriodName | None = None
    applies_to: AppliesTo | None = None
    attendance: Attendance | None = None
    qualifying: Qualifying | None = None
    part_period: PartPeriod | None = None
    parameters: Parameters | None = None
    effective_from: date | None = None
    effective_to: date | None = None


class Profile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str
    sources: tuple[str, ...]
    # Validity (seeds/README.md, "Profile validity"): the first day the plan is in force; the
    # last day its rules are applied (optional: absent while nothing has replaced it); the profile
    # that replaces it (needs valid_to); and, for a plan whose own period has ended with nothing
    # in the catalogue to replace it, that period's end (shown on pages, not enforced).
    valid_from: date
    base: str | None = None
    rules: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    valid_to: date | None = None
    successor: str | None = None
    plan_ends: date | None = None


def _choices(vocabulary: object) -> tuple[str, ...]:
    if isinstance(vocabulary, type) and issubclass(vocabulary, StrEnum):
        return tuple(member.value for member in vocabulary)
    return get_args(vocabulary)


# The words a field accepts, by field name, so an error can list them.
FIELD_CHOICES: dict[str, tuple[str, ...]] = {
    name: _choices(vocabulary)
    for names, vocabulary in (
        (("subject",), SubjectKind),
        (("period",), PeriodName),
        (("measure",), Measure),
        (("facts",), FactSource),
        (("centre_kinds",), CentreKind),
        (("metric",), DrillMetric),
        (("kinds",), ActivityKind),
        (("topics",), DrillTopic),
        (("credit_classes",), CreditClass),
        (("staff_roles", "required_roles"), StaffRole),
        (
            ("department_kinds", "staff_department_kinds", "required_department_kinds"),
            DepartmentKind,
        ),
        (("roster_min_title",), ProfessionalTitle),
    )
    for name in names
}

"""The facts the compliance engine reads: plain data, gathered by the service, no database here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ActivityFact:
    """One activity as the rules see it: what, when (CST date), whether held, who was there."""

    id: int
    kind: str
    topic: str
    status: str  # planned | held | cancelled
    day: date  # local (China Standard Time) date of its start: the period it counts in
    host_department_kind: str = ""
    present_roles: frozenset[str] = frozenset()
    present_department_kinds: frozenset[str] = frozenset()
    attendee_ids: frozenset[int] = frozenset()  # staff members who took part
    credit_class: str = ""
    record_submitted: bool | None = None  # True once its drill record is submitted
    # what its submitted record's current version measured (drill_records topics): id, value
    metrics: tuple[tuple[str, float], ...] = ()

    def metric(self, measure_id: str) -> float | None:
        return next((value for name, value in self.metrics if name == measure_id), None)


@dataclass(frozen=True)
class Absence:
    """A stretch of local dates [starts_on, ends_on] a staff member was away (leave)."""

    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Subject:
    """Who a rule is about. Fields that do not apply to a kind stay at their defaults."""

    kind: str  # institution | department | staff_member | county_commission | city_commission | critical_care_centre | paired_support_rotation
    id: int
    name: str = ""
    # institutions and centres
    is_midwifery: bool = False
    centre_kinds: frozenset[str] = frozenset()  # maternal, neonatal (city or county centre)
    # departments
    department_kind: str = ""
    # staff members
    role: str = ""
    active_from: date | None = None
    active_to: date | None = None
    absences: tuple[Absence, ...] = ()
    night_shifts: bool = False  # takes night shifts (competency coverage counts them)


@dataclass(frozen=True)
class CompetencyFact:
    """A proving competency assessment of one staff member (backend/competencies/facts.py):
    the competency it proves, from `assessed_on` to `valid_until` (CST dates, both included)."""

    competency: str
    assessed_on: date
    valid_until: date

    def holds_on(self, day: date) -> bool:
        return self.assessed_on <= day <= self.valid_until


@dataclass(frozen=True)
class MemberFact:
    """A department's staff member as the coverage rule sees them, with their proving
    assessments."""

    person: Subject
    competencies: tuple[CompetencyFact, ...] = ()


@dataclass(frozen=True)
class ExamSittingFact:
    """One person's result in a competency exam linked to a staff_exam activity (staff-exam)."""

    exam_id: int
    day: date  # the exam's CST date
    staff_id: int
    passed: bool


@dataclass(frozen=True)
class CreditFact:
    """A staff member's CME credits for one year, as the credit policy in force counts them
    (backend/credits/ledger.Standing, without the entries). Figures as the policy writes them."""

    year: int
    policy_id: str
    required: float  # the yearly total
    total_counted: float
    met: bool  # every class reached its minimum and the counted total the requirement
    classes: tuple[tuple[str, float, float], ...] = ()  # class code, counted, minimum


@dataclass(frozen=True)
class RosterFact:
    """A paired-support roster member: their title and the local dates they were on it."""

    staff_id: int
    title: str
    joined_on: date
    left_on: date | None = None


@dataclass(frozen=True)
class ClinicDayFact:
    """A paired-support clinic day (坐诊) as the weekly rule sees it."""

    id: int
    day: date
    staff_id: int
    status: str  # planned | held | cancelled
    confirmed: bool = False


@dataclass(frozen=True)
class PairedSupportFact:
    """One paired-support agreement, judged in the supporting institution's snapshot.
    `days_off`: the non-working local days (weekends and statutory holidays, make-up working
    days excluded) of the weeks the agreement touches, from the year planner's sources."""

    agreement_id: int
    name: str  # the supported institution, as findings name the rotation
    starts_on: date
    ends_on: date
    roster: tuple[RosterFact, ...] = ()
    clinic_days: tuple[ClinicDayFact, ...] = ()
    days_off: frozenset[date] = frozenset()


@dataclass(frozen=True)
class InspectionFact:
    """A quality inspection the subject ran, and the institutions it visited: (institution id,
    county/district jurisdiction id, that county's name), sorted."""

    activity_id: int
    kind: str  # the activity's kind (quality_inspection)
    status: str  # planned | held | cancelled
    day: date  # local (CST) date of its start
    visited: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class SpotCheckFact:
    """A spot-check review a centre submitted (backend/spot_checks/facts.py)."""

    review_id: int
    day: date  # local (CST) date it was submitted: the period it counts in
    institution_id: int  # the institution whose record was reviewed
    rating: str = ""


# The fact sources drillbook keeps (a rule needing another one says it has no data).
RECORDED = frozenset({"activities", "attendance", "drill_records", "credits", "inspections",
                      "spot_checks", "competencies"})  # fmt: skip


@dataclass(frozen=True)
class Facts:
    """Everything known about one subject; `recorded` names the fact sources drillbook keeps."""

    activities: tuple[ActivityFact, ...] = ()
    credits: tuple[CreditFact, ...] = ()  # a staff member's, one per year gathered
    inspections: tuple[InspectionFact, ...] = ()  # quality inspections a centre/commission ran
    # a county commission: the active midwifery institutions of its county (district-inspection)
    inspectable: frozenset[int] = frozenset()
    paired_support: tuple[PairedSupportFact, ...] = ()  # a rotation's agreement (one)
    spot_checks: tuple[SpotCheckFact, ...] = ()  # reviews a centre submitted (zone-spot-check)
    # a staff member's proving competency assessments (competencies-current)
    competencies: tuple[CompetencyFact, ...] = ()
    # an institution's departments: department id -> its staff (competency-coverage)
    department_staff: dict[int, tuple[MemberFact, ...]] = field(default_factory=dict, hash=False)
    # a county commission: the exam results of its staff exams, and the staff who should sit
    # them (staff-exam: obstetric and neonatal staff of the county's midwifery institutions)
    exam_sittings: tuple[ExamSittingFact, ...] = ()
    examinees: tuple[Subject, ...] = ()
    recorded: frozenset[str] = RECORDED

    def credits_of(self, year: int) -> CreditFact | None:
        return next((c for c in self.credits if c.year == year), None)

    def of_kinds(self, kinds: Iterable[str]) -> tuple[ActivityFact, ...]:
        """The activities of these kinds, in order; remembered, since every period of every
        rule asks again (a province matrix asks a hundred thousand times)."""
        key = frozenset(kinds)
        cache = self.__dict__.setdefault("_of_kinds", {})
        if key not in cache:
            cache[key] = tuple(a for a in self.activities if a.kind in key)
        return cache[key]

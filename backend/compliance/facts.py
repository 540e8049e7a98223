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
class Facts:
    """Everything known about one subject; `recorded` names the fact sources drillbook keeps."""

    activities: tuple[ActivityFact, ...] = ()
    credits: tuple[CreditFact, ...] = ()  # a staff member's, one per year gathered
    recorded: frozenset[str] = field(
        default_factory=lambda: frozenset({"activities", "attendance", "drill_records", "credits"})
    )

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

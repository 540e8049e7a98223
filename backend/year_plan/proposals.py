"""Propose a year of activities from the rules in force (pure: no database, no clock).

For each institution-level rule counted in held activities, one proposal per required
occurrence in each of its periods. Days: working days in China only (drills may land on a day
off when the officer allows it), never in the last week of a quarter, half or year when other
days remain, one proposal per slice of the period when several are needed, and not two on the
same day when another is free. Day and hour vary with a seeded random generator, so the plan
does not always say "the 15th at 09:00" and is the same for the same seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from random import Random

import msgspec

from backend.activities.vocabulary import ActivityKind
from backend.calendar_feeds.words import label
from backend.compliance.evaluate import alternatives, in_force
from backend.core.clock import SHANGHAI
from backend.core.periods import Period, periods_of_year
from backend.core.working_days import WorkCalendar
from backend.rules.catalogue import Rule

DRILL_KINDS = {ActivityKind.drill.value, ActivityKind.regional_drill.value}
DAY_STARTS = [time(8, 30), time(9, 0), time(10, 0), time(14, 0), time(14, 30), time(15, 30)]
NIGHT_STARTS = [time(20, 0), time(20, 30), time(21, 0), time(21, 30), time(22, 0)]
MINUTES = {"drill": 90, "joint_meeting": 120, "cme_session": 180, "self_assessment": 60}
OFF_HOURS_SHARE = 0.25  # about one drill in four, when the officer asks for off-hours drills
LAST_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class PlanOptions:
    not_before: date | None = None  # nothing proposed before this day (today)
    night_drills: bool = False
    weekend_drills: bool = False
    seed: int = 0


class Proposal(msgspec.Struct, frozen=True):
    """One proposed activity; also what the year-plan API returns for it."""

    key: str  # stable within a plan: rule, period, occurrence
    rule_id: str
    rule_name_zh: str
    rule_name_en: str
    kind: str
    topic: str
    credit_class: str
    period_label: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    off_hours: bool
    title_zh: str
    title_en: str
    required_roles: tuple[str, ...]
    required_department_kinds: tuple[str, ...]


def plannable(rules: list[Rule]) -> list[Rule]:
    return [
        rule
        for rule in rules
        if rule.subject == "institution"
        and rule.measure == "held_activities"
        and rule.qualifying.kinds
    ]


def propose_year(
    rules: list[Rule], year: int, calendar: WorkCalendar, options: PlanOptions = PlanOptions()
) -> list[Proposal]:
    rng = Random(f"{options.seed}:{year}")
    taken: set[date] = set()
    proposals = []
    for rule in plannable(rules):
        for period in periods_of_year(rule.period, year):
            if not in_force(rule, period):
                continue
            if options.not_before and period.last_day < options.not_before:
                continue
            for index, days in enumerate(_slices(period, math.ceil(rule.required), options)):
                proposal = _propose(rule, period, index, days, calendar, options, rng, taken)
                if proposal is not None:
                    proposals.append(proposal)
    return sorted(proposals, key=lambda p: (p.starts_at, p.rule_id))


def _slices(period: Period, count: int, options: PlanOptions) -> list[list[date]]:
    """The period's days (from not_before on) in `count` consecutive equal slices."""
    last = period.last_day
    if period.kind in ("quarter", "half", "year"):
        last -= LAST_WEEK  # officers asked: no pile-up in the last week
    first = max(period.start, options.not_before or period.start)
    if last < first:
        last = period.last_day
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    size = max(1, math.ceil(len(days) / count)) if days else 1
    return [days[i * size : (i + 1) * size] for i in range(count)]


def _propose(rule, period, index, days, calendar, options, rng, taken) -> Proposal | None:
    kind = (
        rule.qualifying.kinds[0].value
        if hasattr(rule.qualifying.kinds[0], "value")
        else str(rule.qualifying.kinds[0])
    )
    is_drill = kind in DRILL_KINDS
    day_off = is_drill and options.weekend_drills and rng.random() < OFF_HOURS_SHARE
    if day_off:  # a weekend, never a statutory holiday: nobody drills on Spring Festival
        candidates = [d for d in days if calendar.is_day_off(d) and d not in calendar.holidays]
    else:
        candidates = [d for d in days if calendar.is_working_day(d)]
    if not candidates and day_off:
        day_off, candidates = False, [d for d in days if calendar.is_working_day(d)]
    if not candidates:
        return None
    free = [d for d in candidates if d not in taken] or candidates
    day = rng.choice(free)
    taken.add(day)
    night = is_drill and options.night_drills and rng.random() < OFF_HOURS_SHARE
    start = datetime.combine(day, rng.choice(NIGHT_STARTS if night else DAY_STARTS), SHANGHAI)
    end = start + timedelta(minutes=MINUTES.get(kind, 90))
    topic = _first(rule.qualifying.topics)
    return Proposal(
        key=f"{rule.id}/{period.label}/{index + 1}",
        rule_id=rule.id,
        rule_name_zh=rule.name_zh,
        rule_name_en=rule.name_en,
        kind=kind,
        topic=topic,
        credit_class=_first(rule.qualifying.credit_classes),
        period_label=period.label,
        starts_at=start.astimezone(UTC),
        ends_at=end.astimezone(UTC),
        off_hours=night or day_off,
        title_zh=f"{period.label} {_name_zh(rule, kind, topic)}",
        title_en=f"{period.label} {rule.name_en}",
        required_roles=tuple("|".join(o) for o in alternatives(rule.attendance.required_roles)),
        required_department_kinds=tuple(
            "|".join(o) for o in alternatives(rule.attendance.required_department_kinds)
        ),
    )


def _first(values) -> str:
    if not values:
        return ""
    value = values[0]
    return value.value if hasattr(value, "value") else str(value)


def _name_zh(rule: Rule, kind: str, topic: str) -> str:
    if kind in DRILL_KINDS and topic:
        return f"{label('drill_topic', topic)}演练"
    return rule.name_zh

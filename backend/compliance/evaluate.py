"""evaluate(rules, subject, facts, first_day, last_day, as_of) -> findings. Pure: no database, no clock.

In two steps: `assess` counts (everything but the date), `conclude` judges an assessment as of a
date. Snapshots store assessments, so a page for any as_of needs no facts (see snapshots.py).

How a period is judged (as_of is a CST date; a period is [start, end)):
- not_applicable: the rule is not in force in the period, does not cover the subject, or a staff
  member was active fewer days in it than the rule's part-period minimum;
- no_data: the rule needs facts drillbook does not record yet;
- met: enough qualifying activities were held;
- partly_met: something was held but fewer than required fully count: too few were held, or
  some lacked a required role/department (or their drill record is not submitted);
- planned: not met yet, but held + planned qualifying activities reach the requirement and the
  period has not ended;
- gap: the period ended without enough qualifying activities;
- due_soon: the period has not ended, and held + planned do not reach the requirement.

Measure `drill_metric_max` (ddi-target): qualifying drills held with a submitted record that
carries the rule's metric count when the value is within `max_value`; one value over it is a gap
naming the drill's date and value (settled "metric_over", whatever the date); drills without a
recorded value do not count, so an ended period without one is a gap and an open one due soon.
Its assessments carry `why = (metric, max_value)` so the reasons can name the measure.

Measure `cme_credits` (cme-credits): the staff member's credits for the year as the credit policy
in force counts them (`Facts.credits`); met when the policy says so ("credits_met"), otherwise
short ("credits_short"): due soon while the year is open, a gap once it is over. Both carry
`why = (policy id, counted total, required total, then code, counted, minimum per class)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import msgspec

from backend.compliance import reasons
from backend.compliance.facts import ActivityFact, CreditFact, Facts, Subject
from backend.compliance.findings import Assessment, Finding, Status
from backend.core.periods import Period, periods_between
from backend.rules.schema import Rule


class Registry(dict):
    """A name -> entry table the measure modules add to: a name registered twice is an error,
    not a silent overwrite (two modules once both named an outcome `coverage_met`)."""

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self:
            raise KeyError(f"{key!r} is registered twice")
        super().__setitem__(key, value)

    def update(self, entries: Any = (), /, **more: Any) -> None:
        for key, value in {**dict(entries), **more}.items():
            self[key] = value


# Measures counted from facts other than activities, each in its own module of this package
# (measure_*.py): measure name -> assess(rule, subject, facts, period, assessment) -> Assessment.
# `assessment(settled, why, tally)` builds the result; a settled outcome needs an entry in SETTLED.
OTHER_MEASURES: Registry = Registry()

# Measures this engine counts; any other answers no_data until the capability that records its
# facts registers in OTHER_MEASURES.
COUNTED_MEASURES = frozenset({"held_activities", "drill_metric_max", "cme_credits"})


def evaluate(
    rules: Iterable[Rule],
    subject: Subject,
    facts: Facts,
    first_day: date,
    last_day: date,
    as_of: date,
) -> list[Finding]:
    """Findings for every rule about this subject's kind, for each period overlapping the range."""
    return [conclude(a, as_of) for a in assess(rules, subject, facts, first_day, last_day)]


def assess(
    rules: Iterable[Rule], subject: Subject, facts: Facts, first_day: date, last_day: date
) -> list[Assessment]:
    """Everything `evaluate` finds except what depends on the date: stored by
    `compliance/snapshots.py`, concluded for any as_of without reading the facts again."""
    found: list[Assessment] = []
    for rule in rules:
        if rule.subject != subject.kind:
            continue
        covered: bool | None = None  # whether the rule covers the subject: once, not a period
        for period, rule_in_force in _rule_periods(rule, first_day, last_day):
            if not rule_in_force:
                found.append(_not_in_force(rule, subject, period))
                continue
            if covered is None:
                covered = covers(rule, subject)
            found.append(_assess_in_force(rule, subject, facts, period, covered))
    return found


_RULE_PERIODS: dict[tuple[int, date, date], tuple[Rule, tuple[tuple[Period, bool], ...]]] = {}


def _rule_periods(rule: Rule, first_day: date, last_day: date) -> tuple[tuple[Period, bool], ...]:
    """The rule's periods in the range, each with whether the rule is in force in it: the same
    for every one of a province's subjects, so remembered (the entry keeps the rule itself, so
    an id is never reused for another rule while its entry lives)."""
    key = (id(rule), first_day, last_day)
    entry = _RULE_PERIODS.get(key)
    if entry is None or entry[0] is not rule:
        if len(_RULE_PERIODS) > 4096:
            _RULE_PERIODS.clear()
        periods = _periods(rule.period, first_day, last_day)
        entry = (rule, tuple((period, in_force(rule, period)) for period in periods))
        _RULE_PERIODS[key] = entry
    return entry[1]


@lru_cache(maxsize=512)
def _periods(kind: str, first_day: date, last_day: date) -> tuple[Period, ...]:
    # a matrix evaluates the same few ranges for every one of thousands of subjects
    return tuple(periods_between(kind, first_day, last_day))


def assess_period(rule: Rule, subject: Subject, facts: Facts, period: Period) -> Assessment:
    if not in_force(rule, period):
        return _not_in_force(rule, subject, period)
    return _assess_in_force(rule, subject, facts, period, covers(rule, subject))


def _not_in_force(rule: Rule, subject: Subject, period: Period) -> Assessment:
    end = rule.ended_with  # the profile's end capped the rule (catalogue)
    assessment = _assessment_of(rule, subject, period)
    if end is not None and end.valid_to < period.start:
        why = (end.name_zh, end.name_en, end.valid_to.isoformat())
        return assessment("profile_ended", (*why, end.successor_zh, end.successor_en))
    return assessment("not_in_force")


def _assessment_of(rule: Rule, subject: Subject, period: Period) -> Callable[..., Assessment]:
    """Builds the rule's assessment of the subject in the period from what was found."""

    def assessment(settled: str = "", why: tuple = (), tally: Tally | None = None) -> Assessment:
        tally = tally or _NO_TALLY  # settled outcomes count nothing
        return Assessment(
            rule_id=rule.id,
            subject_kind=subject.kind,
            subject_id=subject.id,
            subject_name=subject.name,
            period=period.label,
            period_start=period.start,
            period_end=period.end,
            required=rule.required,
            settled=settled,
            why=why,
            counted=tuple(tally.counted),
            nearly=tuple(tally.nearly),
            planned=tuple(tally.planned),
            missing=tuple(tally.missing),
            incomplete_records=tally.incomplete_records,
        )

    return assessment


def _assess_in_force(
    rule: Rule, subject: Subject, facts: Facts, period: Period, covered: bool
) -> Assessment:
    """`assess_period` for a period the rule is in force; `covered`: covers(rule, subject)."""
    assessment = _assessment_of(rule, subject, period)
    if not covered:
        return assessment("not_covered")
    if not facts.recorded.issuperset(rule.facts):
        unrecorded = (source for source in rule.facts if source not in facts.recorded)
        return assessment("no_data", tuple(unrecorded))
    if rule.measure in OTHER_MEASURES:
        return OTHER_MEASURES[rule.measure](rule, subject, facts, period, assessment)
    if rule.measure not in COUNTED_MEASURES:
        return assessment("no_data", (rule.measure,))
    minimum = _min_active_days(rule)
    if subject.kind == "staff_member" and minimum:
        days = active_days(subject, period)
        if days < minimum:
            return assessment("not_active_long_enough", (days, minimum))
    if rule.measure == "cme_credits":
        return _assess_credits(facts.credits_of(period.start.year), assessment)
    activities = facts.of_kinds(rule.qualifying.kinds)
    if rule.measure == "drill_metric_max":
        return _assess_metric(rule, subject, activities, period, assessment)
    return assessment(tally=count_period(rule, subject, activities, period))


def _assess_metric(rule: Rule, subject: Subject, activities: Sequence[ActivityFact],
                   period: Period, assessment: Callable[..., Assessment]) -> Assessment:  # fmt: skip
    metric, limit = rule.parameters.metric, rule.parameters.max_value
    tally, over = Tally(), []
    for activity in activities:
        if not period.contains(activity.day) or not qualifies(rule, subject, activity):
            continue
        if activity.status == "planned":
            tally.planned.append(activity.id)
        value = activity.metric(metric) if activity.status == "held" else None
        if value is not None and value <= limit:
            tally.counted.append(activity.id)
        elif value is not None:
            tally.nearly.append(activity.id)
            over.extend((activity.day.isoformat(), f"{value:g}"))
    why = (metric, f"{limit:g}")
    return assessment("metric_over" if over else "", (*why, *over), tally)


def _assess_credits(
    credits: CreditFact | None, assessment: Callable[..., Assessment]
) -> Assessment:
    if credits is None:  # no credit policy covers the year
        return assessment("no_data", ("credits",))
    why = [credits.policy_id, f"{credits.total_counted:g}", f"{credits.required:g}"]
    for code, counted, minimum in credits.classes:
        why += [code, f"{counted:g}", f"{minimum:g}"]
    settled = "credits_met" if credits.met else "credits_short"
    found = assessment(settled, tuple(why))
    return msgspec.structs.replace(found, required=credits.required)


# Outcomes decided before counting: their status, and the reason given the stored arguments.
SETTLED: Registry = Registry(
    {
        "not_in_force": (Status.not_applicable, reasons.not_in_force),
        "profile_ended": (Status.not_applicable, reasons.profile_ended),
        "not_covered": (Status.not_applicable, reasons.not_covered),
        "not_active_long_enough": (Status.not_applicable, reasons.not_active_long_enough),
        "no_data": (Status.no_data, lambda *sources: reasons.no_data(sources)),
        "metric_over": (Status.gap, reasons.metric_over),
        "credits_met": (Status.met, reasons.credits_met),
        "credits_short": (Status.gap, reasons.credits_short),
        "paired_outside": (Status.not_applicable, reasons.paired_outside),
        "paired_holiday_week": (Status.not_applicable, reasons.paired_holiday_week),
        "paired_no_working_day": (Status.not_applicable, reasons.paired_no_working_day),
        "paired_roster_off": (Status.partly_met, reasons.paired_roster_off),
        "paired_roster_off_none": (Status.gap, reasons.paired_roster_off_none),
        "paired_unconfirmed": (Status.partly_met, reasons.paired_unconfirmed),
    }
)
# Settled outcomes still open to change: due soon until the period is over, then a gap.
# (paired_roster_off_none: a rotation's roster out of bounds and no clinic day yet)
SHORT_UNTIL_OVER = frozenset({"credits_short", "paired_roster_off_none"})


# Settled outcomes with another status while the period is open (inspection coverage: planned).
OPEN_STATUS: Registry = Registry()
# Settled outcomes whose finding's `done` is a count in `why` (at this index), not activities.
DONE_IN_WHY: Registry = Registry()


def status_of(a: Assessment, period_over: bool) -> Status:
    if a.settled in SHORT_UNTIL_OVER and not period_over:
        return Status.due_soon
    if a.settled in OPEN_STATUS and not period_over:
        return OPEN_STATUS[a.settled]
    if a.settled:
        return SETTLED[a.settled][0]
    done = len(a.counted)
    if done >= a.required:
        return Status.met
    if not period_over and done + len(a.planned) >= a.required:
        return Status.planned
    if a.nearly or done:
        return Status.partly_met
    return Status.gap if period_over else Status.due_soon


def conclude(a: Assessment, as_of: date) -> Finding:
    """The finding as of a date: only whether the period is over depends on it."""
    status = status_of(a, as_of >= a.period_end)
    reason_zh, reason_en = _reason(a, status)
    return Finding(
        rule_id=a.rule_id,
        subject_kind=a.subject_kind,
        subject_id=a.subject_id,
        period=a.period,
        required=a.required,
        done=_done(a),
        status=status,
        missing=a.missing,
        counted=a.counted,
        nearly=a.nearly,
        planned=a.planned,
        reason_zh=reason_zh,
        reason_en=reason_en,
    )


def _done(a: Assessment) -> int:
    """Activities counted; for credits, the whole credits counted."""
    if a.settled in ("credits_met", "credits_short"):
        return int(float(a.why[1]))
    if a.settled in DONE_IN_WHY:
        return int(a.why[DONE_IN_WHY[a.settled]])
    return len(a.counted)


def _reason(a: Assessment, status: Status) -> tuple[str, str]:
    done = len(a.counted)
    if a.settled:
        return SETTLED[a.settled][1](*a.why)
    if a.why:  # a measured rule (drill_metric_max): (metric, max_value)
        return reasons.metric(status, *a.why, done, len(a.planned))
    if status is Status.met:
        return reasons.met(done, a.required)
    if status is Status.planned:
        return reasons.planned(done, len(a.planned), a.required)
    if status is Status.partly_met:
        return reasons.partly_met(done, a.required, list(a.missing), a.incomplete_records)
    if status is Status.gap:
        return reasons.gap(a.required)
    return reasons.due_soon(done, a.required)


class Tally:
    def __init__(self) -> None:
        self.counted: list[int] = []
        self.nearly: list[int] = []
        self.planned: list[int] = []
        self.missing: list[str] = []
        self.incomplete_records = 0


_NO_TALLY = Tally()  # read only: what a settled assessment counted (nothing)


def count_period(
    rule: Rule, subject: Subject, activities: Sequence[ActivityFact], period: Period
) -> Tally:
    tally = Tally()
    for activity in activities:
        if not period.contains(activity.day) or not qualifies(rule, subject, activity):
            continue
        if activity.status == "planned":
            tally.planned.append(activity.id)
        if activity.status != "held":
            continue  # cancelled never counts
        missing = missing_attendees(rule, activity)
        incomplete = activity.record_submitted is False
        if missing or incomplete:
            tally.nearly.append(activity.id)
            tally.incomplete_records += incomplete
            tally.missing.extend(code for code in missing if code not in tally.missing)
        else:
            tally.counted.append(activity.id)
    return tally


def qualifies(rule: Rule, subject: Subject, activity: ActivityFact) -> bool:
    wanted = rule.qualifying
    if activity.kind not in wanted.kinds:
        return False
    if wanted.topics and activity.topic not in wanted.topics:
        return False
    if wanted.credit_classes and activity.credit_class not in wanted.credit_classes:
        return False
    if subject.kind == "staff_member":
        return subject.id in activity.attendee_ids
    if subject.kind == "department":
        return (
            activity.host_department_kind == subject.department_kind
            or subject.department_kind in activity.present_department_kinds
        )
    return True


def alternatives(requirement: Iterable[str | Sequence[str]]) -> list[tuple[str, ...]]:
    """Each required entry is one code or a list of codes any one of which will do."""
    return [(entry,) if isinstance(entry, str) else tuple(entry) for entry in requirement]


def missing_attendees(rule: Rule, activity: ActivityFact) -> list[str]:
    missing = []
    for options in alternatives(rule.attendance.required_roles):
        if not set(options) & activity.present_roles:
            missing.append("|".join(options))
    for options in alternatives(rule.attendance.required_department_kinds):
        if not set(options) & activity.present_department_kinds:
            missing.append("|".join(options))
    return missing


def in_force(rule: Rule, period: Period) -> bool:
    starts_after = rule.effective_from and rule.effective_from > period.last_day
    ended_before = rule.effective_to and rule.effective_to < period.start
    return not (starts_after or ended_before)


def covers(rule: Rule, subject: Subject) -> bool:
    scope = rule.applies_to
    if scope.midwifery and not subject.is_midwifery:
        return False
    if scope.centre_kinds and not set(scope.centre_kinds) & subject.centre_kinds:
        return False
    if subject.kind == "department" and scope.department_kinds:
        return subject.department_kind in scope.department_kinds
    if subject.kind == "staff_member":
        if scope.staff_roles and subject.role not in scope.staff_roles:
            return False
        if scope.staff_department_kinds and subject.department_kind not in (
            scope.staff_department_kinds
        ):
            return False
    return True


def _min_active_days(rule: Rule) -> int:
    return rule.part_period.min_active_days if rule.part_period else 0


def active_days(subject: Subject, period: Period) -> int:
    """Local days in the period the staff member was employed and not on leave."""
    first = max(period.start, subject.active_from or period.start)
    last = min(period.last_day, subject.active_to or period.last_day)
    if last < first:
        return 0
    days = (last - first).days + 1
    for absence in subject.absences:
        overlap_first = max(first, absence.starts_on)
        overlap_last = min(last, absence.ends_on)
        if overlap_last >= overlap_first:
            days -= (overlap_last - overlap_first).days + 1
    return max(days, 0)


# measures counted from other facts register themselves in OTHER_MEASURES
from backend.compliance import (  # noqa: E402
    measure_competencies,  # noqa: F401
    measure_inspections,  # noqa: F401
    measure_paired_support,  # noqa: F401
    measure_spot_checks,  # noqa: F401
)

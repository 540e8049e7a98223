"""Competency rules, judged on the proving assessments (backend/competencies/facts.py).

A competency is held on a day when some proving assessment has assessed_on <= day <= valid_until
(`valid_until` was fixed when it was written, by the framework version in force that day). Every
rule looks at the period's last day, so the judgement needs no clock: an assessment that runs
out before the year ends leaves the year short, and while the year is open that is "due soon".

Measure `competencies_current` (competencies-current, staff member, year): every competency the
framework version in force on the period's last day requires of the person (role and department
kind) is held that day. Settled: competencies_held (met) or competencies_short (due soon while
open, a gap once over), `why = (held, required, name_zh, name_en of each missing one ...)`;
competencies_none_required (not applicable) when the framework asks nothing of the person.

Measure `competency_coverage` (competency-coverage, department, quarter): for each threshold of
seeds/competencies/coverage.toml naming the department's kind, the holders on the period's last
day among the department's staff employed and not on leave that day (only those who take night
shifts when the threshold says so) reach `min_current`. Settled: competency_coverage_met / _short
(due soon while open, then a gap), `why = (thresholds reached, thresholds, then name_zh,
name_en, night-shift only "1"/"0", holders, minimum of each one short ...)`;
competency_coverage_none (not applicable) when no threshold names the department's kind.

Measure `staff_exam_passed` (staff-exam, county commission, year): people, not activities. The
examinees are the staff of the rule's `staff_department_kinds` in the county's midwifery
institutions employed on the period's last day; an exam is a competency exam linked to a
staff_exam activity the commission hosted or its institutions held. `why = (examinees, sat,
passed)`: exam_all_passed (met: everyone passed one); exam_some_passed (partly met: an exam was
held, not everyone passed); exam_planned (planned while open: none held yet, one planned);
exam_none (due soon while open, then a gap).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from backend.competencies.framework import (
    Competency,
    Framework,
    default_coverage,
    default_frameworks,
    version_on,
)
from backend.compliance.evaluate import (
    DONE_IN_WHY,
    OPEN_STATUS,
    OTHER_MEASURES,
    SETTLED,
    _min_active_days,
    active_days,
)
from backend.compliance.facts import CompetencyFact, Facts, Subject
from backend.compliance.findings import Assessment, Status
from backend.core.periods import Period
from backend.rules.schema import Rule


def held_on(facts: tuple[CompetencyFact, ...], day: date) -> set[str]:
    """The competencies some proving assessment covers on `day`."""
    return {fact.competency for fact in facts if fact.holds_on(day)}


def _holds(facts: tuple[CompetencyFact, ...], competency: str, day: date) -> bool:
    return any(fact.competency == competency and fact.holds_on(day) for fact in facts)


def employed_on(person: Subject, day: date) -> bool:
    """Employed on `day` and not on leave that day."""
    if person.active_from and person.active_from > day:
        return False
    if person.active_to and person.active_to < day:
        return False
    return not any(a.starts_on <= day <= a.ends_on for a in person.absences)


def competency_names(competency_id: str, day: date) -> tuple[str, str]:
    """Its names in the version in force on `day`, else the newest version that knows it."""
    versions = default_frameworks()
    found = version_on(day, versions).competency(competency_id)
    for framework in reversed(versions):
        found = found or framework.competency(competency_id)
    return (found.name_zh, found.name_en) if found else (competency_id, competency_id)


# --- competencies-current ----------------------------------------------------------------------


_REQUIRED: dict[tuple[str, str, date], tuple[Competency, ...]] = {}
_REQUIRED_FROM: list[tuple[Framework, ...]] = []  # the framework versions _REQUIRED was read from


def required_of(person: Subject, day: date) -> tuple[Competency, ...]:
    """What the version in force on `day` requires of the person's role and department kind:
    the same answer for thousands of people, so remembered for as long as the versions last."""
    versions = default_frameworks()
    if not _REQUIRED_FROM or _REQUIRED_FROM[0] is not versions:
        _REQUIRED.clear()
        _REQUIRED_FROM[:] = [versions]
    key = (person.role, person.department_kind, day)
    if key not in _REQUIRED:
        _REQUIRED[key] = version_on(day, versions).required_for(*key[:2])
    return _REQUIRED[key]


def assess_current(
    rule: Rule,
    subject: Subject,
    facts: Facts,
    period: Period,
    assessment: Callable[..., Assessment],
) -> Assessment:
    minimum = _min_active_days(rule)
    if minimum:
        days = active_days(subject, period)
        if days < minimum:
            return assessment("not_active_long_enough", (days, minimum))
    last = period.last_day
    required = required_of(subject, last)
    if not required:
        return assessment("competencies_none_required")
    held = held_on(facts.competencies, last)
    missing = [c for c in required if c.id not in held]
    why: list[str | int] = [len(required) - len(missing), len(required)]
    for competency in missing:
        why += [competency.name_zh, competency.name_en]
    settled = "competencies_short" if missing else "competencies_held"
    return msgspec.structs.replace(assessment(settled, tuple(why)), required=len(required))


def _names(names: tuple[str, ...], lang: int) -> str:
    return ("、" if lang == 0 else ", ").join(names[lang::2])


def competencies_held(held: int, required: int) -> tuple[str, str]:
    return (
        f"所需的 {required} 项胜任力在本年度末均在有效期内。",
        f"All {required} required competencies are current at the end of the year.",
    )


def competencies_short(held: int, required: int, *names: str) -> tuple[str, str]:
    return (
        f"所需 {required} 项胜任力中，年度末在有效期内的有 {held} 项；"
        f"尚缺：{_names(names, 0)}。请安排考核或演练评估。",
        f"{held} of {required} required competencies current at the end of the year; "
        f"missing: {_names(names, 1)}. Arrange an assessment.",
    )


def competencies_none_required() -> tuple[str, str]:
    return (
        "按胜任力框架，该岗位没有须持有的胜任力。",
        "The competency framework requires nothing of this post.",
    )


# --- competency-coverage -----------------------------------------------------------------------


def assess_coverage(
    rule: Rule,
    subject: Subject,
    facts: Facts,
    period: Period,
    assessment: Callable[..., Assessment],
) -> Assessment:
    last = period.last_day
    thresholds = [
        t for t in default_coverage().thresholds if subject.department_kind in t.department_kinds
    ]
    if not thresholds:
        return assessment("competency_coverage_none")
    members = [m for m in facts.department_staff.get(subject.id, ()) if employed_on(m.person, last)]
    short: list[str | int] = []
    for threshold in thresholds:
        counted = [m for m in members if m.person.night_shifts or not threshold.night_shifts_only]
        holders = sum(1 for m in counted if _holds(m.competencies, threshold.competency, last))
        if holders < threshold.min_current:
            name_zh, name_en = competency_names(threshold.competency, last)
            night = "1" if threshold.night_shifts_only else "0"
            short += [name_zh, name_en, night, holders, threshold.min_current]
    reached = len(thresholds) - len(short) // 5
    settled = "competency_coverage_short" if short else "competency_coverage_met"
    found = assessment(settled, (reached, len(thresholds), *short))
    return msgspec.structs.replace(found, required=len(thresholds))


def _shortfalls(short: tuple, lang: int) -> str:
    parts = []
    for i in range(0, len(short), 5):
        name_zh, name_en, night, holders, minimum = short[i : i + 5]
        if lang == 0:
            among = "夜班人员中" if night == "1" else "科室人员中"
            parts.append(f"{name_zh}：{among}当前持有 {holders} 人，少于 {minimum} 人")
        else:
            among = "night-shift staff" if night == "1" else "the department's staff"
            parts.append(f"{name_en}: {holders} current among {among}, fewer than {minimum}")
    return ("；" if lang == 0 else "; ").join(parts)


def coverage_met(reached: int, thresholds: int) -> tuple[str, str]:
    return (
        f"{thresholds} 项胜任力覆盖要求在本季度末均已达到。",
        f"All {thresholds} competency coverage thresholds reached at the end of the quarter.",
    )


def coverage_short(reached: int, thresholds: int, *short: str | int) -> tuple[str, str]:
    return (
        f"{_shortfalls(short, 0)}（季度末，{thresholds} 项要求中达到 {reached} 项）。",
        f"{_shortfalls(short, 1)} (end of quarter; {reached} of {thresholds} thresholds reached).",
    )


def coverage_none() -> tuple[str, str]:
    return (
        "该类科室没有胜任力人员覆盖要求。",
        "No competency coverage threshold applies to this kind of department.",
    )


# --- staff-exam (county commission) ------------------------------------------------------------


def assess_staff_exam(
    rule: Rule,
    subject: Subject,
    facts: Facts,
    period: Period,
    assessment: Callable[..., Assessment],
) -> Assessment:
    last = period.last_day
    kinds = rule.applies_to.staff_department_kinds
    examinees = {
        person.id
        for person in facts.examinees
        if (not kinds or person.department_kind in kinds) and employed_on(person, last)
    }
    sittings = [s for s in facts.exam_sittings if period.contains(s.day)]
    sat = {s.staff_id for s in sittings} & examinees
    passed = {s.staff_id for s in sittings if s.passed} & examinees
    activities = [
        a
        for a in facts.of_kinds(rule.qualifying.kinds)
        if period.contains(a.day) and a.status != "cancelled"
    ]
    held = bool(sittings) or any(a.status == "held" for a in activities)
    why = (len(examinees), len(sat), len(passed))
    if held and len(passed) == len(examinees):
        settled = "exam_all_passed"
    elif held:
        settled = "exam_some_passed"
    elif activities:  # planned, none held yet
        settled = "exam_planned"
    else:
        settled = "exam_none"
    return msgspec.structs.replace(assessment(settled, why), required=len(examinees))


def _exam_counts(examinees: int, sat: int, passed: int) -> tuple[str, str]:
    return (
        f"应考 {examinees} 人，参考 {sat} 人，通过 {passed} 人",
        f"{examinees} to be examined, {sat} sat, {passed} passed",
    )


def exam_all_passed(examinees: int, sat: int, passed: int) -> tuple[str, str]:
    if not examinees:
        return (
            "本年度已组织考试；辖区助产机构暂无在册的妇产科和新生儿科人员。",
            "An exam was held; the county's midwifery institutions list no obstetric or "
            "neonatal staff.",
        )
    zh, en = _exam_counts(examinees, sat, passed)
    return f"全员考试已完成：{zh}。", f"Every examinee passed: {en}."


def exam_some_passed(examinees: int, sat: int, passed: int) -> tuple[str, str]:
    zh, en = _exam_counts(examinees, sat, passed)
    return (
        f"已组织考试，但未实现全员通过：{zh}。请安排未参考或未通过的人员补考。",
        f"An exam was held but not everyone passed: {en}. Arrange a resit.",
    )


def exam_planned(examinees: int, sat: int, passed: int) -> tuple[str, str]:
    return (
        f"本年度尚未举行全员考试，已有计划（应考 {examinees} 人）。",
        f"No staff exam held this year; one is planned ({examinees} to be examined).",
    )


def exam_none(examinees: int, sat: int, passed: int) -> tuple[str, str]:
    return (
        f"本年度尚未组织妇产科和新生儿科全员考试（应考 {examinees} 人）。",
        f"No full-staff exam held this year ({examinees} to be examined).",
    )


OTHER_MEASURES.update(
    {
        "competencies_current": assess_current,
        "competency_coverage": assess_coverage,
        "staff_exam_passed": assess_staff_exam,
    }
)
SETTLED.update(
    {
        "competencies_held": (Status.met, competencies_held),
        "competencies_short": (Status.gap, competencies_short),
        "competencies_none_required": (Status.not_applicable, competencies_none_required),
        "competency_coverage_met": (Status.met, coverage_met),
        "competency_coverage_short": (Status.gap, coverage_short),
        "competency_coverage_none": (Status.not_applicable, coverage_none),
        "exam_all_passed": (Status.met, exam_all_passed),
        "exam_some_passed": (Status.partly_met, exam_some_passed),
        "exam_planned": (Status.gap, exam_planned),
        "exam_none": (Status.gap, exam_none),
    }
)
# Short while the period is open: due soon (a planned exam: planned); once over, a gap.
OPEN_STATUS.update(
    {
        "competencies_short": Status.due_soon,
        "competency_coverage_short": Status.due_soon,
        "exam_none": Status.due_soon,
        "exam_planned": Status.planned,
    }
)
DONE_IN_WHY.update(
    {
        "competencies_held": 0,
        "competencies_short": 0,
        "competency_coverage_met": 0,
        "competency_coverage_short": 0,
        "exam_all_passed": 2,
        "exam_some_passed": 2,
        "exam_planned": 2,
        "exam_none": 2,
    }
)

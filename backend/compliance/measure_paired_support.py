"""Measure `paired_support_clinic_days` (rule paired-support): one subject per agreement
(`paired_support_rotation`), judged per ISO week inside the supporting institution's snapshot.

A week is
- not applicable outside the agreement's dates ("paired_outside"), or when it has no working
  day at all ("paired_holiday_week", 法定节假日周: drillbook's reading, not the policy's text), or
  when the days of it inside the agreement are all days off ("paired_no_working_day");
- met with at least `required` clinic days held and confirmed by the supporting institution and
  the roster within the rule's bounds (roster_min_size..roster_max_size members of
  roster_min_title or above, on the roster the week's last day inside the agreement);
- partly met when enough were held but the roster was out of bounds ("paired_roster_off") or
  some are still awaiting the supporting institution's confirmation ("paired_unconfirmed");
- with no confirmed day and the roster out of bounds: due soon while open, then a gap
  ("paired_roster_off_none"); otherwise counted as any rule: planned days make it "planned",
  nothing held a gap once the week is over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from backend.compliance.evaluate import OTHER_MEASURES, Tally
from backend.compliance.facts import Facts, Subject
from backend.compliance.findings import Assessment
from backend.core.periods import Period
from backend.paired_support.weeks import roster_on, working_days
from backend.rules.schema import Rule


def roster_bounds(rule: Rule) -> tuple[int, int | None, str]:
    parameters = rule.parameters
    return (
        parameters.roster_min_size or 0,
        parameters.roster_max_size,
        parameters.roster_min_title or "none",
    )


def assess_week(
    rule: Rule,
    subject: Subject,
    facts: Facts,
    period: Period,
    assessment: Callable[..., Assessment],
) -> Assessment:
    agreement = next((a for a in facts.paired_support if a.agreement_id == subject.id), None)
    if agreement is None:
        return assessment("no_data", ("paired_support",))
    first = max(period.start, agreement.starts_on)
    end = min(period.end, agreement.ends_on + timedelta(days=1))
    if first >= end:
        return assessment("paired_outside")
    if not working_days(period.start, period.end, agreement.days_off):
        return assessment("paired_holiday_week")
    if not working_days(first, end, agreement.days_off):
        return assessment("paired_no_working_day")
    tally = Tally()
    held_unconfirmed = []
    for day in agreement.clinic_days:
        if not first <= day.day < end:
            continue
        if day.status == "held" and day.confirmed:
            tally.counted.append(day.id)
        elif day.status == "held":
            held_unconfirmed.append(day.id)
        elif day.status == "planned":
            tally.planned.append(day.id)
    low, high, title = roster_bounds(rule)
    size = len(roster_on(agreement.roster, end - timedelta(days=1), title))
    bounds_ok = size >= low and (high is None or size <= high)
    confirmed, required = len(tally.counted), rule.required
    if not bounds_ok:
        why = (size, low, high if high is not None else "", title)
        settled = "paired_roster_off" if confirmed >= required else "paired_roster_off_none"
        return assessment(settled, why, tally)
    if confirmed < required <= confirmed + len(held_unconfirmed):
        tally.nearly.extend(held_unconfirmed)
        return assessment("paired_unconfirmed", (len(held_unconfirmed),), tally)
    tally.nearly.extend(held_unconfirmed)
    return assessment(tally=tally)


OTHER_MEASURES["paired_support_clinic_days"] = assess_week

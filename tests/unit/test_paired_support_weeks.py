"""Weekly paired-support compliance: holiday weeks, short rosters, titles (pure engine)."""

from __future__ import annotations

from datetime import date

from backend.compliance.evaluate import assess_period, conclude
from backend.compliance.facts import ClinicDayFact, Facts, PairedSupportFact, RosterFact, Subject
from backend.core.periods import parse_period
from backend.paired_support.weeks import days_off_between, title_at_least
from backend.rules.catalogue import default_catalogue

RULE = default_catalogue().rules["paired-support"]
SENIORS = tuple(RosterFact(i, "associate_senior", date(2026, 1, 1)) for i in (1, 2, 3))
SUBJECT = Subject(kind="paired_support_rotation", id=7, name="县妇幼保健院")


def judge(week: str, roster=SENIORS, days=(), as_of=date(2026, 12, 1)):
    fact = PairedSupportFact(
        agreement_id=7,
        name="县妇幼保健院",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        roster=roster,
        clinic_days=tuple(days),
        days_off=days_off_between(date(2026, 1, 1), date(2026, 12, 31)),
    )
    facts = Facts(paired_support=(fact,), recorded=Facts().recorded | {"paired_support"})
    return conclude(assess_period(RULE, SUBJECT, facts, parse_period(week)), as_of)


def held(day: date, confirmed: bool = True, n: int = 1) -> ClinicDayFact:
    return ClinicDayFact(n, day, 1, "held", confirmed)


def test_the_spring_festival_week_is_a_holiday_week_not_a_gap():
    finding = judge("2026-W08")  # 16-22 February 2026: all statutory holidays
    assert finding.status == "not_applicable"
    assert "法定节假日周" in finding.reason_zh


def test_an_ordinary_week_without_a_clinic_day_is_a_gap_and_with_one_is_met():
    assert judge("2026-W10").status == "gap"
    assert judge("2026-W10", days=[held(date(2026, 3, 4))]).status == "met"


def test_a_week_with_a_working_day_inside_a_holiday_is_still_judged():
    # 2026 National Day: 1-7 October off, 8-9 October working: the week of 5 October counts
    assert judge("2026-W41").status == "gap"


def test_a_held_day_awaiting_confirmation_is_partly_met():
    finding = judge("2026-W10", days=[held(date(2026, 3, 4), confirmed=False)])
    assert finding.status == "partly_met"
    assert "等待支援单位确认" in finding.reason_zh


def test_a_short_roster_is_not_met_even_with_a_clinic_day():
    finding = judge("2026-W10", roster=SENIORS[:2], days=[held(date(2026, 3, 4))])
    assert finding.status == "partly_met"
    assert "2 人" in finding.reason_zh
    assert "副高" in finding.reason_zh and "associate senior" in finding.reason_en
    assert judge("2026-W10", roster=SENIORS[:2]).status == "gap"


def test_a_short_roster_week_still_open_is_due_soon_not_a_gap():
    assert judge("2026-W49", roster=SENIORS[:2], as_of=date(2026, 12, 1)).status == "due_soon"


def test_juniors_and_people_who_left_do_not_make_up_the_roster():
    roster = (*SENIORS[:2], RosterFact(4, "intermediate", date(2026, 1, 1)))
    assert judge("2026-W10", roster=roster, days=[held(date(2026, 3, 4))]).status == "partly_met"
    left = (*SENIORS[:2], RosterFact(3, "senior", date(2026, 1, 1), date(2026, 2, 1)))
    assert judge("2026-W10", roster=left, days=[held(date(2026, 3, 4))]).status == "partly_met"
    assert judge("2026-W03", roster=left, days=[held(date(2026, 1, 14))]).status == "met"


def test_weeks_outside_the_agreement_are_not_applicable():
    assert judge("2027-W10").status == "not_applicable"


def test_a_planned_day_makes_an_open_week_planned():
    plan = ClinicDayFact(9, date(2026, 12, 3), 1, "planned")
    assert judge("2026-W49", days=[plan], as_of=date(2026, 12, 1)).status == "planned"
    assert judge("2026-W49", days=[plan], as_of=date(2026, 12, 8)).status == "gap"


def test_title_order():
    assert title_at_least("senior", "associate_senior")
    assert title_at_least("associate_senior", "associate_senior")
    assert not title_at_least("intermediate", "associate_senior")
    assert not title_at_least("junior", "associate_senior")

"""The year planner proposes on China's working days, spreads drills, and says what it knows."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from backend.core.clock import SHANGHAI
from backend.core.working_days import HolidayCalendarError, work_calendar
from backend.rules.catalogue import default_catalogue
from backend.year_plan.proposals import PlanOptions, propose_year

KAIFENG = default_catalogue().rules_of("kaifeng-2022")
CHONGQING = default_catalogue().rules_of("chongqing-2020")


def _local(proposal):
    return proposal.starts_at.astimezone(SHANGHAI)


def test_2026_knows_national_day_spring_festival_and_a_makeup_saturday():
    calendar = work_calendar(2026)
    assert calendar.source == "chinesecalendar"
    assert not calendar.is_working_day(date(2026, 10, 1))
    assert not calendar.is_working_day(date(2026, 2, 17))  # Spring Festival
    saturday = date(2026, 2, 28)  # 调休: a Saturday worked for the Spring Festival week
    assert saturday.weekday() == 5 and calendar.is_working_day(saturday)


def test_a_year_the_package_does_not_know_falls_back_to_weekends_only(tmp_path):
    calendar = work_calendar(2027, tmp_path)
    assert calendar.source == "weekends_only"
    assert calendar.is_working_day(date(2027, 10, 1))  # not known to be a holiday
    assert not calendar.is_working_day(date(2027, 10, 2))  # a Saturday


def test_a_supplied_schedule_wins_with_its_holidays_and_makeup_days(tmp_path):
    (tmp_path / "2027.toml").write_text(
        'year = 2027\nsource = "国务院办公厅通知"\n'
        "holidays = [2027-10-01, 2027-10-04]\nmakeup_workdays = [2027-09-26]\n",
        encoding="utf-8",
    )
    calendar = work_calendar(2027, tmp_path)
    assert calendar.source == "seed_file"
    assert not calendar.is_working_day(date(2027, 10, 4))
    assert calendar.is_working_day(date(2027, 9, 26))  # a Sunday worked


@pytest.mark.parametrize(
    "body, problem",
    [
        ('year = 2028\nsource = "x"\n', "year"),
        ('year = 2027\nsource = "x"\nholidays = [2026-12-31]\n', "holidays"),
        (
            'year = 2027\nsource = "x"\nholidays = [2027-05-01]\nmakeup_workdays = [2027-05-01]\n',
            "both",
        ),
        ("year = 2027\n", "source"),
    ],
)
def test_a_wrong_schedule_file_is_refused_naming_the_file(tmp_path, body, problem):
    (tmp_path / "2027.toml").write_text(body, encoding="utf-8")
    with pytest.raises(
        HolidayCalendarError, match=rf"2027\.toml: .*{problem}|2027\.toml.*{problem}"
    ):
        work_calendar(2027, tmp_path)


def test_kaifeng_gets_quarterly_drills_and_half_yearly_joint_meetings_on_working_days():
    calendar = work_calendar(2026)
    proposals = propose_year(KAIFENG, 2026, calendar, PlanOptions(seed=1))
    counts = Counter(p.rule_id for p in proposals)
    assert counts["pph-drill"] == 4 and counts["asphyxia-drill"] == 4
    assert counts["joint-meeting"] == 2
    by_rule = {p.rule_id: [] for p in proposals}
    for p in proposals:
        by_rule[p.rule_id].append(p.period_label)
    assert by_rule["pph-drill"] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert all(calendar.is_working_day(_local(p).date()) for p in proposals)


def test_national_day_is_never_proposed_and_no_quarter_piles_up_in_its_last_week():
    calendar = work_calendar(2026)
    for seed in range(40):
        for p in propose_year(KAIFENG, 2026, calendar, PlanOptions(seed=seed)):
            day = _local(p).date()
            assert day != date(2026, 10, 1)
            if p.period_label.endswith(("Q1", "Q2", "Q3", "Q4")):
                quarter_end = {
                    "Q1": date(2026, 3, 31),
                    "Q2": date(2026, 6, 30),
                    "Q3": date(2026, 9, 30),
                    "Q4": date(2026, 12, 31),
                }
                assert (quarter_end[p.period_label[-2:]] - day).days >= 7


def test_drill_timing_varies_and_the_same_seed_gives_the_same_plan():
    calendar = work_calendar(2026)
    plan = propose_year(KAIFENG, 2026, calendar, PlanOptions(seed=7))
    assert len({_local(p).day for p in plan}) > 3
    assert len({_local(p).time() for p in plan}) > 2
    assert plan == propose_year(KAIFENG, 2026, calendar, PlanOptions(seed=7))
    days = [_local(p).date() for p in plan]
    assert len(days) == len(set(days))  # never two on one day when another is free


def test_night_and_weekend_drills_appear_only_when_the_officer_asks():
    calendar = work_calendar(2026)
    plain = [
        p for s in range(10) for p in propose_year(KAIFENG, 2026, calendar, PlanOptions(seed=s))
    ]
    assert not any(p.off_hours for p in plain)
    asked = PlanOptions(night_drills=True, weekend_drills=True)
    bold = [
        p
        for s in range(10)
        for p in propose_year(KAIFENG, 2026, calendar, PlanOptions(**{**asked.__dict__, "seed": s}))
    ]
    assert any(_local(p).hour >= 20 for p in bold if p.kind == "drill")
    assert any(calendar.is_day_off(_local(p).date()) for p in bold if p.kind == "drill")
    assert not any(_local(p).date() in calendar.holidays for p in bold)  # weekends, not festivals
    assert not any(p.off_hours for p in bold if p.kind != "drill")


def test_chongqing_plans_a_simulation_every_month():
    plan = propose_year(CHONGQING, 2026, work_calendar(2026), PlanOptions())
    months = [p.period_label for p in plan if p.rule_id == "monthly-simulation"]
    assert months == [f"2026-{m:02d}" for m in range(1, 13)]


def test_periods_already_over_are_not_proposed():
    plan = propose_year(
        KAIFENG, 2026, work_calendar(2026), PlanOptions(not_before=date(2026, 7, 1))
    )
    assert {p.period_label for p in plan} == {"2026-Q3", "2026-Q4", "2026-H2"}
    assert all(_local(p).date() >= date(2026, 7, 1) for p in plan)

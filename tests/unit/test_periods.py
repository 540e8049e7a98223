from datetime import UTC, date, datetime

import pytest

from backend.core.periods import (
    local_date,
    parse_period,
    period_containing,
    periods_between,
    periods_of_year,
)


@pytest.mark.parametrize(
    ("kind", "day", "label", "start", "end"),
    [
        ("month", date(2026, 2, 14), "2026-02", date(2026, 2, 1), date(2026, 3, 1)),
        ("month", date(2026, 12, 31), "2026-12", date(2026, 12, 1), date(2027, 1, 1)),
        ("quarter", date(2026, 3, 31), "2026-Q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("quarter", date(2026, 10, 1), "2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
        ("half", date(2026, 6, 30), "2026-H1", date(2026, 1, 1), date(2026, 7, 1)),
        ("half", date(2026, 7, 1), "2026-H2", date(2026, 7, 1), date(2027, 1, 1)),
        ("year", date(2025, 5, 5), "2025", date(2025, 1, 1), date(2026, 1, 1)),
        ("week", date(2026, 4, 1), "2026-W14", date(2026, 3, 30), date(2026, 4, 6)),
        ("week", date(2027, 1, 1), "2026-W53", date(2026, 12, 28), date(2027, 1, 4)),
    ],
)
def test_a_day_belongs_to_the_calendar_period_reports_name(kind, day, label, start, end):
    period = period_containing(kind, day)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert parse_period(label) == period


def test_an_activity_late_on_the_last_utc_evening_of_a_quarter_counts_in_the_next_one():
    # 2026-03-31 17:00 UTC is 2026-04-01 01:00 in Shanghai
    moment = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    assert period_containing("quarter", local_date(moment)).label == "2026-Q2"


def test_a_year_has_4_quarters_2_halves_12_months_and_its_iso_weeks():
    assert [p.label for p in periods_of_year("quarter", 2026)] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert len(periods_of_year("half", 2026)) == 2
    assert len(periods_of_year("month", 2026)) == 12
    assert len(periods_of_year("week", 2026)) == 53
    assert len(periods_of_year("week", 2025)) == 52


def test_periods_between_covers_partial_periods_at_both_ends():
    labels = [p.label for p in periods_between("quarter", date(2025, 11, 5), date(2026, 2, 1))]
    assert labels == ["2025-Q4", "2026-Q1"]


@pytest.mark.parametrize("label", ["2026-Q5", "2026-13", "26-Q1", "2026-H3", "", "2026-W60"])
def test_a_malformed_label_is_refused(label):
    with pytest.raises(ValueError):
        parse_period(label)

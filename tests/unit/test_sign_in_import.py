"""Sign-in times as officers type them from the paper sheet, read as Shanghai wall time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from backend.attendance.sign_in_import import parse_sign_in_time

DAY = date(2031, 3, 10)
AT_0855 = datetime(2031, 3, 10, 0, 55, tzinfo=UTC)  # 08:55 in Shanghai


@pytest.mark.parametrize(
    "typed",
    ["08:55", "8:55", "8：55", "8点55", "08:55:00", "2031-03-10 08:55", "2031/3/10 8:55",
     "2031-03-10T08:55", "2031年3月10日 08:55", time(8, 55), datetime(2031, 3, 10, 8, 55),
     (8 * 60 + 55) / 1440],
)  # fmt: skip
def test_the_usual_ways_of_writing_a_time_all_read_as_0855_shanghai(typed):
    assert parse_sign_in_time(typed, DAY) == AT_0855


def test_a_time_without_a_date_is_on_the_activitys_day_and_a_date_is_kept():
    assert parse_sign_in_time("2031-03-11 08:55", DAY).date() == date(2031, 3, 11)


@pytest.mark.parametrize("typed", ["明天早上", "25:00", "8:61", "2031-13-01 08:00", 12.5, "0855a"])
def test_text_that_is_not_a_time_is_unreadable(typed):
    assert parse_sign_in_time(typed, DAY) is None

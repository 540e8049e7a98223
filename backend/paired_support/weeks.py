"""Which weeks of a paired-support agreement have working days (the holiday-week exemption),
and who is on its roster in a week.

Working days come from the year planner's sources (`backend/core/working_days.py`): a
seeds/holidays/YEAR.toml when supplied, else the chinesecalendar package (which knows years up to
2026), else weekends only, in which case no week is ever a holiday week. A week with no working
day at all (e.g. the Spring Festival week of 2026, 16-22 February) is judged "法定节假日周" (not
applicable), not a gap: drillbook's reading, the policy text says only "每周".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from backend.compliance.facts import RosterFact
from backend.core.working_days import is_working_day

TITLE_ORDER = ("none", "junior", "intermediate", "associate_senior", "senior")


def title_rank(title: str) -> int:
    """Higher is more senior; an unknown title ranks lowest."""
    return TITLE_ORDER.index(title) if title in TITLE_ORDER else 0


def title_at_least(title: str, minimum: str) -> bool:
    return title_rank(title) >= title_rank(minimum)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def days_off_between(first: date, last: date) -> frozenset[date]:
    """The non-working days of the whole ISO weeks from `first`'s week to `last`'s."""
    day, end = week_start(first), week_start(last) + timedelta(days=7)
    off = set()
    while day < end:
        if not is_working_day(day):
            off.add(day)
        day += timedelta(days=1)
    return frozenset(off)


def working_days(start: date, end: date, days_off: frozenset[date]) -> list[date]:
    """Working days in [start, end) given the non-working ones."""
    return [
        start + timedelta(days=n)
        for n in range((end - start).days)
        if start + timedelta(days=n) not in days_off
    ]


def on_roster(member: RosterFact, day: date) -> bool:
    return member.joined_on <= day and (member.left_on is None or member.left_on >= day)


def roster_on(roster: Iterable[RosterFact], day: date, min_title: str) -> list[RosterFact]:
    """Members on the roster that day who hold the title the rule asks for."""
    return [m for m in roster if on_roster(m, day) and title_at_least(m.title, min_title)]

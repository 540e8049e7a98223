"""Calendar periods in China Standard Time: week, month, quarter, half-year, year.

A period is a half-open range of local dates [start, end). Labels are the ones reports show:
`2026-W14` (ISO week), `2026-03`, `2026-Q1`, `2026-H1`, `2026`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from backend.core.clock import FIRST_DAY, LAST_DAY, SHANGHAI
from backend.core.errors import InvalidInput


class PeriodKind(StrEnum):
    week = "week"
    month = "month"
    quarter = "quarter"
    half = "half"
    year = "year"


@dataclass(frozen=True, order=True)
class Period:
    start: date  # first local day
    end: date  # first local day after the period
    kind: PeriodKind
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period, as an aware datetime in Asia/Shanghai."""
        return datetime.combine(self.start, datetime.min.time(), SHANGHAI)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.end, datetime.min.time(), SHANGHAI)


def _month_start(year: int, month: int) -> date:
    # months past December roll into the next year
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def period_containing(kind: PeriodKind | str, day: date) -> Period:
    """The period of `kind` that contains local date `day`."""
    kind = PeriodKind(kind)
    if kind is PeriodKind.week:
        iso_year, week, weekday = day.isocalendar()
        start = day - timedelta(days=weekday - 1)
        return Period(start, start + timedelta(days=7), kind, f"{iso_year}-W{week:02d}")
    if kind is PeriodKind.year:
        return Period(date(day.year, 1, 1), date(day.year + 1, 1, 1), kind, f"{day.year}")
    months = {PeriodKind.month: 1, PeriodKind.quarter: 3, PeriodKind.half: 6}[kind]
    index = (day.month - 1) // months
    start = _month_start(day.year, index * months + 1)
    end = _month_start(day.year, index * months + months + 1)
    label = {
        PeriodKind.month: f"{day.year}-{day.month:02d}",
        PeriodKind.quarter: f"{day.year}-Q{index + 1}",
        PeriodKind.half: f"{day.year}-H{index + 1}",
    }[kind]
    return Period(start, end, kind, label)


def periods_between(kind: PeriodKind | str, first_day: date, last_day: date) -> list[Period]:
    """Every period of `kind` that overlaps the local dates first_day..last_day (inclusive)."""
    periods: list[Period] = []
    day = first_day
    while day <= last_day:
        period = period_containing(kind, day)
        periods.append(period)
        day = period.end
    return periods


def periods_of_year(kind: PeriodKind | str, year: int) -> list[Period]:
    """The periods of a calendar year; ISO weeks are those whose Thursday falls in the year."""
    if PeriodKind(kind) is PeriodKind.week:
        first_monday = date.fromisocalendar(year, 1, 1)
        last_monday = date.fromisocalendar(year + 1, 1, 1) - timedelta(days=7)
        return periods_between(kind, first_monday, last_monday)
    return periods_between(kind, date(year, 1, 1), date(year, 12, 31))


def local_date(moment: datetime) -> date:
    """The China Standard Time calendar date of an aware instant."""
    return moment.astimezone(SHANGHAI).date()


_LABELS = [
    (re.compile(r"^(\d{4})-W(\d{2})$"), PeriodKind.week),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodKind.quarter),
    (re.compile(r"^(\d{4})-H([12])$"), PeriodKind.half),
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.month),
    (re.compile(r"^(\d{4})$"), PeriodKind.year),
]


def parse_period(label: str) -> Period:
    """`2026-Q1` -> Period; ValueError for anything that is not a period label."""
    for pattern, kind in _LABELS:
        match = pattern.match(label)
        if not match:
            continue
        year = int(match.group(1))
        number = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
        if kind is PeriodKind.week:
            return period_containing(kind, date.fromisocalendar(year, number, 1))
        months = {PeriodKind.month: 1, PeriodKind.quarter: 3, PeriodKind.half: 6}.get(kind, 12)
        if kind is PeriodKind.month and not 1 <= number <= 12:
            break
        return period_containing(kind, _month_start(year, (number - 1) * months + 1))
    raise ValueError(f"not a period label: {label!r}")


def day_in_range(field: str, day: date | None) -> date | None:
    """`day` itself, or 400 naming the query parameter and the dates allowed."""
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            "date_out_of_range", field=field, first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
        )
    return day

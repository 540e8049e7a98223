"""Which days are working days in China: statutory holidays off, 调休 make-up days on.

Sources, in order: a schedule supplied in seeds/holidays/YEAR.toml (the State Council's notice,
added when published; it wins so a correction can be supplied), the chinesecalendar package
(years it knows: up to 2026 in the installed release), else weekends only, which the planner
page says out loud.

The one place drillbook decides working days: the year planner (one WorkCalendar per plan), the
paired-support holiday weeks and the demo city's generator (`is_working_day`, a calendar per year
read once per process) all ask here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

HOLIDAYS_DIR = Path(__file__).resolve().parents[2] / "seeds" / "holidays"
Source = Literal["seed_file", "chinesecalendar", "weekends_only"]


class HolidayCalendarError(ValueError):
    """A holiday schedule file that cannot be trusted."""


@dataclass(frozen=True)
class WorkCalendar:
    year: int
    source: Source
    holidays: frozenset[date] = field(default_factory=frozenset)  # statutory days off
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)
    citation: str = ""

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def is_day_off(self, day: date) -> bool:
        return not self.is_working_day(day)


def _days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def _from_file(path: Path, year: int) -> WorkCalendar:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise HolidayCalendarError(f"{path.name}: not valid TOML: {exc}") from exc
    if raw.get("year") != year:
        raise HolidayCalendarError(f"{path.name}: year: must be {year}, the file's name")
    if not str(raw.get("source", "")).strip():
        raise HolidayCalendarError(f"{path.name}: source: name the official notice")
    lists = {}
    for name in ("holidays", "makeup_workdays"):
        values = raw.get(name, [])
        for value in values:
            if not isinstance(value, date) or value.year != year:
                raise HolidayCalendarError(
                    f"{path.name}: {name}: {value!r} is not a date in {year}"
                )
        lists[name] = frozenset(values)
    both = lists["holidays"] & lists["makeup_workdays"]
    if both:
        raise HolidayCalendarError(
            f"{path.name}: {min(both)} is both a holiday and a make-up working day"
        )
    return WorkCalendar(
        year, "seed_file", lists["holidays"], lists["makeup_workdays"], raw["source"]
    )


def _from_package(year: int) -> WorkCalendar | None:
    import chinese_calendar

    try:
        days = _days(year)
        # statutory holidays, weekend days inside them included (plain weekends have no name)
        holidays = frozenset(d for d in days if all(chinese_calendar.get_holiday_detail(d)))
        makeup = frozenset(d for d in days if d.weekday() >= 5 and chinese_calendar.is_workday(d))
    except NotImplementedError:  # the package does not know this year
        return None
    return WorkCalendar(year, "chinesecalendar", holidays, makeup, "chinesecalendar")


def work_calendar(year: int, holidays_dir: Path | None = None) -> WorkCalendar:
    path = (holidays_dir or HOLIDAYS_DIR) / f"{year}.toml"
    if path.exists():
        return _from_file(path, year)
    return _from_package(year) or WorkCalendar(year, "weekends_only")


@lru_cache(maxsize=64)
def _cached_calendar(year: int) -> WorkCalendar:
    return work_calendar(year)


def is_working_day(day: date) -> bool:
    """The day's year's calendar, read once per process (generators and per-week judgements)."""
    return _cached_calendar(day.year).is_working_day(day)

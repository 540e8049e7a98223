"""The one place that reads the clock and turns Shanghai calendar dates into UTC instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The calendar the app works in: wide enough for any record or plan, narrow enough that a date
# or time always converts between Shanghai and UTC (0001-01-01 and 9999-12-31 overflow).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def utc_now_exact() -> datetime:
    """With microseconds: log lines, where requests a few milliseconds apart must stay apart."""
    return datetime.now(UTC)


def today_in_shanghai() -> date:
    return datetime.now(SHANGHAI).date()


def start_of_day_utc(day: date) -> datetime:
    """Midnight at the start of `day` in Shanghai, as a UTC instant."""
    return datetime.combine(day, time.min, SHANGHAI).astimezone(UTC)


def end_of_day_utc(day: date) -> datetime:
    """Midnight at the end of `day` in Shanghai (exclusive bound), as a UTC instant."""
    return start_of_day_utc(day + timedelta(days=1))


def parse_local_time(text: str) -> datetime | None:
    """`2027-03-10T09:00` (Shanghai wall time) or ISO 8601 with an offset -> aware UTC; None if
    malformed or outside FIRST_DAY..LAST_DAY."""
    try:
        value = datetime.fromisoformat(text.strip())
    except (AttributeError, ValueError):
        return None
    if not FIRST_DAY <= value.date() <= LAST_DAY:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(UTC).replace(microsecond=0)


def shanghai_wall_time(value: datetime) -> str:
    """An aware instant as `2027-03-10T09:00` in Shanghai: what forms and messages show."""
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")

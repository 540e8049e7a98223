"""Occurrence times of a recurring series, in Shanghai wall-clock terms (pure)."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

from backend.core.clock import SHANGHAI


def _add_months(local: datetime, months: int) -> datetime:
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    # the 31st becomes the last day of a shorter month
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def occurrences(
    starts_at: datetime, ends_at: datetime, every: str | None, count: int
) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC for each occurrence; the same local time each week or month."""
    if every is None:
        return [(starts_at, ends_at)]
    local = starts_at.astimezone(SHANGHAI)
    length = ends_at - starts_at
    result = []
    for index in range(count):
        weekly = every == "week"
        start = local + timedelta(weeks=index) if weekly else _add_months(local, index)
        result.append((start.astimezone(UTC), (start + length).astimezone(UTC)))
    return result

"""Whether a day is a working day in mainland China (statutory holidays and 调休 make-up days)."""

from __future__ import annotations

from datetime import date

import chinese_calendar


def is_working_day(day: date) -> bool:
    """chinesecalendar knows years up to 2026; beyond that, weekdays are working days."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5

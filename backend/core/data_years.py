"""The years a year picker offers: from the first to the last year that holds activities or CME
certificates, and always the current year (Shanghai calendar)."""

from __future__ import annotations

from datetime import date, datetime

import msgspec
from litestar import Controller, get

from backend.activities.tables import Activity
from backend.auth.dependencies import CurrentViewer
from backend.core.clock import SHANGHAI, today_in_shanghai
from backend.credits.tables import CreditCertificate


class DataYears(msgspec.Struct):
    years: list[int]  # ascending, no gaps, the current year included
    current: int


def _year(value: date | datetime | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).year
    return value.year


async def _first_and_last(column) -> list[int]:
    years = []
    for ascending in (True, False):
        row = await column._meta.table.select(column).order_by(column, ascending=ascending).first()
        year = _year(row[column._meta.name]) if row else None
        if year is not None:
            years.append(year)
    return years


async def data_years() -> DataYears:
    current = today_in_shanghai().year
    found = [current]
    found += await _first_and_last(Activity.starts_at)
    found += await _first_and_last(CreditCertificate.earned_on)
    return DataYears(list(range(min(found), max(found) + 1)), current)


class DataYearsController(Controller):
    tags = ["calendar"]

    @get("/api/years")
    async def years(self, viewer: CurrentViewer) -> DataYears:
        """The years the pages' year pickers offer: those holding data, and the current one."""
        return await data_years()

"""Reading and checking a typed-up paper sign-in sheet (.xlsx or .csv: 姓名, 工号, 签到时间).
Pure: bytes and the people who may appear in, rows to mark present and row errors out.

Row numbers are the ones Excel shows, as in roster imports (whose file reading this reuses).
A blank 签到时间 is allowed: the person signed but wrote no time; they are marked present
without a check-in time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from backend.attendance.check_in import shown_time
from backend.core.clock import SHANGHAI
from backend.core.errors import InvalidInput
from backend.staff.roster_import import (
    EXCEL_EPOCH,
    RawRow,
    RowError,
    cell_text,
    parse_roster_date,
)
from backend.staff.roster_terms import COLUMNS as ROSTER_COLUMNS
from backend.staff.spreadsheet import spreadsheet_cells

HEADER_SEARCH_ROWS = 5
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ROSTER_COLUMNS["name"],
    "staff_number": ROSTER_COLUMNS["staff_number"],
    "checked_in_at": ("签到时间", "签到", "时间", "到达时间", "到场时间"),
}
LABELS = {"name": "姓名", "staff_number": "工号", "checked_in_at": "签到时间"}


@dataclass(frozen=True)
class Expected:
    staff_id: int
    name: str


@dataclass(frozen=True)
class SheetRow:
    row: int
    staff_id: int
    name: str
    checked_in_at: datetime | None  # UTC; None: signed without a time


@dataclass
class SheetCheck:
    rows: list[SheetRow]
    errors: list[RowError]


def read_sheet(content: bytes, filename: str) -> list[RawRow]:
    return _rows_under_header(spreadsheet_cells(content, filename))


def _column_of(header: Any) -> str | None:
    text = re.sub(r"\s+", "", str(header or ""))
    return next((column for column, names in COLUMNS.items() if text in names), None)


def _rows_under_header(table: list[list[Any]]) -> list[RawRow]:
    header, columns = 0, {}
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        found = {i: c for i, c in ((i, _column_of(cell)) for i, cell in enumerate(cells)) if c}
        if "name" in found.values() and "staff_number" in found.values():
            header, columns = index, found
            break
    missing = [LABELS[c] for c in COLUMNS if c not in columns.values()]
    if missing:
        raise InvalidInput("sign_in_missing_columns", columns="、".join(missing))
    rows = []
    for index, cells in enumerate(table[header + 1 :], start=header + 2):
        values = {c: cells[i] if i < len(cells) else None for i, c in columns.items()}
        if any(cell_text(v) for v in values.values()):
            rows.append(RawRow(index, values))
    if not rows:
        raise InvalidInput("sign_in_empty")
    return rows


_CLOCK = re.compile(r"^(\d{1,2})[:：点时](\d{1,2})(?:[:：分](\d{1,2}))?秒?$")


def parse_sign_in_time(value: Any, day: date) -> datetime | None:
    """A Shanghai wall time as typed (08:45, 8点45, 2027-03-10 08:45, a time or date-time cell,
    an Excel day fraction), on `day` when no date is given -> aware UTC; None if unreadable."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
        return moment.astimezone(UTC)
    if isinstance(value, time):
        return datetime.combine(day, value.replace(tzinfo=None), SHANGHAI).astimezone(UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_number(float(value), day)
    text = re.sub(r"(\d)T(\d)", r"\1 \2", re.sub(r"\s+", " ", str(value or "").strip()))
    date_part, _, clock = text.rpartition(" ")
    on = parse_roster_date(date_part) if date_part else day
    match = _CLOCK.match(clock)
    if on is None or match is None:
        return None
    hour, minute, second = (int(part or 0) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    return datetime.combine(on, time(hour, minute, second), SHANGHAI).astimezone(UTC)


def _excel_number(number: float, day: date) -> datetime | None:
    """0.365 is 08:45 on `day`; 46456.365 is a date-time that lost its cell format."""
    if 0 <= number < 1:
        start = day
    elif 20000 < number < 80000:
        start = EXCEL_EPOCH + timedelta(days=int(number))
        number -= int(number)
    else:
        return None
    seconds = round(number * 86400)
    wall = datetime.combine(start, time.min) + timedelta(seconds=seconds)
    return wall.replace(tzinfo=SHANGHAI).astimezone(UTC)


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def check_sheet(
    rows: list[RawRow],
    people: dict[str, list[Expected]],
    days: tuple[date, date],
    now: datetime,
) -> SheetCheck:
    """people: staff number -> who has it (the list and the host's staff; numbers are unique
    only within an institution); days: the first and last Shanghai day of the activity."""
    check, first_row_of = SheetCheck([], []), {}
    for raw in rows:
        errors: list[RowError] = []

        def fail(column: str, code: str, raw=raw, errors=errors, **params: Any) -> None:
            errors.append(RowError(raw.row, LABELS[column], code, params))

        name, number = cell_text(raw.values.get("name")), cell_text(raw.values.get("staff_number"))
        person = _person(people, name, number, first_row_of, raw.row, fail)
        moment = _moment(raw.values.get("checked_in_at"), days, now, fail)
        if errors:
            check.errors.extend(errors)
        elif person is not None:
            check.rows.append(SheetRow(raw.row, person.staff_id, person.name, moment))
    return check


def _person(people, name: str, number: str, first_row_of: dict, row: int, fail):
    if not name:
        fail("name", "roster_blank")
    if not number:
        fail("staff_number", "roster_blank")
        return None
    if number in first_row_of:
        fail("staff_number", "sign_in_duplicate", value=number, first=first_row_of[number])
        return None
    first_row_of[number] = row
    candidates = people.get(number, [])
    if not candidates:
        fail("staff_number", "sign_in_unknown_staff_number", value=number)
        return None
    matching = [person for person in candidates if _same_name(person.name, name)]
    if name and not matching:
        expected = "、".join(person.name for person in candidates)
        fail("name", "sign_in_name_mismatch", number=number, expected=expected, value=name)
    return matching[0] if matching else None


def _moment(value: Any, days: tuple[date, date], now: datetime, fail) -> datetime | None:
    if not cell_text(value):
        return None
    first, last = days
    moment = parse_sign_in_time(value, first)
    if moment is None:
        fail("checked_in_at", "sign_in_bad_time", value=cell_text(value), day=first.isoformat())
        return None
    shown = shown_time(moment)
    if not first <= moment.astimezone(SHANGHAI).date() <= last:
        span = first.isoformat() if first == last else f"{first.isoformat()}–{last.isoformat()}"
        fail("checked_in_at", "sign_in_time_off_day", value=shown, day=span)
    elif moment > now:
        fail("checked_in_at", "sign_in_time_in_future", value=shown)
    return moment

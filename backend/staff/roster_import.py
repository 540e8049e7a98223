"""Reading and checking an officer's staff roster (.xlsx or .csv). Pure: bytes in, rows and errors out.

Row numbers are the ones Excel shows: the header row counts, the first row is 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from backend.core.errors import InvalidInput
from backend.staff import roster_terms as terms
from backend.staff.spreadsheet import spreadsheet_cells

HEADER_SEARCH_ROWS = 5
MAX_STAFF_NUMBER = 32
MAX_NAME = 100
MAX_POSITION = 100
# control characters a spreadsheet cell may carry by accident (never meant as text)
_CONTROL = dict.fromkeys([*range(0x00, 0x20), 0x7F])


@dataclass(frozen=True)
class RawRow:
    row: int
    values: dict[str, Any]  # column -> cell value as read


@dataclass(frozen=True)
class RosterRow:
    row: int
    name: str
    staff_number: str
    department_id: int
    role: str
    title: str
    position: str
    active_from: date
    night_shifts: bool | None = None  # None: the roster does not say (no 夜班 column, or blank)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the Chinese header the officer sees
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class RosterCheck:
    rows: list[RosterRow]
    errors: list[RowError]


# --- reading -----------------------------------------------------------------------------------


def read_roster(content: bytes, filename: str) -> list[RawRow]:
    return _rows_under_header(spreadsheet_cells(content, filename))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().replace("\u3000", "")
    return value


def _column_of(header: Any) -> str | None:
    text = re.sub(r"\s+", "", str(header or ""))
    for column, spellings in terms.COLUMNS.items():
        if text in spellings:
            return column
    return None


def _rows_under_header(table: list[list[Any]]) -> list[RawRow]:
    header_index, columns = None, {}
    for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
        found = {i: _column_of(cell) for i, cell in enumerate(cells) if _column_of(cell)}
        if "name" in found.values():
            header_index, columns = index, found
            break
    missing = [terms.COLUMN_LABELS[c] for c in terms.REQUIRED if c not in columns.values()]
    if missing:
        raise InvalidInput("roster_missing_columns", columns="、".join(missing))
    rows = []
    for index, cells in enumerate(table[header_index + 1 :], start=header_index + 2):
        values = {
            column: _clean(cells[i]) if i < len(cells) else None for i, column in columns.items()
        }
        if any(v not in (None, "") for v in values.values()):
            rows.append(RawRow(index, values))
    if not rows:
        raise InvalidInput("roster_empty")
    return rows


# --- checking ----------------------------------------------------------------------------------


def validate_roster(
    rows: list[RawRow], departments: dict[str, tuple[int, str]], today: date
) -> RosterCheck:
    """departments: name_zh -> (id, kind) of the institution's departments."""
    parsed, errors = [], []
    first_row_of: dict[str, int] = {}
    for raw in rows:
        row_errors: list[RowError] = []

        def fail(column: str, code: str, raw=raw, row_errors=row_errors, **params: Any) -> None:
            row_errors.append(RowError(raw.row, terms.COLUMN_LABELS[column], code, params))

        name = cell_text(raw.values.get("name"))
        # Ａ００１ typed with a Chinese input method is A001, as in the API
        number = unicodedata.normalize("NFKC", cell_text(raw.values.get("staff_number")))
        if not name:
            fail("name", "roster_blank")
        elif len(name) > MAX_NAME:
            fail("name", "roster_too_long", limit=MAX_NAME)
        if not number:
            fail("staff_number", "roster_blank")
        elif len(number) > MAX_STAFF_NUMBER:
            fail("staff_number", "roster_too_long", limit=MAX_STAFF_NUMBER)
        elif number in first_row_of:
            fail(
                "staff_number",
                "roster_duplicate_staff_number",
                value=number,
                first=first_row_of[number],
            )
        else:
            first_row_of[number] = raw.row
        department_name = cell_text(raw.values.get("department"))
        department = departments.get(department_name)
        if department is None:
            code = "roster_blank" if not department_name else "roster_unknown_department"
            fail("department", code, value=department_name)
        title = terms.TITLES.get(cell_text(raw.values.get("title")) or "无")
        if title is None:
            fail("title", "roster_unknown_title", value=cell_text(raw.values.get("title")))
        position = cell_text(raw.values.get("position"))
        role = role_for(position, department[1] if department else "")
        if not position:
            fail("position", "roster_blank")
        elif len(position) > MAX_POSITION:
            fail("position", "roster_too_long", limit=MAX_POSITION)
        elif role is None:
            fail("position", "roster_unknown_position", value=position)
        active_from = parse_roster_date(raw.values.get("active_from"))
        if active_from is None:
            fail("active_from", "roster_bad_date", value=cell_text(raw.values.get("active_from")))
        elif active_from > today:
            fail("active_from", "roster_future_date", value=active_from.isoformat())
        night_text = cell_text(raw.values.get("night_shifts"))
        night_shifts = terms.NIGHT_SHIFTS.get(night_text.upper()) if night_text else None
        if night_text and night_shifts is None:
            fail("night_shifts", "roster_bad_night_shifts", value=night_text)
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(
            RosterRow(
                raw.row,
                name,
                number,
                department[0],
                role,
                title,
                position,
                active_from,
                night_shifts,
            )  # fmt: skip
        )
    return RosterCheck(parsed, errors)


def cell_text(value: Any) -> str:
    """A cell as the text a person typed (a staff number typed as a number keeps no .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a staff number typed as a number: 1024.0 -> "1024"
    return str(value).translate(_CONTROL).strip()


def role_for(position: str, department_kind: str) -> str | None:
    for word, role in terms.ROLES:
        if word in position:
            return role
    if any(word in position for word in terms.DOCTOR_WORDS):
        return terms.DOCTOR_BY_DEPARTMENT_KIND.get(department_kind)
    return None


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
EXCEL_EPOCH = date(1899, 12, 30)


def parse_roster_date(value: Any) -> date | None:
    """Dates as officers type them: a date cell, 2024-03-01, 2024/3/1, 2024年3月1日, 20240301."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial day number that lost its date format
            return EXCEL_EPOCH + timedelta(days=int(value))
        value = cell_text(value)
    text = str(value or "").strip()
    text = re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})[T ].*$", r"\1", text)  # a time written after the date
    text = re.sub(r"\s+", "", text)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None

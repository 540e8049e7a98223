"""Text that a spreadsheet shows as text: never a live formula, never a character the file refuses.

Names come from people (forms, rosters): a staff member called `=HYPERLINK("http://x","y")` must
not become a clickable formula in a commission's Excel file (OWASP "CSV injection"), and one stray
control character must not make the whole report unwritable (openpyxl refuses them).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

# What Excel, LibreOffice and WPS read as the start of a formula in a .csv or a typed cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters the .xlsx format cannot hold (tab, line feed and carriage return it can).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control(text: str) -> str:
    return _CONTROL.sub("", text)


def csv_cell(value: Any) -> Any:
    """Text without control characters; text that would run as a formula gets a leading `'`
    (OWASP's advice). Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = without_control(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def xlsx_cell(value: Any) -> Any:
    """Text without control characters (the cell is marked as text after writing)."""
    return without_control(value) if isinstance(value, str) else value


def cleaned(frame: pd.DataFrame, cell: Any) -> pd.DataFrame:
    """The frame with `cell` applied to every value and column label."""
    out = frame.map(cell) if not frame.empty else frame.copy()
    return out.rename(columns=lambda label: cell(label) if isinstance(label, str) else label)


def mark_text(sheet: Any) -> None:
    """Every text cell of an openpyxl sheet stays text: openpyxl stores a string starting with
    `=` as a formula; the quote prefix keeps Excel from reading one when the cell is edited."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
                cell.quotePrefix = True

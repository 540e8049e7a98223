"""Reading an uploaded spreadsheet (.xlsx or .csv) into rows, within limits no roster comes near.

Uploads are untrusted. An .xlsx is a zip whose members may unpack to gigabytes and whose sheet
may declare a million rows by sixteen thousand columns, so: the zip's central directory is checked
before anything is decompressed (zipfile then refuses a member that unpacks beyond its declared
size), the declared sheet size is ignored, and reading stops at the row and column limits.
With defusedxml installed openpyxl refuses DTDs and entities. Blocking: from async code, call
`off_the_loop`.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import anyio.to_thread

from backend.core.errors import DomainError, InvalidInput, TooLarge, UnsupportedMedia

# The limits, named in the messages people read when a file passes them.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # all members of an .xlsx, unpacked: ~40,000 rows of 10
MAX_COMPRESSION_RATIO = 100  # per member; real sheets pack about 5-20 to 1
RATIO_CHECKED_FROM = 1024 * 1024  # a smaller member may pack as well as it likes
MAX_READ_SECONDS = 30  # openpyxl needs ~10 s for 20,000 full rows; a crafted sheet, more
PARALLEL_READS = 2  # worker threads reading spreadsheets at once (memory, 2 cores)

log = logging.getLogger("drillbook.spreadsheet")
_READING = threading.BoundedSemaphore(PARALLEL_READS)
T = TypeVar("T")


async def off_the_loop(work: Callable[..., T], *args: Any) -> T:
    """Run blocking spreadsheet work in a worker thread: a big file never stalls other requests."""

    def bounded() -> T:
        with _READING:
            return work(*args)

    return await anyio.to_thread.run_sync(bounded)


def spreadsheet_cells(content: bytes, filename: str) -> list[list[Any]]:
    """The first sheet of an .xlsx, or a .csv, as rows of cell values: row n of Excel is
    element n-1, trailing empty cells dropped."""
    lower = filename.lower()
    if not lower.endswith((".xlsx", ".csv")):
        raise UnsupportedMedia("roster_not_spreadsheet")
    if len(content) > MAX_FILE_BYTES:
        raise TooLarge("upload_too_large", limit_mb=f"{MAX_FILE_BYTES / 2**20:g}")
    return _xlsx_cells(content) if lower.endswith(".xlsx") else _csv_cells(content)


class _Rows:
    """Rows as read, numbered as Excel shows them, refused past the limits."""

    def __init__(self) -> None:
        self.table: list[list[Any]] = []
        self.deadline = time.monotonic() + MAX_READ_SECONDS

    def add(self, number: int, cells: Sequence[Any]) -> None:
        if number > MAX_ROWS:  # even blank: reading on could mean a million rows of nothing
            raise InvalidInput("spreadsheet_too_many_rows", limit=f"{MAX_ROWS:,}", row=number)
        if time.monotonic() > self.deadline:
            raise InvalidInput("spreadsheet_too_slow", seconds=MAX_READ_SECONDS, row=number)
        if cells.count(None) == len(cells):
            return  # the usual blank row, checked fast
        width = len(cells)
        while width and cells[width - 1] in (None, ""):
            width -= 1
        if not width:
            return
        if width > MAX_COLUMNS:
            raise InvalidInput(
                "spreadsheet_too_many_columns", limit=MAX_COLUMNS, row=number, column=width
            )
        self.table.extend([] for _ in range(number - 1 - len(self.table)))
        self.table.append(list(cells[:width]))


def _xlsx_cells(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    _check_packing(content)
    rows, book = _Rows(), None
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared size is the file's claim, not its content
        # one column past the limit: enough to notice content there, never a 16,384-cell row
        cells = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1, values_only=True)
        for number, row in enumerate(cells, start=1):
            rows.add(number, row)
    except (DomainError, MemoryError):
        raise
    except Exception as exc:  # a zip that is no workbook, malformed XML, refused entities...
        log.info("unreadable .xlsx: %r", exc)
        raise InvalidInput("spreadsheet_damaged") from exc
    finally:
        if book is not None:
            book.close()
    return rows.table


def _check_packing(content: bytes) -> None:
    """Refuse a zip bomb from its central directory, before decompressing anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsupportedMedia("roster_not_spreadsheet") from exc
    packed_too_tight = any(
        member.file_size > RATIO_CHECKED_FROM
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if packed_too_tight or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise TooLarge(
            "spreadsheet_unpacks_too_large",
            limit_mb=f"{MAX_UNPACKED_BYTES / 2**20:g}",
            ratio=MAX_COMPRESSION_RATIO,
        )


def _csv_cells(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnsupportedMedia("roster_not_spreadsheet")
    if "\x00" in text:
        raise UnsupportedMedia("roster_not_spreadsheet")
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # saved with classic Mac line endings
    rows, number = _Rows(), 0
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):  # noqa: B007
            rows.add(number, cells)
    except csv.Error as exc:
        if "larger than field limit" in str(exc):
            limit_kb = f"{csv.field_size_limit() / 1024:g}"
            raise InvalidInput("csv_cell_too_long", row=number + 1, limit_kb=limit_kb) from exc
        raise InvalidInput("csv_bad_line", row=number + 1) from exc
    return rows.table

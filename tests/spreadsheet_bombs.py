"""Hostile and broken .xlsx files, built in memory and small: a real roster workbook whose sheet
XML or zip directory is replaced."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable

from tests.rosters import SAMPLE_ROWS, build_roster_xlsx

SHEET = "xl/worksheets/sheet1.xml"
MAIN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def sheet_xml(rows: Iterable[bytes], dimension: str = "A1:F6", doctype: bytes = b"") -> bytes:
    return (
        doctype
        + MAIN
        + f'<dimension ref="{dimension}"/>'.encode()
        + b"<sheetData>"
        + b"".join(rows)
        + b"</sheetData></worksheet>"
    )


def cell(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def row(number: int, *cells: bytes) -> bytes:
    return f'<row r="{number}">'.encode() + b"".join(cells) + b"</row>"


def roster_rows() -> list[bytes]:
    """The sample roster (header and five people) as sheet XML rows."""
    table = [["姓名", "工号", "科室", "岗位/职务", "职称", "入职日期"], *SAMPLE_ROWS]
    return [
        row(n, *(cell(f"{'ABCDEF'[i]}{n}", str(v)) for i, v in enumerate(values)))
        for n, values in enumerate(table, start=1)
    ]


def whole_grid() -> bytes:
    """The sample roster claiming Excel's whole grid, with a blank last row to make it true."""
    rows = [*roster_rows(), b'<row r="1048576"/>']
    return with_sheet([sheet_xml(rows, dimension="A1:XFD1048576")])


def with_sheet(chunks: Iterable[bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The sample roster workbook with its sheet XML streamed from `chunks` (so a bomb is
    compressed without ever being whole in memory) and any extra members."""
    source = zipfile.ZipFile(io.BytesIO(build_roster_xlsx(SAMPLE_ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == SHEET:
                with target.open(SHEET, "w") as member:
                    for chunk in chunks:
                        member.write(chunk)
            else:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def whitespace_bomb(megabytes: int) -> bytes:
    """A real roster whose sheet XML carries `megabytes` MiB of blanks: ~1,000 to 1 packed."""
    rows = roster_rows()
    blank = b" " * 2**20
    return with_sheet([sheet_xml([]).split(b"<sheetData>")[0], b"<sheetData>", *rows,
                       *(blank for _ in range(megabytes)), b"</sheetData></worksheet>"])  # fmt: skip


def claiming_sizes(content: bytes, sizes: dict[str, int]) -> bytes:
    """`content` with the central directory claiming other unpacked sizes for some members
    (their data untouched): what a reader sees before it decompresses anything."""
    data = bytearray(content)
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        name = bytes(data[start + 46 : start + 46 + name_length]).decode()
        if name in sizes:
            struct.pack_into("<I", data, start + 24, sizes[name])
        start += 46
    return bytes(data)

"""Rosters as officers keep them, built in memory for tests (the world's hosp_a departments)."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADERS = ["姓名", "工号", "科室", "岗位/职务", "职称", "入职日期"]

SAMPLE_ROWS = [
    ["王丽娟", "R001", "产科", "产科医师", "主治医师", "2019-07-01"],
    ["陈思雨", "R002", "产科", "助产士", "主管助产师", "2021/3/15"],
    ["刘海燕", "R003", "产科", "护士", "护师", "2023年9月1日"],
    ["赵子涵", "R004", "新生儿科", "主任", "主任医师", "20100801"],
    ["孙博文", "R005", "新生儿科", "护士长", "副主任护师", "2015-05-20"],
]

# Row 4 as Excel numbers it (header is row 1): an unknown title.
SAMPLE_ROWS_WITH_ONE_BAD_ROW = [
    SAMPLE_ROWS[0],
    SAMPLE_ROWS[1],
    ["刘海燕", "R003", "产科", "护士", "教授", "2023年9月1日"],
    *SAMPLE_ROWS[3:],
]


def build_roster_xlsx(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_roster_csv(
    rows: list[list], headers: list[str] = HEADERS, encoding: str = "utf-8-sig"
) -> bytes:
    lines = [",".join(headers)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)

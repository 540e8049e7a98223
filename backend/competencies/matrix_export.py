"""The department matrix as an Excel file: one row per person, the states in Chinese words
(coloured like the page), and a coverage sheet. Text cells through the formula-safe writer."""

from __future__ import annotations

import io

import pandas as pd

from backend.competencies import view_schemas as vs
from backend.competencies.labels import STATE_LABELS
from reports.compliance import xlsx_bytes

NOT_REQUIRED = "不要求"
FILLS = {"有效": "E6F6EC", "即将到期": "FFF4D6", "已过期": "FDE2E2", "未考核": "F1F3F5"}


def matrix_frame(matrix: vs.DepartmentMatrix) -> pd.DataFrame:
    names = [c.competency.name_zh for c in matrix.columns]
    records = []
    for row in matrix.rows:
        record = {"姓名": row.name, "工号": row.staff_number, "人员类别": row.role_zh,
                  "值夜班": "是" if row.night_shifts else "否"}  # fmt: skip
        for name, cell in zip(names, row.cells, strict=True):
            record[name] = STATE_LABELS[cell.state][0] if cell.state else NOT_REQUIRED
            record[f"{name} 有效期至"] = cell.valid_until.isoformat() if cell.valid_until else ""
        records.append(record)
    columns = ["姓名", "工号", "人员类别", "值夜班"]
    for name in names:
        columns += [name, f"{name} 有效期至"]
    return pd.DataFrame.from_records(records, columns=columns)


def coverage_frame(matrix: vs.DepartmentMatrix) -> pd.DataFrame:
    records = [
        {"能力": c.competency.name_zh, "要求掌握人数": c.required, "有效人数": c.holders,
         "覆盖率": round(c.holders / c.required, 3) if c.required else "", "提示": ""}
        for c in matrix.coverage
    ]  # fmt: skip
    records += [
        {"能力": t.competency.name_zh, "要求掌握人数": t.people, "有效人数": t.holders,
         "覆盖率": "", "提示": ("⚠ " if t.warning else "") + t.message_zh}
        for t in matrix.thresholds
    ]  # fmt: skip
    return pd.DataFrame.from_records(
        records, columns=["能力", "要求掌握人数", "有效人数", "覆盖率", "提示"]
    )


def matrix_workbook(matrix: vs.DepartmentMatrix) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill

    raw = xlsx_bytes({"能力矩阵": matrix_frame(matrix), "覆盖情况": coverage_frame(matrix)})
    book = load_workbook(io.BytesIO(raw))
    sheet = book["能力矩阵"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            colour = FILLS.get(str(cell.value))
            if colour:
                cell.fill = PatternFill("solid", fgColor=colour)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(8, width * 2), 40)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_name(matrix: vs.DepartmentMatrix) -> str:
    return f"competency-matrix-{matrix.department_id}-{matrix.as_of.isoformat()}.xlsx"

"""The compliance matrix and the gap list as DataFrames, and writers with Chinese headers.

Builders take the plain dicts the API returns (msgspec.to_builtins of the schemas) so the page,
the API download and `drillbook report` produce the same tables.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from backend.compliance.labels import STATUSES, status_label
from backend.core.chinese_order import pinyin_key
from reports.cell_text import cleaned, csv_cell, mark_text, xlsx_cell

# The frames hold status codes (gap, met ...) and compute on them; the words are the pages'
# (backend.compliance.labels), put in only when a cell or header is written.
STATUS_ZH = {status: status_label(status) for status in STATUSES}
STATUS_FILL = {  # Excel fill colours, the same hues as the pages
    "met": "E6F6EC",
    "partly_met": "FFF4D6",
    "gap": "FDE2E2",
    "due_soon": "FFE9D6",
    "planned": "E3EEFC",
    "not_applicable": "F1F3F5",
    "no_data": "EDE9FE",
}
MATRIX_ID_COLUMNS = ("机构", "区县", "未达标项数")
STATUS_COLUMN = "状态"  # the findings' status column


def matrix_frame(matrix: dict, rule_names: dict[str, str]) -> pd.DataFrame:
    """One row per institution, one column per rule, cells the worst status (a code, written
    in Chinese); most gaps first, then in pinyin order of the names (the order the matrix page
    shows)."""
    records = []
    rows = sorted(
        matrix["rows"], key=lambda r: (-r["gaps"], pinyin_key(r["institution"]["name_zh"]))
    )
    for row in rows:
        record = {
            "机构": row["institution"]["name_zh"],
            "区县": row["jurisdiction_name"],
            "未达标项数": row["gaps"],
        }
        for cell in row["cells"]:
            record[rule_names.get(cell["rule_id"], cell["rule_id"])] = cell["status"]
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return pd.DataFrame(columns=list(MATRIX_ID_COLUMNS))
    return frame


FINDING_COLUMNS = [
    "机构",
    "规则",
    "对象",
    "期间",
    "要求次数",
    "完成次数",
    "状态",
    "原因",
    "依据",
    "原文",
]
NEEDS_ACTION = ("gap", "partly_met", "due_soon")
JUDGED = ("met", "partly_met", "gap")  # periods that ended: the share met is meaningful


def findings_frame(findings_by_institution: dict[str, list[dict]]) -> pd.DataFrame:
    """Every finding, one row each, with its reason and the clause behind it."""
    records = [
        {
            "机构": institution,
            "规则": f["rule_name_zh"],
            "对象": f["subject_name"],
            "期间": f["period"],
            "要求次数": f["required"],
            "完成次数": f["done"],
            STATUS_COLUMN: f["status"],
            "原因": f["reason_zh"],
            "依据": f["citations"][0]["clause"] if f["citations"] else "",
            "原文": f["citations"][0]["quote"] if f["citations"] else "",
        }
        for institution, findings in findings_by_institution.items()
        for f in findings
    ]
    return pd.DataFrame.from_records(records, columns=FINDING_COLUMNS)


def gap_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings someone must act on: gaps, partly met, due soon."""
    return findings[findings[STATUS_COLUMN].isin(NEEDS_ACTION)].reset_index(drop=True)


def trend_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """Quarter by quarter: how many findings of each status, and the share met.

    Monthly, weekly and quarterly findings fall in one quarter; half-year and year findings
    span several and are left out, so the quarters compare like with like.
    """
    quarters = findings["期间"].map(quarter_of)
    counts = pd.crosstab(quarters, findings[STATUS_COLUMN]).reindex(columns=list(STATUSES))
    counts = counts.fillna(0).astype(int)
    judged = counts[list(JUDGED)].sum(axis=1)
    counts["达标率"] = (counts["met"] / judged.where(judged > 0)).round(3)
    counts = counts.rename(columns=STATUS_ZH)  # the headers people read
    return counts.rename_axis(index="季度", columns=None).reset_index()


def status_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of a report frame that hold status codes: the findings' 状态, or every rule
    column of the matrix."""
    if STATUS_COLUMN in frame.columns:
        return [STATUS_COLUMN]
    if all(column in frame.columns for column in MATRIX_ID_COLUMNS):
        return [c for c in frame.columns if c not in MATRIX_ID_COLUMNS]
    return []


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as people read it: status codes become the pages' words."""
    columns = status_columns(frame)
    if not columns or frame.empty:
        return frame
    return frame.assign(**{c: frame[c].map(lambda s: STATUS_ZH.get(s, s)) for c in columns})


def quarter_of(period: str) -> str | None:
    """'2026-03' -> '2026-Q1'; '2026-W14' -> the quarter of that week's Monday; halves, years: None."""
    year, _, part = period.partition("-")
    if part.startswith("Q"):
        return period
    if part.startswith("W"):
        monday = date.fromisocalendar(int(year), int(part[1:]), 1)
        return f"{monday.year}-Q{(monday.month - 1) // 3 + 1}"
    if part.isdigit():
        return f"{year}-Q{(int(part) - 1) // 3 + 1}"
    return None


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel opens the Chinese text correctly; no text runs as a formula."""
    return cleaned(shown(frame), csv_cell).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], images: dict[str, bytes] | None = None) -> bytes:
    """One sheet per view, header row frozen and bold, status cells coloured; images last."""
    from openpyxl.drawing.image import Image

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            cleaned(shown(frame), xlsx_cell).to_excel(writer, sheet_name=name, index=False)
            mark_text(writer.sheets[name])
            _style(writer.sheets[name], frame)
        for name, png in (images or {}).items():
            sheet = writer.book.create_sheet(name)
            sheet.add_image(Image(io.BytesIO(png)), "A1")
    return buffer.getvalue()


def _style(sheet, frame: pd.DataFrame) -> None:
    """Bold frozen header; status cells filled by their status code (not by their words)."""
    from openpyxl.styles import Font, PatternFill

    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in status_columns(frame):
        letter = sheet.cell(row=1, column=frame.columns.get_loc(column) + 1).column_letter
        for row, status in enumerate(frame[column], start=2):
            colour = STATUS_FILL.get(status)
            if colour:
                sheet[f"{letter}{row}"].fill = PatternFill(
                    "solid", start_color=colour, end_color=colour
                )
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width * 1.8))


@dataclass(frozen=True)
class ComplianceReport:
    """One evaluation of a jurisdiction, ready to be written in any of the formats."""

    title: str
    matrix: pd.DataFrame
    findings: pd.DataFrame

    def sheets(self) -> dict[str, pd.DataFrame]:
        return {
            "合规矩阵": self.matrix,
            "未达标清单": gap_frame(self.findings),
            "季度趋势": trend_frame(self.findings),
        }

    def heatmap(self) -> bytes:
        from reports.heatmap import heatmap_png

        return heatmap_png(self.matrix, self.title)


FORMATS = {  # suffix -> media type
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "png": "image/png",
}


def report_bytes(report: ComplianceReport, format: str) -> bytes:
    """The .xlsx has every view and the heatmap; the .csv is the matrix; the .png the heatmap."""
    if format == "csv":
        return csv_bytes(report.matrix)
    if format == "png":
        return report.heatmap()
    if format == "xlsx":
        return xlsx_bytes(report.sheets(), {"热力图": report.heatmap()})
    raise ValueError(f"report files are .xlsx, .csv or .png, not .{format}")


def write_report(report: ComplianceReport, out: Path) -> None:
    out.write_bytes(report_bytes(report, out.suffix.lstrip(".")))

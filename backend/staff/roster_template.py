"""The roster template officers download: the headers the importer reads, two example rows.

Sent back unchanged it imports (the example rows name one of the institution's departments),
and so it does with either example row deleted or overwritten with a real person."""

from __future__ import annotations

import io
from datetime import date

from backend.auth.scope import Viewer, editable_institution
from backend.core.errors import NotFound
from backend.institutions.tables import Department, Institution
from backend.staff import roster_terms as terms

# the importer's own header for each column, in the order a roster usually has them
HEADERS = [terms.COLUMN_LABELS[c] for c in (*terms.REQUIRED, "night_shifts")]
NOTE = "第 2、3 行为示例，请删除或改成真实人员。职称如：初级、主治医师、主管护师、副主任医师；夜班填“是”或“否”。"


async def roster_template(viewer: Viewer, institution_id: int) -> tuple[str, bytes]:
    """(institution name, .xlsx bytes); 404 outside the viewer's scope, 403 if not theirs."""
    editable_institution(viewer, institution_id)
    institution = (
        await Institution.select(Institution.name_zh)
        .where(Institution.id == institution_id)
        .first()
    )
    if institution is None:
        raise NotFound("unknown_institution", id=institution_id)
    department = await (
        Department.select(Department.name_zh)
        .where(Department.institution == institution_id)
        .order_by(Department.id)
        .first()
    )
    ward = department["name_zh"] if department else "产科"
    examples = [
        ["张三（示例）", "示例001", ward, "助产士", "初级", date(2020, 9, 1), "是"],
        ["李四（示例）", "示例002", ward, "护士", "主管护师", date(2018, 7, 1), "否"],
    ]
    return institution["name_zh"], _workbook(examples)


def _workbook(examples: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "人员名单"
    sheet.append(HEADERS)
    for example in examples:
        sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in range(2, 2 + len(examples)):
        sheet.cell(row=row, column=HEADERS.index("入职日期") + 1).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFG", (14, 12, 14, 14, 12, 14, 8), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append([NOTE])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

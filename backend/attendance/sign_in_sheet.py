"""The printable sign-in sheet (签到表): A4, Chinese, one row per expected person. Pure: data in,
PDF bytes out.

The font is reportlab's built-in CID font STSong-Light: the PDF names it and every reader (Adobe,
Chrome, WPS, poppler) supplies the glyphs, so no font file ships and the file stays small.

The QR code in the corner holds the activity's check-in page (/#/activities/ID/check-in), not a
check-in code: codes change every 30 s so that only people in the room can use them, and paper
lasts. The page shows the officer the live code for the screen and tells a staff member who
scanned the paper to scan the screen.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.core.clock import SHANGHAI

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

HEADERS = ["序号", "姓名", "工号", "科室", "角色/岗位", "签名", "签到时间"]
WIDTHS = [12 * mm, 26 * mm, 22 * mm, 28 * mm, 30 * mm, 36 * mm, 26 * mm]  # 180 mm: A4 less margins
ROW_HEIGHT = 10 * mm  # room for a handwritten signature
BLANK_ROWS = 5  # for people who come without being on the list
QR_SIZE = 28 * mm
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class SheetPerson:
    name: str
    staff_number: str
    department: str
    role: str  # already in Chinese: the drill role if recorded, else the staff role


@dataclass(frozen=True)
class SheetActivity:
    title: str
    host: str
    starts_at: datetime  # aware
    ends_at: datetime
    place: str
    check_in_page_url: str


def when(starts_at: datetime, ends_at: datetime) -> str:
    """2027年03月10日（星期三）09:00-11:00, in Shanghai time."""
    start, end = starts_at.astimezone(SHANGHAI), ends_at.astimezone(SHANGHAI)
    day = f"{start:%Y年%m月%d日}（星期{WEEKDAYS[start.weekday()]}）"
    if end.date() == start.date():
        return f"{day}{start:%H:%M}-{end:%H:%M}"
    return f"{day}{start:%H:%M} 至 {end:%Y年%m月%d日 %H:%M}"


def _style(size: float, leading: float | None = None, align: int = 0) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{align}", fontName=FONT, fontSize=size, leading=leading or size * 1.4,
        alignment=align, wordWrap="CJK",
    )  # fmt: skip


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0,
                                                   QR_SIZE / (top - bottom), 0, 0])  # fmt: skip
    drawing.add(widget)
    return drawing


def _heading(activity: SheetActivity) -> Table:
    facts = [
        Paragraph("签到表", _style(22, align=1)),
        Spacer(1, 3 * mm),
        Paragraph(_text(activity.title), _style(14, align=1)),
        Spacer(1, 3 * mm),
        Paragraph(f"主办单位：{_text(activity.host)}", _style(10.5)),
        Paragraph(f"时间：{when(activity.starts_at, activity.ends_at)}", _style(10.5)),
        Paragraph(f"地点：{_text(activity.place) or '—'}", _style(10.5)),
    ]
    corner = [_qr(activity.check_in_page_url), Paragraph("手机扫码签到", _style(8, align=1))]
    heading = Table([[facts, corner]], colWidths=[180 * mm - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm])
    heading.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return heading


def _table(people: list[SheetPerson]) -> Table:
    cell = _style(9.5, 12)
    rows = [[Paragraph(h, _style(10, align=1)) for h in HEADERS]]
    for number, person in enumerate(people, start=1):
        texts = [person.name, person.staff_number, person.department, person.role]
        rows.append([str(number), *(Paragraph(_text(t), cell) for t in texts), "", ""])
    for number in range(len(people) + 1, len(people) + BLANK_ROWS + 1):
        rows.append([str(number), "", "", "", "", "", ""])
    table = Table(rows, colWidths=WIDTHS, rowHeights=[8 * mm] + [ROW_HEIGHT] * (len(rows) - 1),
                  repeatRows=1)  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9.5),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ]
        )
    )
    return table


def _footer(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(A4[0] / 2, 8 * mm, f"第 {document.page} 页")
    canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, "drillbook 母婴安全演练簿")
    canvas.restoreState()


def _later_page(canvas, document) -> None:
    """Pages after the first name the sheet again, in case they come apart."""
    canvas.saveState()
    canvas.setFont(FONT, 9)
    text, width = document.title, A4[0] - 30 * mm
    while pdfmetrics.stringWidth(text, FONT, 9) > width:
        text = text[:-2] + "…"
    canvas.drawString(15 * mm, A4[1] - 9 * mm, text)
    canvas.restoreState()
    _footer(canvas, document)


def render_sheet(activity: SheetActivity, people: list[SheetPerson], others: int = 0) -> bytes:
    """The 签到表 as A4 PDF bytes: the heading with the QR code, then the table, pages as needed.
    `others`: people on the list the reader may not know of (other institutions'), as a count."""
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
        bottomMargin=16 * mm, title=f"签到表  {activity.title}  {when(activity.starts_at, activity.ends_at)}", author="drillbook",
    )  # fmt: skip
    story = [_heading(activity), Spacer(1, 5 * mm), _table(people)]
    if others:
        story += [Spacer(1, 3 * mm), Paragraph(f"另有 {others} 人来自其他机构", _style(10.5))]
    document.build(story, onFirstPage=_footer, onLaterPages=_later_page)
    return out.getvalue()

"""Report tables: Chinese headers and statuses, worst first; Excel styling; CSV that Excel reads."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image

from reports.compliance import (
    csv_bytes,
    findings_frame,
    gap_frame,
    matrix_frame,
    quarter_of,
    trend_frame,
    xlsx_bytes,
)
from reports.heatmap import STATUS_COLOUR, heatmap_png, heatmap_title

MATRIX = {
    "rows": [
        {"institution": {"name_zh": "甲医院"}, "jurisdiction_name": "禾城区", "gaps": 0,
         "cells": [{"rule_id": "pph-drill", "status": "met"}]},
        {"institution": {"name_zh": "乙医院"}, "jurisdiction_name": "柳溪县", "gaps": 1,
         "cells": [{"rule_id": "pph-drill", "status": "gap"}]},
    ]
}  # fmt: skip
NAMES = {"pph-drill": "产后出血演练"}
FINDING = {
    "rule_name_zh": "产后出血演练", "subject_name": "乙医院", "period": "2025-Q3", "required": 1, "done": 0,
    "status": "gap", "reason_zh": "本周期已结束", "citations": [{"clause": "15", "quote": "每季度"}],
}  # fmt: skip


def test_the_matrix_has_chinese_headers_and_statuses_with_the_most_gaps_first():
    frame = matrix_frame(MATRIX, NAMES)
    assert list(frame.columns) == ["机构", "区县", "未达标项数", "产后出血演练"]
    assert list(frame["机构"]) == ["乙医院", "甲医院"]
    assert list(frame["产后出血演练"]) == ["gap", "met"]  # computed on codes ...
    written = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert written[1:] == ["乙医院,柳溪县,1,未达标", "甲医院,禾城区,0,达标"]  # ... written in words


def test_the_gap_list_keeps_only_what_needs_action_with_its_clause():
    frame = gap_frame(findings_frame({"乙医院": [FINDING, {**FINDING, "status": "met"}]}))
    assert len(frame) == 1
    assert frame.iloc[0]["原文"] == "每季度" and frame.iloc[0]["状态"] == "gap"


def test_csv_starts_with_a_bom_for_excel():
    assert csv_bytes(matrix_frame(MATRIX, NAMES)).startswith("\ufeff机构".encode())


def test_the_excel_file_has_a_frozen_bold_header_and_coloured_statuses():
    content = xlsx_bytes(
        {
            "合规矩阵": matrix_frame(MATRIX, NAMES),
            "未达标清单": gap_frame(findings_frame({"乙医院": [FINDING]})),
        }
    )
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["合规矩阵", "未达标清单"]
    sheet = book["合规矩阵"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet["D2"].value == "未达标" and sheet["D2"].fill.start_color.rgb.endswith("FDE2E2")


@pytest.mark.parametrize(
    ("period", "quarter"),
    [("2025-Q3", "2025-Q3"), ("2025-08", "2025-Q3"), ("2025-W14", "2025-Q1"),
     ("2026-W01", "2025-Q4"), ("2025-H2", None), ("2025", None)],
)  # fmt: skip
def test_each_period_falls_in_the_quarter_of_its_start(period, quarter):
    assert quarter_of(period) == quarter


def test_the_trend_counts_statuses_per_quarter_and_the_share_met():
    findings = findings_frame({
        "甲医院": [{**FINDING, "period": "2025-Q1", "status": "met"},
                   {**FINDING, "period": "2025-02", "status": "gap"},
                   {**FINDING, "period": "2025-H1", "status": "gap"}],
        "乙医院": [{**FINDING, "period": "2025-Q1", "status": "met"},
                   {**FINDING, "period": "2025-Q2", "status": "planned"}],
    })  # fmt: skip
    trend = trend_frame(findings).set_index("季度")
    assert list(trend.index) == ["2025-Q1", "2025-Q2"]  # the half-year finding is left out
    assert trend.loc["2025-Q1", "达标"] == 2 and trend.loc["2025-Q1", "未达标"] == 1
    assert trend.loc["2025-Q1", "达标率"] == pytest.approx(0.667)
    assert pd.isna(trend.loc["2025-Q2", "达标率"])  # nothing judged yet: no share, not 0 %


def test_the_heatmap_colours_each_cell_by_status():
    all_gaps = {"rows": [{**row, "cells": [{"rule_id": "pph-drill", "status": "gap"}]}
                         for row in MATRIX["rows"]]}  # fmt: skip
    image = Image.open(io.BytesIO(heatmap_png(matrix_frame(all_gaps, NAMES), "南禾市 2025")))
    pixels = {colour: n for n, colour in image.convert("RGB").getcolors(maxcolors=10_000_000)}
    gap, met = _rgb(STATUS_COLOUR["gap"]), _rgb(STATUS_COLOUR["met"])
    assert pixels[gap] > 50 * pixels.get(met, 1)  # the cells, not just the legend


def test_a_province_heatmap_shows_the_worst_institutions_and_says_so():
    many = {"rows": [
        {"institution": {"name_zh": f"医院{i:03}"}, "jurisdiction_name": "县", "gaps": i % 5,
         "cells": [{"rule_id": "pph-drill", "status": "gap" if i % 5 else "met"}]}
        for i in range(300)
    ]}  # fmt: skip
    matrix = matrix_frame(many, NAMES)
    assert (
        heatmap_title(matrix, "省 2025", max_rows=60)
        == "省 2025（未达标项最多的 60 家，共 300 家）"
    )
    assert heatmap_title(matrix.head(10), "省 2025", max_rows=60) == "省 2025"
    tall = Image.open(io.BytesIO(heatmap_png(matrix, "省", max_rows=60)))
    assert tall.height < 2500  # 60 rows drawn, not 300


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_reports_write_the_pages_words_for_statuses_and_filter_and_colour_on_codes(monkeypatch):
    """One label source: the pages' dictionary. Were a status renamed there, the report cells
    follow, and the gap list and the colours (which work on codes) do not change."""
    from backend.compliance import labels

    pages = dict(labels._dictionary("zh-CN"), **{"status.gap": "缺项", "status.met": "已达标"})
    monkeypatch.setattr(labels, "_dictionary", lambda language: pages)
    monkeypatch.setattr(
        "reports.compliance.STATUS_ZH", {s: pages[f"status.{s}"] for s in labels.STATUSES}
    )
    findings = findings_frame({"乙医院": [FINDING, {**FINDING, "status": "met"}]})
    content = xlsx_bytes(
        {"合规矩阵": matrix_frame(MATRIX, NAMES), "未达标清单": gap_frame(findings)}
    )
    book = load_workbook(io.BytesIO(content))
    matrix, gaps = book["合规矩阵"], book["未达标清单"]
    assert [matrix["D2"].value, matrix["D3"].value] == ["缺项", "已达标"]
    assert matrix["D2"].fill.start_color.rgb.endswith("FDE2E2")
    assert matrix["D3"].fill.start_color.rgb.endswith("E6F6EC")
    assert gaps.max_row == 2 and gaps["G2"].value == "缺项"
    assert gaps["G2"].fill.start_color.rgb.endswith("FDE2E2")
    trend = trend_frame(findings)
    assert "缺项" in trend.columns and "已达标" in trend.columns


def test_the_report_status_words_are_the_pages_words():
    import json
    from pathlib import Path

    from reports.compliance import STATUS_ZH

    pages = json.loads(
        (Path(__file__).resolve().parents[2] / "frontend_static/i18n/zh-CN.json").read_text("utf-8")
    )
    assert {
        key.split(".", 1)[1]: word for key, word in pages.items() if key.startswith("status.")
    } == STATUS_ZH

"""Exports keep people's text as text: no live formulas, no characters that break the file."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from reports.compliance import csv_bytes, xlsx_bytes
from reports.heatmap import heatmap_png

FORMULA = '=HYPERLINK("http://x","y")'


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "姓名": [FORMULA, "+86 123", "-5", "@SUM(A1)", "\t=1", "王\x07芳\x1b", "张三"],
            "学分": [1, 2, -5, 3, 0, 4, 5],
        }
    )


def test_csv_quotes_text_that_would_run_as_a_formula_and_keeps_numbers():
    lines = csv_bytes(_frame()).decode("utf-8-sig").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://x"",""y"")",1'
    assert lines[2] == "'+86 123,2"
    assert lines[3] == "'-5,-5"  # the text "-5" is quoted; the number -5 stays a number
    assert lines[4] == "'@SUM(A1),3"
    assert lines[5] == "'\t=1,0"
    assert lines[6] == "王芳,4"  # control characters removed
    assert lines[7] == "张三,5"


def test_xlsx_writes_formula_like_text_as_text_and_drops_control_characters():
    book = load_workbook(io.BytesIO(xlsx_bytes({"人员": _frame()})))
    rows = list(book["人员"].iter_rows(min_row=2))
    names = [row[0] for row in rows]
    assert [c.value for c in names] == [
        FORMULA,
        "+86 123",
        "-5",
        "@SUM(A1)",
        "\t=1",
        "王芳",
        "张三",
    ]
    assert all(c.data_type == "s" for c in names)  # "f" would be a live formula
    assert names[0].quotePrefix  # stays text when someone edits the cell in Excel
    assert [row[1].value for row in rows] == [1, 2, -5, 3, 0, 4, 5]
    assert all(row[1].data_type == "n" for row in rows)


def test_a_header_or_sheet_of_plain_text_is_unchanged():
    frame = pd.DataFrame({"机构": ["禾城区人民医院"], "未达标项数": [2]})
    book = load_workbook(io.BytesIO(xlsx_bytes({"合规矩阵": frame})))
    assert [[c.value for c in row] for row in book["合规矩阵"].iter_rows()] == [
        ["机构", "未达标项数"],
        ["禾城区人民医院", 2],
    ]
    assert csv_bytes(frame).decode("utf-8-sig").splitlines()[1] == "禾城区人民医院,2"


def test_the_heatmap_draws_names_with_dollar_signs_as_text():
    matrix = pd.DataFrame(
        {"机构": ["$x^{$", "$\\foo$"], "区县": ["禾城区"] * 2, "未达标项数": [1, 0],
         "产后出血演练": ["gap", "met"]}
    )  # fmt: skip
    assert heatmap_png(matrix, "南禾市").startswith(b"\x89PNG")

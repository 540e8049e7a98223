"""Hostile and broken spreadsheets are refused with a message naming the limit, never a crash."""

import random

import pytest

from backend.core.errors import InvalidInput, TooLarge
from backend.core.messages import render
from backend.staff import spreadsheet
from backend.staff.roster_import import read_roster
from backend.staff.spreadsheet import MAX_COLUMNS, MAX_ROWS, spreadsheet_cells
from tests.rosters import HEADERS, SAMPLE_ROWS, build_roster_csv
from tests.spreadsheet_bombs import (
    SHEET,
    cell,
    claiming_sizes,
    roster_rows,
    row,
    sheet_xml,
    whitespace_bomb,
    whole_grid,
    with_sheet,
)


def refusal(error: pytest.ExceptionInfo) -> str:
    return render(error.value.code, "zh", **error.value.params)


def test_a_sheet_claiming_excels_whole_grid_is_refused_at_the_row_limit_not_read_to_the_end():
    with pytest.raises(InvalidInput) as raised:
        read_roster(whole_grid(), "名册.xlsx")  # 5 KB, declares 16,384 x 1,048,576 cells
    assert raised.value.code == "spreadsheet_too_many_rows"
    assert "末尾带格式的空行" in refusal(raised)


def test_the_declared_sheet_size_is_ignored():
    content = with_sheet([sheet_xml(roster_rows(), dimension="A1:XFD1048576")])
    assert [r.values["staff_number"] for r in read_roster(content, "名册.xlsx")] == [
        "R001", "R002", "R003", "R004", "R005"
    ]  # fmt: skip


def test_a_sheet_longer_than_the_row_limit_is_refused_naming_the_limit():
    content = with_sheet([sheet_xml([*roster_rows(), row(MAX_ROWS + 1, cell("A20001", "多"))])])
    with pytest.raises(InvalidInput) as raised:
        spreadsheet_cells(content, "名册.xlsx")
    assert raised.value.code == "spreadsheet_too_many_rows"
    assert "20,000" in refusal(raised) and f"第 {MAX_ROWS + 1} 行" in refusal(raised)


def test_a_sheet_wider_than_the_column_limit_is_refused_naming_the_row():
    wide = row(3, cell("A3", "甲"), cell("BI3", "第六十一列"))  # BI is column 61
    with pytest.raises(InvalidInput) as raised:
        spreadsheet_cells(with_sheet([sheet_xml([*roster_rows()[:2], wide])]), "名册.xlsx")
    assert raised.value.code == "spreadsheet_too_many_columns"
    assert f"最多 {MAX_COLUMNS} 列" in refusal(raised) and "第 3 行" in refusal(raised)


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked():
    # the directory claims 1.8 GB; the data is the real small sheet, so unpacking it would fail
    content = claiming_sizes(with_sheet([sheet_xml(roster_rows())]), {SHEET: 1_800_000_000})
    with pytest.raises(TooLarge) as raised:
        spreadsheet_cells(content, "名册.xlsx")
    assert raised.value.code == "spreadsheet_unpacks_too_large"
    assert "20 MB" in refusal(raised)


def test_a_member_packed_far_tighter_than_any_sheet_is_refused():
    with pytest.raises(TooLarge) as raised:
        spreadsheet_cells(whitespace_bomb(megabytes=3), "名册.xlsx")  # 3 MB packed ~1,000:1
    assert "100 倍" in refusal(raised)


def test_members_that_together_unpack_past_the_limit_are_refused():
    noise = random.Random(7).randbytes(300_000)  # packs about 1:1
    extra = {f"xl/media/image{i}.png": noise for i in range(3)}
    content = with_sheet([sheet_xml(roster_rows())], extra=extra)
    claimed = {name: 20 * 2**20 for name in extra}  # 60 MB together, each 70:1
    with pytest.raises(TooLarge):
        spreadsheet_cells(claiming_sizes(content, claimed), "名册.xlsx")


@pytest.mark.parametrize(
    "sheet",
    [
        sheet_xml(roster_rows())[:-40],  # cut off mid-row
        sheet_xml(
            [row(1, cell("A1", "姓名"), cell("B1", "&who;"))],
            doctype=b'<!DOCTYPE worksheet [<!ENTITY who "&#24037;&#21495;">]>',
        ),
    ],
    ids=["truncated", "entity"],
)
def test_malformed_or_entity_declaring_sheet_xml_is_a_clear_refusal(sheet):
    with pytest.raises(InvalidInput) as raised:
        spreadsheet_cells(with_sheet([sheet]), "名册.xlsx")
    assert raised.value.code == "spreadsheet_damaged"
    assert "另存为" in refusal(raised)


def test_a_file_over_the_size_limit_is_refused_even_without_the_web_limit():
    content = build_roster_csv(SAMPLE_ROWS * 25_000)[: 6 * 2**20]  # the command line path
    with pytest.raises(TooLarge) as raised:
        spreadsheet_cells(content, "名册.csv")
    assert "5 MB" in refusal(raised)


def test_a_csv_cell_swallowing_the_file_is_refused_with_its_row():
    lines = [",".join(HEADERS), ",".join(SAMPLE_ROWS[0]), '王丽娟,"R002' + "x" * 200_000]
    with pytest.raises(InvalidInput) as raised:
        spreadsheet_cells("\r\n".join(lines).encode(), "名册.csv")
    assert raised.value.code == "csv_cell_too_long"
    assert "第 3 行" in refusal(raised) and "128 KB" in refusal(raised)


def test_a_stray_carriage_return_in_a_csv_cell_is_refused_with_its_row():
    lines = [
        ",".join(HEADERS),
        ",".join(SAMPLE_ROWS[0]),
        "王丽\r娟,R002,产科,助产士,护师,2021-03-15",
    ]
    with pytest.raises(InvalidInput) as raised:
        spreadsheet_cells(("\r\n".join(lines) + "\r\n").encode(), "名册.csv")
    assert raised.value.code == "csv_bad_line"
    assert "第 3 行" in refusal(raised)


def test_a_csv_saved_with_classic_mac_line_endings_reads_like_any_other():
    content = build_roster_csv(SAMPLE_ROWS).replace(b"\r\n", b"\r")
    assert [r.row for r in read_roster(content, "名册.csv")] == [2, 3, 4, 5, 6]


def test_a_csv_row_wider_than_the_column_limit_is_refused_but_trailing_commas_are_not():
    padded = build_roster_csv(SAMPLE_ROWS).replace(b"\r\n", b"," * 500 + b"\r\n")
    assert len(read_roster(padded, "名册.csv")) == 5
    wide = padded + b"," * 70 + b"x\r\n"
    with pytest.raises(InvalidInput) as raised:
        spreadsheet_cells(wide, "名册.csv")
    assert raised.value.code == "spreadsheet_too_many_columns"
    assert "第 7 行" in refusal(raised)


def test_a_sheet_that_takes_too_long_to_read_is_refused_naming_the_row_reached(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_READ_SECONDS", -1)  # past the deadline at once
    with pytest.raises(InvalidInput) as raised:
        spreadsheet_cells(with_sheet([sheet_xml(roster_rows())]), "名册.xlsx")
    assert raised.value.code == "spreadsheet_too_slow"
    assert "第 1 行" in refusal(raised)

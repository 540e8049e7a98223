"""Reading and checking rosters the way officers keep them in Excel."""

from datetime import date, datetime

import pytest

from backend.core.errors import InvalidInput, UnsupportedMedia
from backend.core.messages import render
from backend.staff.roster_import import parse_roster_date, read_roster, validate_roster
from tests.rosters import (
    SAMPLE_ROWS,
    SAMPLE_ROWS_WITH_ONE_BAD_ROW,
    build_roster_csv,
    build_roster_xlsx,
)

DEPARTMENTS = {"产科": (1, "obstetrics"), "新生儿科": (2, "neonatology")}
TODAY = date(2026, 11, 23)


def check(rows):
    return validate_roster(read_roster(build_roster_xlsx(rows), "名册.xlsx"), DEPARTMENTS, TODAY)


def test_a_good_roster_gives_every_person_with_role_title_and_date():
    result = check(SAMPLE_ROWS)
    assert result.errors == []
    assert [(r.staff_number, r.role, r.title, r.active_from) for r in result.rows] == [
        ("R001", "obstetrician", "intermediate", date(2019, 7, 1)),
        ("R002", "midwife", "intermediate", date(2021, 3, 15)),
        ("R003", "nurse", "junior", date(2023, 9, 1)),
        ("R004", "neonatologist", "senior", date(2010, 8, 1)),
        ("R005", "nurse", "associate_senior", date(2015, 5, 20)),
    ]
    assert result.rows[0].department_id == 1 and result.rows[3].department_id == 2


def test_a_bad_row_is_reported_with_the_row_number_excel_shows_and_the_column():
    result = check(SAMPLE_ROWS_WITH_ONE_BAD_ROW)
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (4, "职称", "roster_unknown_title")
    ]
    assert "教授" in render(result.errors[0].code, "zh", **result.errors[0].params)


def test_every_bad_row_is_reported_not_just_the_first():
    rows = [
        ["", "X1", "产科", "护士", "护师", "2020-01-01"],
        ["甲", "X2", "药剂科", "护士", "护师", "2020-01-01"],
        ["乙", "X2", "产科", "厨师", "护师", "2020-01-01"],
        ["丙", "X4", "产科", "护士", "护师", "去年"],
        ["丁", "X5", "产科", "护士", "护师", "2030-01-01"],
    ]
    errors = [(e.row, e.column, e.code) for e in check(rows).errors]
    assert errors == [
        (2, "姓名", "roster_blank"),
        (3, "科室", "roster_unknown_department"),
        (4, "工号", "roster_duplicate_staff_number"),
        (4, "岗位/职务", "roster_unknown_position"),
        (5, "入职日期", "roster_bad_date"),
        (6, "入职日期", "roster_future_date"),
    ]


def test_the_repeated_staff_number_names_the_row_it_repeats():
    rows = [SAMPLE_ROWS[0], SAMPLE_ROWS[1], [*SAMPLE_ROWS[2][:1], "R001", *SAMPLE_ROWS[2][2:]]]
    (error,) = check(rows).errors
    assert "第 2 行" in render(error.code, "zh", **error.params)


def test_a_csv_with_bom_or_in_gb18030_reads_like_the_excel_file():
    for encoding in ("utf-8-sig", "gb18030"):
        rows = read_roster(build_roster_csv(SAMPLE_ROWS, encoding=encoding), "名册.csv")
        assert validate_roster(rows, DEPARTMENTS, TODAY).errors == []
        assert rows[0].values["name"] == "王丽娟"


def test_a_title_row_above_the_header_and_blank_rows_are_tolerated():
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["南禾市妇幼保健院 2026 年人员花名册"])
    sheet.append(["姓名", "工号", "科室", "岗位/职务", "职称", "入职日期"])
    sheet.append(SAMPLE_ROWS[0])
    sheet.append([None] * 6)
    sheet.append(SAMPLE_ROWS[1])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_roster(buffer.getvalue(), "a.xlsx")
    assert [r.row for r in rows] == [3, 5]


def test_missing_columns_are_named():
    content = build_roster_xlsx([["王丽娟", "R001"]], headers=["姓名", "工号"])
    with pytest.raises(InvalidInput) as raised:
        read_roster(content, "a.xlsx")
    assert "职称" in raised.value.params["columns"] and "科室" in raised.value.params["columns"]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.4 not a roster", "roster.pdf"),
        (b"PK\x03\x04broken zip", "roster.xlsx"),
        (b"\x00\x01", "a.csv"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(content, name):
    with pytest.raises(UnsupportedMedia):
        read_roster(content, name)


def test_a_roster_with_only_a_header_is_empty():
    with pytest.raises(InvalidInput) as raised:
        read_roster(build_roster_xlsx([]), "a.xlsx")
    assert raised.value.code == "roster_empty"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 3, 1, 0, 0), date(2024, 3, 1)),
        ("2024-03-01", date(2024, 3, 1)),
        ("2024/3/1", date(2024, 3, 1)),
        ("2024年3月1日", date(2024, 3, 1)),
        ("20240301", date(2024, 3, 1)),
        (45352, date(2024, 3, 1)),
        ("2024-02-30", None),
        ("三月", None),
    ],
)
def test_dates_are_read_as_officers_type_them(value, expected):
    assert parse_roster_date(value) == expected


def test_a_blank_or_overlong_staff_number_is_named_in_the_staff_number_column():
    rows = [
        ["甲", "", "产科", "护士", "护师", "2020-01-01"],
        ["乙", "9" * 40, "产科", "护士", "护师", "2020-01-01"],
    ]
    assert [(e.row, e.column, e.code) for e in check(rows).errors] == [
        (2, "工号", "roster_blank"),
        (3, "工号", "roster_too_long"),
    ]


def test_every_repeat_of_a_staff_number_is_reported_against_its_first_row():
    rows = [SAMPLE_ROWS[0], SAMPLE_ROWS[1], SAMPLE_ROWS[0], SAMPLE_ROWS[0]]
    errors = check(rows).errors
    assert [(e.row, e.code, e.params["first"]) for e in errors] == [
        (4, "roster_duplicate_staff_number", 2),
        (5, "roster_duplicate_staff_number", 2),
    ]


@pytest.mark.parametrize(
    ("position", "department", "role"),
    [
        ("产科护士", "产科", "nurse"),
        ("新生儿科护士", "新生儿科", "nurse"),
        ("产科助产士", "产科", "midwife"),
        ("妇产科医师", "产科", "obstetrician"),
        ("主治医师", "新生儿科", "neonatologist"),
        ("医师", "产科", "obstetrician"),
    ],
)
def test_the_role_comes_from_the_position_or_else_the_department(position, department, role):
    (row,) = check([["甲", "X1", department, position, "初级", "2020-01-01"]]).rows
    assert row.role == role


def test_stray_control_characters_are_dropped_and_an_overlong_position_is_a_row_error():
    rows = [
        ["张\x07晓梅\x1b", "X1", "产科", "护士", "护师", "2020-01-01"],
        ["李四", "X2", "产科", "护士" * 60, "护师", "2020-01-01"],
    ]
    # an .xlsx cannot hold them; a CSV exported by another system can
    result = validate_roster(read_roster(build_roster_csv(rows), "名册.csv"), DEPARTMENTS, TODAY)
    assert [r.name for r in result.rows] == ["张晓梅"]
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (3, "岗位/职务", "roster_too_long")
    ]


def test_a_full_width_staff_number_is_read_as_the_ascii_one_the_api_stores():
    rows = [["王芳", "Ａ００１", "产科", "护士", "护师", "2020-01-01"]]
    assert [r.staff_number for r in check(rows).rows] == ["A001"]

"""The 学分登记表 builders: DataFrames from the register API's answer, and the .xlsx."""

import io

import openpyxl

from reports.credit_register import (
    department_frame,
    person_frame,
    register_file_name,
    register_sheets,
    register_xlsx,
)


def _row(name, number, department, class_i, class_ii, met):
    total = min(class_i, 10) + min(class_ii, 20)
    return {
        "staff_member_id": int(number[1:]), "name": name, "staff_number": number,
        "department": department, "counted": {"I": class_i, "II": class_ii}, "total": total,
        "missing": {"I": max(0, 5 - class_i), "II": max(0, 15 - class_ii),
                    "total": max(0, 25 - total)},
        "met": met,
    }  # fmt: skip


REGISTER = {
    "institution_name": "禾城区人民医院",
    "year": 2025,
    "classes": [{"code": "I", "label": "Ⅰ类学分"}, {"code": "II", "label": "Ⅱ类学分"}],
    "rows": [
        _row("张晓梅", "A001", "产科", 5, 20, True),
        _row("王丽", "A002", "产科", 2, 10, False),
        _row("赵敏", "A003", "新生儿科", 10, 15, True),
        _row("钱红", "A004", "", 0, 0, False),
    ],
}


def test_each_person_has_counted_credits_per_class_what_is_missing_and_the_verdict():
    frame = person_frame(REGISTER)
    assert list(frame.columns) == ["科室", "姓名", "工号", "Ⅰ类学分", "Ⅱ类学分", "合计（计入）",
                                   "Ⅰ类学分尚缺", "Ⅱ类学分尚缺", "合计尚缺", "是否达标"]  # fmt: skip
    wang = frame[frame["姓名"] == "王丽"].iloc[0]
    assert wang["合计（计入）"] == 12 and wang["Ⅰ类学分尚缺"] == 3 and wang["合计尚缺"] == 13
    assert wang["是否达标"] == "未达标"
    assert frame[frame["工号"] == "A004"].iloc[0]["科室"] == "（未分科室）"


def test_departments_sum_their_people_and_the_share_who_met():
    frame = department_frame(person_frame(REGISTER), ["Ⅰ类学分", "Ⅱ类学分"])
    obstetrics = frame[frame["科室"] == "产科"].iloc[0]
    assert obstetrics["人数"] == 2 and obstetrics["达标人数"] == 1 and obstetrics["达标率"] == 0.5
    assert obstetrics["Ⅰ类学分"] == 7 and obstetrics["合计"] == 37


def test_an_institution_without_staff_still_gives_both_sheets_with_headers():
    sheets = register_sheets({**REGISTER, "rows": []})
    assert sheets["人员学分"].empty and "达标率" in sheets["科室汇总"].columns


def test_the_workbook_has_two_sheets_with_frozen_bold_headers_and_a_telling_name():
    book = openpyxl.load_workbook(io.BytesIO(register_xlsx(REGISTER)))
    assert book.sheetnames == ["人员学分", "科室汇总"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert register_file_name(REGISTER) == "禾城区人民医院-2025-学分登记表.xlsx"

"""The printed sign-in sheet (签到表) and the import of its typed-up copy: all or nothing."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from backend.activities.tables import Activity
from backend.attendance import check_in_routes
from backend.attendance.tables import Attendance
from backend.staff.tables import StaffMember
from tests.attendance_activities import book

STARTS = datetime(2031, 3, 10, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
ENDS = datetime(2031, 3, 10, 3, 0, tzinfo=UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def after_the_drill(monkeypatch) -> datetime:
    now = ENDS + timedelta(hours=2)
    monkeypatch.setattr(check_in_routes, "utc_now", lambda: now)
    return now


def _midwife(world, number: str, name: str) -> int:
    row = StaffMember(
        institution=world.hosp_a, department=world.obstetrics_a, staff_number=number, name=name,
        role="midwife", title="junior", active_from=date(2020, 1, 1), updated_at=datetime.now(UTC),
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def _book(officer, invite: dict | None = None, **fields) -> int:
    """A PPH drill on 2031-03-10, 09:00-11:00 Shanghai (the tests' clock is set around it)."""
    fields = {"starts_at": "2031-03-10T09:00", "ends_at": "2031-03-10T11:00", **fields}
    people = (invite or {}).get("staff_ids", ())
    return book(officer, invite=people, place="产房示教室", **fields)["id"]


def _xlsx(rows: list[list], header=("姓名", "工号", "签到时间")) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["产后出血急救演练签到表"])  # a title row above the header, as officers type it
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, activity_id: int, content: bytes, name="签到表.xlsx", query=""):
    return client.post(
        f"/api/activities/{activity_id}/sign-in-import{query}",
        files={"file": (name, content, XLSX)},
    )


def _attendance(activity_id: int) -> dict[int, dict]:
    rows = Attendance.select().where(Attendance.activity == activity_id).run_sync()
    return {row["staff_member"]: row for row in rows}


def _status(activity_id: int) -> str:
    return (
        Activity.select(Activity.status)
        .where(Activity.id == activity_id)
        .first()
        .run_sync()["status"]
    )


def test_the_sheet_is_a_chinese_a4_pdf_listing_everyone_invited(world, api):
    officer = api("officer")
    midwife = _midwife(world, "A002", "王丽")
    drill = _book(officer, invite={"staff_ids": [world.s_a, midwife]})
    response = officer.get(f"/api/activities/{drill}/sign-in-sheet.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = "".join(p.extract_text() for p in reader.pages)
    for expected in ("签到表", "产后出血急救演练", "禾城区人民医院", "2031年03月10日", "09:00",
                     "产房示教室", "张晓梅", "A001", "王丽", "A002", "产科", "产科医师", "助产士",
                     "签名", "签到时间", "手机扫码签到"):  # fmt: skip
        assert expected in text, expected


def test_a_recorded_drill_role_replaces_the_staff_role_on_the_sheet(world, api):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    Attendance(activity=drill, staff_member=world.s_a, status="absent", drill_role="team_leader",
               recorded_at=datetime.now(UTC)).save().run_sync()  # fmt: skip
    text = PdfReader(io.BytesIO(officer.get(f"/api/activities/{drill}/sign-in-sheet.pdf").content))
    assert "组长" in text.pages[0].extract_text()


def test_overseers_may_print_the_sheet_and_staff_may_not(world, api):
    drill = _book(api("officer"), invite={"staff_ids": [world.s_a]})
    path = f"/api/activities/{drill}/sign-in-sheet.pdf"
    for user in ("admin", "reviewer", "commission", "city_commission"):
        assert api(user).get(path).status_code == 200, user
    assert api("staff").get(path).status_code == 403
    theirs = _book(api("admin"), host_institution_id=world.hosp_b)
    assert api("officer").get(f"/api/activities/{theirs}/sign-in-sheet.pdf").status_code == 404


def test_a_typed_up_sheet_marks_everyone_present_at_their_written_time(world, api, after_the_drill):
    officer = api("officer")
    midwife = _midwife(world, "A002", "王丽")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    sheet = _xlsx([["张晓梅", "A001", "08:55"], ["王 丽", "A002", "2031-03-10 9:05"]])
    response = _upload(officer, drill, sheet)
    assert response.status_code == 200, response.text
    assert response.json()["marked"] == 2
    assert response.json()["message"] == "已按签到表记录 2 人到场。"
    rows = _attendance(drill)
    assert rows[world.s_a]["checked_in_at"] == datetime(2031, 3, 10, 0, 55, tzinfo=UTC)
    assert rows[midwife]["checked_in_at"] == datetime(2031, 3, 10, 1, 5, tzinfo=UTC)
    assert {r["status"] for r in rows.values()} == {"present"}
    assert (rows[world.s_a]["walk_in"], rows[midwife]["walk_in"]) == (False, True)
    assert _status(drill) == "held"


def test_one_wrong_row_rejects_the_sheet_listing_every_wrong_row_and_writing_nothing(
    world, api, after_the_drill
):
    officer = api("officer")
    _midwife(world, "A002", "王丽")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    sheet = _xlsx(
        [
            ["张晓梅", "A001", "08:55"],  # row 3: fine
            ["赵六", "X999", "09:00"],  # row 4: nobody has this number
            ["李四", "A002", "09:00"],  # row 5: A002 is 王丽
            ["王丽", "A002", "明天早上"],  # row 6: repeats row 5, and no time
            ["张晓梅", "A001", "2031-03-11 09:00"],  # row 7: repeats row 3
        ]
    )
    response = _upload(officer, drill, sheet)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "sign_in_rejected"
    assert body["message"] == "签到表有 4 行有误，未记录任何签到。请修改后重新上传。"
    problems = {(d["row"], d["column"], d["code"]) for d in body["details"]}
    assert problems == {
        (4, "工号", "sign_in_unknown_staff_number"),
        (5, "姓名", "sign_in_name_mismatch"),
        (6, "工号", "sign_in_duplicate"),
        (6, "签到时间", "sign_in_bad_time"),
        (7, "工号", "sign_in_duplicate"),
        (7, "签到时间", "sign_in_time_off_day"),
    }
    mismatch = next(d for d in body["details"] if d["row"] == 5)
    assert mismatch["message"] == "工号“A002”是“王丽”，与所填姓名“李四”不符。"
    assert _attendance(drill) == {}
    assert _status(drill) == "planned"


def test_a_dry_run_checks_the_sheet_and_writes_nothing(world, api, after_the_drill):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    response = _upload(officer, drill, _xlsx([["张晓梅", "A001", "08:55"]]), query="?dry_run=1")
    assert response.status_code == 200, response.text
    assert (response.json()["marked"], response.json()["dry_run"]) == (0, True)
    assert [p["name"] for p in response.json()["people"]] == ["张晓梅"]
    assert _attendance(drill) == {}


def test_sheets_that_cannot_be_read_or_come_too_early_are_refused(world, api, after_the_drill):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    no_time = _xlsx([["张晓梅", "A001"]], header=("姓名", "工号"))
    missing = _upload(officer, drill, no_time)
    assert missing.status_code == 400 and missing.json()["error"] == "sign_in_missing_columns"
    assert "签到时间" in missing.json()["message"]
    photo = _upload(officer, drill, b"\x89PNG not a sheet", name="签到表.png")
    assert photo.status_code == 415
    later = _book(officer, starts_at="2031-03-12T09:00", ends_at="2031-03-12T10:00")
    early = _upload(officer, later, _xlsx([["张晓梅", "A001", "09:00"]]))
    assert early.status_code == 409 and early.json()["error"] == "sign_in_before_start"
    staff = _upload(api("staff"), drill, _xlsx([["张晓梅", "A001", "08:55"]]))
    assert staff.status_code == 403
    assert _attendance(drill) == {} and _attendance(later) == {}

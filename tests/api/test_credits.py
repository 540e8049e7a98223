"""A person's CME credits for a year, and the institution's 学分登记表 (JSON and .xlsx)."""

import io
import uuid
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

import openpyxl

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.credits.tables import CreditCertificate
from backend.staff.tables import StaffMember

NOW = datetime.now(UTC)


def session(world, day: date, credit_class: str, credits: float, facilitator=None, **fields):
    """A held CME session of hosp_a, 09:00-12:00 Shanghai on `day`."""
    starts = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
    row = Activity(
        uid=uuid.uuid4(), kind="cme_session", title=fields.pop("title", f"继续教育讲座 {day}"),
        host_institution=world.hosp_a, starts_at=starts, ends_at=starts + timedelta(hours=3),
        status=fields.pop("status", "held"), credit_class=credit_class, credits=credits,
        facilitator=facilitator, created_at=NOW, updated_at=NOW, **fields,
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def attended(activity_id: int, staff_id: int, status: str = "present") -> None:
    Attendance(activity=activity_id, staff_member=staff_id, status=status,
               recorded_at=NOW).save().run_sync()  # fmt: skip


def certificate(staff_id: int, cme_class: str, credits: float, status: str, earned_on=None):
    row = CreditCertificate(
        staff_member=staff_id, title="省级产科急救培训班", cme_class=cme_class, credits=credits,
        earned_on=earned_on or date(2025, 6, 1), status=status, submitted_at=NOW,
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def colleague(world, number: str, name: str, department=None, institution=None) -> int:
    row = StaffMember(
        institution=institution or world.hosp_a, department=department or world.obstetrics_a,
        staff_number=number, name=name, role="midwife", title="junior",
        active_from=date(2020, 1, 1), updated_at=NOW,
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def _ledger(client, staff_id: int, year: int = 2025):
    return client.get(f"/api/staff/{staff_id}/credits", params={"year": year})


def test_a_late_session_a_presentation_and_a_confirmed_certificate_each_count_in_their_class(
    world, api
):
    late = session(world, date(2025, 3, 10), "city", 4, title="产后出血规范化处理")
    attended(late, world.s_a, "late")
    session(world, date(2025, 4, 8), "institution", 2, facilitator=world.s_a, title="新生儿复苏")
    certificate(world.s_a, "I", 6, "confirmed")
    response = _ledger(api("staff"), world.s_a)
    assert response.status_code == 200, response.text
    ledger = response.json()
    assert ledger["policy"]["source_title"] == "继续医学教育学分授予与管理办法"
    assert ledger["required"] == 25
    classes = {c["code"]: c for c in ledger["classes"]}
    assert classes["I"]["earned"] == 6 and classes["I"]["missing"] == 0
    assert classes["II"]["earned"] == 6 and classes["II"]["missing"] == 9  # 2 (late) + 4
    assert ledger["total_counted"] == 12 and ledger["missing_total"] == 13
    assert ledger["met"] is False
    notes = {e["title"]: (e["source"], e["earned"], e["note"]) for e in ledger["entries"]}
    assert notes["产后出血规范化处理"] == ("attendance", 2, "迟到，按 50% 计")
    assert notes["新生儿复苏"][:2] == ("presentation", 4) and "主讲" in notes["新生儿复苏"][2]
    assert notes["省级产科急救培训班"][:2] == ("certificate", 6)


def test_pending_and_rejected_certificates_do_not_count(world, api):
    certificate(world.s_a, "I", 6, "pending")
    certificate(world.s_a, "II", 10, "rejected")
    ledger = _ledger(api("staff"), world.s_a).json()
    assert ledger["entries"] == [] and ledger["total_counted"] == 0
    assert ledger["missing_total"] == 25


def test_cancelled_planned_and_other_years_sessions_do_not_count(world, api):
    for day, status in ((date(2025, 5, 1), "cancelled"), (date(2025, 5, 2), "planned"),
                        (date(2024, 5, 3), "held")):  # fmt: skip
        attended(session(world, day, "national", 3, status=status), world.s_a)
    assert _ledger(api("staff"), world.s_a).json()["entries"] == []


def test_the_ledger_notes_speak_english_when_asked(world, api):
    attended(session(world, date(2025, 3, 10), "city", 4), world.s_a, "left_early")
    client = api("staff")
    response = client.get(f"/api/staff/{world.s_a}/credits?year=2025",
                          headers={"Accept-Language": "en"})  # fmt: skip
    assert response.json()["entries"][0]["note"] == "left early: counted at 50%"


def test_a_staff_member_reading_a_colleagues_ledger_gets_404(world, api):
    other = colleague(world, "A002", "王丽")
    response = _ledger(api("staff"), other)
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_staff_member"


def test_the_officer_reads_her_staff_but_not_another_hospitals(world, api):
    officer = api("officer")
    assert _ledger(officer, world.s_a).status_code == 200
    assert _ledger(officer, world.s_b).status_code == 404


def test_the_zone_reviewer_and_the_county_commission_read_ledgers_in_their_scope(world, api):
    for user in ("reviewer", "commission", "city_commission", "admin"):
        assert _ledger(api(user), world.s_a).status_code == 200, user
    assert _ledger(api("commission"), world.s_b).status_code == 404


def test_a_year_no_policy_covers_is_a_clear_400(world, api):
    response = _ledger(api("officer"), world.s_a, year=2001)
    assert response.status_code == 400
    assert response.json()["error"] == "credit_year_without_policy"
    assert "2001" in response.json()["message"]


def _register_world(world) -> int:
    wang = colleague(world, "A002", "王丽", department=world.neonatology_a)
    colleague(world, "B002", "外院", institution=world.hosp_b, department=world.obstetrics_b)
    national = session(world, date(2025, 2, 1), "national", 5)
    for person in (world.s_a, wang):
        attended(national, person)
    for month in range(3, 8):
        attended(session(world, date(2025, month, 5), "institution", 4), wang)
    return wang


def test_the_register_lists_every_staff_member_of_the_institution_with_their_standing(world, api):
    wang = _register_world(world)
    response = api("officer").get(f"/api/credits/register?institution={world.hosp_a}&year=2025")
    assert response.status_code == 200, response.text
    register = response.json()
    assert register["institution_name"] == "禾城区人民医院"
    assert [c["code"] for c in register["classes"]] == ["I", "II"]
    rows = {row["staff_member_id"]: row for row in register["rows"]}
    assert set(rows) == {world.s_a, wang}
    assert rows[wang]["counted"] == {"I": 5, "II": 20} and rows[wang]["total"] == 25
    assert rows[wang]["met"] is True and rows[wang]["department"] == "新生儿科"
    assert rows[world.s_a]["missing"] == {"I": 0, "II": 15, "total": 20}
    assert rows[world.s_a]["staff_number"] == "A001" and rows[world.s_a]["met"] is False


def test_the_register_xlsx_has_chinese_headers_a_frozen_header_and_each_persons_total(world, api):
    _register_world(world)
    response = api("officer").get(
        f"/api/credits/register?institution={world.hosp_a}&year=2025&format=xlsx"
    )
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert (
        unquote(disposition.split("filename*=UTF-8''")[1]) == "禾城区人民医院-2025-学分登记表.xlsx"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["人员学分", "科室汇总"]
    people = book["人员学分"]
    assert people.freeze_panes == "A2" and book["科室汇总"].freeze_panes == "A2"
    headers = [c.value for c in people[1]]
    assert headers[:5] == ["科室", "姓名", "工号", "Ⅰ类学分", "Ⅱ类学分"]
    assert "合计（计入）" in headers and "是否达标" in headers
    rows = {row[1]: dict(zip(headers, row, strict=True))
            for row in people.iter_rows(min_row=2, values_only=True)}  # fmt: skip
    assert rows["王丽"]["合计（计入）"] == 25 and rows["王丽"]["是否达标"] == "达标"
    assert rows["张晓梅"]["合计（计入）"] == 5 and rows["张晓梅"]["合计尚缺"] == 20
    departments = [c.value for c in book["科室汇总"][1]]
    assert departments[:4] == ["科室", "人数", "达标人数", "达标率"]


def test_staff_are_refused_the_register_and_other_hospitals_are_not_found(world, api):
    staff = api("staff").get(f"/api/credits/register?institution={world.hosp_a}&year=2025")
    assert staff.status_code == 403
    assert staff.json()["error"] == "credit_register_staff_only_own"
    officer = api("officer").get(f"/api/credits/register?institution={world.hosp_b}&year=2025")
    assert officer.status_code == 404


def test_the_register_leaves_out_people_who_left_before_the_year(world, api):
    gone = colleague(world, "A009", "离职者")
    StaffMember.update({StaffMember.active_to: date(2024, 6, 30)}).where(
        StaffMember.id == gone
    ).run_sync()
    register = api("officer").get(f"/api/credits/register?institution={world.hosp_a}&year=2025")
    assert gone not in {row["staff_member_id"] for row in register.json()["rows"]}


def test_my_schedule_shows_what_the_ledger_counts_for_each_session(world, api):
    late = session(world, date(2025, 3, 10), "city", 4, title="产后出血规范化处理")
    whole = session(world, date(2025, 5, 12), "provincial", 3, title="新生儿复苏培训")
    attended(late, world.s_a, "late")
    attended(whole, world.s_a, "present")
    staff = api("staff")
    schedule = staff.get("/api/me/activities", params={"from": "2025-01-01", "to": "2025-12-31"})
    earned = {i["activity"]["title"]: i["credits_earned"] for i in schedule.json()}
    assert earned == {"产后出血规范化处理": 2, "新生儿复苏培训": 3}
    ledger = {e["title"]: e["earned"] for e in _ledger(staff, world.s_a).json()["entries"]}
    assert ledger == earned

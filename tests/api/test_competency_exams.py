"""Exams and skills stations: the officer records one, enters or imports scores; passing is
the framework's pass mark scaled to the exam's maximum; bad lists are refused whole."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta

from openpyxl import Workbook

from backend.audit.tables import AuditEntry
from backend.competencies.holdings import held_until
from backend.competencies.tables import CompetencyAssessment, CompetencyExam
from backend.core.clock import today_in_shanghai
from backend.staff.tables import StaffMember

WRITTEN = "obstetric-neonatal-knowledge"  # written, pass mark 60, valid 12 months (2024)
STATION = "neonatal-ppv"  # skills station, pass mark 80
HELD = "2025-06-10"


def _person(world, number: str, name: str, **fields) -> int:
    row = StaffMember(institution=world.hosp_a, department=world.obstetrics_a,
                      staff_number=number, name=name, role="midwife", title="junior",
                      active_from=date(2021, 1, 1), updated_at=datetime.now(UTC), **fields)  # fmt: skip
    row.save().run_sync()
    return row.id


def _exam(client, world, **fields) -> dict:
    body = {"institution_id": world.hosp_a, "competency": WRITTEN, "kind": "written",
            "title": "2025年全员理论考核", "held_on": HELD, **fields}  # fmt: skip
    response = client.post("/api/competency-exams", json=body)
    assert response.status_code == 201, response.text
    return response.json()["exam"]


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(client, exam_id: int, rows: list[list]):
    content = _xlsx(rows)
    return client.post(f"/api/competency-exams/{exam_id}/scores/import",
                       files={"file": ("成绩.xlsx", content, "application/vnd.ms-excel")})  # fmt: skip


def _scores(exam_id: int) -> dict[int, tuple[float, str]]:
    rows = CompetencyAssessment.select().where(CompetencyAssessment.exam == exam_id).run_sync()
    return {r["staff_member"]: (r["score"], r["outcome"]) for r in rows}


def test_sixty_of_a_hundred_passes_and_fifty_nine_fails(world, api):
    officer = api("officer")
    other = _person(world, "A002", "刘芳")
    exam = _exam(officer, world)
    assert exam["competency_name"] == "妊娠合并症、并发症及新生儿急救理论"
    assert exam["pass_score"] == 60
    saved = officer.put(f"/api/competency-exams/{exam['id']}/scores",
                        json={"scores": [{"staff_id": world.s_a, "score": 60},
                                         {"staff_id": other, "score": 59}]})  # fmt: skip
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"changed": True, "passed": 1, "failed": 1, "imported": None}
    assert _scores(exam["id"]) == {world.s_a: (60, "passed"), other: (59, "failed")}
    detail = officer.get(f"/api/competency-exams/{exam['id']}").json()
    by_name = {p["name"]: p for p in detail["people"]}
    assert by_name["张晓梅"]["passed"] is True and by_name["刘芳"]["passed"] is False
    assert detail["exam"]["sat"] == 2 and detail["exam"]["passed"] == 1
    holdings = asyncio.run(held_until([world.s_a, other]))
    assert holdings[world.s_a][WRITTEN] == date(2026, 6, 9)  # 12 months from the exam
    assert other not in holdings  # a failed exam proves nothing


def test_a_maximum_of_fifty_scales_the_pass_mark(world, api):
    officer = api("officer")
    other = _person(world, "A002", "刘芳")
    exam = _exam(officer, world, max_score=50)
    assert exam["pass_score"] == 30
    officer.put(f"/api/competency-exams/{exam['id']}/scores",
                json={"scores": [{"staff_id": world.s_a, "score": 30},
                                 {"staff_id": other, "score": 29.5}]})  # fmt: skip
    assert _scores(exam["id"]) == {world.s_a: (30, "passed"), other: (29.5, "failed")}
    station = _exam(officer, world, competency=STATION, kind="skills_station", max_score=10)
    officer.put(f"/api/competency-exams/{station['id']}/scores",
                json={"scores": [{"staff_id": world.s_a, "score": 8},
                                 {"staff_id": other, "score": 7.9}]})  # fmt: skip
    assert _scores(station["id"]) == {world.s_a: (8, "passed"), other: (7.9, "failed")}


def test_saving_the_same_list_again_changes_nothing_and_a_new_list_replaces_it(world, api):
    officer = api("officer")
    other = _person(world, "A002", "刘芳")
    exam = _exam(officer, world)
    url = f"/api/competency-exams/{exam['id']}/scores"
    body = {"scores": [{"staff_id": world.s_a, "score": 90}, {"staff_id": other, "score": 40}]}
    assert officer.put(url, json=body).json()["changed"] is True
    audit = AuditEntry.count().run_sync()
    again = officer.put(url, json=body)
    assert again.status_code == 200 and again.json()["changed"] is False
    assert AuditEntry.count().run_sync() == audit
    assert officer.put(url, json={"scores": [{"staff_id": other, "score": 75}]}).json()["changed"]
    assert _scores(exam["id"]) == {other: (75, "passed")}


def test_a_bad_list_names_every_bad_entry_and_writes_nothing(world, api):
    officer = api("officer")
    other = _person(world, "A002", "刘芳")
    exam = _exam(officer, world)
    url = f"/api/competency-exams/{exam['id']}/scores"
    officer.put(url, json={"scores": [{"staff_id": other, "score": 70}]})
    response = officer.put(url, json={"scores": [
        {"staff_id": world.s_a, "score": 101}, {"staff_id": other, "score": -1},
        {"staff_id": world.s_b, "score": 80}, {"staff_id": world.s_a, "score": 50}]})  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "competency_exam_scores_rejected"
    assert [d["row"] for d in body["details"]] == [1, 2, 3, 4]
    assert "张晓梅" in body["message"] and "超出范围" in body["message"]
    assert "0 到 100" in body["details"][0]["message"]
    assert _scores(exam["id"]) == {other: (70, "passed")}


def test_import_with_an_unknown_number_on_row_4_names_it_and_writes_nothing(world, api):
    officer = api("officer")
    _person(world, "A002", "刘芳")
    exam = _exam(officer, world)
    rows = [["姓名", "工号", "成绩"], ["张晓梅", "A001", 88], ["刘芳", "A002", "59"],
            ["无此人", "Z999", 70]]  # fmt: skip
    audit = AuditEntry.count().run_sync()
    response = _import(officer, exam["id"], rows)
    assert response.status_code == 400, response.text
    body = response.json()
    assert "第 4 行" in body["message"] and "Z999" in body["message"]
    assert [d["row"] for d in body["details"]] == [4]
    assert _scores(exam["id"]) == {} and AuditEntry.count().run_sync() == audit
    english = officer.post(f"/api/competency-exams/{exam['id']}/scores/import",
                           files={"file": ("s.xlsx", _xlsx(rows), "application/octet-stream")},
                           headers={"accept-language": "en"})  # fmt: skip
    assert "Row 4" in english.json()["message"]
    fixed = _import(officer, exam["id"], rows[:3])
    assert fixed.status_code == 200, fixed.text
    assert fixed.json() == {"changed": True, "passed": 1, "failed": 1, "imported": 2}


def test_import_reports_bad_scores_and_duplicates_with_row_numbers(world, api):
    officer = api("officer")
    _person(world, "A002", "刘芳")
    _person(world, "A003", "离职者", active_to=date(2025, 1, 31))
    exam = _exam(officer, world)
    response = _import(officer, exam["id"], [
        [], ["工号", "成绩", "备注"], ["A001", "优秀"], ["A002", 120], ["A001", 80],
        ["A003", 70], [1001, None]])  # fmt: skip
    assert response.status_code == 400
    problems = {d["row"]: d["message"] for d in response.json()["details"]}
    assert set(problems) == {3, 4, 5, 6, 7}
    assert "不是数字" in problems[3] and "超出范围" in problems[4]
    assert "两次" in problems[5] and "不在岗" in problems[6] and "1001" in problems[7]
    assert _scores(exam["id"]) == {}


def test_import_merges_with_the_scores_already_entered(world, api):
    officer = api("officer")
    other = _person(world, "A002", "刘芳")
    exam = _exam(officer, world)
    officer.put(f"/api/competency-exams/{exam['id']}/scores",
                json={"scores": [{"staff_id": world.s_a, "score": 50}]})  # fmt: skip
    assert _import(officer, exam["id"], [["工号", "成绩"], ["A002", 61]]).status_code == 200
    assert _scores(exam["id"]) == {world.s_a: (50, "failed"), other: (61, "passed")}


def test_a_sheet_without_the_columns_or_a_text_file_is_refused(world, api):
    officer = api("officer")
    exam = _exam(officer, world)
    no_columns = _import(officer, exam["id"], [["姓名", "分值"], ["张晓梅", 80]])
    assert no_columns.status_code == 400
    assert no_columns.json()["error"] == "competency_exam_import_columns"
    text = officer.post(f"/api/competency-exams/{exam['id']}/scores/import",
                        files={"file": ("成绩.xlsx", b"hello", "application/octet-stream")})  # fmt: skip
    assert text.status_code == 415


def test_creating_checks_the_framework_the_date_and_the_activity(world, api):
    officer = api("officer")
    base = {"institution_id": world.hosp_a, "competency": WRITTEN, "kind": "written",
            "title": "考核", "held_on": HELD}  # fmt: skip
    wrong_kind = officer.post("/api/competency-exams", json={**base, "kind": "skills_station"})
    assert wrong_kind.status_code == 400
    assert "妊娠合并症" in wrong_kind.json()["message"]
    assert wrong_kind.json()["error"] == "competency_exam_method_not_allowed"
    unknown = officer.post("/api/competency-exams", json={**base, "competency": "juggling"})
    assert unknown.json()["error"] == "competency_unknown"
    tomorrow = (today_in_shanghai() + timedelta(days=1)).isoformat()
    future = officer.post("/api/competency-exams", json={**base, "held_on": tomorrow})
    assert future.json()["error"] == "competency_exam_in_future"
    assert officer.post("/api/competency-exams", json={**base, "max_score": 0}).status_code == 400
    assert CompetencyExam.count().run_sync() == 0


def test_who_reads_and_writes_exams(world, api):
    exam = _exam(api("officer"), world)
    assert api("staff").get(f"/api/competency-exams/{exam['id']}").status_code == 403
    assert api("reviewer").get(f"/api/competency-exams/{exam['id']}").status_code == 200
    listed = api("commission").get(f"/api/competency-exams?institution={world.hosp_a}")
    assert [e["title"] for e in listed.json()["exams"]] == ["2025年全员理论考核"]
    reviewer = api("reviewer").put(f"/api/competency-exams/{exam['id']}/scores",
                                   json={"scores": []})  # fmt: skip
    assert reviewer.status_code == 403
    other = api("officer").post("/api/competency-exams", json={
        "institution_id": world.hosp_b, "competency": WRITTEN, "kind": "written",
        "title": "乙院", "held_on": HELD})  # fmt: skip
    assert other.status_code == 404
    entries = [e["action"] for e in AuditEntry.select().run_sync()]
    assert entries == ["competency_exam.created"]

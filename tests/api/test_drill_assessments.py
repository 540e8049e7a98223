"""Competency assessments in a drill record: marked on the draft, locked with it, written as
evidence when it is submitted or amended; bad marks are refused and nothing is written."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.audit.tables import AuditEntry
from backend.competencies.tables import CompetencyAssessment
from backend.compliance.tables import FactsVersion
from backend.drill_records.tables import DrillRecord, DrillRecordVersion
from tests.api.test_drill_records import STARTS, held_drill
from tests.attendance_activities import colleague

PPV, COMPRESSIONS, TEAM = "neonatal-ppv", "neonatal-chest-compressions", "team-communication"


def complete(team: list[int], assessments: list[dict] | None = None) -> dict:
    content = {
        "scenario": {"template_id": "asphyxia-meconium-term", "title": "足月羊水粪染窒息"},
        "team": [{"staff_id": s, "drill_role": "member"} for s in team],
        "timings": {"minutes_to_effective_ventilation": 1, "heart_rate_reassessed": 1},
        "debrief": {"summary": "正压通气及时，配合良好。"},
    }
    if assessments is not None:
        content["assessments"] = assessments
    return content


def mark(staff_id: int, competency: str = PPV, outcome: str = "demonstrated", comment: str = ""):
    return {"staff_id": staff_id, "competency": competency, "outcome": outcome, "comment": comment}


@pytest.fixture
def scene(world, api):
    """A held neonatal-asphyxia drill of hospital A: 张晓梅 (team), 王芳 and 赵敏 present, 孙丽
    absent; its draft record."""
    wang = colleague(world, "王芳")
    zhao = colleague(world, "赵敏", role="nurse")
    sun = colleague(world, "孙丽")
    drill = held_drill(world.hosp_a, topic="neonatal_asphyxia", present=[world.s_a, wang, zhao])
    Attendance(activity=drill, staff_member=sun, status="absent",
               recorded_at=STARTS).save().run_sync()  # fmt: skip
    officer = api("officer")
    record = officer.post(f"/api/activities/{drill}/record", json=complete([world.s_a]))
    assert record.status_code == 201, record.text
    return {"officer": officer, "record": record.json()["id"], "wang": wang, "zhao": zhao,
            "sun": sun, "drill": drill}  # fmt: skip


def put(scene, marks, language="zh-CN"):
    return scene["officer"].put(f"/api/records/{scene['record']}/assessments",
                                json={"assessments": marks},
                                headers={"accept-language": language})  # fmt: skip


def stored(record_id: int) -> list[str]:
    rows = (
        DrillRecordVersion.select(DrillRecordVersion.content)
        .where(DrillRecordVersion.record == record_id)
        .order_by(DrillRecordVersion.version)
        .run_sync()
    )
    return [row["content"] for row in rows]


def audit_count() -> int:
    return AuditEntry.count().run_sync()


def test_the_sheet_names_the_covered_competencies_and_the_people_who_took_part(world, scene):
    sheet = scene["officer"].get(f"/api/records/{scene['record']}/assessments")
    assert sheet.status_code == 200, sheet.text
    body = sheet.json()
    assert [c["name_zh"] for c in body["competencies"]] == [
        "新生儿正压通气", "新生儿胸外按压", "团队沟通（SBAR 交接与闭环沟通）"
    ]  # fmt: skip
    assert body["competencies"][0]["name_en"] == "Neonatal positive-pressure ventilation"
    people = {p["name"]: p for p in body["participants"]}
    assert set(people) == {"张晓梅", "王芳", "赵敏"}  # 孙丽 was absent
    assert people["张晓梅"]["on_team"] and not people["王芳"]["on_team"]
    assert (people["赵敏"]["role"], people["赵敏"]["department_name"]) == ("nurse", "产科")
    assert body["participants"][0]["name"] == "张晓梅"  # the team first
    assert (body["status"], body["assessments"]) == ("draft", [])


def test_marks_are_saved_and_returned_with_names_and_a_draft_proves_nothing(world, scene):
    marks = [mark(world.s_a, PPV, "demonstrated", "  通气手法规范 "),
             mark(scene["wang"], COMPRESSIONS, "needs_practice", "按压深度不足"),
             mark(scene["zhao"], TEAM, "not_observed")]  # fmt: skip
    response = put(scene, marks)
    assert response.status_code == 200, response.text
    saved = {(a["name"], a["competency_name_zh"]): a for a in response.json()["assessments"]}
    assert set(saved) == {("张晓梅", "新生儿正压通气"), ("王芳", "新生儿胸外按压"),
                          ("赵敏", "团队沟通（SBAR 交接与闭环沟通）")}  # fmt: skip
    assert saved[("张晓梅", "新生儿正压通气")]["comment"] == "通气手法规范"
    assert saved[("王芳", "新生儿胸外按压")]["outcome"] == "needs_practice"
    again = scene["officer"].get(f"/api/records/{scene['record']}/assessments").json()
    assert again["assessments"] == response.json()["assessments"]
    record = scene["officer"].get(f"/api/records/{scene['record']}").json()
    assert len(record["content"]["assessments"]) == 3
    assert CompetencyAssessment.count().run_sync() == 0  # a draft proves nothing


def test_the_same_list_twice_changes_nothing(world, scene):
    marks = [mark(world.s_a), mark(scene["wang"], COMPRESSIONS, "needs_practice")]
    first = put(scene, marks)
    assert first.status_code == 200, first.text
    before = (stored(scene["record"]), audit_count(),
              DrillRecord.select(DrillRecord.updated_at).first().run_sync())  # fmt: skip
    second = put(scene, list(reversed(marks)))  # the same marks in another order
    assert second.status_code == 200, second.text
    assert second.json() == first.json()
    assert (stored(scene["record"]), audit_count(),
            DrillRecord.select(DrillRecord.updated_at).first().run_sync()) == before  # fmt: skip
    cleared = put(scene, [])
    assert cleared.json()["assessments"] == [] and audit_count() == before[1] + 1


@pytest.mark.parametrize(
    ("make", "error", "zh", "en"),
    [
        (lambda w, s: [mark(s["sun"])], "assessment_not_present", "孙丽未参加本次演练",
         "孙丽 did not attend"),
        (lambda w, s: [mark(w.s_a), mark(w.s_b)], "assessment_unknown_person",
         "第 2 条能力评估中的人员", "Assessment 2 names someone"),
        (lambda w, s: [mark(w.s_a, "pph-recognition")], "assessment_not_covered",
         "不评估“产后出血识别与分级处置”", "does not assess “Recognising and staging postpartum haemorrhage”"),
        (lambda w, s: [mark(w.s_a, "no-such-skill")], "assessment_unknown_competency",
         "能力项无法识别", "competency that does not exist"),
        (lambda w, s: [mark(w.s_a), mark(w.s_a, outcome="needs_practice")], "assessment_repeated",
         "张晓梅的“新生儿正压通气”评估重复出现", "张晓梅 is assessed twice"),
        (lambda w, s: [mark(999_999)], "assessment_unknown_person", "第 1 条", "Assessment 1"),
    ],
)  # fmt: skip
def test_a_bad_mark_is_refused_in_both_languages_and_nothing_is_written(
    world, scene, make, error, zh, en
):
    put(scene, [mark(scene["zhao"], TEAM)])
    before = (stored(scene["record"]), audit_count())
    for language, expected in (("zh-CN", zh), ("en", en)):
        response = put(scene, make(world, scene), language)
        assert (response.status_code, response.json()["error"]) == (400, error)
        assert expected in response.json()["message"], response.json()["message"]
    assert (stored(scene["record"]), audit_count()) == before
    assert "李建国" not in response.text  # another hospital's person is not named


def test_every_bad_mark_is_listed_by_position(world, scene):
    marks = [mark(world.s_a), mark(scene["sun"]), mark(world.s_a, "pph-team-lead")]
    body = put(scene, marks).json()
    assert body["error"] == "assessment_not_present"
    assert [(d["position"], d["code"]) for d in body["details"]] == [
        (2, "assessment_not_present"), (3, "assessment_not_covered")
    ]  # fmt: skip
    assert "产后出血抢救团队指挥" in body["details"][1]["message_zh"]
    assert "Leading a postpartum haemorrhage team" in body["details"][1]["message_en"]


def test_a_draft_patch_carrying_marks_is_checked_the_same_way(world, scene):
    path = f"/api/records/{scene['record']}"
    refused = scene["officer"].patch(path, json={"assessments": [mark(scene["sun"])]})
    assert (refused.status_code, refused.json()["error"]) == (400, "assessment_not_present")
    accepted = scene["officer"].patch(path, json={"assessments": [mark(scene["wang"])]})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["content"]["assessments"][0]["staff_id"] == scene["wang"]
    # editing other parts keeps the marks
    scene["officer"].patch(path, json={"problems": "复苏囊漏气"})
    assert len(scene["officer"].get(path).json()["content"]["assessments"]) == 1


def test_marks_lock_with_the_record_and_become_evidence_on_submission(world, scene):
    put(
        scene,
        [mark(world.s_a, comment="规范"), mark(scene["wang"], COMPRESSIONS, "needs_practice")],
    )
    facts_before = (
        FactsVersion.select().where(FactsVersion.scope == world.hosp_a).first().run_sync()
    )
    submitted = scene["officer"].post(f"/api/records/{scene['record']}/submit")
    assert submitted.status_code == 200, submitted.text
    rows = {r["staff_member"]: r for r in CompetencyAssessment.select().run_sync()}
    assert set(rows) == {world.s_a, scene["wang"]}
    ppv = rows[world.s_a]
    assert (ppv["competency"], ppv["method"], ppv["outcome"], ppv["proves"]) == (
        PPV, "drill", "demonstrated", True)  # fmt: skip
    assert ppv["assessed_on"] == date(2025, 5, 10)  # the drill's day in Shanghai
    assert ppv["valid_until"] == date(2026, 5, 9)  # twelve months (framework-2024)
    assert (ppv["record"], ppv["record_version"], ppv["institution"]) == (
        scene["record"], 1, world.hosp_a)  # fmt: skip
    assert ppv["comment"] == "规范"
    assert (rows[scene["wang"]]["proves"], rows[scene["wang"]]["valid_until"]) == (False, None)
    facts = FactsVersion.select().where(FactsVersion.scope == world.hosp_a).first().run_sync()
    assert facts["version"] > facts_before["version"]
    locked = put(scene, [mark(world.s_a, outcome="needs_practice")])
    assert (locked.status_code, locked.json()["error"]) == (409, "record_locked")
    assert "修订" in locked.json()["message"]
    assert CompetencyAssessment.count().run_sync() == 2
    sheet = scene["officer"].get(f"/api/records/{scene['record']}/assessments").json()
    assert sheet["status"] == "submitted" and len(sheet["assessments"]) == 2


def test_an_amendment_changing_an_outcome_replaces_the_evidence_and_names_it(world, scene):
    put(scene, [mark(world.s_a, outcome="needs_practice"), mark(scene["wang"], TEAM)])
    scene["officer"].post(f"/api/records/{scene['record']}/submit")
    amended = scene["officer"].post(
        f"/api/records/{scene['record']}/amendments",
        json={"reason": "复看录像，张晓梅通气规范", "content": {"assessments": [
            mark(world.s_a, outcome="demonstrated", comment="复看录像确认")]}},
    )  # fmt: skip
    assert amended.status_code == 201, amended.text
    rows = CompetencyAssessment.select().run_sync()
    assert [(r["staff_member"], r["outcome"], r["record_version"]) for r in rows] == [
        (world.s_a, "demonstrated", 2)
    ]
    assert rows[0]["valid_until"] == date(2026, 5, 9)
    versions = scene["officer"].get(f"/api/records/{scene['record']}/versions").json()
    changes = {c["label_zh"]: c for c in versions[1]["changes"]}
    assert set(changes) == {"能力评估：张晓梅 · 新生儿正压通气",
                            "能力评估：王芳 · 团队沟通（SBAR 交接与闭环沟通）"}  # fmt: skip
    ppv = changes["能力评估：张晓梅 · 新生儿正压通气"]
    assert (ppv["old"], ppv["new"]) == ("需加强练习", "已掌握（复看录像确认）")
    assert ppv["label_en"] == "Assessment: 张晓梅 · Neonatal positive-pressure ventilation"
    assert changes["能力评估：王芳 · 团队沟通（SBAR 交接与闭环沟通）"]["new"] is None
    assert "neonatal-ppv" not in str(versions[1]["changes"][0]["label_zh"])


def test_an_amendment_with_a_bad_mark_writes_nothing(world, scene):
    put(scene, [mark(world.s_a)])
    scene["officer"].post(f"/api/records/{scene['record']}/submit")
    before = (stored(scene["record"]), audit_count(), CompetencyAssessment.count().run_sync())
    refused = scene["officer"].post(
        f"/api/records/{scene['record']}/amendments",
        json={"reason": "补录", "content": {"assessments": [mark(scene["sun"])]}},
    )
    assert (refused.status_code, refused.json()["error"]) == (400, "assessment_not_present")
    assert (stored(scene["record"]), audit_count(),
            CompetencyAssessment.count().run_sync()) == before  # fmt: skip


def test_a_guest_sees_only_the_people_of_its_scope_and_their_institutions_are_told(world, api):
    """The city's regional drill: the officer of hospital A is a guest and does not learn of
    hospital B's 李建国; submitting tells both hospitals' compliance that facts changed."""
    row = Activity(
        uid=uuid.uuid4(), kind="regional_drill", topic="neonatal_asphyxia",
        title="全市新生儿复苏联合演练", host_jurisdiction=world.city, starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=1), status="held", created_at=STARTS, updated_at=STARTS,
    )  # fmt: skip
    row.save().run_sync()
    for person in (world.s_a, world.s_b):
        Attendance(activity=row.id, staff_member=person, status="present",
                   recorded_at=STARTS).save().run_sync()  # fmt: skip
    host = api("city_commission")
    body = complete([world.s_a, world.s_b], [mark(world.s_a), mark(world.s_b)])
    record = host.post(f"/api/activities/{row.id}/record", json=body)
    assert record.status_code == 201, record.text
    record_id = record.json()["id"]
    path = f"/api/records/{record_id}/assessments"
    assert {a["name"] for a in host.get(path).json()["assessments"]} == {"张晓梅", "李建国"}
    guest = api("officer").get(path)
    assert guest.status_code == 200, guest.text
    assert [p["name"] for p in guest.json()["participants"]] == ["张晓梅"]
    assert [a["name"] for a in guest.json()["assessments"]] == ["张晓梅"]
    assert "李建国" not in guest.text
    read = api("officer").get(f"/api/records/{record_id}").json()
    assert [a["staff_id"] for a in read["content"]["assessments"]] == [world.s_a]
    assert api("officer").put(path, json={"assessments": []}).status_code == 403

    def facts(institution: int) -> int:
        found = FactsVersion.select().where(FactsVersion.scope == institution).first().run_sync()
        return found["version"] if found else 0

    before = facts(world.hosp_b)
    assert host.post(f"/api/records/{record_id}/submit").status_code == 200
    assert facts(world.hosp_b) > before
    rows = CompetencyAssessment.select().order_by(CompetencyAssessment.staff_member).run_sync()
    assert [(r["staff_member"], r["institution"]) for r in rows] == sorted(
        [(world.s_a, world.hosp_a), (world.s_b, world.hosp_b)]
    )


def test_staff_may_not_read_the_sheet(world, api, scene):
    response = api("staff").get(f"/api/records/{scene['record']}/assessments")
    assert response.status_code == 403

"""What people see of competencies: a person's states with their evidence and the next activity
that would renew them, a department's matrix and coverage warnings (and its Excel file), the
commission's per-institution shares, and the people due for a drill topic."""

import io
import uuid
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook

from backend.activities.tables import Activity
from backend.competencies.holdings import NewAssessment, add_months
from backend.competencies.tables import CompetencyExam
from backend.core.clock import today_in_shanghai
from backend.drill_records.tables import DrillRecord
from backend.staff.tables import StaffMember

TODAY = today_in_shanghai()
NOW = datetime.now(UTC)
# assessment dates giving each state for a 12-month competency
CURRENT = TODAY - timedelta(days=30)
EXPIRING = add_months(TODAY, -12) + timedelta(days=30)  # valid 29 more days
EXPIRED = TODAY - timedelta(days=400)


def _person(world, number, role, department, night=False, institution=None, name=None) -> int:
    row = StaffMember(
        institution=institution or world.hosp_a, department=department, staff_number=number,
        name=name or f"员工{number}", role=role, title="junior", night_shifts=night,
        active_from=date(2020, 1, 1), updated_at=NOW,
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def _assess(world, staff_id, competency, on, outcome="demonstrated", method="drill", **links):
    institution = links.pop("institution", world.hosp_a)
    row = NewAssessment(
        staff_member=staff_id, institution=institution, competency=competency, method=method,
        outcome=outcome, assessed_on=on, **links,
    ).row(NOW)  # fmt: skip
    row.save().run_sync()
    return row


def _activity(world, title, topic, starts, status="held", kind="drill", **fields) -> int:
    row = Activity(
        uid=uuid.uuid4(), kind=kind, topic=topic, title=title, host_institution=world.hosp_a,
        starts_at=starts, ends_at=starts + timedelta(hours=2), status=status, created_at=NOW,
        updated_at=NOW, **fields,
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def _drill_record(world, title, day) -> int:
    starts = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    activity = _activity(world, title, "neonatal_asphyxia", starts)
    record = DrillRecord(activity=activity, status="submitted", current_version=1,
                         created_at=NOW, updated_at=NOW)  # fmt: skip
    record.save().run_sync()
    return record.id


def _items(body) -> dict:
    return {item["competency"]["id"]: item for item in body["items"]}


def test_a_staff_member_sees_each_state_with_its_evidence(world, api):
    record = _drill_record(world, "新生儿窒息复苏演练", CURRENT)
    _assess(world, world.s_a, "neonatal-ppv", CURRENT, record=record, record_version=1,
            comment="通气手法规范")  # fmt: skip
    exam = CompetencyExam(institution=world.hosp_a, competency="pph-recognition",
                          kind="skills_station", title="产后出血技能站", held_on=EXPIRING,
                          created_at=NOW, updated_at=NOW)  # fmt: skip
    exam.save().run_sync()
    _assess(world, world.s_a, "pph-recognition", EXPIRING, "passed", "skills_station",
            exam=exam.id, score=88)  # fmt: skip
    _assess(world, world.s_a, "pph-team-lead", EXPIRED)
    _assess(world, world.s_a, "eclampsia-management", CURRENT, "needs_practice")
    response = api("staff").get(f"/api/staff/{world.s_a}/competencies")
    assert response.status_code == 200, response.text
    items = _items(response.json())
    ppv = items["neonatal-ppv"]
    assert ppv["state"] == "current" and ppv["required"]
    assert ppv["valid_until"] == (add_months(CURRENT, 12) - timedelta(days=1)).isoformat()
    assert ppv["evidence"][0]["source_zh"] == f"演练：新生儿窒息复苏演练（{CURRENT.isoformat()}）"
    assert ppv["evidence"][0]["comment"] == "通气手法规范"
    pph = items["pph-recognition"]
    assert pph["state"] == "expiring"
    assert pph["evidence"][0]["source_zh"] == "考核：产后出血技能站"
    assert pph["evidence"][0]["score"] == 88 and pph["evidence"][0]["max_score"] == 100
    assert items["pph-team-lead"]["state"] == "expired"
    # a needs-practice attempt alone is not holding it: never, with the attempt listed
    eclampsia = items["eclampsia-management"]
    assert eclampsia["state"] == "never" and eclampsia["valid_until"] is None
    assert eclampsia["evidence"][0]["outcome_zh"] == "需加强练习"
    assert items["shoulder-dystocia-manoeuvres"]["state"] == "never"
    assert items["shoulder-dystocia-manoeuvres"]["evidence"] == []
    # grouped by domain in the framework's order
    domains = [item["domain"]["name_zh"] for item in response.json()["items"]]
    assert domains.index("产后出血处置") < domains.index("新生儿复苏") < domains.index("理论知识")


def test_what_is_required_follows_role_and_department(world, api):
    neonatal_nurse = _person(world, "N1", "nurse", world.neonatology_a)
    obstetric_nurse = _person(world, "N2", "nurse", world.obstetrics_a)
    _assess(world, obstetric_nurse, "neonatal-ppv", CURRENT, "confirmed", "certificate")
    officer = api("officer")
    neonatal = _items(officer.get(f"/api/staff/{neonatal_nurse}/competencies").json())
    obstetric = _items(officer.get(f"/api/staff/{obstetric_nurse}/competencies").json())
    assert set(neonatal) == {"neonatal-ppv", "neonatal-chest-compressions",
                             "obstetric-neonatal-knowledge"}  # fmt: skip
    assert {"pph-recognition", "eclampsia-management", "maternal-resuscitation"} <= set(obstetric)
    # held without being required: listed, marked not required
    assert obstetric["neonatal-ppv"]["required"] is False
    assert obstetric["neonatal-ppv"]["state"] == "current"
    assert all(item["required"] for cid, item in obstetric.items() if cid != "neonatal-ppv")


def test_the_next_planned_activity_that_would_renew_it(world, api):
    soon = NOW + timedelta(days=10)
    _activity(world, "突击新生儿复苏演练", "neonatal_asphyxia", soon, status="planned",
              unannounced=True)  # fmt: skip
    _activity(world, "已取消复苏演练", "neonatal_asphyxia", soon, status="cancelled")
    _activity(world, "产后出血演练", "pph", soon, status="planned")
    wanted = _activity(world, "新生儿复苏季度演练", "neonatal_asphyxia",
                       NOW + timedelta(days=20), status="planned")  # fmt: skip
    exam = _activity(world, "全员理论考试", "", NOW + timedelta(days=30), status="planned",
                     kind="staff_exam")  # fmt: skip
    items = _items(api("staff").get(f"/api/staff/{world.s_a}/competencies").json())
    assert items["neonatal-ppv"]["next_activity"]["id"] == wanted
    assert items["neonatal-ppv"]["next_activity"]["title"] == "新生儿复苏季度演练"
    assert items["pph-recognition"]["next_activity"]["title"] == "产后出血演练"
    assert items["obstetric-neonatal-knowledge"]["next_activity"]["id"] == exam
    assert items["pph-team-lead"]["next_activity"]["title"] == "产后出血演练"


def test_people_see_only_whom_they_may(world, api):
    assert api("staff").get(f"/api/staff/{world.s_b}/competencies").status_code == 404
    colleague = _person(world, "A9", "midwife", world.obstetrics_a)
    assert api("staff").get(f"/api/staff/{colleague}/competencies").status_code == 404
    assert api("officer").get(f"/api/staff/{world.s_b}/competencies").status_code == 404
    assert api("officer").get(f"/api/staff/{colleague}/competencies").status_code == 200
    assert api("reviewer").get(f"/api/staff/{colleague}/competencies").status_code == 200
    matrix = f"/api/departments/{world.obstetrics_a}/competency-matrix"
    assert api("staff").get(matrix).status_code == 403
    assert api("officer").get(f"/api/departments/{world.obstetrics_b}/competency-matrix"
                              ).status_code == 404  # fmt: skip
    assert api("commission").get(matrix).status_code == 200


def test_the_matrix_filters_by_role_and_colours_each_cell(world, api):
    midwife = _person(world, "A2", "midwife", world.obstetrics_a)
    nurse = _person(world, "A3", "nurse", world.obstetrics_a)
    _person(world, "A4", "midwife", world.obstetrics_a)
    left = StaffMember(institution=world.hosp_a, department=world.obstetrics_a,
                       staff_number="A5", name="已离职者", role="midwife", title="junior",
                       active_from=date(2020, 1, 1), active_to=TODAY - timedelta(days=1),
                       updated_at=NOW)  # fmt: skip
    left.save().run_sync()
    _assess(world, midwife, "neonatal-ppv", EXPIRING)
    body = api("officer").get(f"/api/departments/{world.obstetrics_a}/competency-matrix").json()
    names = [row["name"] for row in body["rows"]]
    assert "已离职者" not in names and "张晓梅" in names
    columns = [c["competency"]["id"] for c in body["columns"]]
    assert "neonatal-intubation" not in columns  # required of nobody here
    row = next(r for r in body["rows"] if r["staff_id"] == midwife)
    cell = row["cells"][columns.index("neonatal-ppv")]
    assert cell["state"] == "expiring"
    nurse_row = next(r for r in body["rows"] if r["staff_id"] == nurse)
    assert nurse_row["cells"][columns.index("neonatal-ppv")]["state"] is None  # not required
    filtered = (
        api("officer")
        .get(f"/api/departments/{world.obstetrics_a}/competency-matrix?role=nurse")
        .json()
    )
    assert [r["staff_id"] for r in filtered["rows"]] == [nurse]
    assert "neonatal-ppv" not in [c["competency"]["id"] for c in filtered["columns"]]
    assert {r["id"] for r in filtered["roles"]} == {"obstetrician", "midwife", "nurse"}
    ppv = next(c for c in filtered["coverage"] if c["competency"]["id"] == "neonatal-ppv")
    assert ppv == {"competency": ppv["competency"], "required": 3, "holders": 1}


def _ppv_threshold(api, world) -> dict:
    body = api("officer").get(f"/api/departments/{world.neonatology_a}/competency-matrix").json()
    return next(t for t in body["thresholds"] if t["competency"]["id"] == "neonatal-ppv")


def test_too_few_night_shift_holders_is_a_warning(world, api):
    first = _person(world, "N1", "nurse", world.neonatology_a, night=True)
    second = _person(world, "N2", "nurse", world.neonatology_a, night=True)
    day_only = _person(world, "N3", "nurse", world.neonatology_a, night=False)
    _assess(world, first, "neonatal-ppv", CURRENT)
    _assess(world, day_only, "neonatal-ppv", CURRENT)  # not on nights: not counted
    threshold = _ppv_threshold(api, world)
    assert threshold["warning"] and threshold["holders"] == 1 and threshold["people"] == 2
    assert "仅 1 人" in threshold["message_zh"] and "2 人" in threshold["message_zh"]
    _assess(world, second, "neonatal-ppv", EXPIRING)  # expiring still holds it
    threshold = _ppv_threshold(api, world)
    assert not threshold["warning"] and threshold["holders"] == 2


def test_the_matrix_downloads_as_a_readable_workbook(world, api):
    midwife = _person(world, "A2", "midwife", world.obstetrics_a, name="王丽")
    _assess(world, midwife, "neonatal-ppv", EXPIRED)
    response = api("officer").get(f"/api/departments/{world.obstetrics_a}/competency-matrix.xlsx")
    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["能力矩阵", "覆盖情况"]
    rows = list(book["能力矩阵"].values)
    header = rows[0]
    wang = next(r for r in rows if r[0] == "王丽")
    assert wang[header.index("新生儿正压通气")] == "已过期"
    assert wang[header.index("双手压迫子宫")] == "未考核"
    coverage = [r[0] for r in book["覆盖情况"].values]
    assert "新生儿正压通气" in coverage
    assert any("值夜班人员中" in str(r[4]) for r in book["覆盖情况"].values)


def test_the_commission_sees_shares_and_the_lowest_institutions(world, api):
    # hosp_a: s_a + one midwife (both hold ppv); centre: two obstetricians, one holds it
    midwife = _person(world, "A2", "midwife", world.obstetrics_a)
    _assess(world, world.s_a, "neonatal-ppv", CURRENT)
    _assess(world, midwife, "neonatal-ppv", EXPIRING)
    centre = [_person(world, f"C{i}", "obstetrician", None, institution=world.centre)
              for i in (1, 2)]  # fmt: skip
    _assess(world, centre[0], "neonatal-ppv", CURRENT, institution=world.centre)
    _assess(world, centre[1], "neonatal-ppv", EXPIRED, institution=world.centre)
    response = api("commission").get(f"/api/competency-coverage?jurisdiction={world.county_a}")
    assert response.status_code == 200, response.text
    body = response.json()
    by_name = {i["name_zh"]: i for i in body["institutions"]}
    assert set(by_name) == {"南禾市第一人民医院", "禾城区人民医院"}  # not county B
    share = next(
        s for s in by_name["禾城区人民医院"]["shares"] if s["competency_id"] == "neonatal-ppv"
    )
    assert (share["required"], share["holders"], share["share"]) == (2, 2, 1.0)
    ppv = next(c for c in body["competencies"] if c["competency"]["id"] == "neonatal-ppv")
    assert [i["name_zh"] for i in ppv["lowest"]] == ["南禾市第一人民医院", "禾城区人民医院"]
    assert ppv["lowest"][0]["share"] == 0.5 and (ppv["required"], ppv["holders"]) == (4, 3)
    # the reviewer: its zone only (its centre and hosp_a); staff not at all
    reviewer = api("reviewer").get(f"/api/competency-coverage?jurisdiction={world.county_a}")
    assert {i["name_zh"] for i in reviewer.json()["institutions"]} == set(by_name)
    assert api("staff").get(f"/api/competency-coverage?jurisdiction={world.county_a}"
                            ).status_code == 403  # fmt: skip
    assert api("commission").get(f"/api/competency-coverage?jurisdiction={world.county_b}"
                                 ).status_code == 404  # fmt: skip


def test_the_commission_view_counts_a_new_exam_pass_on_the_next_read(world, api):
    """Counts are kept per institution between reads; a score saved through the exam page
    changes the institution's facts stamp, so the next read counts the new holder."""

    def knowledge_holders() -> int:
        body = api("commission").get(f"/api/competency-coverage?jurisdiction={world.county_a}")
        hospital = next(i for i in body.json()["institutions"] if i["id"] == world.hosp_a)
        share = next(s for s in hospital["shares"]
                     if s["competency_id"] == "obstetric-neonatal-knowledge")  # fmt: skip
        return share["holders"]

    assert knowledge_holders() == 0
    officer = api("officer")
    exam = officer.post("/api/competency-exams", json={
        "institution_id": world.hosp_a, "competency": "obstetric-neonatal-knowledge",
        "kind": "written", "title": "理论考核", "held_on": (TODAY - timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert exam.status_code == 201, exam.text
    saved = officer.put(f"/api/competency-exams/{exam.json()['exam']['id']}/scores",
                        json={"scores": [{"staff_id": world.s_a, "score": 90}]})  # fmt: skip
    assert saved.status_code == 200, saved.text
    assert knowledge_holders() == 1


def test_the_people_due_for_a_topic(world, api):
    current = _person(world, "A2", "midwife", world.obstetrics_a, name="王丽")
    expiring = _person(world, "A3", "midwife", world.obstetrics_a, name="赵敏")
    _person(world, "A4", "anaesthetist", world.obstetrics_a, name="钱峰")  # nothing neonatal
    for competency in ("neonatal-ppv", "neonatal-chest-compressions", "team-communication"):
        _assess(world, current, competency, CURRENT)
    _assess(world, expiring, "neonatal-ppv", EXPIRING)
    _assess(world, expiring, "neonatal-chest-compressions", CURRENT)
    _assess(world, expiring, "team-communication", CURRENT)
    url = f"/api/competencies/due?institution={world.hosp_a}&topic=neonatal_asphyxia"
    response = api("officer").get(url)
    assert response.status_code == 200, response.text
    people = {p["name"]: p for p in response.json()["people"]}
    assert "王丽" not in people and "钱峰" in people  # anaesthetist: team communication, never
    assert [(d["competency"]["name_zh"], d["state"]) for d in people["赵敏"]["due"]] == [
        ("新生儿正压通气", "expiring")
    ]
    assert {d["state"] for d in people["张晓梅"]["due"]} == {"never"}
    planned = _activity(world, "新生儿复苏演练", "neonatal_asphyxia", NOW + timedelta(days=9),
                        status="planned")  # fmt: skip
    by_activity = api("officer").get(f"/api/competencies/due?activity={planned}").json()
    assert {p["name"] for p in by_activity["people"]} == set(people)
    assert api("staff").get(url).status_code == 403
    missing = api("officer").get(f"/api/competencies/due?institution={world.hosp_a}")
    assert missing.status_code == 400 and "演练主题" in missing.json()["message"]
    outside = f"/api/competencies/due?institution={world.hosp_b}&topic=pph"
    assert api("officer").get(outside).status_code == 404


def test_the_framework_is_explained_in_names(world, api):
    body = api("staff").get("/api/competencies").json()
    ppv = next(c for c in body["competencies"] if c["competency"]["name_zh"] == "新生儿正压通气")
    assert "新生儿科护士" in ppv["required_of_zh"] and "外部培训证书" in ppv["methods_zh"]
    assert ppv["valid_months"] == 12 and "新生儿复苏指南" in ppv["source_document"]
    assert any(t["night_shifts_only"] and t["min_current"] == 2 for t in body["thresholds"])

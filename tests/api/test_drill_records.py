"""Drill records through the API: draft, submit, lock, amend, versions; bad input writes nothing."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.audit.tables import AuditEntry
from backend.compliance.freshness import attendees_institutions, facts_changed
from backend.drill_records.tables import DrillRecord, DrillRecordVersion

STARTS = datetime(2025, 5, 10, 2, tzinfo=UTC)


def held_drill(host, topic="pph", present=(), status="held", kind="drill", minutes=60):
    """A drill written past the services (as test_compliance does), announced as they do."""
    row = Activity(
        uid=uuid.uuid4(), kind=kind, topic=topic, title="产后出血急救演练", host_institution=host,
        starts_at=STARTS, ends_at=STARTS + timedelta(minutes=minutes), status=status,
        created_at=STARTS, updated_at=STARTS,
    )  # fmt: skip
    row.save().run_sync()
    for staff in present:
        Attendance(
            activity=row.id, staff_member=staff, status="present", recorded_at=STARTS
        ).save().run_sync()
    asyncio.run(_announce(row.id, host))
    return row.id


async def _announce(activity_id, host):
    await facts_changed({host} | await attendees_institutions([activity_id]))


def complete(world, **timings):
    return {
        "scenario": {"template_id": "pph-atony-vaginal", "title": "宫缩乏力性产后出血"},
        "team": [{"staff_id": world.s_a, "drill_role": "team_leader"}],
        "timings": {
            "minutes_to_recognition": 3,
            "minutes_to_call_for_help": 1,
            "minutes_to_first_uterotonic": 4,
            "measured_blood_loss_ml": 1200,
            "blood_loss_measured": 1,
            **timings,
        },
        "debrief": {"summary": "团队配合良好，宫缩剂给药及时。"},
    }


@pytest.fixture
def drill(world):
    return held_drill(world.hosp_a, present=[world.s_a])


def submitted_record(world, officer, drill):
    record = officer.post(f"/api/activities/{drill}/record", json=complete(world)).json()
    assert officer.post(f"/api/records/{record['id']}/submit").status_code == 200
    return record["id"]


def test_an_officer_starts_a_draft_record_of_a_held_drill_and_sees_its_targets(world, api, drill):
    officer = api("officer")
    response = officer.post(f"/api/activities/{drill}/record", json=complete(world))
    assert response.status_code == 201, response.text
    record = response.json()
    assert (record["status"], record["version"], record["versions"]) == ("draft", 1, 1)
    assert record["team"] == [
        {"staff_id": world.s_a, "name": "张晓梅", "drill_role": "team_leader"}
    ]
    targets = {t["measure"]: t for t in record["targets"]}
    assert targets["minutes_to_recognition"]["outcome"] == "met"
    assert targets["minutes_to_tranexamic_acid"]["outcome"] == "not_recorded"
    assert targets["minutes_to_first_uterotonic"]["source"]["document"].startswith("WHO")
    assert officer.get(f"/api/activities/{drill}/record").json()["id"] == record["id"]


def test_a_missed_target_shows_as_missed(world, api, drill):
    body = complete(world, minutes_to_first_uterotonic=12, blood_loss_measured=0)
    record = api("officer").post(f"/api/activities/{drill}/record", json=body).json()
    targets = {t["measure"]: t for t in record["targets"]}
    assert targets["minutes_to_first_uterotonic"]["outcome"] == "missed"
    assert targets["blood_loss_measured"]["outcome"] == "missed"
    assert targets["measured_blood_loss_ml"]["outcome"] == "recorded"


def test_a_second_record_for_the_same_drill_is_refused(world, api, drill):
    officer = api("officer")
    assert officer.post(f"/api/activities/{drill}/record").status_code == 201
    again = officer.post(f"/api/activities/{drill}/record")
    assert (again.status_code, again.json()["error"]) == (409, "record_exists")
    assert DrillRecord.count().run_sync() == 1


@pytest.mark.parametrize(("status", "kind"), [("planned", "drill"), ("held", "joint_meeting")])
def test_only_a_held_drill_can_have_a_record(world, api, status, kind):
    activity = held_drill(
        world.hosp_a, status=status, kind=kind, topic="pph" if kind == "drill" else ""
    )
    response = api("officer").post(f"/api/activities/{activity}/record")
    assert (response.status_code, response.json()["error"]) == (409, "record_needs_held_drill")


def test_the_officer_edits_the_draft_then_submits_and_it_is_locked(world, api, drill):
    officer = api("officer")
    record = officer.post(f"/api/activities/{drill}/record").json()
    path = f"/api/records/{record['id']}"
    edited = officer.patch(path, json=complete(world))
    assert edited.status_code == 200, edited.text
    assert edited.json()["content"]["debrief"]["summary"].startswith("团队配合")
    submitted = officer.post(f"{path}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    locked = officer.patch(path, json={"problems": "改一下"})
    assert locked.status_code == 409
    assert locked.json()["error"] == "record_locked"
    assert "修订" in locked.json()["message"]
    assert officer.get(path).json()["content"]["problems"] == ""


def test_submitting_an_incomplete_record_lists_every_missing_field(world, api, drill):
    officer = api("officer")
    record = officer.post(
        f"/api/activities/{drill}/record", json={"timings": {"minutes_to_recognition": 2}}
    ).json()
    response = officer.post(f"/api/records/{record['id']}/submit")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "record_incomplete"
    for label in ("情景名称", "演练团队", "复盘：总结", "呼叫上级及快速反应团队", "首剂宫缩剂"):
        assert label in body["message"]
    assert "识别产后出血" not in body["message"]  # recorded
    assert {d["path"] for d in body["details"]} >= {"scenario.title", "team", "debrief.summary"}
    assert officer.get(f"/api/records/{record['id']}").json()["status"] == "draft"


@pytest.mark.parametrize(
    ("timings", "error"),
    [
        ({"minutes_to_recognition": -1}, "record_timing_negative"),
        ({"minutes_to_recognition": 61}, "record_timing_too_long"),
        ({"no_such_measure": 3}, "record_unknown_measure"),
        ({"blood_loss_measured": 2}, "record_yes_no_value"),
    ],
)
def test_a_timing_that_cannot_be_is_refused_and_nothing_is_written(
    world, api, drill, timings, error
):
    officer = api("officer")
    record = officer.post(f"/api/activities/{drill}/record").json()
    response = officer.patch(f"/api/records/{record['id']}", json={"timings": timings})
    assert (response.status_code, response.json()["error"]) == (400, error)
    assert response.json()["message"]
    assert officer.get(f"/api/records/{record['id']}").json()["content"]["timings"] == {}
    created = officer.post(f"/api/activities/{held_drill(world.hosp_a)}/record",
                           json={"timings": timings})  # fmt: skip
    assert created.status_code == 400 and DrillRecord.count().run_sync() == 1


def test_a_team_member_must_be_on_the_attendance_list(world, api, drill):
    response = api("officer").post(
        f"/api/activities/{drill}/record", json={"team": [{"staff_id": world.s_b}]}
    )
    assert (response.status_code, response.json()["error"]) == (400, "record_team_not_present")
    assert "李建国" in response.json()["message"]
    assert DrillRecord.count().run_sync() == 0


def test_an_unknown_scenario_template_is_refused(world, api, drill):
    response = api("officer").post(
        f"/api/activities/{drill}/record", json={"scenario": {"template_id": "cs-cord-prolapse"}}
    )
    assert (response.status_code, response.json()["error"]) == (400, "record_unknown_template")


def test_an_amendment_is_a_new_version_with_its_reason_and_the_differences(world, api, drill):
    officer = api("officer")
    record_id = submitted_record(world, officer, drill)
    response = officer.post(
        f"/api/records/{record_id}/amendments",
        json={"reason": "核对录像后更正宫缩剂时间", "content": {"timings": {
            **complete(world)["timings"], "minutes_to_first_uterotonic": 6}}},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    record = response.json()
    assert (record["status"], record["version"], record["versions"]) == ("submitted", 2, 2)
    assert record["content"]["scenario"]["title"] == "宫缩乏力性产后出血"  # the rest is kept
    uterotonic = next(t for t in record["targets"] if t["measure"] == "minutes_to_first_uterotonic")
    assert (uterotonic["value"], uterotonic["outcome"]) == (6, "missed")
    first, second = officer.get(f"/api/records/{record_id}/versions").json()
    assert first["version"] == 1 and first["author_name"] == "officer"
    assert second["reason"] == "核对录像后更正宫缩剂时间"
    assert second["changes"] == [
        {"path": "timings.minutes_to_first_uterotonic", "label_zh": "首剂宫缩剂",
         "label_en": "First uterotonic given", "old": 4, "new": 6}
    ]  # fmt: skip
    stored = DrillRecordVersion.select().where(DrillRecordVersion.version == 1).run_sync()
    assert '"minutes_to_first_uterotonic":4' in stored[0]["content"]  # never changed


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"reason": "  ", "content": {}}, 400, "amendment_needs_reason"),
        ({"reason": "补充", "content": {"debrief": {"summary": ""}}}, 400, "record_incomplete"),
    ],
)
def test_a_bad_amendment_is_refused_and_writes_no_version(world, api, drill, body, status, error):
    officer = api("officer")
    record_id = submitted_record(world, officer, drill)
    response = officer.post(f"/api/records/{record_id}/amendments", json=body)
    assert (response.status_code, response.json()["error"]) == (status, error)
    assert DrillRecordVersion.count().run_sync() == 1


def test_a_draft_is_edited_not_amended(world, api, drill):
    officer = api("officer")
    record = officer.post(f"/api/activities/{drill}/record").json()
    response = officer.post(f"/api/records/{record['id']}/amendments", json={"reason": "x"})
    assert (response.status_code, response.json()["error"]) == (409, "record_not_submitted")


def test_every_record_write_is_in_the_audit_chain(world, api, drill):
    officer = api("officer")
    submitted_record(world, officer, drill)
    actions = [r["action"] for r in AuditEntry.select(AuditEntry.action).run_sync()]
    assert actions[-2:] == ["drill_record.created", "drill_record.submitted"]


def test_reviewers_and_commissions_in_scope_read_staff_and_others_do_not(world, api, drill):
    record_id = submitted_record(world, api("officer"), drill)
    path = f"/api/records/{record_id}"
    assert api("reviewer").get(path).status_code == 200
    assert api("commission").get(path).status_code == 200
    assert (
        api("staff").get(path).status_code == 403
    )  # their hospital's record: in scope, not theirs to read
    assert api("staff").get(f"/api/activities/{drill}/record").status_code == 403
    reviewer = api("reviewer").post(f"{path}/amendments", json={"reason": "改", "content": {}})
    assert reviewer.status_code == 403


def test_an_officer_of_another_hospital_cannot_see_the_record(world, api, drill):
    from backend.auth.passwords import hash_password
    from backend.auth.tables import User
    from tests.world import PASSWORD

    User.insert(User(username="officer_b", password_hash=hash_password(PASSWORD),
                     display_name="officer_b", role="officer", institution=world.hosp_b)).run_sync()  # fmt: skip
    record_id = submitted_record(world, api("officer"), drill)
    other = api("officer_b")
    assert other.get(f"/api/records/{record_id}").status_code == 404
    assert other.post(f"/api/activities/{drill}/record").status_code == 404


def _ddi(api, world):
    body = (
        api("officer")
        .get(f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-10")
        .json()
    )
    return {
        f["period"]: f
        for f in body["findings"]
        if f["rule_id"] == "ddi-target" and f["subject_kind"] == "institution"
    }


def test_ddi_target_is_judged_from_submitted_records_and_follows_amendments(world, api):
    officer = api("officer")
    assert _ddi(api, world)["2025-Q2"]["reason_en"].startswith("The period ended with no")
    drill = held_drill(world.hosp_a, topic="emergency_caesarean", present=[world.s_a])
    content = {
        "scenario": {"template_id": "cs-cord-prolapse", "title": "脐带脱垂"},
        "team": [{"staff_id": world.s_a, "drill_role": "team_leader"}],
        "timings": {"decision_to_delivery_minutes": 24},
        "debrief": {"summary": "流程顺畅"},
    }
    record = officer.post(f"/api/activities/{drill}/record", json=content).json()
    assert _ddi(api, world)["2025-Q2"]["status"] == "gap"  # a draft does not count yet
    officer.post(f"/api/records/{record['id']}/submit")
    q2 = _ddi(api, world)["2025-Q2"]
    assert (q2["status"], q2["counted"]) == ("met", [drill])
    amended = officer.post(
        f"/api/records/{record['id']}/amendments",
        json={"reason": "复核计时", "content": {"timings": {"decision_to_delivery_minutes": 42}}},
    )
    assert amended.status_code == 201
    q2 = _ddi(api, world)["2025-Q2"]
    assert q2["status"] == "gap" and "42 分钟" in q2["reason_zh"]
    assert "2025-05-10" in q2["reason_zh"]


def test_the_ddi_target_shown_on_the_record_is_the_rules(world, api):
    drill = held_drill(world.hosp_a, topic="emergency_caesarean", present=[world.s_a])
    record = api("officer").post(
        f"/api/activities/{drill}/record", json={"timings": {"decision_to_delivery_minutes": 31}}
    )
    (target,) = record.json()["targets"]
    assert (target["target"], target["outcome"], target["unit"]) == (30, "missed", "minutes")
    assert "母婴安全行动计划" in target["source"]["document"]

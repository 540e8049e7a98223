"""Corrective actions: written with the draft, followed up after submission, overdue listed."""

from datetime import date, timedelta

from backend.audit.tables import AuditEntry
from backend.drill_records.tables import CorrectiveAction
from tests.api.test_drill_records import complete, held_drill

YESTERDAY = (date.today() - timedelta(days=2)).isoformat()
NEXT_MONTH = (date.today() + timedelta(days=30)).isoformat()


def record_with_actions(world, officer):
    drill = held_drill(world.hosp_a, present=[world.s_a])
    actions = [
        {"description": "补充产房急救车宫缩剂", "owner_staff_id": world.s_a, "due_on": YESTERDAY},
        {"description": "修订产后出血流程图", "owner_name": "产科护士长", "due_on": NEXT_MONTH},
    ]
    response = officer.post(
        f"/api/activities/{drill}/record", json={**complete(world), "actions": actions}
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_actions_written_with_the_record_show_their_owner_and_whether_overdue(world, api):
    record = record_with_actions(world, api("officer"))
    first, second = record["actions"]
    assert (first["owner_name"], first["overdue"]) == ("张晓梅", True)
    assert (second["owner_name"], second["overdue"]) == ("产科护士长", False)


def test_the_officer_lists_her_overdue_actions(world, api):
    officer = api("officer")
    record_with_actions(world, officer)
    overdue = officer.get("/api/actions?overdue=1").json()
    assert [a["description"] for a in overdue] == ["补充产房急救车宫缩剂"]
    assert len(officer.get("/api/actions").json()) == 2
    assert officer.get("/api/actions?status=done").json() == []
    assert api("officer").get(f"/api/actions?institution={world.hosp_b}").status_code == 404


def test_after_submission_the_status_and_follow_up_change_and_are_audited(world, api):
    officer = api("officer")
    record = record_with_actions(world, officer)
    assert officer.post(f"/api/records/{record['id']}/submit").status_code == 200
    action = record["actions"][0]
    response = officer.patch(
        f"/api/actions/{action['id']}", json={"status": "done", "follow_up": "已补充并核对"}
    )
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["overdue"]) == ("done", False)
    assert officer.get("/api/actions?overdue=1").json() == []
    last = AuditEntry.select().order_by(AuditEntry.seq, ascending=False).first().run_sync()
    assert last["action"] == "corrective_action.updated"


def test_a_draft_replaces_its_actions_with_the_list_sent(world, api):
    officer = api("officer")
    record = record_with_actions(world, officer)
    kept = {**record["actions"][1], "status": "done"}
    body = {
        "actions": [{k: kept[k] for k in ("id", "description", "owner_name", "due_on", "status")}]
    }
    response = officer.patch(f"/api/records/{record['id']}", json=body)
    assert response.status_code == 200, response.text
    assert [(a["id"], a["status"]) for a in response.json()["actions"]] == [(kept["id"], "done")]


def test_an_owner_from_another_hospital_is_refused_and_nothing_is_written(world, api):
    drill = held_drill(world.hosp_a, present=[world.s_a])
    response = api("officer").post(
        f"/api/activities/{drill}/record",
        json={
            "actions": [{"description": "培训", "owner_staff_id": world.s_b, "due_on": NEXT_MONTH}]
        },
    )
    assert (response.status_code, response.json()["error"]) == (400, "action_owner_not_of_host")
    assert CorrectiveAction.count().run_sync() == 0


def test_staff_cannot_list_or_change_actions(world, api):
    record = record_with_actions(world, api("officer"))
    staff = api("staff")
    assert staff.get("/api/actions").status_code == 403
    action = record["actions"][0]["id"]
    assert staff.patch(f"/api/actions/{action}", json={"status": "done"}).status_code == 403

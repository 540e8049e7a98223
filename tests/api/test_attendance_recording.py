"""Taking attendance: the officer saves the whole list; it makes the activity held and counts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from backend.activities.tables import Activity
from backend.attendance.recording import mark_present
from backend.attendance.tables import Attendance
from backend.audit.chain import verify
from backend.audit.tables import AuditEntry
from backend.core.clock import utc_now
from backend.tooling.local_server import served
from tests.attendance_activities import book, colleague, move, started
from tests.world import PASSWORD


def _rows(activity_id: int) -> dict[int, dict]:
    rows = Attendance.select().where(Attendance.activity == activity_id).run_sync()
    return {row["staff_member"]: row for row in rows}


def _activity(activity_id: int) -> dict:
    return Activity.select().where(Activity.id == activity_id).first().run_sync()


def _path(activity: dict) -> str:
    return f"/api/activities/{activity['id']}/attendance"


@pytest.fixture
def midwife(world) -> int:
    return colleague(world, "陈思雨")


@pytest.fixture
def running(world, api, midwife) -> dict:
    """A PPH drill of hospital A inviting s_a and the midwife, started an hour ago."""
    activity = book(api("officer"), invite=[world.s_a, midwife])
    started(activity["id"])
    return activity


def test_the_sheet_lists_the_invited_by_department_and_name_before_anything_is_recorded(
    world, api, running, midwife
):
    body = api("officer").get(_path(running)).json()
    assert (body["status"], body["can_record"], body["is_drill"]) == ("planned", True, True)
    assert [e["name"] for e in body["entries"]] == ["陈思雨", "张晓梅"]  # pinyin: chen, zhang
    assert {e["status"] for e in body["entries"]} == {None}
    assert all(e["invited"] and not e["walk_in"] for e in body["entries"])


def test_saving_the_list_marks_the_drill_held_and_raises_its_calendar_sequence(
    world, api, running, midwife
):
    before = _activity(running["id"])
    entries = [
        {"staff_id": world.s_a, "status": "present", "drill_role": "team_leader"},
        {"staff_id": midwife, "status": "late", "note": "交班后赶到"},
    ]
    response = api("officer").put(_path(running), json={"entries": entries})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "held"
    by_id = {e["staff_member_id"]: e for e in body["entries"]}
    assert (by_id[world.s_a]["status"], by_id[world.s_a]["drill_role"]) == (
        "present",
        "team_leader",
    )
    assert (by_id[midwife]["status"], by_id[midwife]["note"]) == ("late", "交班后赶到")
    after = _activity(running["id"])
    assert after["sequence"] == before["sequence"] + 1 and after["status"] == "held"


def test_the_list_is_whole_people_left_out_are_removed(world, api, running, midwife):
    officer = api("officer")
    both = [
        {"staff_id": world.s_a, "status": "present"},
        {"staff_id": midwife, "status": "present"},
    ]
    officer.put(_path(running), json={"entries": both})
    body = officer.put(_path(running), json={"entries": both[:1]}).json()
    assert set(_rows(running["id"])) == {world.s_a}
    # still on the invitation list, so still on the sheet, but no longer recorded
    assert {e["staff_member_id"]: e["status"] for e in body["entries"]} == {
        world.s_a: "present",
        midwife: None,
    }


def test_saving_the_same_list_twice_leaves_the_same_rows(world, api, running, midwife):
    officer = api("officer")
    body = {"entries": [{"staff_id": world.s_a, "status": "present", "note": "带教"}]}
    first = officer.put(_path(running), json=body).json()
    rows = _rows(running["id"])
    second = officer.put(_path(running), json=body).json()
    assert second == first
    assert _rows(running["id"]) == rows


def test_a_host_staff_member_who_was_not_invited_is_recorded_as_a_walk_in(world, api, running):
    nurse = colleague(world, "王丽", role="nurse")
    body = api("officer").put(
        _path(running), json={"entries": [{"staff_id": nurse, "status": "present"}]}
    )
    entry = next(e for e in body.json()["entries"] if e["staff_member_id"] == nurse)
    assert (entry["invited"], entry["walk_in"], entry["status"]) == (False, True, "present")
    assert _rows(running["id"])[nurse]["walk_in"] is True


def test_another_hospitals_staff_member_is_refused_by_number_and_nothing_is_written(
    world, api, running
):
    entries = [
        {"staff_id": world.s_a, "status": "present"},
        {"staff_id": world.s_b, "status": "present"},
    ]
    response = api("officer").put(_path(running), json={"entries": entries})
    assert response.status_code == 400
    assert response.json()["error"] == "attendance_not_on_list"
    assert f"#{world.s_b}" in response.json()["message"]
    assert _rows(running["id"]) == {}
    assert _activity(running["id"])["status"] == "planned"


@pytest.mark.parametrize(
    "entries, code",
    [
        ([{"staff_id": "S", "status": "present"}, {"staff_id": "S", "status": "late"}],
         "attendance_listed_twice"),
        ([{"staff_id": "S", "status": "present", "drill_role": "captain"}], "unknown_drill_role"),
        ([{"staff_id": "S", "status": "present", "note": "很" * 501}],
         "attendance_note_too_long"),
        ([{"staff_id": 999999, "status": "present"}], "attendance_not_on_list"),
    ],
)  # fmt: skip
def test_a_bad_list_is_refused_with_the_persons_name_and_nothing_is_written(
    world, api, running, entries, code
):
    body = [
        {**e, "staff_id": world.s_a if e["staff_id"] == "S" else e["staff_id"]} for e in entries
    ]
    response = api("officer").put(_path(running), json={"entries": body})
    assert response.status_code == 400 and response.json()["error"] == code
    if code != "attendance_not_on_list":
        assert "张晓梅" in response.json()["message"]
    assert _rows(running["id"]) == {}


def test_a_drill_role_is_refused_for_a_meeting(world, api):
    meeting = book(api("officer"), invite=[world.s_a], kind="joint_meeting", topic=None)
    started(meeting["id"])
    entry = {"staff_id": world.s_a, "status": "present", "drill_role": "scribe"}
    response = api("officer").put(_path(meeting), json={"entries": [entry]})
    assert response.status_code == 400 and response.json()["error"] == "drill_role_not_for_kind"
    assert api("officer").get(_path(meeting)).json()["is_drill"] is False


def test_attendance_before_the_start_is_refused_saying_when_it_starts(world, api):
    activity = book(api("officer"), invite=[world.s_a])
    sheet = api("officer").get(_path(activity)).json()
    assert sheet["can_record"] is False
    entries = [{"staff_id": world.s_a, "status": "present"}]
    response = api("officer").put(_path(activity), json={"entries": entries})
    assert response.status_code == 409 and response.json()["error"] == "attendance_before_start"
    assert activity["starts_at"][:4] in response.json()["message"]
    assert _rows(activity["id"]) == {}


def test_attendance_for_a_cancelled_activity_is_refused(world, api, running):
    officer = api("officer")
    officer.post(f"/api/activities/{running['id']}/cancel", json={"reason": "停电"})
    entries = [{"staff_id": world.s_a, "status": "present"}]
    response = officer.put(_path(running), json={"entries": entries})
    assert response.status_code == 409 and response.json()["error"] == "activity_cancelled"
    assert officer.get(_path(running)).json()["can_record"] is False


def test_only_the_hosts_officer_may_save_and_staff_cannot_even_read_the_sheet(world, api, running):
    entries = {"entries": [{"staff_id": world.s_a, "status": "present"}]}
    assert api("staff").get(_path(running)).status_code == 403  # in scope, not staff business
    assert api("staff").put(_path(running), json=entries).status_code == 403
    reviewer = api("reviewer")
    sheet = reviewer.get(_path(running))
    assert sheet.status_code == 200 and sheet.json()["can_record"] is False
    assert reviewer.put(_path(running), json=entries).status_code == 403
    assert api("commission").get(_path(running)).status_code == 200
    assert _rows(running["id"]) == {}


def test_a_reviewer_or_commission_outside_the_hosts_scope_gets_404(world, api):
    other = book(api("admin"), host_institution_id=world.hosp_b, invite=[world.s_b])
    assert api("admin").get(_path(other)).status_code == 200
    assert api("reviewer").get(_path(other)).status_code == 404  # hospital B is in no zone
    assert api("commission").get(_path(other)).status_code == 404  # county A's commission
    assert api("officer").get(_path(other)).status_code == 404


def _pph_quarter(client, world) -> str:
    body = client.get(f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-10")
    return next(
        f["status"]
        for f in body.json()["findings"]
        if f["rule_id"] == "pph-drill" and f["period"] == "2025-Q2"
        and f["subject_kind"] == "institution"
    )  # fmt: skip


def test_recording_a_drill_with_an_obstetrician_and_a_midwife_meets_the_quarter(
    world, api, midwife
):
    officer = api("officer")
    activity = book(officer, invite=[world.s_a, midwife])
    move(activity["id"], datetime(2025, 5, 12, 1, tzinfo=UTC))
    assert _pph_quarter(officer, world) == "gap"  # still planned after it ended: not held
    only_doctor = [{"staff_id": world.s_a, "status": "present"}]
    officer.put(_path(activity), json={"entries": only_doctor})
    assert _pph_quarter(officer, world) == "partly_met"
    both = [*only_doctor, {"staff_id": midwife, "status": "left_early"}]
    officer.put(_path(activity), json={"entries": both})
    assert _pph_quarter(officer, world) == "met"
    absent = [*only_doctor, {"staff_id": midwife, "status": "absent"}]
    officer.put(_path(activity), json={"entries": absent})
    assert _pph_quarter(officer, world) == "partly_met"


def test_each_save_leaves_one_audit_entry_with_the_list_and_the_chain_holds(
    world, api, running, midwife
):
    entries = [{"staff_id": world.s_a, "status": "present"}]
    api("officer").put(_path(running), json={"entries": entries})
    api("officer").put(_path(running), json={"entries": []})
    saved = (
        AuditEntry.select()
        .where(AuditEntry.action == "attendance.saved")
        .order_by(AuditEntry.seq)
        .run_sync()
    )
    assert [s["entity_id"] for s in saved] == [running["id"]] * 2
    assert f'"staff_member":{world.s_a}' in saved[0]["payload"]
    assert '"entries":[]' in saved[1]["payload"]
    assert asyncio.run(verify()).broken is None


def test_marking_present_makes_a_walk_in_once_and_keeps_the_check_in_time(world, api, running):
    nurse = colleague(world, "王丽", role="nurse")
    now = utc_now()
    asyncio.run(mark_present(running["id"], nurse, now, None, checked_in_at=now))
    asyncio.run(mark_present(running["id"], world.s_a, now, None))
    asyncio.run(mark_present(running["id"], nurse, now, None))
    rows = _rows(running["id"])
    assert (rows[nurse]["walk_in"], rows[world.s_a]["walk_in"]) == (True, False)
    assert rows[nurse]["checked_in_at"] is not None and rows[world.s_a]["checked_in_at"] is None
    assert _activity(running["id"])["status"] == "held"
    sheet = api("officer").get(_path(running)).json()
    assert {e["staff_member_id"]: e["status"] for e in sheet["entries"]}[nurse] == "present"
    assert asyncio.run(verify()).broken is None


@pytest.fixture
def live_server(world):
    with served(quiet=True) as base:
        yield base


async def _save_together(base: str, activity_id: int, bodies: list[dict]) -> list[int]:
    fresh = httpx.Limits(max_keepalive_connections=0)
    clients = [httpx.AsyncClient(base_url=base, timeout=60, limits=fresh) for _ in bodies]
    try:
        for client in clients:
            login = await client.post(
                "/api/session", json={"username": "officer", "password": PASSWORD}
            )
            assert login.status_code == 200
        path = f"/api/activities/{activity_id}/attendance"
        responses = await asyncio.gather(
            *(c.put(path, json=b) for c, b in zip(clients, bodies, strict=True))
        )
        return [r.status_code for r in responses]
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def _as_saved(activity_id: int) -> list[tuple]:
    return sorted(
        (s, r["status"], r["drill_role"], r["note"]) for s, r in _rows(activity_id).items()
    )


def test_two_officers_saving_at_once_end_with_exactly_one_of_their_lists(
    world, api, running, midwife, live_server
):
    nurses = [colleague(world, f"护士{i}", role="nurse") for i in range(6)]
    first = {"entries": [{"staff_id": n, "status": "present", "note": "甲"} for n in nurses[:4]]}
    second = {
        "entries": [
            {"staff_id": world.s_a, "status": "late", "drill_role": "scribe", "note": "乙"},
            {"staff_id": midwife, "status": "present", "note": "乙"},
            *({"staff_id": n, "status": "absent", "note": "乙"} for n in nurses[3:]),
        ]
    }
    expected = [
        sorted((e["staff_id"], e["status"], e.get("drill_role") or "", e["note"]) for e in b["entries"])
        for b in (first, second)
    ]  # fmt: skip
    for _ in range(3):
        codes = asyncio.run(_save_together(live_server, running["id"], [first, second]))
        assert codes == [200, 200]
        assert _as_saved(running["id"]) in expected
    assert _activity(running["id"])["status"] == "held"
    assert asyncio.run(verify()).broken is None

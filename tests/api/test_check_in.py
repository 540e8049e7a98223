"""Self check-in: the officer's screen shows a code that changes every 30 s; staff scan it.

The clock the routes read is set by each test (`clock.now = ...`): no sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.attendance import check_in_routes
from backend.attendance.check_in import make_code
from backend.attendance.tables import Attendance, Invitation
from backend.auth.tables import User
from tests.attendance_activities import book
from tests.world import _HASH

# 2031-03-10, 09:00-11:00 in Shanghai
STARTS = datetime(2031, 3, 10, 1, 0, tzinfo=UTC)
ENDS = datetime(2031, 3, 10, 3, 0, tzinfo=UTC)
SECRET = "drillbook-test-secret"  # tests/conftest.py


class Clock:
    now = STARTS - timedelta(minutes=10)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(check_in_routes, "utc_now", lambda: clock.now)
    return clock


def _book(officer, invite: dict | None = None, **fields) -> int:
    """A PPH drill on 2031-03-10, 09:00-11:00 Shanghai (the tests' clock is set around it)."""
    fields = {"starts_at": "2031-03-10T09:00", "ends_at": "2031-03-10T11:00", **fields}
    people = (invite or {}).get("staff_ids", ())
    return book(officer, invite=people, place="产房示教室", **fields)["id"]


def _code(officer, activity_id: int) -> str:
    response = officer.get(f"/api/activities/{activity_id}/check-in-code")
    assert response.status_code == 200, response.text
    return response.json()["code"]


def _attendance(activity_id: int) -> list[dict]:
    return Attendance.select().where(Attendance.activity == activity_id).run_sync()


def _login_for(api, world, staff_id: int, institution: int, username: str):
    User(
        username=username, password_hash=_HASH[0], display_name=username, role="staff",
        institution=institution, staff_member=staff_id, created_at=datetime.now(UTC),
    ).save().run_sync()  # fmt: skip
    return api(username)


def test_an_invited_person_who_scans_the_screen_is_present_at_that_minute(world, api, clock):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    screen = officer.get(f"/api/activities/{drill}/check-in-code").json()
    assert screen["url"] == f"http://testserver.local/#/check-in?code={screen['code']}"
    assert "<svg" in screen["qr_svg"] and screen["window_open"] is True
    assert screen["window_opens_at"].startswith("2031-03-10T00:30:00")
    clock.now += timedelta(seconds=20)  # a step later, still accepted
    response = api("staff").post("/api/check-in", json={"code": screen["code"]})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["status"] == "present"
    assert answer["activity"]["title"] == "产后出血急救演练"
    assert answer["activity"]["host_name"] == "禾城区人民医院"
    assert answer["message"] == "签到成功：产后出血急救演练，签到时间 2031-03-10 08:50。"
    (row,) = _attendance(drill)
    assert (row["staff_member"], row["status"], row["walk_in"]) == (world.s_a, "present", False)
    assert row["checked_in_at"] == clock.now


def test_a_code_older_than_a_minute_is_refused_as_expired(world, api, clock):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    code = _code(officer, drill)
    clock.now += timedelta(seconds=61)
    response = api("staff").post("/api/check-in", json={"code": code})
    assert response.status_code == 400
    assert response.json()["error"] == "check_in_code_expired"
    assert response.json()["message"] == "二维码已过期，请扫描现场屏幕上最新的二维码。"
    assert _attendance(drill) == []


def test_a_forged_code_is_refused(world, api, clock):
    drill = _book(api("officer"), invite={"staff_ids": [world.s_a]})
    forged = make_code("not-the-app-secret", drill, clock.now).code
    response = api("staff").post("/api/check-in", json={"code": forged})
    assert response.status_code == 400 and response.json()["error"] == "check_in_code_invalid"
    garbage = api("staff").post("/api/check-in", json={"code": "你好"})
    assert garbage.status_code == 400 and garbage.json()["error"] == "check_in_code_invalid"
    assert _attendance(drill) == []


def test_the_code_of_another_hospitals_activity_does_not_check_in_a_stranger(world, api, clock):
    mine = _book(api("officer"), invite={"staff_ids": [world.s_a]})
    theirs = _book(api("admin"), host_institution_id=world.hosp_b)
    code = make_code(SECRET, theirs, clock.now).code
    response = api("staff").post("/api/check-in", json={"code": code})
    assert response.status_code == 403
    assert response.json()["error"] == "check_in_not_expected"
    assert "名单" in response.json()["message"]
    assert _attendance(mine) == [] and _attendance(theirs) == []


def test_scanning_outside_the_window_says_when_it_opens_or_closed(world, api, clock):
    officer, staff = api("officer"), api("staff")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    clock.now = STARTS - timedelta(minutes=31)
    early = staff.post("/api/check-in", json={"code": _code(officer, drill)})
    assert early.status_code == 409 and early.json()["error"] == "check_in_not_open"
    assert "2031-03-10 08:30" in early.json()["message"]
    clock.now = ENDS + timedelta(minutes=1)
    screen = officer.get(f"/api/activities/{drill}/check-in-code").json()
    assert screen["window_open"] is False and "11:00" in screen["window_message"]
    late = staff.post("/api/check-in", json={"code": screen["code"]})
    assert late.status_code == 409 and late.json()["error"] == "check_in_closed"
    assert "2031-03-10 11:00" in late.json()["message"]
    assert _attendance(drill) == []


def test_someone_neither_invited_nor_of_the_host_is_refused(world, api, clock):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    outsider = _login_for(api, world, world.s_b, world.hosp_b, "outsider")
    response = outsider.post("/api/check-in", json={"code": _code(officer, drill)})
    assert response.status_code == 403 and response.json()["error"] == "check_in_not_expected"
    assert [row["staff_member"] for row in _attendance(drill)] == []


def test_an_invited_guest_from_another_hospital_and_an_uninvited_host_colleague_may_check_in(
    world, api, clock
):
    officer = api("officer")
    drill = _book(officer)
    Invitation(activity=drill, staff_member=world.s_b, status="invited",
               invited_at=clock.now).save().run_sync()  # fmt: skip
    guest = _login_for(api, world, world.s_b, world.hosp_b, "guest")
    code = _code(officer, drill)
    assert guest.post("/api/check-in", json={"code": code}).status_code == 200
    assert api("staff").post("/api/check-in", json={"code": code}).status_code == 200
    walk_in = {row["staff_member"]: row["walk_in"] for row in _attendance(drill)}
    assert walk_in == {world.s_b: False, world.s_a: True}


def test_a_second_scan_is_refused_saying_when_the_first_was(world, api, clock):
    officer, staff = api("officer"), api("staff")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    assert staff.post("/api/check-in", json={"code": _code(officer, drill)}).status_code == 200
    clock.now += timedelta(minutes=3)
    again = staff.post("/api/check-in", json={"code": _code(officer, drill)})
    assert again.status_code == 409 and again.json()["error"] == "check_in_already"
    assert "2031-03-10 08:50" in again.json()["message"]
    (row,) = _attendance(drill)
    assert row["checked_in_at"] == STARTS - timedelta(minutes=10)


def test_checking_in_needs_a_login(world, api, anonymous, clock):
    drill = _book(api("officer"), invite={"staff_ids": [world.s_a]})
    response = anonymous.post(
        "/api/check-in", json={"code": make_code(SECRET, drill, clock.now).code}
    )
    assert response.status_code == 401 and response.json()["error"] == "not_authenticated"
    assert _attendance(drill) == []


def test_a_scan_before_logging_in_is_kept_while_the_person_logs_in(world, api, anonymous, clock):
    drill = _book(api("officer"), invite={"staff_ids": [world.s_a]})
    code = api("officer").get(f"/api/activities/{drill}/check-in-code").json()["code"]
    kept = anonymous.post("/api/check-in/hold", json={"code": code})
    assert kept.status_code == 200, kept.text
    assert _attendance(drill) == []  # a hold marks nobody
    clock.now += timedelta(minutes=4)  # typing a password on a phone; the code itself expired
    assert api("staff").post("/api/check-in", json={"code": code}).status_code == 400
    response = api("staff").post("/api/check-in", json={"hold": kept.json()["hold"]})
    assert response.status_code == 200, response.text
    assert [r["staff_member"] for r in _attendance(drill)] == [world.s_a]


def test_an_old_photo_of_the_screen_gets_no_hold(world, api, anonymous, clock):
    drill = _book(api("officer"), invite={"staff_ids": [world.s_a]})
    code = api("officer").get(f"/api/activities/{drill}/check-in-code").json()["code"]
    clock.now += timedelta(minutes=2)
    refused = anonymous.post("/api/check-in/hold", json={"code": code})
    assert refused.status_code == 400 and refused.json()["error"] == "check_in_code_expired"


def test_a_cancelled_activity_takes_no_check_ins(world, api, clock):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    code = _code(officer, drill)
    officer.post(f"/api/activities/{drill}/cancel", json={"reason": "设备检修"})
    response = api("staff").post("/api/check-in", json={"code": code})
    assert response.status_code == 409
    assert response.json()["error"] == "check_in_activity_cancelled"
    assert officer.get(f"/api/activities/{drill}/check-in-code").status_code == 409
    assert _attendance(drill) == []


def test_an_account_without_a_staff_record_is_told_so(world, api, clock):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    response = officer.post("/api/check-in", json={"code": _code(officer, drill)})
    assert response.status_code == 400
    assert response.json()["error"] == "check_in_needs_staff_member"
    assert _attendance(drill) == []


def test_only_the_hosts_officer_gets_the_screen_code(world, api, clock):
    drill = _book(api("officer"), invite={"staff_ids": [world.s_a]})
    assert api("staff").get(f"/api/activities/{drill}/check-in-code").status_code == 403
    assert api("reviewer").get(f"/api/activities/{drill}/check-in-code").status_code == 403
    theirs = _book(api("admin"), host_institution_id=world.hosp_b)
    assert api("officer").get(f"/api/activities/{theirs}/check-in-code").status_code == 404
    assert api("admin").get(f"/api/activities/{drill}/check-in-code").status_code == 200


def test_the_screen_code_before_the_window_says_when_check_in_opens(world, api, clock):
    officer = api("officer")
    drill = _book(officer)
    clock.now = STARTS - timedelta(hours=2)
    screen = officer.get(
        f"/api/activities/{drill}/check-in-code", headers={"Accept-Language": "en"}
    ).json()
    assert screen["window_open"] is False
    assert screen["window_message"].startswith("Check-in opens at 2031-03-10 08:30")

"""结果待确认: activities that ended while still planned wait for the officer to say what happened."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.attendance_activities import book, colleague, ended, move, started

PATH = "/api/activities/awaiting-results"


def _awaiting(client, query: str = "") -> list[int]:
    response = client.get(PATH + query)
    assert response.status_code == 200, response.text
    return [a["id"] for a in response.json()]


def test_an_ended_planned_activity_is_listed_oldest_first_until_attendance_is_recorded(world, api):
    officer = api("officer")
    older = book(officer, invite=[world.s_a])
    newer = book(officer, place="示教室", confirm_duplicate=True)  # the same drill in two rooms
    ended(older["id"], days_ago=10)
    ended(newer["id"], days_ago=2)
    upcoming = book(
        officer, place="会议室", starts_at="2031-01-06T09:00", ends_at="2031-01-06T10:00"
    )
    assert _awaiting(officer) == [older["id"], newer["id"]]
    assert upcoming["id"] not in _awaiting(officer)
    listed = officer.get(PATH).json()[0]
    assert (listed["status"], listed["title"]) == ("planned", "产后出血急救演练")
    entries = [{"staff_id": world.s_a, "status": "present"}]
    saved = officer.put(f"/api/activities/{older['id']}/attendance", json={"entries": entries})
    assert saved.json()["status"] == "held"
    assert _awaiting(officer) == [newer["id"]]


def test_cancelling_a_past_planned_activity_with_a_reason_takes_it_off_the_list(world, api):
    officer = api("officer")
    activity = book(officer)
    ended(activity["id"])
    refused = officer.post(f"/api/activities/{activity['id']}/cancel", json={"reason": " "})
    assert refused.status_code == 400 and _awaiting(officer) == [activity["id"]]
    response = officer.post(
        f"/api/activities/{activity['id']}/cancel", json={"reason": "抢救病人，演练未进行"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["activity"]["status"] == "cancelled"
    assert _awaiting(officer) == []


def test_an_activity_still_going_on_is_not_awaiting_results(world, api):
    officer = api("officer")
    activity = book(officer)
    started(activity["id"])
    assert _awaiting(officer) == []


def test_each_viewer_sees_the_activities_of_their_scope_and_staff_none(world, api):
    mine = book(api("officer"))
    other = book(api("admin"), host_institution_id=world.hosp_b)
    ended(mine["id"])
    ended(other["id"])
    assert _awaiting(api("officer")) == [mine["id"]]
    assert _awaiting(api("reviewer")) == [mine["id"]]  # hospital A is in the centre's zone
    assert _awaiting(api("commission")) == [mine["id"]]
    assert sorted(_awaiting(api("city_commission"))) == sorted([mine["id"], other["id"]])
    assert _awaiting(api("admin"), f"?institution={world.hosp_b}") == [other["id"]]
    assert api("officer").get(f"{PATH}?institution={world.hosp_b}").status_code == 404
    assert api("staff").get(PATH).status_code == 403


def test_a_drill_left_planned_in_a_past_quarter_counts_as_not_held(world, api):
    officer = api("officer")
    midwife = colleague(world, "陈思雨")
    activity = book(officer, invite=[world.s_a, midwife])
    move(activity["id"], datetime(2025, 8, 5, 1, tzinfo=UTC))
    body = officer.get(f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-10")
    q3 = next(
        f for f in body.json()["findings"]
        if f["rule_id"] == "pph-drill" and f["period"] == "2025-Q3"
        and f["subject_kind"] == "institution"
    )  # fmt: skip
    assert q3["status"] == "gap"
    assert _awaiting(officer) == [activity["id"]]

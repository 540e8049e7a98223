import uuid
from datetime import UTC, datetime

import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance, Invitation


def _activity(host: int, starts_at: datetime, **fields) -> int:
    row = Activity(
        uid=uuid.uuid4(),
        kind=fields.pop("kind", "drill"),
        topic=fields.pop("topic", "pph"),
        title=fields.pop("title", "产后出血应急演练"),
        host_institution=host,
        starts_at=starts_at,
        ends_at=starts_at.replace(hour=starts_at.hour + 2),
        status=fields.pop("status", "held"),
        created_at=starts_at,
        updated_at=starts_at,
        **fields,
    )
    row.save().run_sync()
    return row.id


@pytest.fixture
def drills(world):
    # 2026-03-31 23:30 in Shanghai is 15:30 UTC: still March 31st for the people there.
    late_march = _activity(world.hosp_a, datetime(2026, 3, 31, 15, 30, tzinfo=UTC))
    other = _activity(
        world.hosp_b, datetime(2026, 4, 2, 1, 0, tzinfo=UTC), topic="neonatal_asphyxia"
    )
    surprise = _activity(
        world.hosp_a, datetime(2026, 12, 10, 2, 0, tzinfo=UTC), status="planned", unannounced=True
    )
    Invitation.insert(
        Invitation(activity=late_march, staff_member=world.s_a, status="invited"),
        Invitation(activity=surprise, staff_member=world.s_a, status="invited"),
    ).run_sync()
    Attendance.insert(
        Attendance(
            activity=late_march, staff_member=world.s_a, status="present", drill_role="team_leader"
        )
    ).run_sync()
    return {"late_march": late_march, "other": other, "surprise": surprise}


def test_officer_lists_only_own_institution_activities(world, api, drills):
    items = api("officer").get("/api/activities").json()["items"]
    assert {a["id"] for a in items} == {drills["late_march"], drills["surprise"]}


def test_date_filter_uses_shanghai_calendar_days(world, api, drills):
    march = api("admin").get("/api/activities?from=2026-03-01&to=2026-03-31").json()["items"]
    assert [a["id"] for a in march] == [drills["late_march"]]
    april = api("admin").get("/api/activities?from=2026-04-01&to=2026-04-30").json()["items"]
    assert [a["id"] for a in april] == [drills["other"]]


def test_activity_shows_invited_and_attended_counts(world, api, drills):
    items = api("officer").get("/api/activities?status=held").json()["items"]
    assert [(a["invited_count"], a["attended_count"]) for a in items] == [(1, 1)]


def test_staff_never_see_an_unannounced_drill_before_it_is_held(world, api, drills):
    staff_view = {a["id"] for a in api("staff").get("/api/activities").json()["items"]}
    assert drills["surprise"] not in staff_view
    officer_view = {a["id"] for a in api("officer").get("/api/activities").json()["items"]}
    assert drills["surprise"] in officer_view
    mine = api("staff").get("/api/me/activities?from=2026-01-01&to=2026-12-31").json()
    assert [m["activity"]["id"] for m in mine] == [drills["late_march"]]


def test_my_activities_show_my_attendance(world, api, drills):
    mine = api("staff").get("/api/me/activities?from=2026-03-01&to=2026-04-30").json()
    assert mine[0]["attendance_status"] == "present"
    assert mine[0]["invitation_status"] == "invited"


def test_backwards_date_range_is_a_clear_400(world, api, drills):
    response = api("admin").get("/api/activities?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 400
    assert response.json()["error"] == "end_before_start"


def test_malformed_date_is_a_clear_400(world, api, drills):
    response = api("admin").get("/api/activities?from=2026-13-01")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


def test_activities_of_a_hospital_outside_scope_are_not_found(world, api, drills):
    assert api("officer").get(f"/api/activities?institution={world.hosp_b}").status_code == 404

"""Officers book, edit, reschedule and cancel; every bad input is a clear 4xx and writes nothing."""

from datetime import UTC, date, datetime

import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Invitation
from backend.staff.tables import StaffMember

FUTURE = "2031-03-10T09:00"
FUTURE_END = "2031-03-10T11:00"


def _drill(**fields) -> dict:
    return {
        "kind": "drill",
        "topic": "pph",
        "title": "产后出血急救演练",
        "starts_at": FUTURE,
        "ends_at": FUTURE_END,
        "place": "产房",
        **fields,
    }


def _staff(world, number: str, role: str, department=None, title="junior") -> int:
    row = StaffMember(
        institution=world.hosp_a,
        department=department or world.obstetrics_a,
        staff_number=number,
        name=f"员工{number}",
        role=role,
        title=title,
        active_from=date(2020, 1, 1),
        updated_at=datetime.now(UTC),
    )
    row.save().run_sync()
    return row.id


def _count(table) -> int:
    return table.count().run_sync()


def test_officer_books_a_drill_in_shanghai_time_stored_in_utc(world, api):
    response = api("officer").post("/api/activities", json=_drill())
    assert response.status_code == 201, response.text
    activity = response.json()["activity"]
    assert activity["host_institution_id"] == world.hosp_a
    assert activity["starts_at"].startswith("2031-03-10T01:00:00")  # 09:00 in Shanghai
    assert activity["status"] == "planned"
    stored = Activity.select().where(Activity.id == activity["id"]).first().run_sync()
    assert stored["sequence"] == 0 and stored["booked_by"] is not None


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"ends_at": "2031-03-10T08:00"}, "activity_ends_before_start"),
        ({"starts_at": "10/03/2031 09:00"}, "bad_time"),
        ({"starts_at": "2020-03-10T09:00", "ends_at": "2020-03-10T10:00"}, "booking_in_past"),
        ({"topic": None}, "drill_needs_topic"),
        ({"kind": "joint_meeting", "unannounced": False}, "topic_not_for_kind"),
        ({"title": "  "}, "blank_field"),
        ({"host_department_id": 999999}, "unknown_department"),
    ],
)
def test_bad_bookings_are_refused_with_a_message_and_write_nothing(world, api, fields, code):
    before = _count(Activity)
    response = api("officer").post("/api/activities", json=_drill(**fields))
    assert response.status_code == 400, response.text
    assert response.json()["error"] == code
    assert response.json()["message"] and code not in response.json()["message"]
    assert _count(Activity) == before


def test_a_past_session_can_be_recorded_with_the_override(world, api):
    response = api("officer").post(
        "/api/activities",
        json=_drill(starts_at="2024-05-10T09:00", ends_at="2024-05-10T10:00", allow_past=True),
    )
    assert response.status_code == 201, response.text
    assert response.json()["activity"]["status"] == "held"


def test_staff_cannot_book_and_officers_cannot_book_for_another_hospital(world, api):
    assert api("staff").post("/api/activities", json=_drill()).status_code == 403
    other = api("officer").post("/api/activities", json=_drill(host_institution_id=world.hosp_b))
    nowhere = api("officer").post("/api/activities", json=_drill(host_institution_id=999_999))
    # another hospital answers exactly like one that does not exist: its existence does not leak
    assert (other.status_code, other.json()["error"]) == (404, "unknown_institution")
    assert (nowhere.status_code, nowhere.json()["error"]) == (404, "unknown_institution")
    assert other.json()["message"].replace(str(world.hosp_b), "N") == nowhere.json()[
        "message"
    ].replace("999999", "N")
    assert _count(Activity) == 0


def test_commission_books_a_regional_drill_hosted_by_its_county(world, api):
    response = api("commission").post(
        "/api/activities",
        json=_drill(kind="regional_drill", title="区级产后出血联合演练"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["activity"]["host_jurisdiction_id"] == world.county_a
    elsewhere = api("commission").post(
        "/api/activities", json=_drill(kind="regional_drill", host_jurisdiction_id=world.county_b)
    )
    assert elsewhere.status_code == 404  # county B is outside the commission's area
    above = api("commission").post(
        "/api/activities", json=_drill(kind="regional_drill", host_jurisdiction_id=world.city)
    )
    assert above.status_code == 403  # the city is visible to it, but not its to book for


def test_inviting_by_role_invites_the_active_people_of_that_role(world, api):
    midwife = _staff(world, "A101", "midwife")
    _staff(world, "A102", "nurse")
    response = api("officer").post(
        "/api/activities", json=_drill(invite={"roles": ["obstetrician", "midwife"]})
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["invited"] == 2
    invited = {
        r["staff_member"]
        for r in Invitation.select().where(Invitation.activity == body["activity"]["id"]).run_sync()
    }
    assert invited == {world.s_a, midwife}
    assert body["warnings"] == []


def test_an_invite_list_without_a_midwife_warns_which_rule_it_cannot_satisfy(world, api):
    response = api("officer").post(
        "/api/activities", json=_drill(invite={"staff_ids": [world.s_a]})
    )
    (warning,) = response.json()["warnings"]
    assert warning["rule_id"] == "pph-drill"
    assert warning["missing"] == ["midwife"]
    assert "助产士" in warning["message_zh"]


def test_the_suggestion_for_a_pph_drill_names_the_team_from_the_rule(world, api):
    anaesthetist = _staff(world, "A103", "anaesthetist")
    response = api("officer").get(
        f"/api/activities/invite-suggestion?institution={world.hosp_a}&kind=drill&topic=pph"
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["roles"][:2] == ["obstetrician", "midwife"]
    assert {"anaesthetist", "nurse"} <= set(body["roles"])
    assert [r["id"] for r in body["rules"]] == ["pph-drill"]
    assert {s["staff_member_id"] for s in body["staff"]} == {world.s_a, anaesthetist}


def test_a_joint_meeting_suggests_the_required_departments(world, api):
    response = api("officer").get(
        f"/api/activities/invite-suggestion?institution={world.hosp_a}&kind=joint_meeting"
    )
    assert {"obstetrics", "icu"} <= set(response.json()["department_kinds"])


def test_a_person_booked_twice_is_flagged_and_the_override_reason_is_kept(world, api):
    officer = api("officer")
    first = officer.post("/api/activities", json=_drill(invite={"staff_ids": [world.s_a]}))
    assert first.status_code == 201
    clash = _drill(
        kind="joint_meeting",
        topic=None,
        title="联席会议",
        place="三楼会议室",
        starts_at="2031-03-10T10:00",
        ends_at="2031-03-10T12:00",
        invite={"staff_ids": [world.s_a]},
    )
    refused = officer.post("/api/activities", json=clash)
    assert refused.status_code == 409
    assert refused.json()["error"] == "double_booked"
    (conflict,) = refused.json()["details"]["conflicts"]
    assert conflict["what"] == "person" and conflict["staff_member_id"] == world.s_a
    assert _count(Activity) == 1
    accepted = officer.post(
        "/api/activities", json={**clash, "conflict_override_reason": "张医生只参加前半小时"}
    )
    assert accepted.status_code == 201, accepted.text
    assert len(accepted.json()["conflicts_overridden"]) == 1
    detail = officer.get(f"/api/activities/{accepted.json()['activity']['id']}").json()
    assert "张医生只参加前半小时" in detail["conflict_override_reason"]


def test_the_same_room_at_an_overlapping_time_is_a_conflict(world, api):
    officer = api("officer")
    officer.post("/api/activities", json=_drill())
    again = officer.post(
        "/api/activities",
        json=_drill(
            topic="neonatal_asphyxia", starts_at="2031-03-10T10:30", ends_at="2031-03-10T12:00"
        ),
    )
    assert again.status_code == 409
    assert again.json()["details"]["conflicts"][0]["what"] == "place"
    back_to_back = officer.post(
        "/api/activities",
        json=_drill(topic="neonatal_asphyxia", starts_at=FUTURE_END, ends_at="2031-03-10T12:00"),
    )
    assert back_to_back.status_code == 201


def test_rescheduling_raises_the_sequence_and_keeps_the_uid(world, api):
    officer = api("officer")
    booked = officer.post("/api/activities", json=_drill()).json()["activity"]
    moved = officer.patch(f"/api/activities/{booked['id']}", json={"starts_at": "2031-03-12T20:00"})
    assert moved.status_code == 200, moved.text
    activity = moved.json()["activity"]
    assert activity["uid"] == booked["uid"]
    assert activity["starts_at"].startswith("2031-03-12T12:00:00")
    assert activity["ends_at"].startswith("2031-03-12T14:00:00")  # the duration is kept
    detail = officer.get(f"/api/activities/{booked['id']}").json()
    assert detail["sequence"] == 1
    officer.patch(f"/api/activities/{booked['id']}", json={"notes": "带模拟人"})
    assert officer.get(f"/api/activities/{booked['id']}").json()["sequence"] == 1


def test_cancelling_needs_a_reason_and_a_cancelled_activity_cannot_be_edited(world, api):
    officer = api("officer")
    booked = officer.post("/api/activities", json=_drill()).json()["activity"]
    no_reason = officer.post(f"/api/activities/{booked['id']}/cancel", json={"reason": " "})
    assert no_reason.status_code == 400
    cancelled = officer.post(
        f"/api/activities/{booked['id']}/cancel", json={"reason": "产房收治危重孕妇"}
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["activity"]["status"] == "cancelled"
    edit = officer.patch(f"/api/activities/{booked['id']}", json={"place": "示教室"})
    assert edit.status_code == 409 and edit.json()["error"] == "activity_cancelled"


def test_a_monthly_series_edits_one_occurrence_or_the_rest(world, api):
    officer = api("officer")
    body = officer.post(
        "/api/activities",
        json={
            "kind": "self_assessment",
            "title": "每月自查",
            "starts_at": "2031-01-31T14:00",
            "ends_at": "2031-01-31T15:00",
            "repeat": {"every": "month", "count": 4},
        },
    ).json()
    ids = body["series_activity_ids"]
    assert len(ids) == 4
    starts = [officer.get(f"/api/activities/{i}").json()["activity"]["starts_at"][:10] for i in ids]
    # 14:00 in Shanghai is 06:00 UTC on the same day; January 31st becomes February 28th
    assert starts == ["2031-01-31", "2031-02-28", "2031-03-31", "2031-04-30"]
    one = officer.patch(f"/api/activities/{ids[1]}", json={"place": "示教室"})
    assert one.json()["series_activity_ids"] == [ids[1]]
    rest = officer.patch(
        f"/api/activities/{ids[2]}", json={"starts_at": "2031-04-01T09:00", "scope": "following"}
    )
    assert rest.json()["series_activity_ids"] == ids[2:]
    moved = [officer.get(f"/api/activities/{i}").json()["activity"]["starts_at"] for i in ids]
    assert moved[0].startswith("2031-01-31T06:00") and moved[1].startswith("2031-02-28T06:00")
    # the rest move by the same 19 hours: 04-30 14:00 becomes 05-01 09:00 in Shanghai
    assert moved[2].startswith("2031-04-01T01:00") and moved[3].startswith("2031-05-01T01:00")


def test_activities_can_be_listed_by_kind_and_date_range(world, api):
    officer = api("officer")
    officer.post("/api/activities", json=_drill())
    officer.post(
        "/api/activities",
        json=_drill(
            kind="cme_session",
            topic=None,
            title="产科继续教育",
            place="报告厅",
            credit_class="city",
            credits=2,
            capacity=30,
        ),
    )
    cme = officer.get("/api/activities?kind=cme_session&from=2031-03-01&to=2031-03-31").json()
    assert [a["title"] for a in cme["items"]] == ["产科继续教育"]
    assert cme["items"][0]["credits"] == 2.0

"""Issue 15: a double booking of a whole team reads as one line per clashing activity, and a
booking that repeats an existing one says so."""

from datetime import UTC, date, datetime

from backend.activities.tables import Activity
from backend.staff.tables import StaffMember


def _drill(**fields) -> dict:
    return {
        "kind": "drill",
        "topic": "pph",
        "title": "产后出血急救演练",
        "starts_at": "2031-03-10T09:00",
        "ends_at": "2031-03-10T11:00",
        "place": "产房",
        **fields,
    }


def _team(world, size: int) -> list[int]:
    ids = []
    for n in range(size):
        row = StaffMember(
            institution=world.hosp_a,
            department=world.obstetrics_a,
            staff_number=f"T{n:03}",
            name=f"队员{n:03}",
            role="midwife",
            title="junior",
            active_from=date(2020, 1, 1),
            updated_at=datetime.now(UTC),
        )
        row.save().run_sync()
        ids.append(row.id)
    return ids


def test_the_same_drill_booked_twice_is_one_group_and_called_a_duplicate(world, api):
    team = _team(world, 30)
    officer = api("officer")
    first = officer.post("/api/activities", json=_drill(invite={"staff_ids": team}))
    assert first.status_code == 201, first.text
    first_id = first.json()["activity"]["id"]

    again = officer.post("/api/activities", json=_drill(invite={"staff_ids": team}))

    assert again.status_code == 409
    body = again.json()
    assert len(body["details"]["conflicts"]) == 31  # every person, and the room
    (group,) = body["details"]["groups"]
    assert group["activity_id"] == first_id
    assert group["people_count"] == 30
    assert group["people_names"] == ["队员000", "队员001", "队员002"]
    assert group["place"] == "产房"
    assert group["duplicate"] is True
    (duplicate,) = body["details"]["duplicates"]
    assert duplicate["activity_id"] == first_id
    assert duplicate["activity_title"] == "产后出血急救演练"
    assert "1 处时间冲突" in body["message"]
    assert Activity.count().run_sync() == 1


def test_clashes_with_two_activities_make_two_groups_and_no_duplicate(world, api):
    team = _team(world, 12)
    officer = api("officer")
    morning = officer.post(
        "/api/activities",
        json=_drill(
            title="晨会",
            kind="joint_meeting",
            topic=None,
            place="一楼",
            invite={"staff_ids": team[:6]},
        ),  # fmt: skip
    ).json()["activity"]["id"]
    cme = officer.post(
        "/api/activities",
        json=_drill(
            title="继续教育",
            kind="cme_session",
            topic=None,
            place="二楼",
            invite={"staff_ids": team[6:]},
        ),  # fmt: skip
    ).json()["activity"]["id"]

    clash = officer.post(
        "/api/activities",
        json=_drill(place="三楼", invite={"staff_ids": team}),
    )

    assert clash.status_code == 409
    details = clash.json()["details"]
    groups = {g["activity_id"]: g for g in details["groups"]}
    assert set(groups) == {morning, cme}
    assert groups[morning]["people_count"] == 6 and groups[cme]["people_count"] == 6
    assert not any(g["duplicate"] for g in details["groups"])
    assert details["duplicates"] == []


def test_the_same_drill_at_an_overlapping_time_is_named_as_a_likely_duplicate_without_a_clash(
    world, api
):
    officer = api("officer")
    first = officer.post("/api/activities", json=_drill())
    assert first.status_code == 201, first.text
    first_id = first.json()["activity"]["id"]
    # another room, overlapping hours, nobody invited: nothing clashes
    later = _drill(starts_at="2031-03-10T10:00", ends_at="2031-03-10T11:30", place="示教室")

    again = officer.post("/api/activities", json=later)

    assert again.status_code == 409, again.text
    body = again.json()
    assert body["error"] == "likely_duplicate"
    assert body["message"].startswith("看起来与已有活动重复")
    (duplicate,) = body["details"]["duplicates"]
    assert duplicate["activity_id"] == first_id
    assert duplicate["activity_title"] == "产后出血急救演练"
    assert duplicate["place"] == "产房"
    assert Activity.count().run_sync() == 1

    confirmed = officer.post("/api/activities", json={**later, "confirm_duplicate": True})
    assert confirmed.status_code == 201, confirmed.text
    assert Activity.count().run_sync() == 2


def test_another_topic_another_hour_another_day_or_a_cancelled_one_is_no_duplicate(world, api):
    officer = api("officer")
    first = officer.post("/api/activities", json=_drill()).json()["activity"]["id"]
    night_shift = _drill(starts_at="2031-03-10T20:00", ends_at="2031-03-10T21:00", place="示教室")
    assert officer.post("/api/activities", json=night_shift).status_code == 201  # one per shift
    other_topic = _drill(topic="eclampsia", title="子痫演练", place="示教室")
    assert officer.post("/api/activities", json=other_topic).status_code == 201
    next_day = _drill(starts_at="2031-03-11T09:00", ends_at="2031-03-11T11:00")
    assert officer.post("/api/activities", json=next_day).status_code == 201
    cancelled = officer.post(f"/api/activities/{first}/cancel", json={"reason": "改期"})
    assert cancelled.status_code in (200, 201), cancelled.text
    assert officer.post("/api/activities", json=_drill()).status_code == 201

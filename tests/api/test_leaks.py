"""Issue 12: nobody learns of people or activities outside their scope through an activity's
lists, a double-booking answer, the commissions' duties or compliance (access policy 3, 4, 5, 7)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from backend.activities.tables import Activity
from backend.core.clock import shanghai_wall_time
from tests.attendance_activities import book, colleague, drill, started
from tests.world import World

OTHER_NAME = "李建国"  # s_b, of hospital B in county B: outside the officer's scope


def _city_drill(api, world: World) -> int:
    """The city commission's regional drill with a person of each hospital on the list."""
    return book(
        api("city_commission"),
        invite=[world.s_a, world.s_b],
        kind="regional_drill",
        host_jurisdiction_id=world.city,
        title="全市产后出血联合演练",
    )["id"]


def test_a_guest_at_the_citys_drill_sees_only_the_people_of_its_own_scope(world: World, api):
    activity = _city_drill(api, world)
    host = api("city_commission").get(f"/api/activities/{activity}").json()
    assert {i["name"] for i in host["invitations"]} == {"张晓梅", OTHER_NAME}
    assert host["other_institutions_count"] == 0
    for guest in ("officer", "reviewer", "commission"):
        response = api(guest).get(f"/api/activities/{activity}")
        assert response.status_code == 200, guest
        body = response.json()
        assert [i["staff_member_id"] for i in body["invitations"]] == [world.s_a], guest
        assert body["other_institutions_count"] == 1, guest
        assert OTHER_NAME not in response.text, guest
    # the same person is unknown to the officer everywhere else too
    assert api("officer").get(f"/api/staff/{world.s_b}").status_code == 404


def test_the_attendance_of_the_citys_drill_shows_a_guest_a_count_for_the_rest(world: World, api):
    activity = _city_drill(api, world)
    started(activity)
    entries = [{"staff_id": s, "status": "present"} for s in (world.s_a, world.s_b)]
    saved = api("city_commission").put(f"/api/activities/{activity}/attendance",
                                       json={"entries": entries})  # fmt: skip
    assert saved.status_code == 200, saved.text
    assert len(saved.json()["entries"]) == 2
    for guest in ("officer", "reviewer"):
        response = api(guest).get(f"/api/activities/{activity}/attendance")
        assert response.status_code == 200, guest
        assert [e["staff_member_id"] for e in response.json()["entries"]] == [world.s_a], guest
        assert response.json()["other_institutions_count"] == 1
        assert OTHER_NAME not in response.text, guest


def test_the_printed_sign_in_sheet_of_someone_elses_drill_names_only_people_in_scope(
    world: World, api
):
    activity = _city_drill(api, world)

    def sheet_text(user: str) -> str:
        response = api(user).get(f"/api/activities/{activity}/sign-in-sheet.pdf")
        assert response.status_code == 200, response.text
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)

    host = sheet_text("city_commission")
    assert "张晓梅" in host and OTHER_NAME in host
    guest = sheet_text("reviewer")
    assert "张晓梅" in guest and OTHER_NAME not in guest and "B001" not in guest
    assert "另有 1 人来自其他机构" in guest


def test_an_overseer_saving_the_list_keeps_the_rows_of_people_it_is_not_shown(world: World, api):
    """The county commission may take the attendance of hospital A's drill, to which the city
    also invited hospital B's doctor: it is not shown him, so its list cannot drop him."""
    activity = book(api("city_commission"), invite=[world.s_a, world.s_b],
                    host_institution_id=world.hosp_a)["id"]  # fmt: skip
    started(activity)
    both = [{"staff_id": s, "status": "present"} for s in (world.s_a, world.s_b)]
    api("city_commission").put(f"/api/activities/{activity}/attendance", json={"entries": both})
    county = api("commission")
    shown = county.get(f"/api/activities/{activity}/attendance").json()
    assert [e["staff_member_id"] for e in shown["entries"]] == [world.s_a]
    mine = [{"staff_id": world.s_a, "status": "absent"}]
    saved = county.put(f"/api/activities/{activity}/attendance", json={"entries": mine})
    assert saved.status_code == 200, saved.text
    every = api("city_commission").get(f"/api/activities/{activity}/attendance").json()
    status = {e["staff_member_id"]: e["status"] for e in every["entries"]}
    assert status == {world.s_a: "absent", world.s_b: "present"}


@pytest.fixture
def hidden_drill(world: World, api) -> int:
    """Hospital B's unannounced drill (booked by the administrator) with hospital A's doctor
    on its list: nothing of it is the officer of hospital A's to know."""
    return book(api("admin"), invite=[world.s_a], host_institution_id=world.hosp_b,
                unannounced=True, title="柳溪县人民医院突击演练", place="柳溪产房")["id"]  # fmt: skip


def _clash(**fields) -> dict:
    body = drill(kind="joint_meeting", topic=None, title="联席会议", place="三楼会议室")
    return {**body, **fields}


def _hidden_conflict(conflict: dict, world: World) -> None:
    assert conflict["hidden"] is True
    assert conflict["activity_id"] is None and conflict["activity_title"] == ""
    assert conflict["starts_at"] is None and conflict["ends_at"] is None
    assert conflict["what"] == "person" and conflict["staff_member_id"] == world.s_a


def test_a_clash_with_another_hospitals_hidden_drill_is_refused_without_naming_it(
    world: World, api, hidden_drill
):
    officer = api("officer")
    refused = officer.post("/api/activities", json=_clash(invite={"staff_ids": [world.s_a]}))
    assert refused.status_code == 409
    assert refused.json()["error"] == "double_booked"
    (conflict,) = refused.json()["details"]["conflicts"]
    _hidden_conflict(conflict, world)
    assert "突击演练" not in refused.text and "柳溪" not in refused.text
    booked = officer.post(
        "/api/activities",
        json=_clash(invite={"staff_ids": [world.s_a]}, conflict_override_reason="已协调"),
    )
    assert booked.status_code == 201, booked.text
    (overridden,) = booked.json()["conflicts_overridden"]
    _hidden_conflict(overridden, world)
    # the administrator, who sees hospital B, is told which activity it is
    admin = api("admin").post("/api/activities", json=_clash(
        host_institution_id=world.hosp_a, invite={"staff_ids": [world.s_a]}))  # fmt: skip
    shown = [c for c in admin.json()["details"]["conflicts"] if c["activity_id"] == hidden_drill]
    assert shown and shown[0]["activity_title"] == "柳溪县人民医院突击演练"


def test_inviting_or_moving_into_a_hidden_clash_names_nothing_of_it(
    world: World, api, hidden_drill
):
    officer = api("officer")
    same_time = book(officer, title="同一时段的演练", place="示教室")["id"]
    invited = officer.post(f"/api/activities/{same_time}/invitations",
                           json={"invite": {"staff_ids": [world.s_a]}})  # fmt: skip
    assert invited.status_code == 409
    (conflict,) = invited.json()["details"]["conflicts"]
    _hidden_conflict(conflict, world)
    assert "突击演练" not in invited.text
    elsewhere = book(officer, invite=[world.s_a], title="下月的演练", place="示教室二",
                     starts_at="2031-05-10T09:00", ends_at="2031-05-10T11:00")["id"]  # fmt: skip
    starts = Activity.select(Activity.starts_at).where(Activity.id == hidden_drill).first()
    wall = shanghai_wall_time(starts.run_sync()["starts_at"])
    moved = officer.patch(f"/api/activities/{elsewhere}", json={"starts_at": wall})
    assert moved.status_code == 409
    (conflict,) = moved.json()["details"]["conflicts"]
    _hidden_conflict(conflict, world)
    assert wall not in moved.text and "突击演练" not in moved.text


def test_the_commissions_duties_answer_only_the_commissions_of_that_subtree(world: World, api):
    def status(user: str, jurisdiction: int) -> int:
        response = api(user).get(
            f"/api/compliance/commissions?jurisdiction={jurisdiction}&year=2025"
        )
        if response.status_code == 404:
            assert response.json()["error"] == "unknown_jurisdiction"
        return response.status_code

    for user in ("officer", "reviewer", "staff"):
        for jurisdiction in (world.city, world.county_a, world.county_b, world.province):
            assert status(user, jurisdiction) == 404, (user, jurisdiction)
    assert status("commission", world.county_a) == 200
    for above_or_beside in (world.city, world.county_b, world.province):
        assert status("commission", above_or_beside) == 404
    assert status("city_commission", world.city) == 200
    assert status("city_commission", world.county_b) == 200
    assert status("city_commission", world.province) == 404
    assert status("admin", world.province) == 200
    assert status("admin", 987654) == 404


def _findings(client, world: World, rule_id: str) -> list[dict]:
    response = client.get(f"/api/compliance?institution={world.hosp_a}&year=2031&as_of=2031-03-01")
    assert response.status_code == 200, response.text
    return [f for f in response.json()["findings"] if f["rule_id"] == rule_id]


def test_staff_do_not_find_an_unannounced_drill_in_their_hospitals_compliance(world: World, api):
    officer = api("officer")
    surprise = officer.post("/api/activities", json=drill(
        starts_at="2031-03-10T09:00", ends_at="2031-03-10T11:00", unannounced=True))  # fmt: skip
    assert surprise.status_code == 201, surprise.text
    surprise_id = surprise.json()["activity"]["id"]
    (seen,) = [f for f in _findings(officer, world, "pph-drill") if f["period"] == "2031-Q1"]
    assert seen["planned"] == [surprise_id] and seen["status"] == "planned"
    (told,) = [f for f in _findings(api("staff"), world, "pph-drill") if f["period"] == "2031-Q1"]
    assert told["planned"] == [] and told["status"] == "due_soon"
    own = api("staff").get(f"/api/staff/{world.s_a}/compliance?year=2031&as_of=2031-03-01")
    assert own.status_code == 200
    assert surprise_id not in [i for f in own.json()["findings"] for i in f["planned"]]


def test_staff_read_their_hospitals_compliance_without_a_colleagues_findings(world: World, api):
    other = colleague(world, "王丽")
    path = f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-05"

    def people(user: str) -> set[int]:
        body = api(user).get(path).json()
        return {f["subject_id"] for f in body["findings"] if f["subject_kind"] == "staff_member"}

    assert {world.s_a, other} <= people("officer")
    assert people("staff") == {world.s_a}
    assert "王丽" not in api("staff").get(path).text

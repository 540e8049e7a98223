"""Issue 12, access policy 6: a staff member reads only their own record, schedule, credits and
compliance; a colleague is unknown to them (404) and the institution's tools are not theirs
(403)."""

from __future__ import annotations

from tests.attendance_activities import colleague
from tests.world import World

LEAVE_REASON = "产假（二胎）"


def _colleague_on_leave(world: World, api) -> int:
    other = colleague(world, "王丽")
    leave = {"starts_on": "2026-02-01", "ends_on": "2026-06-30", "reason": LEAVE_REASON}
    assert api("officer").post(f"/api/staff/{other}/leave", json=leave).status_code == 201
    return other


def test_the_staff_list_holds_only_the_staff_member_herself(world: World, api):
    _colleague_on_leave(world, api)
    staff = api("staff")
    for query in ("", f"?institution={world.hosp_a}", "?q=王", "?role=midwife"):
        response = staff.get(f"/api/staff{query}")
        assert response.status_code == 200, query
        assert [p["id"] for p in response.json()["items"]] in ([world.s_a], []), query
        assert "王丽" not in response.text and LEAVE_REASON not in response.text, query
    assert staff.get("/api/staff").json()["total"] == 1
    officer_sees = api("officer").get(f"/api/staff?institution={world.hosp_a}").json()
    assert officer_sees["total"] == 2


def test_a_colleagues_record_compliance_and_credits_are_unknown_to_staff(world: World, api):
    other = _colleague_on_leave(world, api)
    staff = api("staff")
    for path in (
        f"/api/staff/{other}",
        f"/api/staff/{other}/compliance?year=2026",
        f"/api/staff/{other}/credits?year=2026",
    ):
        response = staff.get(path)
        nobody = staff.get(path.replace(f"/{other}", "/987654"))
        assert response.status_code == nobody.status_code == 404, path
        assert response.json()["error"] == nobody.json()["error"], path
        assert "王丽" not in response.text and LEAVE_REASON not in response.text
    assert staff.patch(f"/api/staff/{other}", json={"position": "x"}).status_code == 404
    leave = {"starts_on": "2026-07-01", "ends_on": "2026-07-02", "reason": "x"}
    assert staff.post(f"/api/staff/{other}/leave", json=leave).status_code == 404
    # her own record stays hers to read, not to edit
    own = staff.get(f"/api/staff/{world.s_a}")
    assert own.status_code == 200 and own.json()["name"] == "张晓梅"
    assert staff.get(f"/api/staff/{world.s_a}/compliance?year=2026").status_code == 200
    assert staff.get(f"/api/staff/{world.s_a}/credits?year=2026").status_code == 200
    assert staff.patch(f"/api/staff/{world.s_a}", json={"position": "x"}).status_code == 403


def test_the_institutions_tools_refuse_staff_with_403(world: World, api):
    staff = api("staff")
    forbidden = (
        f"/api/compliance/matrix?jurisdiction={world.county_a}&year=2026",
        f"/api/compliance/report?jurisdiction={world.county_a}&year=2026&format=csv",
        f"/api/activities/invite-suggestion?institution={world.hosp_a}&kind=drill&topic=pph",
        f"/api/credits/register?institution={world.hosp_a}&year=2026",
        "/api/actions",
        "/api/activities/awaiting-results",
    )
    for path in forbidden:
        assert staff.get(path).status_code == 403, path
    # outside her scope the same routes answer as for something that does not exist
    other_county = f"/api/compliance/matrix?jurisdiction={world.county_b}&year=2026"
    assert staff.get(other_county).status_code == 404
    assert staff.get("/api/credits/certificates").status_code == 200
    # her hospital's own compliance stays readable
    response = staff.get(f"/api/compliance?institution={world.hosp_a}&year=2026")
    assert response.status_code == 200
    assert "institution" in {f["subject_kind"] for f in response.json()["findings"]}

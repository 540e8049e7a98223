"""Commissions and centres invite hospitals to their duties: by institution, by kind and by role
within them, only inside their own area or zone; a refusal writes nothing."""

from datetime import UTC, date, datetime

from backend.activities.tables import Activity
from backend.attendance.tables import Invitation
from backend.institutions.tables import Department, Institution
from backend.staff.tables import StaffMember

_DAY = iter(range(1, 28))


def _duty(kind="regional_drill", **fields) -> dict:
    """A duty on a day of its own (the same people invited twice at once would conflict)."""
    extra = {"topic": "pph"} if kind == "regional_drill" else {}
    day = next(_DAY)
    return {"kind": kind, "title": "区域演练", "starts_at": f"2031-04-{day:02d}T09:00",
            "ends_at": f"2031-04-{day:02d}T11:00", **extra, **fields}  # fmt: skip


def _person(institution, department, number, role, title="intermediate") -> int:
    row = StaffMember(
        institution=institution,
        department=department,
        staff_number=number,
        name=f"员工{number}",
        role=role,
        title=title,
        active_from=date(2020, 1, 1),
        updated_at=datetime.now(UTC),
    )
    row.save().run_sync()
    return row.id


def _mch_hospital(world) -> tuple[int, int, int]:
    """An MCH hospital in county A, with a midwife and an obstetrician: (id, midwife, obstetrician)."""
    mch = Institution(code="mch-a", name_zh="禾城区妇幼保健院", kind="mch_hospital",
                      level="secondary", jurisdiction=world.county_a)  # fmt: skip
    mch.save().run_sync()
    dept = Department(institution=mch.id, kind="obstetrics", name_zh="产科")
    dept.save().run_sync()
    midwife = _person(mch.id, dept.id, "M001", "midwife")
    obstetrician = _person(mch.id, dept.id, "M002", "obstetrician", title="associate_senior")
    return mch.id, midwife, obstetrician


def _invited(activity_id: int) -> set[int]:
    rows = Invitation.select(Invitation.staff_member).where(Invitation.activity == activity_id)
    return {r["staff_member"] for r in rows.run_sync()}


def _counts() -> tuple[int, int]:
    return Activity.count().run_sync(), Invitation.count().run_sync()


def test_a_county_commission_invites_by_kind_and_role_across_its_county(world, api):
    mch, midwife, obstetrician = _mch_hospital(world)
    commission = api("commission")
    # obstetricians of every institution in the county
    response = commission.post(
        "/api/activities",
        json=_duty(host_jurisdiction_id=world.county_a, invite={"roles": ["obstetrician"]}),
    )
    assert response.status_code == 201, response.text
    assert _invited(response.json()["activity"]["id"]) == {world.s_a, obstetrician}
    # only the MCH hospitals, everyone there
    response = commission.post(
        "/api/activities",
        json=_duty(
            host_jurisdiction_id=world.county_a, invite={"institution_kinds": ["mch_hospital"]}
        ),
    )
    assert response.status_code == 201, response.text
    assert _invited(response.json()["activity"]["id"]) == {midwife, obstetrician}
    # MCH hospitals' associate-senior staff
    response = commission.post(
        "/api/activities",
        json=_duty(
            host_jurisdiction_id=world.county_a,
            invite={"institution_kinds": ["mch_hospital"], "titles": ["associate_senior"]},
        ),
    )
    assert _invited(response.json()["activity"]["id"]) == {obstetrician}


def test_a_commission_invites_named_hospitals_to_a_booked_duty(world, api):
    mch, midwife, obstetrician = _mch_hospital(world)
    commission = api("commission")
    booked = commission.post("/api/activities", json=_duty(kind="work_meeting",
                                                           host_jurisdiction_id=world.county_a))  # fmt: skip
    activity_id = booked.json()["activity"]["id"]
    response = commission.post(
        f"/api/activities/{activity_id}/invitations",
        json={"invite": {"institution_ids": [world.hosp_a, mch], "roles": ["obstetrician"]}},
    )
    assert response.status_code == 200, response.text
    assert response.json()["invited"] == 2
    assert _invited(activity_id) == {world.s_a, obstetrician}


def test_an_institution_outside_the_hosts_area_is_refused_and_nothing_is_written(world, api):
    before = _counts()
    # the county commission cannot see county B's hospital: as if it did not exist
    response = api("commission").post(
        "/api/activities",
        json=_duty(host_jurisdiction_id=world.county_a,
                   invite={"institution_ids": [world.hosp_b], "roles": ["obstetrician"]}),
    )  # fmt: skip
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_institution"
    # the city commission sees it, but county A's drill cannot invite county B's hospital
    response = api("city_commission").post(
        "/api/activities",
        json=_duty(host_jurisdiction_id=world.county_a, invite={"institution_ids": [world.hosp_b]}),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "institution_outside_host_scope"
    assert "outside the area or zone" in response.json()["message"]
    # an unknown id
    response = api("city_commission").post(
        "/api/activities",
        json=_duty(host_jurisdiction_id=world.county_a, invite={"institution_ids": [987654]}),
    )
    assert response.status_code == 404
    assert _counts() == before


def test_a_centre_invites_its_zone_to_a_zone_meeting_and_nobody_else(world, api):
    reviewer = api("reviewer")
    response = reviewer.post(
        "/api/activities",
        json=_duty(kind="zone_meeting", host_institution_id=world.centre,
                   invite={"institution_ids": [world.hosp_a], "roles": ["obstetrician"]}),
    )  # fmt: skip
    assert response.status_code == 201, response.text
    activity_id = response.json()["activity"]["id"]
    assert _invited(activity_id) == {world.s_a}
    # its whole zone (and itself) by role; county B's hospital is not in the zone
    response = reviewer.post(
        "/api/activities",
        json=_duty(kind="zone_meeting", host_institution_id=world.centre,
                   invite={"institution_kinds": ["general_hospital"], "roles": ["obstetrician"]}),
    )  # fmt: skip
    assert _invited(response.json()["activity"]["id"]) == {world.s_a}
    before = _counts()
    response = reviewer.post(
        f"/api/activities/{activity_id}/invitations",
        json={"invite": {"institution_ids": [world.hosp_b]}},
    )
    assert response.status_code == 404
    assert _counts() == before


def test_a_hospitals_own_activity_cannot_invite_other_hospitals(world, api):
    before = _counts()
    response = api("officer").post(
        "/api/activities",
        json=_duty(kind="joint_meeting", invite={"institution_kinds": ["general_hospital"]}),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "institution_selector_needs_duty_host"
    assert "卫健委或救治中心" in response.json()["message"]
    assert _counts() == before
    # its own staff by role, as always
    response = api("officer").post(
        "/api/activities", json=_duty(kind="joint_meeting", invite={"roles": ["obstetrician"]})
    )
    assert response.status_code == 201
    assert _invited(response.json()["activity"]["id"]) == {world.s_a}

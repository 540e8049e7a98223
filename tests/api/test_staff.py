from backend.staff.tables import StaffMember

MIDWIFE = {
    "staff_number": "A002",
    "name": "陈静",
    "role": "midwife",
    "title": "junior",
    "active_from": "2025-07-01",
}


def _count() -> int:
    return StaffMember.count().run_sync()


def test_officer_adds_a_staff_member_to_a_department(world, api):
    response = api("officer").post(
        f"/api/institutions/{world.hosp_a}/staff",
        json={**MIDWIFE, "department_id": world.obstetrics_a},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["department_name"] == "产科"
    assert body["active_from"] == "2025-07-01"


def test_staff_number_used_twice_is_rejected_and_nothing_is_written(world, api):
    before = _count()
    response = api("officer").post(
        f"/api/institutions/{world.hosp_a}/staff", json={**MIDWIFE, "staff_number": "A001"}
    )
    assert response.status_code == 409
    assert response.json()["message"] == "工号“A001”在本机构已被使用。"
    assert _count() == before


def test_same_staff_number_is_fine_in_another_institution(world, api):
    response = api("admin").post(
        f"/api/institutions/{world.hosp_b}/staff", json={**MIDWIFE, "staff_number": "A001"}
    )
    assert response.status_code == 201


def test_end_before_start_is_rejected(world, api):
    body = {**MIDWIFE, "active_to": "2025-01-01"}
    response = api("officer").post(f"/api/institutions/{world.hosp_a}/staff", json=body)
    assert response.status_code == 400
    assert response.json()["error"] == "end_before_start"


def test_department_of_another_institution_is_rejected(world, api):
    body = {**MIDWIFE, "department_id": world.obstetrics_b}
    response = api("admin").post(f"/api/institutions/{world.hosp_a}/staff", json=body)
    assert response.status_code == 400
    assert response.json()["error"] == "department_of_other_institution"


def test_malformed_date_names_the_field(world, api):
    body = {**MIDWIFE, "active_from": "2025/07/01"}
    response = api("officer").post(f"/api/institutions/{world.hosp_a}/staff", json=body)
    assert response.status_code == 400
    assert "active_from" in response.json()["message"]


def test_staff_member_cannot_edit_colleagues(world, api):
    response = api("staff").patch(f"/api/staff/{world.s_a}", json={"title": "senior"})
    assert response.status_code == 403


def test_officer_records_promotion_and_leaving(world, api):
    response = api("officer").patch(
        f"/api/staff/{world.s_a}", json={"title": "associate_senior", "active_to": "2026-06-30"}
    )
    assert response.status_code == 200
    assert response.json()["title"] == "associate_senior"
    active = (
        api("officer").get(f"/api/staff?institution={world.hosp_a}&active_on=2026-07-01").json()
    )
    assert active["total"] == 0


def test_officer_records_maternity_leave(world, api):
    response = api("officer").post(
        f"/api/staff/{world.s_a}/leave",
        json={"starts_on": "2026-03-01", "ends_on": "2026-08-31", "reason": "产假"},
    )
    assert response.status_code == 201
    assert response.json()["leave"] == [
        {
            "id": response.json()["leave"][0]["id"],
            "starts_on": "2026-03-01",
            "ends_on": "2026-08-31",
            "reason": "产假",
        }
    ]


def test_staff_list_filters_by_role_and_search(world, api):
    officer = api("officer")
    officer.post(f"/api/institutions/{world.hosp_a}/staff", json=MIDWIFE)
    midwives = officer.get(f"/api/staff?institution={world.hosp_a}&role=midwife").json()["items"]
    assert [s["name"] for s in midwives] == ["陈静"]
    by_number = officer.get("/api/staff?q=A001").json()["items"]
    assert [s["name"] for s in by_number] == ["张晓梅"]


def test_unknown_role_in_filter_is_a_clear_400(world, api):
    response = api("officer").get("/api/staff?role=astronaut")
    assert response.status_code == 400


def test_unknown_staff_member_is_404(world, api):
    response = api("admin").get("/api/staff/424242")
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_staff_member"

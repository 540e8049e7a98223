NEW_HOSPITAL = {
    "code": "nh-new",
    "name_zh": "柳溪县妇幼保健院",
    "kind": "mch_hospital",
    "level": "secondary",
}


def test_admin_creates_an_institution_in_a_county(world, api):
    admin = api("admin")
    response = admin.post(
        "/api/institutions", json={**NEW_HOSPITAL, "jurisdiction_id": world.county_b}
    )
    assert response.status_code == 201
    created = response.json()
    assert created["jurisdiction_name"] == "柳溪县"
    listed = admin.get(f"/api/institutions?jurisdiction={world.county_b}").json()["items"]
    # pinyin order: 柳溪县妇幼 (liu xi xian fu) before 柳溪县人民 (liu xi xian ren)
    assert [i["code"] for i in listed] == ["nh-new", "hosp-b"]


def test_institution_must_belong_to_a_county_not_a_city(world, api):
    response = api("admin").post(
        "/api/institutions", json={**NEW_HOSPITAL, "jurisdiction_id": world.city}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "institution_needs_county"


def test_institution_code_used_twice_is_a_conflict(world, api):
    body = {**NEW_HOSPITAL, "code": "hosp-a", "jurisdiction_id": world.county_b}
    response = api("admin").post("/api/institutions", json=body)
    assert response.status_code == 409
    assert "hosp-a" in response.json()["message"]


def test_unknown_institution_kind_is_rejected(world, api):
    body = {**NEW_HOSPITAL, "kind": "spa", "jurisdiction_id": world.county_b}
    response = api("admin").post("/api/institutions", json=body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


def test_officer_cannot_create_or_edit_institutions(world, api):
    officer = api("officer")
    body = {**NEW_HOSPITAL, "jurisdiction_id": world.county_a}
    assert officer.post("/api/institutions", json=body).status_code == 403
    assert (
        officer.patch(f"/api/institutions/{world.hosp_a}", json={"name_zh": "x"}).status_code == 403
    )


def test_admin_edits_an_institution_and_only_named_fields_change(world, api):
    admin = api("admin")
    response = admin.patch(
        f"/api/institutions/{world.hosp_b}", json={"county_maternal_centre": True}
    )
    assert response.status_code == 200
    assert response.json()["county_maternal_centre"] is True
    assert response.json()["name_zh"] == "柳溪县人民医院"


def test_institution_list_filters_by_zone_and_search(world, api):
    admin = api("admin")
    in_zone = admin.get(f"/api/institutions?zone={world.zone}").json()["items"]
    assert [i["code"] for i in in_zone] == ["hosp-a"]
    found = admin.get("/api/institutions?q=柳溪").json()
    assert found["total"] == 1 and found["items"][0]["code"] == "hosp-b"


def test_institution_list_is_paginated(world, api):
    page = api("admin").get("/api/institutions?page=2&page_size=2").json()
    assert page["total"] == 3 and page["page"] == 2 and len(page["items"]) == 1
    assert api("admin").get("/api/institutions?page_size=0").status_code == 400


def test_officer_adds_a_department_and_sees_staff_counts(world, api):
    officer = api("officer")
    created = officer.post(
        f"/api/institutions/{world.hosp_a}/departments",
        json={"kind": "icu", "name_zh": "重症医学科"},
    )
    assert created.status_code == 201
    departments = officer.get(f"/api/institutions/{world.hosp_a}/departments").json()
    counts = {d["name_zh"]: d["staff_count"] for d in departments}
    assert counts == {"产科": 1, "新生儿科": 0, "重症医学科": 0}


def test_department_name_used_twice_in_one_institution_is_a_conflict(world, api):
    response = api("officer").post(
        f"/api/institutions/{world.hosp_a}/departments",
        json={"kind": "obstetrics", "name_zh": "产科"},
    )
    assert response.status_code == 409
    assert response.json()["message"] == "本机构已有名为“产科”的科室。"


def test_officer_cannot_add_departments_to_another_hospital(world, api):
    response = api("officer").post(
        f"/api/institutions/{world.hosp_b}/departments",
        json={"kind": "icu", "name_zh": "重症医学科"},
    )
    assert response.status_code == 404


def test_admin_creates_jurisdictions_only_under_the_right_level(world, api):
    admin = api("admin")
    ok = admin.post(
        "/api/jurisdictions",
        json={"code": "nh-x", "name_zh": "新区", "level": "county", "parent_id": world.city},
    )
    assert ok.status_code == 201
    wrong = admin.post(
        "/api/jurisdictions",
        json={"code": "nh-y", "name_zh": "错区", "level": "county", "parent_id": world.province},
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "parent_level_mismatch"

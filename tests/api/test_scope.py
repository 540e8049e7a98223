"""Each role sees exactly its own part of the world, and nothing leaks outside it."""


def _institution_ids(client) -> set[int]:
    return {i["id"] for i in client.get("/api/institutions").json()["items"]}


def test_admin_sees_every_institution(world, api):
    assert _institution_ids(api("admin")) == {world.centre, world.hosp_a, world.hosp_b}


def test_officer_and_staff_see_only_their_own_institution(world, api):
    assert _institution_ids(api("officer")) == {world.hosp_a}
    assert _institution_ids(api("staff")) == {world.hosp_a}


def test_reviewer_sees_its_own_centre_and_its_zone(world, api):
    assert _institution_ids(api("reviewer")) == {world.centre, world.hosp_a}


def test_county_commission_sees_its_county_and_city_commission_everything_below(world, api):
    assert _institution_ids(api("commission")) == {world.centre, world.hosp_a}
    assert _institution_ids(api("city_commission")) == {world.centre, world.hosp_a, world.hosp_b}


def test_institution_outside_scope_is_not_found_rather_than_forbidden(world, api):
    response = api("officer").get(f"/api/institutions/{world.hosp_b}")
    assert response.status_code == 404
    missing = api("officer").get("/api/institutions/99999")
    assert response.json()["error"] == missing.json()["error"] == "unknown_institution"


def test_staff_of_another_institution_cannot_be_read(world, api):
    assert api("reviewer").get(f"/api/staff/{world.s_b}").status_code == 404
    assert api("commission").get(f"/api/staff/{world.s_b}").status_code == 404
    assert api("city_commission").get(f"/api/staff/{world.s_b}").status_code == 200


def test_staff_list_never_includes_people_outside_scope(world, api):
    names = {s["name"] for s in api("reviewer").get("/api/staff").json()["items"]}
    assert names == {"张晓梅"}
    outside = api("officer").get(f"/api/staff?institution={world.hosp_b}")
    assert outside.status_code == 404


def test_jurisdictions_visible_follow_the_scope(world, api):
    codes = {j["code"] for j in api("officer").get("/api/jurisdictions").json()}
    assert codes == {"dl", "nh", "nh-hc"}
    assert api("officer").get(f"/api/jurisdictions/{world.county_b}").status_code == 404


def test_reviewer_sees_the_zone_it_leads(world, api):
    zones = api("reviewer").get("/api/zones").json()
    assert [(z["code"], z["institution_ids"]) for z in zones] == [("zone-1", [world.hosp_a])]
    assert (
        api("officer").get("/api/zones").json()[0]["lead_institution_name"] == "南禾市第一人民医院"
    )

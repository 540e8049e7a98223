from tests.world import PASSWORD


def test_login_sets_a_cookie_and_session_says_who_is_logged_in(world, anonymous):
    response = anonymous.post("/api/session", json={"username": "officer", "password": PASSWORD})
    assert response.status_code == 200
    assert "drillbook_session" in response.cookies
    me = anonymous.get("/api/session").json()
    assert me["role"] == "officer"
    assert me["institution_id"] == world.hosp_a
    assert me["institution_name"] == "禾城区人民医院"
    assert me["landing"] == f"#/institutions/{world.hosp_a}"


def test_each_role_lands_on_its_own_page(world, api):
    expected = {
        "admin": "#/institutions",
        "staff": "#/me",
        "reviewer": "#/zone",
        "commission": f"#/commission/{world.county_a}",
    }
    for username, landing in expected.items():
        assert api(username).get("/api/session").json()["landing"] == landing


def test_wrong_password_and_unknown_user_get_the_same_answer(world, anonymous):
    wrong = anonymous.post("/api/session", json={"username": "officer", "password": "nope"})
    unknown = anonymous.post("/api/session", json={"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert (
        wrong.json()
        == unknown.json()
        == {
            "error": "login_failed",
            "message": "用户名或密码不正确。",
        }
    )


def test_login_error_speaks_english_when_asked(world, anonymous):
    response = anonymous.post(
        "/api/session",
        json={"username": "officer", "password": "nope"},
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert response.json()["message"] == "The username or password is incorrect."


def test_logout_ends_the_session(world, api):
    client = api("staff")
    assert client.delete("/api/session").status_code == 200
    response = client.get("/api/session")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_a_stolen_cookie_stops_working_after_logout(world, api, anonymous):
    client = api("staff")
    token = client.cookies["drillbook_session"]
    client.delete("/api/session")
    anonymous.cookies.set("drillbook_session", token)
    assert anonymous.get("/api/session").status_code == 401


def test_malformed_login_body_is_a_clear_400(world, anonymous):
    response = anonymous.post(
        "/api/session", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_json"


def test_missing_password_names_the_field(world, anonymous):
    response = anonymous.post("/api/session", json={"username": "officer"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_input"
    assert "password" in body["message"]


def test_data_apis_need_a_login(world, anonymous):
    for path in ["/api/institutions", "/api/staff", "/api/jurisdictions", "/api/activities"]:
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.json()["message"] == "请先登录。"

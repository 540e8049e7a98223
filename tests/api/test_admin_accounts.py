"""The administrator keeps logins from the pages (issue 15): lists them, creates one with its
first password, sets a new password for someone who forgot theirs. Refusals say why in Chinese
and write nothing."""

from backend.auth.tables import User, UserSession
from tests.world import PASSWORD

NEW_PASSWORD = "nanhe-officer-2026"


def _login(client, username, password):
    return client.post("/api/session", json={"username": username, "password": password})


def _officer(world, **fields):
    return {"username": "wang.officer", "display_name": "王老师", "role": "officer",
            "password": NEW_PASSWORD, "institution_id": world.hosp_b, **fields}  # fmt: skip


def _users() -> int:
    return User.count().run_sync()


def test_admin_creates_an_officer_who_then_logs_in_to_her_hospital(world, api, anonymous):
    response = api("admin").post("/api/users", json=_officer(world))
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["role"], created["institution_name"]) == ("officer", "柳溪县人民医院")
    assert "password" not in response.text and "argon2" not in response.text
    session = _login(anonymous, "wang.officer", NEW_PASSWORD).json()
    assert (session["display_name"], session["institution_id"]) == ("王老师", world.hosp_b)
    assert session["landing"] == f"#/institutions/{world.hosp_b}"


def test_the_user_list_shows_who_belongs_where_and_only_to_the_administrator(world, api):
    listed = api("admin").get("/api/users?page_size=100").json()
    by_name = {u["username"]: u for u in listed["items"]}
    assert by_name["officer"]["institution_name"] == "禾城区人民医院"
    assert by_name["staff"]["staff_name"] == "张晓梅"
    assert by_name["commission"]["jurisdiction_name"] == "禾城区"
    assert listed["total"] == len(listed["items"]) == 6
    only_officers = api("admin").get("/api/users?role=officer").json()["items"]
    assert [u["username"] for u in only_officers] == ["officer"]
    searched = api("admin").get("/api/users?q=COMMISS").json()["items"]
    assert {u["username"] for u in searched} == {"commission", "city_commission"}
    refused = api("officer").get("/api/users")
    assert refused.status_code == 403
    assert "权限" in refused.json()["message"]


def test_a_staff_login_is_linked_by_staff_number_and_needs_one(world, api, anonymous):
    admin = api("admin")
    body = {**_officer(world, institution_id=world.hosp_b), "role": "staff",
            "username": "li.jianguo", "display_name": "李建国"}  # fmt: skip
    missing = admin.post("/api/users", json=body)
    assert missing.status_code == 400
    assert "工号" in missing.json()["message"]
    unknown = admin.post("/api/users", json={**body, "staff_number": "Z999"})
    assert unknown.status_code == 400
    assert "Z999" in unknown.json()["message"] and "名册" in unknown.json()["message"]
    made = admin.post("/api/users", json={**body, "staff_number": "B001"})
    assert made.status_code == 201, made.text
    assert made.json()["staff_name"] == "李建国"
    session = _login(anonymous, "li.jianguo", NEW_PASSWORD).json()
    assert (session["role"], session["staff_member_id"]) == ("staff", world.s_b)
    # the same person cannot get a second login
    again = admin.post("/api/users", json={**body, "username": "li2", "staff_number": "B001"})
    assert again.status_code == 409
    assert "li.jianguo" in again.json()["message"]


def test_refused_logins_say_why_in_chinese_and_write_nothing(world, api):
    admin = api("admin")
    before = _users()
    cases = [
        (_officer(world, username="officer"), 409, "用户名“officer”已被使用"),
        (_officer(world, password="short-pw"), 400, "密码至少 12 个字符"),
        (_officer(world, password="drillbook-demo"), 400, "演示密码"),
        (_officer(world, institution_id=None), 400, "请选择机构"),
        (_officer(world, institution_id=999_999), 400, "找不到机构"),
        (_officer(world, role="commission", institution_id=None, jurisdiction_id=999_999), 400,
         "找不到行政区划"),
        (_officer(world, role="commission", institution_id=None), 400, "请选择行政区划"),
        (_officer(world, role="admin"), 400, "不能同时指定"),
        (_officer(world, username="王 老师"), 400, "username"),
    ]  # fmt: skip
    for body, status, words in cases:
        response = admin.post("/api/users", json=body)
        assert response.status_code == status, (body, response.text)
        assert words in response.json()["message"], response.json()["message"]
    assert _users() == before


def test_a_commission_login_belongs_to_its_jurisdiction(world, api, anonymous):
    body = {"username": "liuxi", "display_name": "柳溪县卫健委", "role": "commission",
            "password": NEW_PASSWORD, "jurisdiction_id": world.county_b}  # fmt: skip
    assert api("admin").post("/api/users", json=body).status_code == 201
    session = _login(anonymous, "liuxi", NEW_PASSWORD).json()
    assert session["jurisdiction_name"] == "柳溪县"


def test_admin_sets_a_new_password_the_old_one_and_old_sessions_end(world, api, anonymous):
    officer = api("officer")
    admin = api("admin")
    officer_id = User.select(User.id).where(User.username == "officer").first().run_sync()["id"]
    short = admin.post(f"/api/users/{officer_id}/password", json={"password": "abc"})
    assert short.status_code == 400 and "12" in short.json()["message"]
    assert officer.get("/api/session").status_code == 200  # a refused reset changes nothing
    response = admin.post(f"/api/users/{officer_id}/password", json={"password": NEW_PASSWORD})
    assert response.status_code == 200, response.text
    assert response.json()["username"] == "officer"
    assert officer.get("/api/session").status_code == 401
    assert UserSession.count().where(UserSession.user == officer_id).run_sync() == 0
    assert _login(anonymous, "officer", PASSWORD).status_code == 401
    assert _login(anonymous, "officer", NEW_PASSWORD).status_code == 200
    unknown = admin.post("/api/users/999999/password", json={"password": NEW_PASSWORD})
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "找不到该账号。"


def test_only_the_administrator_sets_passwords(world, api, anonymous):
    admin_id = User.select(User.id).where(User.username == "admin").first().run_sync()["id"]
    response = api("officer").post(f"/api/users/{admin_id}/password", json={"password": "x" * 20})
    assert response.status_code == 403
    assert _login(anonymous, "admin", "x" * 20).status_code == 401

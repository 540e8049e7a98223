"""`drillbook user add | set-password`: how a production installation gets its logins."""

import io

from backend.audit.tables import AuditEntry
from backend.auth.tables import User
from backend.cli import main
from tests.world import PASSWORD


def _run(monkeypatch, argv, password):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(argv)


def _login(client, username, password):
    return client.post("/api/session", json={"username": username, "password": password})


def test_a_new_password_works_the_old_one_does_not_and_old_sessions_end(
    world, api, anonymous, monkeypatch
):
    before = api("officer")
    assert _run(monkeypatch, ["user", "set-password", "officer"], "a-long-new-secret") == 0
    assert before.get("/api/session").status_code == 401  # logged out everywhere
    assert _login(anonymous, "officer", PASSWORD).status_code == 401
    assert _login(anonymous, "officer", "a-long-new-secret").status_code == 200


def test_short_and_demo_passwords_and_unknown_users_are_refused(world, monkeypatch, capsys):
    assert _run(monkeypatch, ["user", "set-password", "officer"], "short") == 1
    assert "12" in capsys.readouterr().err
    assert _run(monkeypatch, ["user", "set-password", "officer"], "drillbook-demo") == 1
    assert _run(monkeypatch, ["user", "set-password", "nobody"], "a-long-new-secret") == 1
    assert "nobody" in capsys.readouterr().err


def test_a_staff_login_is_linked_to_the_person_with_that_staff_number(
    world, anonymous, monkeypatch
):
    argv = ["user", "add", "zhang", "--role", "staff", "--name", "李建国"]
    argv += ["--institution", "hosp-b", "--staff-number", "B001"]
    assert _run(monkeypatch, argv, "zhang-xiaomei-2026") == 0
    session = _login(anonymous, "zhang", "zhang-xiaomei-2026").json()
    assert (session["role"], session["staff_member_id"]) == ("staff", world.s_b)
    # the same username again, and a staff number nobody has, are refused
    assert _run(monkeypatch, argv, "zhang-xiaomei-2026") == 1
    other = ["user", "add", "li", "--role", "staff", "--institution", "hosp-a"]
    assert _run(monkeypatch, [*other, "--staff-number", "Z999"], "li-password-2026") == 1


def test_the_command_line_refuses_what_the_pages_refuse(world, monkeypatch, capsys):
    """One set of account rules: a person gets one login, usernames keep to their characters."""
    argv = ["user", "add", "li", "--role", "staff", "--institution", "hosp-b"]
    assert _run(monkeypatch, [*argv, "--staff-number", "Ｂ００１"], "li-jianguo-2026") == 0
    second = ["user", "add", "li2", *argv[3:], "--staff-number", "B001"]
    assert _run(monkeypatch, second, "li-jianguo-2026") == 1
    assert "已有账号（li）" in capsys.readouterr().err
    spaced = ["user", "add", "王 老师", "--role", "admin"]
    assert _run(monkeypatch, spaced, "wang-laoshi-2026") == 1
    assert "用户名" in capsys.readouterr().err
    placed = ["user", "add", "root2", "--role", "admin", "--institution", "hosp-a"]
    assert _run(monkeypatch, placed, "root-password-2026") == 1
    assert "不能同时指定" in capsys.readouterr().err


def test_the_pages_account_writes_go_on_the_audit_chain_without_the_password(world, api):
    admin_id = User.select(User.id).where(User.username == "admin").first().run_sync()["id"]
    body = {"username": "liuxi", "display_name": "柳溪县卫健委", "role": "commission",
            "password": "liuxi-password-2026", "jurisdiction_id": world.county_b}  # fmt: skip
    created = api("admin").post("/api/users", json=body).json()
    reset = api("admin").post(f"/api/users/{created['id']}/password",
                              json={"password": "liuxi-password-2027"})  # fmt: skip
    assert reset.status_code == 200, reset.text
    entries = AuditEntry.select().where(AuditEntry.entity == "user").order_by(AuditEntry.seq)
    rows = entries.run_sync()
    assert [(r["action"], r["entity_id"], r["actor"]) for r in rows] == [
        ("user.created", created["id"], admin_id),
        ("user.password_reset", created["id"], admin_id),
    ]
    assert '"jurisdiction":' + str(world.county_b) in rows[0]["payload"]
    assert not any("liuxi-password" in r["payload"] for r in rows)


def test_the_command_lines_account_writes_go_on_the_audit_chain_with_no_actor(world, monkeypatch):
    added = ["user", "add", "zhouyi", "--role", "commission", "--jurisdiction", "nh-lx"]
    assert _run(monkeypatch, added, "zhouyi-password-2026") == 0
    assert _run(monkeypatch, ["user", "set-password", "zhouyi"], "zhouyi-password-2027") == 0
    rows = AuditEntry.select().where(AuditEntry.entity == "user").order_by(AuditEntry.seq)
    rows = rows.run_sync()
    assert [(r["action"], r["actor"]) for r in rows] == [
        ("user.created", None),
        ("user.password_reset", None),
    ]
    assert not any("zhouyi-password" in r["payload"] for r in rows)

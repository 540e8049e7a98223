"""`drillbook user add | set-password`: how a production installation gets its logins."""

import io

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
    argv = ["user", "add", "zhang", "--role", "staff", "--name", "张晓梅"]
    argv += ["--institution", "hosp-a", "--staff-number", "A001"]
    assert _run(monkeypatch, argv, "zhang-xiaomei-2026") == 0
    session = _login(anonymous, "zhang", "zhang-xiaomei-2026").json()
    assert (session["role"], session["staff_member_id"]) == ("staff", world.s_a)
    # the same username again, and a staff number nobody has, are refused
    assert _run(monkeypatch, argv, "zhang-xiaomei-2026") == 1
    other = ["user", "add", "li", "--role", "staff", "--institution", "hosp-a"]
    assert _run(monkeypatch, [*other, "--staff-number", "Z999"], "li-password-2026") == 1

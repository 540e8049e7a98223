"""Guessing passwords is slowed down, with a clear "try again in N minutes", and a guesser
elsewhere cannot keep a person out of the computer she usually logs in from."""

from dataclasses import replace
from datetime import timedelta

import pytest
from litestar.testing import TestClient

from backend.app import create_app
from backend.auth.tables import LoginAttempt
from backend.auth.throttle import ADDRESS_FAILURES, USERNAME_FAILURES, WINDOW
from backend.core.clock import utc_now
from backend.core.settings import load_settings
from tests.world import PASSWORD


@pytest.fixture
def client():
    with TestClient(create_app(load_settings())) as client:
        yield client


@pytest.fixture
def behind_proxy():
    """A client of an app behind a reverse proxy: X-Forwarded-For names the address."""
    settings = replace(load_settings(), trusted_proxy=True)
    with TestClient(create_app(settings)) as client:
        yield client


def _log_in(client, username, password, address=None, language="zh"):
    headers = {"Accept-Language": language}
    if address:
        headers["X-Forwarded-For"] = address
    return client.post(
        "/api/session", json={"username": username, "password": password}, headers=headers
    )


def test_after_five_wrong_passwords_even_the_right_one_waits_with_a_clear_message(world, client):
    for _ in range(USERNAME_FAILURES):
        assert _log_in(client, "officer", "guess").status_code == 401
    response = _log_in(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert response.json()["error"] == "login_throttled"
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= WINDOW.total_seconds()
    assert response.json()["message"] == "登录失败次数过多，请 5 分钟后再试。"
    english = _log_in(client, "officer", PASSWORD, language="en")
    assert english.json()["message"] == "Too many failed logins. Please try again in 5 minute(s)."
    assert "drillbook_session" not in response.cookies


def test_a_hundred_quick_guesses_get_429_after_the_fifth(world, client):
    answers = [_log_in(client, "officer", f"guess-{i}").status_code for i in range(100)]
    assert answers[:USERNAME_FAILURES] == [401] * USERNAME_FAILURES
    assert set(answers[USERNAME_FAILURES:]) == {429}


def test_the_wait_ends_when_the_failures_are_older_than_the_window(world, client):
    for _ in range(USERNAME_FAILURES):
        _log_in(client, "officer", "guess")
    assert _log_in(client, "officer", PASSWORD).status_code == 429
    old = utc_now() - WINDOW - timedelta(seconds=1)
    LoginAttempt.update({LoginAttempt.at: old}, force=True).run_sync()  # time passes
    assert _log_in(client, "officer", PASSWORD).status_code == 200
    # and the old rows are gone: the table keeps only the last window of failures
    assert LoginAttempt.count().where(LoginAttempt.succeeded.eq(False)).run_sync() == 0


def test_unknown_usernames_are_throttled_the_same_way(world, client):
    for _ in range(USERNAME_FAILURES):
        assert _log_in(client, "nobody", "guess").status_code == 401
    assert _log_in(client, "nobody", "guess").status_code == 429


def test_one_address_trying_many_usernames_is_throttled(world, behind_proxy):
    for i in range(ADDRESS_FAILURES):
        response = _log_in(behind_proxy, f"user{i}", "guess", address="203.0.113.9")
        assert response.status_code == 401
    # a real account, right password: this address has spent its tries
    assert _log_in(behind_proxy, "staff", PASSWORD, address="203.0.113.9").status_code == 429
    assert _log_in(behind_proxy, "staff", PASSWORD, address="198.51.100.7").status_code == 200


def test_guessing_from_elsewhere_does_not_keep_the_officer_out_of_her_usual_computer(
    world, behind_proxy
):
    assert _log_in(behind_proxy, "officer", PASSWORD, address="10.1.2.3").status_code == 200
    for i in range(USERNAME_FAILURES * 3):
        _log_in(behind_proxy, "officer", "guess", address=f"203.0.113.{i}")
    # a new address is held back, the one she logged in from before is not
    assert _log_in(behind_proxy, "officer", PASSWORD, address="198.51.100.7").status_code == 429
    assert _log_in(behind_proxy, "officer", PASSWORD, address="10.1.2.3").status_code == 200


def test_guessing_from_her_usual_computer_is_still_limited(world, behind_proxy):
    assert _log_in(behind_proxy, "officer", PASSWORD, address="10.1.2.3").status_code == 200
    for _ in range(USERNAME_FAILURES):
        assert _log_in(behind_proxy, "officer", "guess", address="10.1.2.3").status_code == 401
    assert _log_in(behind_proxy, "officer", PASSWORD, address="10.1.2.3").status_code == 429


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_reset_the_count(world, client):
    for i in range(ADDRESS_FAILURES):
        _log_in(client, f"user{i}", "guess", address=f"203.0.113.{i}")
    assert _log_in(client, "staff", PASSWORD, address="198.51.100.7").status_code == 429

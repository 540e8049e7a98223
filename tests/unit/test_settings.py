import os
import secrets
from dataclasses import replace

import pytest
from litestar.testing import TestClient

from backend.app import create_app
from backend.auth.passwords import hash_password
from backend.auth.production import DEMO_PASSWORD
from backend.auth.tables import User
from backend.cli import main
from backend.core.settings import ConfigurationError, load_settings

TEST_DATABASE_URL = os.environ["DRILLBOOK_DATABASE_URL"]  # chosen by tests/conftest.py
PRODUCTION_ENV = {
    "DRILLBOOK_ENV": "production",
    "DRILLBOOK_SECRET": secrets.token_urlsafe(32),
    "DRILLBOOK_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/drillbook",
    "DRILLBOOK_PUBLIC_URL": "https://drillbook.example.cn",
}


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in (
        "DRILLBOOK_DATABASE_URL",
        "DRILLBOOK_PORT",
        "DRILLBOOK_SECRET",
        "DRILLBOOK_ENV",
        "DRILLBOOK_PUBLIC_URL",
        "DRILLBOOK_ALLOW_SQLITE",
        "DRILLBOOK_TRUSTED_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.fixture
def production(clean_env):
    for name, value in PRODUCTION_ENV.items():
        clean_env.setenv(name, value)
    return clean_env


def test_defaults_are_a_sqlite_file_on_port_8000_with_a_kept_random_secret(clean_env, tmp_path):
    first = load_settings()
    assert (first.database_kind, first.port) == ("sqlite", 8000)
    assert len(first.secret) >= 32
    assert load_settings().secret == first.secret  # kept for the next start
    assert (tmp_path / ".drillbook-secret").exists()
    assert not first.production


def test_production_refuses_to_start_without_a_secret(production):
    production.delenv("DRILLBOOK_SECRET")
    with pytest.raises(ConfigurationError, match="DRILLBOOK_SECRET"):
        load_settings()
    production.setenv("DRILLBOOK_SECRET", PRODUCTION_ENV["DRILLBOOK_SECRET"])
    assert load_settings().production


@pytest.mark.parametrize("weak", ["drillbook-secret", "s" * 40, "ab" * 20])
def test_production_refuses_a_short_or_repetitive_secret(production, weak):
    production.setenv("DRILLBOOK_SECRET", weak)
    with pytest.raises(ConfigurationError, match="DRILLBOOK_SECRET.*32"):
        load_settings()


@pytest.mark.parametrize("spelling", ["Production", "PRODUCTION", " production "])
def test_production_is_recognised_in_any_case(production, spelling):
    production.setenv("DRILLBOOK_ENV", spelling)
    assert load_settings().production


@pytest.mark.parametrize("spelling", ["Development", "DEVELOPMENT", ""])
def test_development_is_recognised_in_any_case(clean_env, spelling):
    clean_env.setenv("DRILLBOOK_ENV", spelling)
    assert not load_settings().production


@pytest.mark.parametrize("unknown", ["prod", "staging", "live", "production1"])
def test_an_unknown_environment_is_refused_instead_of_running_as_development(production, unknown):
    production.setenv("DRILLBOOK_ENV", unknown)
    with pytest.raises(ConfigurationError, match="DRILLBOOK_ENV"):
        load_settings()


def test_production_refuses_sqlite_unless_allowed(production):
    production.setenv("DRILLBOOK_DATABASE_URL", "sqlite:///drillbook.sqlite3")
    with pytest.raises(ConfigurationError, match="DRILLBOOK_ALLOW_SQLITE"):
        load_settings()
    production.setenv("DRILLBOOK_ALLOW_SQLITE", "1")
    assert load_settings().database_kind == "sqlite"


def test_production_needs_the_public_address(production):
    production.delenv("DRILLBOOK_PUBLIC_URL")
    with pytest.raises(ConfigurationError, match="DRILLBOOK_PUBLIC_URL"):
        load_settings()


def test_a_public_address_that_is_not_a_web_address_is_refused(clean_env):
    clean_env.setenv("DRILLBOOK_PUBLIC_URL", "drillbook.example.cn")
    with pytest.raises(ConfigurationError, match="DRILLBOOK_PUBLIC_URL"):
        load_settings()


def test_postgresql_url_and_port_come_from_the_environment(clean_env):
    clean_env.setenv("DRILLBOOK_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/drillbook")
    clean_env.setenv("DRILLBOOK_PORT", "8123")
    settings = load_settings()
    assert (settings.database_kind, settings.port) == ("postgresql", 8123)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DRILLBOOK_PORT", "eighty"),
        ("DRILLBOOK_DATABASE_URL", "mysql://localhost/drillbook"),
        ("DRILLBOOK_TRUSTED_PROXY", "maybe"),
    ],
)
def test_a_bad_setting_is_named_in_the_error(clean_env, name, value):
    clean_env.setenv(name, value)
    with pytest.raises(ConfigurationError, match=name):
        load_settings()


# --- demo passwords on a production installation (serve refuses; logins are refused) ---


def _give_demo_password(*usernames: str) -> None:
    User.update({User.password_hash: hash_password(DEMO_PASSWORD)}).where(
        User.username.is_in(list(usernames))
    ).run_sync()


@pytest.fixture
def serving(world, production, monkeypatch):
    """`drillbook serve` in production on the test database; uvicorn.run only records."""
    production.setenv("DRILLBOOK_DATABASE_URL", TEST_DATABASE_URL)
    production.setenv("DRILLBOOK_ALLOW_SQLITE", "1")
    started: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.append(app))
    return started


def test_serve_refuses_production_while_demo_accounts_keep_the_demo_password(serving, capsys):
    _give_demo_password("admin", "officer")
    assert main(["serve"]) == 2
    error = capsys.readouterr().err
    assert "admin, officer" in error and "demo password" in error
    assert serving == []


def test_serve_starts_once_the_demo_accounts_are_changed_or_deactivated(serving):
    _give_demo_password("admin", "officer")
    User.update({User.active: False}).where(User.username == "admin").run_sync()
    User.update({User.password_hash: hash_password("a real passphrase")}).where(
        User.username == "officer"
    ).run_sync()
    assert main(["serve"]) == 0
    assert len(serving) == 1  # uvicorn.run was reached


def test_production_refuses_the_demo_password_at_login(world):
    _give_demo_password("officer")
    settings = replace(load_settings(), production=True, public_url="https://drillbook.example.cn")
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/api/session", json={"username": "officer", "password": DEMO_PASSWORD}
        )
    assert response.status_code == 401
    assert response.json()["error"] == "demo_password_refused"
    assert "演示密码" in response.json()["message"]
    with TestClient(create_app(load_settings())) as client:  # the demo itself still works
        response = client.post(
            "/api/session", json={"username": "officer", "password": DEMO_PASSWORD}
        )
    assert response.status_code == 200

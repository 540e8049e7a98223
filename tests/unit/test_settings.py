import pytest

from backend.core.settings import ConfigurationError, load_settings


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("DRILLBOOK_DATABASE_URL", "DRILLBOOK_PORT", "DRILLBOOK_SECRET", "DRILLBOOK_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_defaults_are_a_sqlite_file_on_port_8000_with_a_kept_random_secret(clean_env, tmp_path):
    first = load_settings()
    assert (first.database_kind, first.port) == ("sqlite", 8000)
    assert len(first.secret) >= 32
    assert load_settings().secret == first.secret  # kept for the next start
    assert (tmp_path / ".drillbook-secret").exists()


def test_production_refuses_to_start_without_a_secret(clean_env):
    clean_env.setenv("DRILLBOOK_ENV", "production")
    with pytest.raises(ConfigurationError, match="DRILLBOOK_SECRET"):
        load_settings()
    clean_env.setenv("DRILLBOOK_SECRET", "s" * 40)
    assert load_settings().production


def test_postgresql_url_and_port_come_from_the_environment(clean_env):
    clean_env.setenv("DRILLBOOK_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/drillbook")
    clean_env.setenv("DRILLBOOK_PORT", "8123")
    settings = load_settings()
    assert (settings.database_kind, settings.port) == ("postgresql", 8123)


@pytest.mark.parametrize(
    ("name", "value"),
    [("DRILLBOOK_PORT", "eighty"), ("DRILLBOOK_DATABASE_URL", "mysql://localhost/drillbook")],
)
def test_a_bad_setting_is_named_in_the_error(clean_env, name, value):
    clean_env.setenv(name, value)
    with pytest.raises(ConfigurationError, match=name):
        load_settings()

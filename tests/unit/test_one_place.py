"""One place for each thing: DRILLBOOK_* settings are read only in backend/core/settings.py and
the clock only in backend/core/clock.py, so a test or a deployment changes each in one place."""

import re
from pathlib import Path

import pytest

from backend.core import settings

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    path
    for path in [*ROOT.joinpath("backend").rglob("*.py"), *ROOT.joinpath("reports").rglob("*.py")]
    if "piccolo_migrations" not in path.parts
) + [ROOT / "piccolo_conf.py"]

# Handing the whole environment to a child process (`{**os.environ, ...}`) reads no setting.
READS_ENVIRONMENT = re.compile(r"os\.environ\s*(\.get|\[)|os\.getenv|environ\.get\(")
READS_CLOCK = re.compile(
    r"datetime\.(now|utcnow|today)\(|date\.today\(|time\.time\(|time\.localtime\("
)


def _offenders(pattern: re.Pattern, allowed: Path) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in SOURCES
        if path != allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_environment_variables_are_read_only_in_settings():
    assert _offenders(READS_ENVIRONMENT, ROOT / "backend/core/settings.py") == []


def test_the_clock_is_read_only_in_clock():
    assert _offenders(READS_CLOCK, ROOT / "backend/core/clock.py") == []


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "national-2021"), ("", "national-2021"), ("nh-2026", "nh-2026")]
)
def test_the_default_profile_comes_from_the_environment_at_each_use(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("DRILLBOOK_DEFAULT_PROFILE", raising=False)
    else:
        monkeypatch.setenv("DRILLBOOK_DEFAULT_PROFILE", value)
    assert settings.default_profile_name() == expected


def test_the_tests_verify_every_snapshot_read():
    assert settings.verify_snapshots()  # tests/conftest.py sets DRILLBOOK_VERIFY_SNAPSHOTS=1


def test_serve_refuses_a_worker_count_that_is_not_a_whole_number(monkeypatch):
    from argparse import Namespace

    from backend.cli import _worker_count
    from backend.core.settings import ConfigurationError

    monkeypatch.setenv("DRILLBOOK_WORKERS", "3")
    assert _worker_count(Namespace(workers=None), production=False) == 3
    assert _worker_count(Namespace(workers=2), production=False) == 2
    monkeypatch.setenv("DRILLBOOK_WORKERS", "many")
    with pytest.raises(ConfigurationError, match="DRILLBOOK_WORKERS"):
        _worker_count(Namespace(workers=None), production=False)
    monkeypatch.delenv("DRILLBOOK_WORKERS")
    assert _worker_count(Namespace(workers=None), production=False) == 1

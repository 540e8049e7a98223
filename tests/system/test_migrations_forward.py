"""Migrations forward: from an empty database, and from an earlier release's schema holding data
(written with that schema's own SQL), after which the app reads the data."""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest

from backend.auth.passwords import hash_password
from backend.tooling.local_server import ROOT, served
from tests.conftest import new_database_url
from tests.world import PASSWORD

MIGRATIONS = ROOT / "backend" / "piccolo_migrations"
# Release 13e870b ("the two commands' current timings", before the records work): its newest
# migration. Release 725e6ae shipped every migration committed since, so its schema would leave
# nothing to migrate forward.
EARLIER_RELEASE_MIGRATION = "2026-11-23T12:09:30:000000"
_DATABASES = itertools.count()


def migration_ids() -> list[str]:
    ids = [
        re.search(r'^ID = "(.+)"', path.read_text(), re.MULTILINE).group(1)
        for path in MIGRATIONS.glob("drillbook_*.py")
    ]
    return sorted(ids)


def drillbook(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DRILLBOOK_DATABASE_URL": url}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def migrate_up_to(url: str, migration_id: str) -> None:
    script = (
        "import asyncio\n"
        "from piccolo.apps.migrations.commands.forwards import run_forwards\n"
        f"result = asyncio.run(run_forwards('drillbook', migration_id={migration_id!r}))\n"
        "raise SystemExit(0 if result.success else 1)\n"
    )
    done = drillbook(url, "-c", script)
    assert done.returncode == 0, done.stdout + done.stderr


def run_sql(url: str, statements: list[str]) -> list[tuple]:
    """Plain SQL straight to the driver; the last statement's rows."""
    if url.startswith("sqlite:///"):
        connection = sqlite3.connect(url[len("sqlite:///") :])
        try:
            with connection:
                rows = [connection.execute(s).fetchall() for s in statements]
            return rows[-1]
        finally:
            connection.close()

    async def run() -> list[tuple]:
        connection = await asyncpg.connect(url)
        try:
            async with connection.transaction():
                rows = [await connection.fetch(s) for s in statements]
            return [tuple(r) for r in rows[-1]]
        finally:
            await connection.close()

    return asyncio.run(run())


@pytest.fixture
def fresh_url():
    url = new_database_url(f"forward{next(_DATABASES)}")
    yield url
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///") :] + suffix).unlink(missing_ok=True)


def applied(url: str) -> list[str]:
    rows = run_sql(url, ["SELECT name FROM migration WHERE app_name = 'drillbook' ORDER BY name"])
    return [r[0] for r in rows]


def test_an_empty_database_migrates_to_every_committed_migration_and_again_to_nothing(fresh_url):
    first = drillbook(fresh_url, "-m", "backend.cli", "migrate")
    assert first.returncode == 0, first.stderr
    assert applied(fresh_url) == migration_ids()
    again = drillbook(fresh_url, "-m", "backend.cli", "migrate")
    assert again.returncode == 0, again.stderr
    assert applied(fresh_url) == migration_ids()


def earlier_release_data(password_hash: str) -> list[str]:
    """A hospital, a staff member, an officer, a held drill with an invitation and attendance,
    as the 13e870b schema holds them (no replies, walk-ins or notes yet)."""
    assert "'" not in password_hash
    return [
        "INSERT INTO jurisdiction (code, name_zh, level) VALUES ('nh', '南禾市', 'city')",
        "INSERT INTO institution (code, name_zh, kind, level, jurisdiction) "
        "VALUES ('hosp-a', '禾城区人民医院', 'general_hospital', 'tertiary', 1)",
        "INSERT INTO department (institution, kind, name_zh) VALUES (1, 'obstetrics', '产科')",
        "INSERT INTO staff_member (institution, department, staff_number, name, role, title, "
        "active_from, updated_at) VALUES (1, 1, 'A001', '张晓梅', 'obstetrician', "
        "'intermediate', '2020-01-01', '2025-01-01 00:00:00+00:00')",
        "INSERT INTO app_user (username, password_hash, display_name, role, institution) "
        f"VALUES ('officer', '{password_hash}', '科教科', 'officer', 1)",
        "INSERT INTO activity (uid, kind, topic, title, host_institution, starts_at, ends_at, "
        "place, status, created_at, updated_at) VALUES "
        "('6f0c6f57-1d6c-4a51-9a43-3d7b2a0f5e11', 'drill', 'pph', '产后出血急救演练', 1, "
        "'2025-05-10 02:00:00+00:00', '2025-05-10 04:00:00+00:00', '产房', 'held', "
        "'2025-05-01 00:00:00+00:00', '2025-05-10 04:00:00+00:00')",
        "INSERT INTO invitation (activity, staff_member, status, invited_at) "
        "VALUES (1, 1, 'invited', '2025-05-01 00:00:00+00:00')",
        "INSERT INTO attendance (activity, staff_member, status, drill_role, recorded_at) "
        "VALUES (1, 1, 'present', 'team_leader', '2025-05-10 04:00:00+00:00')",
        "SELECT count(*) FROM attendance",
    ]


def test_an_earlier_releases_database_with_data_migrates_forward_and_reads(fresh_url):
    migrate_up_to(fresh_url, EARLIER_RELEASE_MIGRATION)
    assert applied(fresh_url)[-1] == EARLIER_RELEASE_MIGRATION
    assert run_sql(fresh_url, earlier_release_data(hash_password(PASSWORD))) == [(1,)]
    done = drillbook(fresh_url, "-m", "backend.cli", "migrate")
    assert done.returncode == 0, done.stderr
    assert applied(fresh_url) == migration_ids()
    with served({**os.environ, "DRILLBOOK_DATABASE_URL": fresh_url}, quiet=True) as base:
        client = httpx.Client(base_url=base, timeout=60)
        login = client.post("/api/session", json={"username": "officer", "password": PASSWORD})
        assert login.status_code == 200, login.text
        person = client.get("/api/staff/1").json()
        assert (person["name"], person["staff_number"]) == ("张晓梅", "A001")
        activity = client.get("/api/activities/1").json()["activity"]
        assert (activity["title"], activity["status"]) == ("产后出血急救演练", "held")
        sheet = client.get("/api/activities/1/attendance").json()["entries"]
        assert [(e["name"], e["status"], e["drill_role"], e["invited"], e["walk_in"],
                 e["reply"], e["note"]) for e in sheet] == [
            ("张晓梅", "present", "team_leader", True, False, "", "")
        ]  # fmt: skip

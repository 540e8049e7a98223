"""One database per test run: SQLite (default) or PostgreSQL (DRILLBOOK_TEST_DB=postgresql).

The database URL must be fixed before anything imports piccolo_conf, so it is chosen here at
import time. PostgreSQL runs create a fresh database on DRILLBOOK_TEST_POSTGRES_URL's server
and drop it at the end.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from pathlib import Path

import pytest

TEST_DB = os.environ.get("DRILLBOOK_TEST_DB", "sqlite")
POSTGRES_SERVER = os.environ.get(
    "DRILLBOOK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
RUN_ID = uuid.uuid4().hex[:10]


async def _postgres_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_SERVER)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def new_database_url(label: str) -> str:
    """A fresh, empty database of the kind under test (also used by the e2e server)."""
    name = f"drillbook_test_{RUN_ID}_{label}"
    if TEST_DB == "postgresql":
        asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
        # a throwaway database: a commit need not wait for the disk (the tests commit thousands)
        asyncio.run(_postgres_admin(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        _CREATED.append(name)
        base = POSTGRES_SERVER.rsplit("/", 1)[0]
        return f"{base}/{name}"
    if TEST_DB != "sqlite":
        raise RuntimeError(f"DRILLBOOK_TEST_DB must be sqlite or postgresql, not {TEST_DB!r}")
    return f"sqlite:///{Path(tempfile.gettempdir()) / (name + '.sqlite3')}"


_CREATED: list[str] = []
os.environ["DRILLBOOK_DATABASE_URL"] = new_database_url("main")
os.environ.setdefault("DRILLBOOK_SECRET", "drillbook-test-secret")
os.environ["DRILLBOOK_EVIDENCE_DIR"] = tempfile.mkdtemp(prefix="drillbook-evidence-")
# every compliance snapshot read is checked against a fresh judgement (e2e servers inherit it)
os.environ["DRILLBOOK_VERIFY_SNAPSHOTS"] = "1"


def pytest_configure(config: pytest.Config) -> None:
    from backend.core.database import migrate

    asyncio.run(migrate())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from tests.world import TEST_LOOP

    TEST_LOOP.close()
    for name in _CREATED:
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    url = os.environ["DRILLBOOK_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):  # WAL mode keeps two files beside the database
            Path(url[len("sqlite:///") :] + suffix).unlink(missing_ok=True)


def pytest_report_header(config: pytest.Config) -> str:
    return f"drillbook database under test: {TEST_DB}"


from tests.world import *  # noqa: E402,F401,F403  (fixtures: world, api, ...)


def pytest_collection_modifyitems(session, config, items) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    until the session ends, and later tests that call asyncio.run() would fail."""
    items.sort(key=lambda item: "tests/e2e/" in str(item.path).replace("\\", "/"))

"""`drillbook bench compliance --sizes 1000,3000`: how judging afresh grows with the province.

Each size N has its own database next to the configured one, named after it: PostgreSQL
`<database>_<N>` on the same server (created when missing), SQLite `<file stem>_<N><suffix>`.
A database that already holds institutions is reused as it is (generating 3,000 institutions
takes many minutes); an empty one is migrated and filled with `drillbook generate-province
--institutions N --staff N×60 --years 3`. Each size is measured in its own process
(`bench compliance --growth-row`): the engine is chosen per process from DRILLBOOK_DATABASE_URL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

from backend.core.settings import database_kind, database_url, sqlite_path

COLUMNS = (
    ("institutions", "institutions"),
    ("attendance", "attendance rows"),
    ("matrix_seconds", "matrix (s)"),
    ("sql_floor_seconds", "SQL floor (s)"),
    ("stale_seconds", "every snapshot stale (s)"),
    ("stale_to_floor", "stale / floor"),
    ("after_one_change_seconds", "after one change (s)"),
    ("growth", "growth vs previous (time / rows)"),
)


def database_of_size(url: str, size: int) -> str:
    """The database a size is measured on, named after the configured one."""
    if database_kind(url) == "sqlite":
        path = Path(sqlite_path(url))
        return "sqlite:///" + str(path.with_name(f"{path.stem}_{size}{path.suffix}"))
    parts = urlparse(url)
    name = (parts.path or "/drillbook").lstrip("/") or "drillbook"
    return urlunparse(parts._replace(path=f"/{name}_{size}"))


def growth_table(sizes: list[int], year: int, runs: int) -> list[dict[str, Any]]:
    """One measured row per size, in the order given, with the growth over the previous one."""
    rows: list[dict[str, Any]] = []
    for size in sizes:
        url = database_of_size(database_url(), size)
        row = _measured(url, size, year, runs)
        if rows and rows[-1]["stale_seconds"] and rows[-1]["attendance"]:
            before = rows[-1]
            row["growth"] = (
                f"×{row['stale_seconds'] / before['stale_seconds']:.2f} / "
                f"×{row['attendance'] / before['attendance']:.2f}"
            )
        else:
            row["growth"] = "-"
        rows.append(row)
    return rows


def table_text(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |"]
    lines.append("|" + "---|" * len(COLUMNS))
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(key, "")) for key, _ in COLUMNS) + " |")
    return "\n".join(lines)


def _measured(url: str, size: int, year: int, runs: int) -> dict[str, Any]:
    _ensure_database(url)
    _drillbook(url, "migrate")
    row = _row(url, year, runs)
    if row["institutions"] == 0:
        _drillbook(url, "generate-province", "--institutions", str(size),
                   "--staff", str(size * 60), "--years", "3")  # fmt: skip
        row = _row(url, year, runs)
    return {"database": url.rsplit("/", 1)[-1], **row}


def _row(url: str, year: int, runs: int) -> dict[str, Any]:
    out = _drillbook(url, "bench", "compliance", "--growth-row", "--year", str(year),
                     "--runs", str(runs), capture=True)  # fmt: skip
    return json.loads(out)


def _drillbook(url: str, *args: str, capture: bool = False) -> str:
    command = [sys.executable, "-m", "backend.cli", *args]
    env = {**os.environ, "DRILLBOOK_DATABASE_URL": url}
    done = subprocess.run(command, env=env, check=True, text=True,
                          stdout=subprocess.PIPE if capture else sys.stderr)  # fmt: skip
    return done.stdout or ""


def _ensure_database(url: str) -> None:
    """PostgreSQL: create the size's database when the server has none by that name."""
    if database_kind(url) == "sqlite":
        return
    import asyncio

    import asyncpg

    parts = urlparse(url)
    name = parts.path.lstrip("/")

    async def create() -> None:
        server = await asyncpg.connect(
            host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
            user=parts.username or "postgres", password=parts.password or "",
            database="postgres",
        )  # fmt: skip
        try:
            if not await server.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await server.execute(f'CREATE DATABASE "{name}"')
        finally:
            await server.close()

    asyncio.run(create())

"""Two writers at once, each on its own connection: the second waits for the first's lock
instead of failing with "database is locked"; SQLite runs in WAL mode."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

from backend.core.database import current_engine, transaction
from backend.institutions.tables import Jurisdiction


def write_holding_the_lock(code: str, ready: threading.Barrier, errors: list) -> None:
    async def write() -> None:
        ready.wait()
        async with transaction():
            await Jurisdiction.insert(Jurisdiction(code=code, name_zh=code, level="county"))
            await asyncio.sleep(0.5)  # the other writer must wait for this transaction

    try:
        asyncio.run(write())
    except Exception as exc:  # reported to the test, which names it
        errors.append(repr(exc))


def test_two_concurrent_write_transactions_both_land_the_second_waiting(world):
    ready, errors = threading.Barrier(2), []
    writers = [
        threading.Thread(target=write_holding_the_lock, args=(code, ready, errors))
        for code in ("writer-1", "writer-2")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    assert errors == []
    codes = Jurisdiction.select(Jurisdiction.code).where(Jurisdiction.code.like("writer-%"))
    assert sorted(r["code"] for r in codes.run_sync()) == ["writer-1", "writer-2"]
    engine = current_engine()
    if engine.engine_type == "sqlite":  # PostgreSQL always has its write-ahead log
        connection = sqlite3.connect(engine.path)
        try:  # set by `drillbook migrate` (the tests' setup), kept in the file
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            connection.close()

"""Appending to the audit chain and walking it. Pure hashing plus two small queries.

Each entry's hash covers the previous entry's hash and the entry's own canonical text, so a row
changed, inserted or deleted behind the app's back breaks every hash from there on. Appends are
serialised (PostgreSQL: a transaction-level advisory lock; SQLite: the write lock every
drillbook transaction takes), so the chain never forks. Append last in a transaction, after
every row lock and compliance.freshness.facts_changed: a writer holding the chain lock while
waiting for a row another writer holds before appending is a deadlock (PostgreSQL).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from backend.audit.tables import AuditEntry
from backend.core.database import current_engine, transaction

GENESIS = "0" * 64
_CHAIN_LOCK = 727_274  # any fixed number: the advisory lock that serialises appends


def canonical_json(payload: Any) -> str:
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


def entry_text(seq: int, at: datetime, actor: int | None, action: str, entity: str,
               entity_id: int | None, payload: str) -> str:  # fmt: skip
    # = strftime("%Y-%m-%dT%H:%M:%S.%fZ") for years 1000-9999, at a third of the cost (verify
    # formats every entry's stamp)
    stamp = at.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"
    return "\x1f".join([str(seq), stamp, str(actor or ""), action, entity, str(entity_id or ""),
                        payload])  # fmt: skip


def chained_hash(prev_hash: str, text: str) -> str:
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


async def append(
    action: str,
    entity: str,
    entity_id: int | None,
    payload: Any,
    actor: int | None,
    at: datetime,
) -> None:
    """Add one entry at the end of the chain, inside the caller's transaction when there is one."""
    async with transaction():
        if current_engine().engine_type == "postgres":
            await AuditEntry.raw("SELECT pg_advisory_xact_lock({})", _CHAIN_LOCK)
        last = (
            await AuditEntry.select(AuditEntry.seq, AuditEntry.hash)
            .order_by(AuditEntry.seq, ascending=False)
            .first()
        )
        seq = last["seq"] + 1 if last else 1
        prev = last["hash"] if last else GENESIS
        at = at.astimezone(UTC)
        text = canonical_json(payload)
        digest = chained_hash(prev, entry_text(seq, at, actor, action, entity, entity_id, text))
        await AuditEntry.insert(
            AuditEntry(seq=seq, at=at, actor=actor, action=action, entity=entity,
                       entity_id=entity_id, payload=text, prev_hash=prev, hash=digest)
        )  # fmt: skip


@dataclass(frozen=True)
class Break:
    """The first entry whose hash does not follow from the one before."""

    seq: int
    reason: str  # hash_mismatch | prev_mismatch | gap


@dataclass(frozen=True)
class Verdict:
    entries: int
    broken: Break | None


_SELECT = ("SELECT seq, at, actor, action, entity, entity_id, payload, prev_hash, hash "
           "FROM audit_entry")  # fmt: skip
Row = tuple  # the columns of _SELECT, in that order


async def _batches(size: int) -> AsyncIterator[list[Row]]:
    """The chain in seq order, `size` rows at a time, straight from the driver: the ORM's row
    dicts and per-value conversion cost more than the hashing."""
    engine = current_engine()
    if isinstance(engine, PostgresEngine):
        connection = await engine.get_new_connection()
        try:  # a server-side cursor in one read-only snapshot; writers are not held up
            async with connection.transaction(isolation="repeatable_read", readonly=True):
                cursor = await connection.cursor(f"{_SELECT} ORDER BY seq")
                while rows := await cursor.fetch(size):
                    yield rows
        finally:
            await connection.close()
        return
    after = 0  # SQLite: keyset pages, each its own statement, so appends wait one page at most
    while rows := await asyncio.to_thread(_sqlite_page, engine.path, after, size):
        yield rows
        after = rows[-1][0]


def _sqlite_page(path: str, after: int, size: int) -> list[Row]:
    connection = sqlite3.connect(path, timeout=30)
    try:
        rows = connection.execute(f"{_SELECT} WHERE seq > ? ORDER BY seq LIMIT ?", (after, size))
        # `at` as Piccolo reads a SQLite timestamptz: the stored text, in UTC
        return [(r[0], datetime.fromisoformat(r[1]).replace(tzinfo=UTC), *r[2:]) for r in rows]
    finally:
        connection.close()


def check_entry(row: Row, expected_seq: int, prev: str) -> Break | None:
    seq, at, actor, action, entity, entity_id, payload, prev_hash, digest = row
    if seq != expected_seq:
        return Break(expected_seq, "gap")
    if prev_hash != prev:
        return Break(seq, "prev_mismatch")
    if chained_hash(prev, entry_text(seq, at, actor, action, entity, entity_id, payload)) != digest:
        return Break(seq, "hash_mismatch")
    return None


class _Walk:
    """Where the walk stands: the last good hash and how many entries verified."""

    def __init__(self) -> None:
        self.prev, self.count = GENESIS, 0

    def check(self, rows: list[Row]) -> Break | None:
        prev, expected = self.prev, self.count + 1
        for row in rows:
            broken = check_entry(row, expected, prev)
            if broken:
                self.prev, self.count = prev, expected - 1
                return broken
            prev, expected = row[8], expected + 1
        self.prev, self.count = prev, expected - 1
        return None


async def verify(batch_size: int = 20_000) -> Verdict:
    """Walk the whole chain in order; stop at the first entry that does not follow.

    Each batch is hashed in a thread while the next one is read, so the database's time and
    the hashing overlap instead of adding up.
    """
    walk = _Walk()
    batches = _batches(batch_size)
    try:
        rows = await anext(batches, None)
        while rows is not None:
            reading = asyncio.ensure_future(anext(batches, None))
            try:
                broken = await asyncio.to_thread(walk.check, rows)
            finally:
                rows = await reading  # never left running behind a return or an error
            if broken:
                return Verdict(walk.count, broken)
    finally:
        await batches.aclose()
    return Verdict(walk.count, None)

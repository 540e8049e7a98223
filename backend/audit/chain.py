"""Appending to the audit chain and walking it. Pure hashing plus two small queries.

Each entry's hash covers the previous entry's hash and the entry's own canonical text, so a row
changed, inserted or deleted behind the app's back breaks every hash from there on. Appends are
serialised (PostgreSQL: a transaction-level advisory lock; SQLite: the write lock every
drillbook transaction takes), so the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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
    stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
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


async def _batches(size: int) -> AsyncIterator[list[dict]]:
    after = 0
    while True:
        rows = (
            await AuditEntry.select()
            .where(AuditEntry.seq > after)
            .order_by(AuditEntry.seq)
            .limit(size)
        )
        if not rows:
            return
        yield rows
        after = rows[-1]["seq"]


def check_entry(row: dict, expected_seq: int, prev: str) -> Break | None:
    if row["seq"] != expected_seq:
        return Break(expected_seq, "gap")
    if row["prev_hash"] != prev:
        return Break(row["seq"], "prev_mismatch")
    text = entry_text(row["seq"], row["at"], row["actor"], row["action"], row["entity"],
                      row["entity_id"], row["payload"])  # fmt: skip
    if chained_hash(prev, text) != row["hash"]:
        return Break(row["seq"], "hash_mismatch")
    return None


async def verify(batch_size: int = 20_000) -> Verdict:
    """Walk the whole chain in order; stop at the first entry that does not follow."""
    prev, expected, count = GENESIS, 1, 0
    async for rows in _batches(batch_size):
        for row in rows:
            broken = check_entry(row, expected, prev)
            if broken:
                return Verdict(count, broken)
            prev, expected, count = row["hash"], expected + 1, count + 1
    return Verdict(count, None)

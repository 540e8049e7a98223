"""Stale snapshots judged again in the background, once, while readers are served the old ones.

After a rule file changes, an upgrade (the engine's digest) or a bulk load (`everything_changed`),
every snapshot of a year is stale at once. Readers that ask for it (`snapshots(serve_stale=True)`)
are served the stale ones, marked, and `start(year)` begins one run in this process: it takes the
year's lease (`JudgingLease`, one atomic statement), judges every stale institution
BACKGROUND_CHUNK at a time, renewing the lease before each chunk, and releases it at the end. A worker that finds the
lease held by another does nothing: the holder's run brings everyone's snapshots up to date, and a
lease whose holder died is taken over once it expires.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import timedelta

from backend.compliance.freshness import stamps
from backend.compliance.profiles import jurisdiction_tree
from backend.compliance.snapshots import JudgingPlan, is_current, judge
from backend.compliance.tables import ComplianceSnapshot, JudgingLease
from backend.core.clock import utc_now
from backend.institutions.tables import Institution
from backend.rules.catalogue import default_catalogue

LEASE = timedelta(seconds=120)  # renewed before every chunk, which takes a few seconds at most
# Institutions judged per chunk in the background: smaller than a reader's CHUNK because judging
# holds the event loop, and the requests this process serves meanwhile wait for each chunk
# (about 0.1 s for 50 institutions at the 1,000-institution province's density).
BACKGROUND_CHUNK = 50
_PROCESS = f"{socket.gethostname()}:{os.getpid()}"
_RUNS: dict[int, asyncio.Task] = {}  # year -> this process's run (done once it ended)
log = logging.getLogger(__name__)


def lease_name(year: int) -> str:
    return f"rejudge-{year}"


def start(year: int) -> None:
    """Begin re-judging the year's stale snapshots, unless this process is doing it already."""
    run = _RUNS.get(year)
    if run is not None and not run.done():
        return
    _RUNS[year] = asyncio.get_running_loop().create_task(run_once(year))


async def settled() -> None:
    """Wait until every run this process started has ended (tests; any thread or event loop)."""
    while any(not run.done() for run in list(_RUNS.values())):
        await asyncio.sleep(0.05)


async def run_once(year: int) -> int:
    """Judge the year's stale snapshots if this call gets the lease; how many were judged."""
    holder = f"{_PROCESS}:{uuid.uuid4().hex[:8]}"
    name = lease_name(year)
    if not await take(name, holder):
        return 0
    try:
        return await _judge_stale(year, name, holder)
    except Exception:  # a failed run must not keep the lease: the next reader starts another
        log.exception("re-judging the compliance snapshots of %s failed", year)
        return 0
    finally:
        await asyncio.shield(release(name, holder))


async def take(name: str, holder: str) -> bool:
    """One statement: insert the lease, or take it over if it has expired; then whose it is."""
    now = utc_now()
    await JudgingLease.insert(
        JudgingLease(name=name, holder=holder, expires_at=now + LEASE)
    ).on_conflict(
        target=JudgingLease.name,
        action="DO UPDATE",
        values=[JudgingLease.holder, JudgingLease.expires_at],
        where=JudgingLease.expires_at < now,
    )
    return await _holds(name, holder)


async def renew(name: str, holder: str) -> bool:
    await JudgingLease.update({JudgingLease.expires_at: utc_now() + LEASE}).where(
        (JudgingLease.name == name) & (JudgingLease.holder == holder)
    )
    return await _holds(name, holder)


async def release(name: str, holder: str) -> None:
    await JudgingLease.delete().where((JudgingLease.name == name) & (JudgingLease.holder == holder))


async def _holds(name: str, holder: str) -> bool:
    row = await JudgingLease.select(JudgingLease.holder).where(JudgingLease.name == name).first()
    return row is not None and row["holder"] == holder


async def _judge_stale(year: int, name: str, holder: str) -> int:
    rows = await Institution.select(Institution.id, Institution.jurisdiction)
    plan = JudgingPlan(rows, await jurisdiction_tree(), year, default_catalogue())
    stale = await _stale(plan)
    for begin in range(0, len(stale), BACKGROUND_CHUNK):
        if not await renew(name, holder):
            log.warning("the re-judging lease %s was lost; stopping", name)
            return begin
        chunk = stale[begin : begin + BACKGROUND_CHUNK]
        # the versions read now, before the facts: a write landing meanwhile leaves it stale
        await judge(plan, chunk, await stamps(chunk), store=True)
    return len(stale)


async def _stale(plan: JudgingPlan) -> list[int]:
    """The institutions whose stored snapshot of the year is not current (missing ones are
    judged by their first reader, who has nothing to be shown meanwhile)."""
    current = await stamps(plan.ids)
    rows = await ComplianceSnapshot.select(
        ComplianceSnapshot.institution, ComplianceSnapshot.basis, ComplianceSnapshot.stamp
    ).where(ComplianceSnapshot.year == plan.year)
    known = set(plan.ids)
    return sorted(
        row["institution"]
        for row in rows
        if row["institution"] in known and not is_current(plan, current, row)
    )

"""`drillbook bench load`: a mixed workload at several numbers of concurrent clients.

On a database built by `drillbook generate-province` (the bench adds its logins there), against a
running server (`url`) or one it starts with `workers` processes. For each client level: every
client logs in, two drills per taking-part hospital are booked (one about to start, for check-ins;
one held this morning, for attendance), then all clients run the workload of
`backend/tooling/benchmarks/load/workload.py` for `seconds`. Figures per level: throughput, p50/p95 per kind of
request and errors (no answer, or a status >= 500), which must be zero. The load generator runs on
the same machine (loopback) and takes CPU from the server.
"""

from __future__ import annotations

import asyncio
import os
import time
from contextlib import nullcontext

import httpx

from backend.core.clock import today_in_shanghai
from backend.core.database import close_database_pool, current_engine, open_database_pool
from backend.tooling.benchmarks.load.accounts import Cast, prepare_cast
from backend.tooling.benchmarks.load.workload import (
    ROLE_CYCLE,
    Screen,
    Stage,
    Tally,
    login,
    matrix_loop,
    officer_loop,
    prepare_drills,
    staff_loop,
    summarise,
)
from backend.tooling.local_server import served


async def bench_load(
    levels: list[int], seconds: float, url: str | None = None, workers: int = 1
) -> dict:
    await open_database_pool()
    try:
        cast = await prepare_cast()
    finally:
        await close_database_pool()
    env = {**os.environ, "DRILLBOOK_WORKERS": str(workers)}
    with nullcontext(url.rstrip("/")) if url else served(env=env, quiet=True) as base:
        feeds = await _feed_paths(base, cast)
        runs = [await _level(base, cast, feeds, clients, seconds) for clients in levels]
    return {
        "database": current_engine().engine_type,
        "server": url or f"drillbook serve, {workers} worker(s)",
        "people": {
            "hospitals": len(cast.hospitals),
            "staff": sum(len(h.staff) for h in cast.hospitals),
            "reviewers": len(cast.reviewers),
            "commissions": len(cast.commissions),
        },
        "year": today_in_shanghai().year,
        "levels": runs,
    }


async def _feed_paths(base: str, cast: Cast) -> dict[str, str]:
    """Each bench staff member's feed address, as their calendar app was given it."""

    async def address(username: str) -> tuple[str, str]:
        client = await login(base, username)
        try:
            answer = await client.get("/api/me/calendar-feed")
            answer.raise_for_status()
        finally:
            await client.aclose()
        return username, "/calendar/" + answer.json()["url"].rsplit("/calendar/", 1)[1]

    names = [username for hospital in cast.hospitals for username, _ in hospital.staff]
    return dict(await asyncio.gather(*(address(name) for name in names)))


async def _level(base: str, cast: Cast, feeds: dict[str, str], clients: int, seconds: float):
    officers = {h.institution_id: await login(base, h.officer) for h in cast.hospitals}
    tally = Tally()
    try:
        drills = await prepare_drills(officers, cast)
        screens = {i: Screen(officers[i], drills.check_in[i], tally) for i in officers}
        people = await asyncio.gather(*(_person(base, cast, n) for n in range(clients)))
        stage = Stage(cast, drills, screens, feeds, today_in_shanghai().year, 0.0, tally)
        started = time.perf_counter()
        stage.deadline = started + seconds
        await asyncio.gather(*(_run(stage, *person) for person in people))
        figures = summarise(tally, clients, time.perf_counter() - started)
        for _, client, _ in people:
            await client.aclose()
        return figures
    finally:
        for client in officers.values():
            await client.aclose()


async def _person(base: str, cast: Cast, n: int) -> tuple[str, httpx.AsyncClient, tuple]:
    """Client n: its role from ROLE_CYCLE, its person taken in turn from that role's logins."""
    role, turn = ROLE_CYCLE[n % len(ROLE_CYCLE)], n // len(ROLE_CYCLE)
    if role == "staff":
        people = [(h, name) for h in cast.hospitals for name, _ in h.staff]
        hospital, username = people[(turn * 4 + n % 8 // 2) % len(people)]
        return role, await login(base, username), (hospital, username)
    if role == "officer":
        hospital = cast.hospitals[(turn * 2 + n % 8 // 5) % len(cast.hospitals)]
        return role, await login(base, hospital.officer), (hospital,)
    pool = cast.reviewers if role == "reviewer" and cast.reviewers else cast.commissions
    username, jurisdiction = pool[turn % len(pool)]
    return role, await login(base, username), (jurisdiction,)


async def _run(stage: Stage, role: str, client: httpx.AsyncClient, details: tuple) -> None:
    if role == "staff":
        await staff_loop(stage, client, *details)
    elif role == "officer":
        await officer_loop(stage, client, *details)
    else:
        await matrix_loop(stage, client, *details)

"""`drillbook bench credits`: how fast the 学分登记表 of a 60-person institution answers over HTTP.

Runs `drillbook serve` on the configured database, logs a temporary officer in at the
institution whose head count is nearest 60, and times the register as JSON and as .xlsx.
"""

from __future__ import annotations

import secrets
import statistics
import time

import httpx
from piccolo.query.functions.aggregate import Count

from backend.auth.passwords import hash_password
from backend.auth.tables import User
from backend.core.clock import utc_now
from backend.core.database import current_engine
from backend.staff.tables import StaffMember
from backend.tooling.local_server import served

BENCH_USER = "drillbook-bench-credits"


async def _institution_near(size: int) -> tuple[int, int]:
    rows = await StaffMember.select(StaffMember.institution, Count(alias="n")).group_by(
        StaffMember.institution
    )
    if not rows:
        raise RuntimeError("no staff in this database: run seed-demo or generate-province")
    best = min(rows, key=lambda r: abs(r["n"] - size))
    return best["institution"], best["n"]


async def _officer_of(institution_id: int, password: str) -> None:
    await User.delete().where(User.username == BENCH_USER)
    await User(username=BENCH_USER, password_hash=hash_password(password),
               display_name="benchmark", role="officer", institution=institution_id,
               created_at=utc_now()).save()  # fmt: skip


def _timed(client: httpx.Client, url: str, count: int) -> dict[str, float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        client.get(url).raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=20)
    return {"p50_ms": round(statistics.median(timings), 2), "p95_ms": round(cuts[18], 2)}


async def bench_credits(year: int, requests: int = 200) -> dict:
    institution_id, staff = await _institution_near(60)
    password = secrets.token_urlsafe(16)
    await _officer_of(institution_id, password)
    try:
        with served(quiet=True) as base, httpx.Client(base_url=base, timeout=30) as client:
            client.post("/api/session", json={"username": BENCH_USER, "password": password})
            url = f"/api/credits/register?institution={institution_id}&year={year}"
            client.get(url).raise_for_status()  # warm up
            figures = {
                "register_json": _timed(client, url, requests),
                "register_xlsx": _timed(client, url + "&format=xlsx", max(10, requests // 10)),
            }
    finally:
        await User.delete().where(User.username == BENCH_USER)
    return {
        "database": current_engine().engine_type,
        "institution_id": institution_id,
        "staff": staff,
        "year": year,
        "requests": requests,
        **figures,
    }

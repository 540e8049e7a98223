"""`drillbook bench compliance`: how long the matrix takes, against the floor of one SQL aggregate.

Measures the configured database as it is (build one with `drillbook generate-province`):
- the full matrix for the (first) top-level jurisdiction: with every snapshot stale (all judged
  from the facts), then as readers see it (median of `runs`, snapshots current), then right after
  one institution's facts changed;
- the floor: one hand-written GROUP BY counting held activities per institution x kind/topic
  x quarter, the least any engine must read;
- the per-institution endpoint over real HTTP (`drillbook serve` in a subprocess): p50/p95, and
  the full matrix over HTTP (JSON encoding included).
"""

from __future__ import annotations

import json
import secrets
import statistics
import time
import urllib.request
from datetime import date
from http.cookiejar import CookieJar
from typing import Any

from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.auth.passwords import hash_password
from backend.auth.tables import User
from backend.compliance.freshness import everything_changed, facts_changed
from backend.compliance.report import COMMAND_LINE
from backend.compliance.service import jurisdiction_verdicts, matrix_of
from backend.core.clock import start_of_day_utc, utc_now
from backend.core.database import close_database_pool, current_engine, open_database_pool
from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember
from backend.tooling.local_server import served

BENCH_USER = "drillbook-bench"

_QUARTER_SQL = {
    "postgres": "EXTRACT(QUARTER FROM starts_at AT TIME ZONE 'Asia/Shanghai')",
    "sqlite": "(CAST(strftime('%m', starts_at, '+8 hours') AS INTEGER) + 2) / 3",
}


async def bench_compliance(year: int, runs: int = 3, requests: int = 50) -> dict[str, Any]:
    await open_database_pool()  # as the server does (PostgreSQL): no connection set up per query
    try:
        return await _bench(year, runs, requests)
    finally:
        await close_database_pool()


async def growth_row(year: int, runs: int = 3) -> dict[str, Any]:
    """One row of `--sizes`' growth table (compliance_growth.py): the in-process figures, no
    HTTP; `institutions` 0 when the database is empty."""
    await open_database_pool()
    try:
        scale = await _scale()
        if not scale["institutions"]:
            return {**scale}
        stale, matrix, after_one_change, floor = await _in_process(year, runs)
        return {
            **scale,
            "matrix_seconds": round(matrix, 3),
            "sql_floor_seconds": round(floor, 3),
            "stale_seconds": round(stale, 3),
            "stale_to_floor": round(stale / floor, 1),
            "after_one_change_seconds": round(after_one_change, 3),
        }
    finally:
        await close_database_pool()


async def _in_process(year: int, runs: int) -> tuple[float, float, float, float]:
    """Seconds: the matrix with every snapshot stale, as readers see it, after one
    institution's facts changed, and the SQL floor."""
    root = await _top_jurisdiction()
    as_of = date(year + 1, 1, 15)
    cold = await _cold_matrix_seconds(root, year, as_of)
    matrix_seconds = await _matrix_seconds(root, year, as_of, runs)
    after_one_change = await _after_one_change_seconds(root, year, as_of)
    return cold, matrix_seconds, after_one_change, await _floor_seconds(year, runs)


async def _bench(year: int, runs: int, requests: int) -> dict[str, Any]:
    cold, matrix_seconds, after_one_change, floor_seconds = await _in_process(year, runs)
    http = await _http_latencies(year, requests)
    return {
        "scale": await _scale(),
        "database": "postgresql" if _on_postgres() else "sqlite",
        "year": year,
        "full_matrix_seconds": round(matrix_seconds, 3),
        "sql_floor_seconds": round(floor_seconds, 3),
        "ratio_to_floor": round(matrix_seconds / floor_seconds, 1),
        "matrix_after_one_institution_changed_seconds": round(after_one_change, 3),
        "matrix_with_every_snapshot_stale_seconds": round(cold, 3),
        "per_institution_http_ms": http,
    }


async def _matrix_once(root: int, year: int, as_of: date) -> float:
    started = time.perf_counter()
    tree, verdicts = await jurisdiction_verdicts(COMMAND_LINE, root, year)
    matrix_of(root, year, as_of, None, tree, verdicts)
    return time.perf_counter() - started


async def _cold_matrix_seconds(root: int, year: int, as_of: date) -> float:
    """Every institution judged from its facts (as right after a bulk load, before
    `judge_everything`): what the matrix cost before snapshots, and what refreshing them costs."""
    await everything_changed()
    return await _matrix_once(root, year, as_of)


async def _after_one_change_seconds(root: int, year: int, as_of: date) -> float:
    """A write to one institution (a drill booked, say), then the matrix: one judged again."""
    first = await Institution.select(Institution.id).order_by(Institution.id).first()
    await facts_changed([first["id"]])
    return await _matrix_once(root, year, as_of)


def _on_postgres() -> bool:
    return isinstance(current_engine(), PostgresEngine)


async def _scale() -> dict[str, int]:
    return {
        "institutions": await Institution.count(),
        "staff": await StaffMember.count(),
        "activities": await Activity.count(),
        "attendance": await Attendance.count(),
    }


async def _top_jurisdiction() -> int:
    roots = await Jurisdiction.select(Jurisdiction.id).where(Jurisdiction.parent.is_null())
    if not roots:
        raise RuntimeError("the database has no jurisdictions: run drillbook generate-province")
    return roots[0]["id"]


async def _matrix_seconds(root: int, year: int, as_of: date, runs: int) -> float:
    timings = [await _matrix_once(root, year, as_of) for _ in range(runs + 1)]
    return statistics.median(timings[1:])  # the first run warms caches and is not counted


async def _floor_seconds(year: int, runs: int) -> float:
    postgres = _on_postgres()
    quarter = _QUARTER_SQL["postgres" if postgres else "sqlite"]
    bounds = [start_of_day_utc(date(year, 1, 1)), start_of_day_utc(date(year + 1, 1, 1))]
    if not postgres:  # SQLite compares the stored text
        bounds = [b.isoformat(sep=" ") for b in bounds]
    sql = (
        f"SELECT host_institution, kind, topic, {quarter} AS quarter, COUNT(*) FROM activity "
        "WHERE status = 'held' AND host_institution IS NOT NULL "
        "AND starts_at >= {} AND starts_at < {} GROUP BY 1, 2, 3, 4"
    )
    timings = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        await current_engine().run_querystring(QueryString(sql, *bounds))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings[1:])


async def _http_latencies(year: int, requests: int) -> dict[str, float]:
    password = secrets.token_urlsafe(16)
    await User.delete().where(User.username == BENCH_USER)
    await User(
        username=BENCH_USER,
        password_hash=hash_password(password),
        display_name="benchmark",
        role="admin",
        created_at=utc_now(),
    ).save()
    ids = [r["id"] for r in await Institution.select(Institution.id).order_by(Institution.id)]
    sample = ids[:: max(1, len(ids) // requests)][:requests]
    root = await _top_jurisdiction()
    try:
        return _timed_requests(password, sample, year, root)
    finally:
        await User.delete().where(User.username == BENCH_USER)


def _timed_requests(
    password: str, institution_ids: list[int], year: int, root: int
) -> dict[str, float]:
    with served(quiet=True) as base:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        body = json.dumps({"username": BENCH_USER, "password": password}).encode()
        login = urllib.request.Request(
            f"{base}/api/session", body, {"Content-Type": "application/json"}
        )
        opener.open(login).read()
        opener.open(f"{base}/api/compliance?institution={institution_ids[0]}&year={year}").read()
        timings = []
        for institution in institution_ids:
            started = time.perf_counter()
            opener.open(f"{base}/api/compliance?institution={institution}&year={year}").read()
            timings.append((time.perf_counter() - started) * 1000)
        matrix = []
        for _ in range(4):  # the whole province's matrix as the page asks for it; first not counted
            started = time.perf_counter()
            opener.open(f"{base}/api/compliance/matrix?jurisdiction={root}&year={year}").read()
            matrix.append(time.perf_counter() - started)
    cuts = statistics.quantiles(timings, n=20)
    return {
        "requests": len(timings),
        "p50": round(statistics.median(timings), 1),
        "p95": round(cuts[18], 1),
        "full_matrix_seconds": round(statistics.median(matrix[1:]), 3),
    }

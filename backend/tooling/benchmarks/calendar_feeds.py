"""`drillbook bench feeds`: how fast a personal calendar feed answers over HTTP.

Runs `drillbook serve` on the configured database, subscribes a temporary user to the busiest
staff member's schedule and measures, from a load generator on loopback (bounded in count and
time): latency of full answers, throughput with and without If-None-Match, and the same bytes
served as a static file by the same server as the ceiling. Also times rendering 2,000 events.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import shutil
import statistics
import subprocess
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from piccolo.query.functions.aggregate import Count

from backend.attendance.tables import Invitation
from backend.attendance.vocabulary import HOLDS_A_SEAT
from backend.auth.tables import User
from backend.calendar_feeds.ics_document import CalendarEvent, feed
from backend.calendar_feeds.tables import CalendarFeed
from backend.core.clock import utc_now
from backend.core.database import current_engine
from backend.staff.tables import StaffMember
from backend.tooling.local_server import ROOT, served

BENCH_USER = "drillbook-bench-feeds"
# ApacheBench when installed (Debian: apache2-utils), else an httpx loop in this process, which
# competes with the server for the same two cores and understates its throughput.
GENERATOR = "ab" if shutil.which("ab") else "httpx"
STATIC_COPY = ROOT / "frontend_static" / "bench-feed.ics"


async def _busiest_staff_member() -> int:
    rows = await (
        Invitation.select(Invitation.staff_member, Count(alias="n"))
        .where(Invitation.status.is_in(sorted(HOLDS_A_SEAT)))
        .group_by(Invitation.staff_member)
        .order_by(Count(), ascending=False)
        .limit(1)
    )
    if not rows:
        raise RuntimeError("no invitations in this database: run seed-demo or generate-province")
    return rows[0]["staff_member"]


async def _subscribe(staff_id: int) -> str:
    member = await StaffMember.select().where(StaffMember.id == staff_id).first()
    await User.delete().where(User.username == BENCH_USER)
    user = User(
        username=BENCH_USER,
        password_hash="!",  # cannot log in
        display_name="benchmark",
        role="staff",
        institution=member["institution"],
        staff_member=staff_id,
        created_at=utc_now(),
    )
    await user.save()
    token = secrets.token_urlsafe(32)
    await CalendarFeed(token=token, user=user.id, created_at=utc_now()).save()
    return token


def _quantiles(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=20)
    return {"p50_ms": round(statistics.median(timings), 2), "p95_ms": round(cuts[18], 2)}


async def _latency(client: httpx.AsyncClient, url: str, count: int) -> dict[str, float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = await client.get(url)
        response.raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return _quantiles(timings)


def _ab(url: str, headers: dict, total: int, seconds: float, workers: int) -> dict[str, Any]:
    """ApacheBench (C, one thread): a load generator that costs the server's cores little."""
    command = ["ab", "-q", "-k", "-t", str(seconds), "-n", str(total), "-c", str(workers)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    figures = dict(re.findall(r"^([A-Za-z0-9 -]+):\s+([\d.]+)", output, re.MULTILINE))
    return {
        "requests": int(figures["Complete requests"]),
        "seconds": float(figures["Time taken for tests"]),
        "per_second": round(float(figures["Requests per second"])),
        "failed": int(figures["Failed requests"]),
        "non_2xx": int(figures.get("Non-2xx responses", 0)),
    }


async def _throughput(
    client: httpx.AsyncClient, url: str, headers: dict, total: int, seconds: float, workers: int
) -> dict[str, Any]:
    done, statuses = 0, set()
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while done < total and time.perf_counter() < deadline:
            done += 1
            response = await client.get(url, headers=headers)
            statuses.add(response.status_code)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    elapsed = time.perf_counter() - started
    return {
        "requests": done,
        "seconds": round(elapsed, 2),
        "per_second": round(done / elapsed),
        "statuses": sorted(statuses),
    }


def render_seconds(events: int = 2000) -> float:
    """Best of three: a feed of `events` distinct Chinese events, rendered to bytes."""
    start = datetime(2027, 1, 4, 1, 0, tzinfo=UTC)
    items = [
        CalendarEvent(
            uid=str(uuid.UUID(int=i)),
            sequence=i % 3,
            summary=f"产后出血急救演练 第{i}次",
            starts_at=start + timedelta(hours=6 * i),
            ends_at=start + timedelta(hours=6 * i + 2),
            location="产科示教室，3楼",
            description="类型：技能培训与演练（产后出血）\n主办：南禾市妇幼保健院",
        )
        for i in range(events)
    ]
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        feed(items, name="drillbook", stamp=start)
        best = min(best, time.perf_counter() - began)
    return round(best, 4)


async def bench_feeds(requests: int = 3000, seconds: float = 20.0, workers: int = 16) -> dict:
    staff_id = await _busiest_staff_member()
    token = await _subscribe(staff_id)
    try:
        with served(quiet=True) as base:
            figures = await _measure(
                f"{base}/calendar/{token}.ics", base, requests, seconds, workers
            )
    finally:
        await User.delete().where(User.username == BENCH_USER)
        STATIC_COPY.unlink(missing_ok=True)
    return {
        "database": current_engine().engine_type,
        "load": {"max_requests": requests, "max_seconds": seconds, "concurrency": workers},
        **figures,
        "render_2000_events_seconds": render_seconds(),
    }


async def _measure(url: str, base: str, requests: int, seconds: float, workers: int) -> dict:
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        first = await client.get(url)
        first.raise_for_status()
        etag = first.headers["etag"]
        STATIC_COPY.write_bytes(first.content)
        static_url = f"{base}/{STATIC_COPY.name}"

        async def run(target: str, headers: dict) -> dict:
            if GENERATOR == "ab":
                return await asyncio.to_thread(_ab, target, headers, requests, seconds, workers)
            return await _throughput(client, target, headers, requests, seconds, workers)

        full = await run(url, {})
        not_modified = await run(url, {"If-None-Match": etag})
        static = await run(static_url, {})
        return {
            "load_generator": GENERATOR,
            "feed_events": first.text.count("BEGIN:VEVENT"),
            "feed_bytes": len(first.content),
            "latency_full": await _latency(client, url, 200),
            "latency_304": await _latency_304(client, url, etag),
            "throughput_full": full,
            "throughput_304": not_modified,
            "throughput_static_same_bytes": static,
            "full_vs_static": round(full["per_second"] / static["per_second"], 2),
            "not_modified_vs_static": round(not_modified["per_second"] / static["per_second"], 2),
        }


async def _latency_304(client: httpx.AsyncClient, url: str, etag: str) -> dict[str, float]:
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        response = await client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304
        timings.append((time.perf_counter() - started) * 1000)
    return _quantiles(timings)

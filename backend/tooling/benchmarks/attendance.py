"""`drillbook bench check-in`: 300 people scanning the screen at one drill, over real HTTP.

On a throwaway database (a temporary SQLite file, or a new PostgreSQL database on the configured
server, dropped afterwards): one hospital, 300 invited staff with logins, two drills. A real
`drillbook serve` answers; each person logs in, then
  spread: the 300 check-ins of the first drill arrive evenly over `seconds` (people walking in),
  burst:  the 300 of the second drill all at once, 50 at a time (everyone scanning when the
          officer puts the code up).
The codes are read from the officer's screen route every 30 s, as the page does. Figures: how
many were recorded (must be each person exactly once) and the latency of the check-in requests.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import httpx
from argon2 import PasswordHasher

from backend.tooling.local_server import ROOT

PASSWORD = "drillbook-bench"
# Bench accounts get a cheap argon2 hash (verification reads the cost from the hash): the bench
# measures check-ins; 300 logins at the real cost would take minutes of one core first.
CHEAP_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
BURST_CONNECTIONS = 50


def bench_check_in(people: int = 300, seconds: float = 60.0) -> dict:
    """Runs the measurement in a child process bound to a throwaway database."""
    url, drop = _throwaway_database()
    try:
        env = {**os.environ, "DRILLBOOK_DATABASE_URL": url}
        command = [
            sys.executable,
            "-m",
            "backend.tooling.benchmarks.attendance",
            str(people),
            str(seconds),
        ]
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"check-in bench failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        drop()


def _throwaway_database() -> tuple[str, callable]:
    from backend.core.settings import database_kind, load_settings

    configured = load_settings().database_url
    if database_kind(configured) == "sqlite":
        path = Path(tempfile.gettempdir()) / f"drillbook-bench-check-in-{uuid.uuid4().hex}.sqlite3"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    import asyncpg

    name = f"drillbook_bench_{uuid.uuid4().hex[:10]}"
    server = configured.rsplit("/", 1)[0]

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(f"{server}/postgres")
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    return f"{server}/{name}", lambda: asyncio.run(
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    )


# --- in the child process, on the throwaway database --------------------------------------------


async def _seed(people: int) -> tuple[list[int], list[str]]:
    """One hospital, an officer, `people` staff with logins, two drills inviting all of them."""
    from backend.activities.tables import Activity
    from backend.attendance.tables import Invitation
    from backend.auth.tables import User
    from backend.core.chinese_order import person_pinyin_text, pinyin_text
    from backend.core.clock import utc_now
    from backend.core.database import migrate
    from backend.institutions.tables import Institution, Jurisdiction
    from backend.staff.tables import StaffMember

    await migrate()
    now, password_hash = utc_now(), CHEAP_HASH.hash(PASSWORD)
    county = Jurisdiction(code="bench", name_zh="测试区", level="county")
    await county.save()
    hospital = Institution(code="bench-h", name_zh="测试医院", name_pinyin=pinyin_text("测试医院"),
                           kind="general_hospital", level="secondary",
                           jurisdiction=county.id)  # fmt: skip
    await hospital.save()
    await User(username="officer", password_hash=password_hash, display_name="officer",
               role="officer", institution=hospital.id, created_at=now).save()  # fmt: skip
    staff = [
        StaffMember(institution=hospital.id, staff_number=f"B{i:04d}", name=f"测试{i:04d}",
                    name_pinyin=person_pinyin_text(f"测试{i:04d}"), role="midwife", title="junior",
                    active_from=date(2020, 1, 1), updated_at=now)
        for i in range(people)
    ]  # fmt: skip
    await StaffMember.insert(*staff)
    await User.insert(*(
        User(username=f"s{i:04d}", password_hash=password_hash, display_name=member.name,
             role="staff", institution=hospital.id, staff_member=member.id, created_at=now)
        for i, member in enumerate(staff)
    ))  # fmt: skip
    drills = []
    for title in ("产后出血演练（陆续签到）", "新生儿复苏演练（集中签到）"):
        drill = Activity(uid=uuid.uuid4(), kind="drill", topic="pph", title=title,
                         host_institution=hospital.id, starts_at=now + timedelta(minutes=10),
                         ends_at=now + timedelta(hours=2), place="示教室", created_at=now,
                         updated_at=now)  # fmt: skip
        await drill.save()
        await Invitation.insert(*(
            Invitation(activity=drill.id, staff_member=m.id, status="invited", invited_at=now)
            for m in staff
        ))  # fmt: skip
        drills.append(drill.id)
    return drills, [f"s{i:04d}" for i in range(people)]


async def _login(base: str, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    response = await client.post("/api/session", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return client


class Screen:
    """The officer's screen: the current code, fetched again when it says so."""

    def __init__(self, officer: httpx.AsyncClient, activity_id: int) -> None:
        self.officer, self.activity_id, self.code, self.until = officer, activity_id, "", 0.0

    async def current(self) -> str:
        if time.monotonic() >= self.until:
            answer = await self.officer.get(f"/api/activities/{self.activity_id}/check-in-code")
            answer.raise_for_status()
            self.code, self.until = answer.json()["code"], time.monotonic() + 25
        return self.code


async def _scan(client: httpx.AsyncClient, screen: Screen, timings: list, statuses: Counter):
    code = await screen.current()
    started = time.perf_counter()
    response = await client.post("/api/check-in", json={"code": code})
    timings.append((time.perf_counter() - started) * 1000)
    statuses[response.status_code] += 1


async def _spread(clients, screen: Screen, seconds: float) -> dict:
    timings, statuses, gap = [], Counter(), seconds / len(clients)
    began = time.perf_counter()

    async def arrive(index: int, client: httpx.AsyncClient) -> None:
        await asyncio.sleep(index * gap)
        await _scan(client, screen, timings, statuses)

    await asyncio.gather(*(arrive(i, c) for i, c in enumerate(clients)))
    return _figures(timings, statuses, time.perf_counter() - began)


async def _burst(clients, screen: Screen) -> dict:
    timings, statuses, gate = [], Counter(), asyncio.Semaphore(BURST_CONNECTIONS)
    await screen.current()
    began = time.perf_counter()

    async def scan(client: httpx.AsyncClient) -> None:
        async with gate:
            await _scan(client, screen, timings, statuses)

    await asyncio.gather(*(scan(c) for c in clients))
    return _figures(timings, statuses, time.perf_counter() - began)


def _figures(timings: list[float], statuses: Counter, elapsed: float) -> dict:
    cuts = statistics.quantiles(timings, n=20)
    return {
        "requests": len(timings),
        "seconds": round(elapsed, 2),
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(cuts[18], 1),
        "max_ms": round(max(timings), 1),
    }


async def _recorded(activity_id: int) -> dict:
    from backend.attendance.tables import Attendance

    rows = await Attendance.select(Attendance.staff_member).where(
        (Attendance.activity == activity_id) & Attendance.checked_in_at.is_not_null()
    )
    people = [row["staff_member"] for row in rows]
    return {"recorded": len(people), "distinct_people": len(set(people))}


async def _measure(people: int, seconds: float) -> dict:
    from backend.core.database import current_engine
    from backend.tooling.local_server import served

    drills, usernames = await _seed(people)
    with served(quiet=True) as base:
        officer = await _login(base, "officer")
        began = time.perf_counter()
        clients = await asyncio.gather(*(_login(base, name) for name in usernames))
        login_seconds = round(time.perf_counter() - began, 1)
        spread = await _spread(clients, Screen(officer, drills[0]), seconds)
        burst = await _burst(clients, Screen(officer, drills[1]))
        for client in [officer, *clients]:
            await client.aclose()
    return {
        "database": current_engine().engine_type,
        "people": people,
        "logins_seconds": login_seconds,
        "spread": {"over_seconds": seconds, **spread, **await _recorded(drills[0])},
        "burst": {"connections": BURST_CONNECTIONS, **burst, **await _recorded(drills[1])},
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_measure(int(sys.argv[1]), float(sys.argv[2])))))

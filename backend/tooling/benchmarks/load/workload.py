"""The mixed workload: virtual clients, each logged in as one person, sending requests one
after another without pause (closed loop) until the time is up.

  officer     books an activity (kind `book_activity`), saves the attendance of a drill that
              took place (`save_attendance`); the screen's check-in code (`check_in_code`)
  staff       checks in once to the drill about to start (`check_in`), then fetches their
              calendar feed (`feed`) as a calendar app does
  reviewer    opens the compliance matrix of the centre's city (`matrix`)
  commission  opens the compliance matrix of its city or county (`matrix`)
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx

from backend.core.clock import SHANGHAI, utc_now
from backend.tooling.benchmarks.load.accounts import PASSWORD, Cast, Hospital

# Of every 8 clients: 4 staff, 2 officers, a reviewer and a commission.
ROLE_CYCLE = ["staff", "officer", "staff", "reviewer", "staff", "officer", "staff", "commission"]
CODE_LIFETIME = 25.0  # seconds; the screen shows a new code every 30 s
TIMEOUT = 120.0


@dataclass
class Tally:
    """Every answer of one client level: (kind, status or 0 for no answer, milliseconds)."""

    answers: list[tuple[str, int, float]] = field(default_factory=list)

    def add(self, kind: str, status: int, started: float) -> None:
        self.answers.append((kind, status, (time.perf_counter() - started) * 1000))


@dataclass
class Drills:
    """Per hospital, the two drills one client level works on."""

    check_in: dict[int, int]  # institution -> drill starting in a few minutes
    held: dict[int, int]  # institution -> drill that took place this morning


def wall(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


async def login(base: str, username: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=TIMEOUT)
    answer = await client.post("/api/session", json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    return client


async def book(client: httpx.AsyncClient, hospital: Hospital, starts: datetime, **extra) -> int:
    body = {
        "kind": "drill",
        "topic": "pph",
        "title": "产后出血演练（压力测试）",
        "starts_at": wall(starts),
        "ends_at": wall(starts + timedelta(hours=2)),
        "host_institution_id": hospital.institution_id,
        "place": "示教室",
        "invite": {"staff_ids": [member for _, member in hospital.staff]},
        "conflict_override_reason": "压力测试",
        "confirm_duplicate": True,  # the same drill many times a day, on purpose
        **extra,
    }
    answer = await client.post("/api/activities", json=body)
    answer.raise_for_status()
    return answer.json()["activity"]["id"]


async def prepare_drills(officers: dict[int, httpx.AsyncClient], cast: Cast) -> Drills:
    now = utc_now().astimezone(SHANGHAI)
    drills = Drills({}, {})
    for hospital in cast.hospitals:
        client = officers[hospital.institution_id]
        drills.check_in[hospital.institution_id] = await book(
            client, hospital, now + timedelta(minutes=10)
        )
        drills.held[hospital.institution_id] = await book(
            client, hospital, now - timedelta(hours=3), allow_past=True
        )
    return drills


class Screen:
    """The officer's screen at the venue: the current code, fetched again before it expires."""

    def __init__(self, officer: httpx.AsyncClient, activity_id: int, tally: Tally) -> None:
        self.officer, self.activity_id, self.tally = officer, activity_id, tally
        self.code, self.until, self.lock = "", 0.0, asyncio.Lock()

    async def current(self) -> str:
        async with self.lock:
            if time.monotonic() >= self.until:
                started = time.perf_counter()
                answer = await self.officer.get(f"/api/activities/{self.activity_id}/check-in-code")
                self.tally.add("check_in_code", answer.status_code, started)
                answer.raise_for_status()
                self.code, self.until = answer.json()["code"], time.monotonic() + CODE_LIFETIME
        return self.code


@dataclass
class Stage:
    """What every client of one level shares."""

    cast: Cast
    drills: Drills
    screens: dict[int, Screen]
    feeds: dict[str, str]  # staff username -> feed path
    year: int
    deadline: float
    tally: Tally


async def timed(stage: Stage, kind: str, request) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        answer = await request
    except httpx.HTTPError:
        stage.tally.add(kind, 0, started)
        return None
    stage.tally.add(kind, answer.status_code, started)
    return answer


async def officer_loop(stage: Stage, client: httpx.AsyncClient, hospital: Hospital) -> None:
    rng = random.Random(hospital.institution_id)
    held = stage.drills.held[hospital.institution_id]
    for turn in itertools.count():
        if time.perf_counter() >= stage.deadline:
            return
        if turn % 2 == 0:
            day = utc_now().astimezone(SHANGHAI) + timedelta(days=rng.randrange(2, 300))
            body = _booking(hospital, day.replace(hour=rng.randrange(8, 17), minute=0), rng)
            await timed(stage, "book_activity", client.post("/api/activities", json=body))
        else:
            entries = [
                {"staff_id": member, "status": rng.choice(["present", "late", "absent"]),
                 "drill_role": "member"}
                for _, member in hospital.staff
            ]  # fmt: skip
            put = client.put(f"/api/activities/{held}/attendance", json={"entries": entries})
            await timed(stage, "save_attendance", put)


def _booking(hospital: Hospital, starts: datetime, rng: random.Random) -> dict:
    invited = rng.sample(hospital.staff, min(2, len(hospital.staff)))
    return {
        "kind": "cme_session",
        "title": "继续教育讲座（压力测试）",
        "starts_at": wall(starts),
        "ends_at": wall(starts + timedelta(hours=1)),
        "host_institution_id": hospital.institution_id,
        "place": "会议室",
        "invite": {"staff_ids": [member for _, member in invited]},
        "conflict_override_reason": "压力测试",
        "confirm_duplicate": True,
    }


async def staff_loop(
    stage: Stage, client: httpx.AsyncClient, hospital: Hospital, username: str
) -> None:
    code = await stage.screens[hospital.institution_id].current()
    await timed(stage, "check_in", client.post("/api/check-in", json={"code": code}))
    feed = stage.feeds[username]
    while time.perf_counter() < stage.deadline:
        await timed(stage, "feed", client.get(feed))


async def matrix_loop(stage: Stage, client: httpx.AsyncClient, jurisdiction: int) -> None:
    params = {"jurisdiction": jurisdiction, "year": stage.year}
    while time.perf_counter() < stage.deadline:
        await timed(stage, "matrix", client.get("/api/compliance/matrix", params=params))


def summarise(tally: Tally, clients: int, seconds: float) -> dict:
    kinds: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for kind, status, ms in tally.answers:
        kinds[kind].append((status, ms))
    errors = sum(1 for _, status, _ in tally.answers if status == 0 or status >= 500)
    return {
        "clients": clients,
        "seconds": round(seconds, 1),
        "requests": len(tally.answers),
        "requests_per_second": round(len(tally.answers) / seconds, 1),
        "errors": errors,
        "kinds": {kind: _kind_figures(answers) for kind, answers in sorted(kinds.items())},
    }


def _kind_figures(answers: list[tuple[int, float]]) -> dict:
    timings = sorted(ms for _, ms in answers)
    statuses: dict[str, int] = defaultdict(int)
    for status, _ in answers:
        statuses[str(status) if status else "no_answer"] += 1
    return {
        "requests": len(answers),
        "p50_ms": round(_percentile(timings, 0.50), 1),
        "p95_ms": round(_percentile(timings, 0.95), 1),
        "statuses": dict(sorted(statuses.items())),
    }


def _percentile(ordered: list[float], share: float) -> float:
    """Nearest rank: defined for any number of samples (a short run may have only a few)."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]

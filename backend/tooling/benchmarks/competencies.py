"""`drillbook bench competencies`: the competency pages over real HTTP on a synthetic province
(`drillbook generate-province --institutions 1000 --staff 60000 --years 3`).

Runs `drillbook serve` on the configured database and, with temporary logins removed afterwards:
- the department matrix (`GET /api/departments/{id}/competency-matrix`) as officers of the
  largest institutions, round-robin over every department of theirs, `requests` times (≥ 200):
  p50/p95 (goal p95 ≤ 50 ms);
- the commission's coverage of the whole province (`GET /api/competency-coverage?jurisdiction=`)
  as a commission of the province: the first request the server answers (cold), then p50/p95 of
  `runs` more (warm) (goal ≤ 1 s), and once more right after one new assessment was written (its
  institution's facts stamp changes, so that institution is recounted and the new holder must
  show at once; the assessment is removed afterwards).
"""

from __future__ import annotations

import secrets
import statistics
import time
from datetime import timedelta
from typing import Any

import httpx
from piccolo.query.functions.aggregate import Count

from backend.auth.passwords import hash_password
from backend.auth.tables import User
from backend.competencies.framework import version_on
from backend.competencies.holdings import NewAssessment, held_until
from backend.competencies.tables import CompetencyAssessment
from backend.compliance.freshness import facts_changed
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.database import close_database_pool, current_engine, open_database_pool
from backend.institutions.tables import Department, Jurisdiction
from backend.staff.tables import StaffMember
from backend.tooling.local_server import served

BENCH_PREFIX = "drillbook-bench-comp-"
MATRIX_GOAL_MS = 50
COVERAGE_GOAL_MS = 1000


async def _users(institutions: list[int], province: int, password: str) -> list[str]:
    await User.delete().where(User.username.like(f"{BENCH_PREFIX}%"))  # an interrupted run's
    digest, now = hash_password(password), utc_now()
    rows = [
        User(username=f"{BENCH_PREFIX}officer-{i}", password_hash=digest, display_name="benchmark",
             role="officer", institution=institution, created_at=now)
        for i, institution in enumerate(institutions)
    ] + [
        User(username=f"{BENCH_PREFIX}commission", password_hash=digest, display_name="benchmark",
             role="commission", jurisdiction=province, created_at=now)
    ]  # fmt: skip
    await User.insert(*rows)
    return [row.username for row in rows]


async def _largest_institutions(count: int) -> list[int]:
    rows = await StaffMember.select(StaffMember.institution, Count(alias="n")).group_by(
        StaffMember.institution
    )
    if not rows:
        raise SystemExit("bench competencies: no staff; run drillbook generate-province first")
    rows.sort(key=lambda r: (-r["n"], r["institution"]))
    return [r["institution"] for r in rows[:count]]


def _client(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    response = client.post("/api/session", json={"username": username, "password": password})
    response.raise_for_status()
    return client


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _cuts(timings: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(statistics.quantiles(timings, n=20, method="inclusive")[18], 1),
        "max_ms": round(max(timings), 1),
    }


async def _new_holder(today) -> tuple[int, int, str] | None:
    """(staff, institution, competency): a person in post who does not hold a competency
    required of them, to whom the bench gives one assessment."""
    framework = version_on(today)
    people = await (
        StaffMember.select(
            StaffMember.id, StaffMember.institution, StaffMember.role,
            StaffMember.department.kind.as_alias("kind"),
        )
        .where(StaffMember.active_to.is_null() & (StaffMember.role == "midwife"))
        .order_by(StaffMember.id)
        .limit(200)
    )  # fmt: skip
    held = await held_until([p["id"] for p in people])
    for person in people:
        for competency in framework.required_for(person["role"], person["kind"] or ""):
            until = held.get(person["id"], {}).get(competency.id)
            if until is None or until < today:
                return person["id"], person["institution"], competency.id
    return None


def _holders(coverage: dict, institution: int, competency: str) -> int:
    row = next(i for i in coverage["institutions"] if i["id"] == institution)
    return next(s["holders"] for s in row["shares"] if s["competency_id"] == competency)


async def bench_competencies(requests: int = 200, runs: int = 10, officers: int = 10) -> dict:
    await open_database_pool()
    try:
        return await _bench(max(requests, 200), max(runs, 3), officers)
    finally:
        await close_database_pool()


async def _bench(requests: int, runs: int, officers: int) -> dict[str, Any]:
    today = today_in_shanghai()
    province = await Jurisdiction.select(Jurisdiction.id).where(
        Jurisdiction.level == "province"
    ).first()  # fmt: skip
    institutions = await _largest_institutions(officers)
    departments = await Department.select(Department.id, Department.institution).where(
        Department.institution.is_in(institutions)
    )
    password = secrets.token_urlsafe(16)
    names = await _users(institutions, province["id"], password)
    target = await _new_holder(today)
    added: list[int] = []
    try:
        with served(quiet=True) as base:
            clients = {
                institution: _client(base, name, password)
                for institution, name in zip(institutions, names, strict=False)
            }
            commission = _client(base, names[-1], password)
            url = f"/api/competency-coverage?jurisdiction={province['id']}"
            started = time.perf_counter()
            first = commission.get(url)
            first.raise_for_status()
            cold = _ms(started)
            warm = []
            for _ in range(runs):
                started = time.perf_counter()
                commission.get(url).raise_for_status()
                warm.append(_ms(started))
            matrix, people = [], 0
            for d in {d["institution"]: d for d in departments}.values():  # warm each login
                clients[d["institution"]].get(f"/api/departments/{d['id']}/competency-matrix")
            for n in range(requests):
                d = departments[n % len(departments)]
                started = time.perf_counter()
                response = clients[d["institution"]].get(
                    f"/api/departments/{d['id']}/competency-matrix"
                )
                response.raise_for_status()
                matrix.append(_ms(started))
                people = max(people, len(response.json()["rows"]))
            fresh: dict[str, Any] = {}
            if target is not None:
                staff, institution, competency = target
                before = _holders(first.json(), institution, competency)
                row = NewAssessment(staff, institution, competency, "drill", "demonstrated",
                                    today - timedelta(days=1)).row(utc_now())  # fmt: skip
                result = await CompetencyAssessment.insert(row).returning(CompetencyAssessment.id)
                added.append(result[0]["id"])
                await facts_changed([institution])
                started = time.perf_counter()
                after = commission.get(url)
                fresh = {
                    "after_one_new_assessment_ms": round(_ms(started), 1),
                    "new_holder_counted": _holders(after.json(), institution, competency)
                    == before + 1,
                }
            for client in [*clients.values(), commission]:
                client.close()
    finally:
        if added:
            await CompetencyAssessment.delete().where(CompetencyAssessment.id.is_in(added))
            await facts_changed([target[1]])
        await User.delete().where(User.username.like(f"{BENCH_PREFIX}%"))
    matrix_cuts, warm_cuts = _cuts(matrix), _cuts(warm)
    return {
        "database": current_engine().engine_type,
        "institutions": len(first.json()["institutions"]),
        "staff": await StaffMember.count(),
        "assessments": await CompetencyAssessment.count(),
        "department_matrix": {
            "requests": requests, "departments": len(departments), "officers": len(clients),
            "largest_department_people": people, **matrix_cuts, "goal_p95_ms": MATRIX_GOAL_MS,
            "within_goal": matrix_cuts["p95_ms"] <= MATRIX_GOAL_MS,
        },
        "province_coverage": {
            "cold_ms": round(cold, 1), "warm_runs": runs, **warm_cuts, **fresh,
            "goal_ms": COVERAGE_GOAL_MS,
            "within_goal": max(cold, warm_cuts["p95_ms"]) <= COVERAGE_GOAL_MS,
        },
    }  # fmt: skip

"""`drillbook bench oversight`: how long oversight work takes on the configured database (build
one with `drillbook generate-province`). Each entry of BENCHES is an async function
(runs) -> dict of figures; the command runs them in order and prints every figure. Helper C's
zone-page timing appends itself here.

Sampling: drawing a spot-check sample for one zone and the last ended quarter (risk inputs,
compliance gaps from the snapshots, the draw and its rows), goal <= 0.5 s. The synthetic
province has no zones: the bench makes its own for the run (a city maternal centre leading up to 25
midwifery institutions of its city) and removes it afterwards. The first draw may have to judge
stale snapshots (reported apart); the timed draws are each rolled back, so every one draws the
same quarter afresh and nothing is left behind.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.database import close_database_pool, open_database_pool, transaction
from backend.core.periods import PeriodKind, period_containing
from backend.institutions.tables import Institution, Jurisdiction, Zone, ZoneMembership
from backend.spot_checks import sampling
from backend.tooling.benchmarks.zones import bench_zone_page

ZONE_SIZE = 25
BENCH_ZONE = "drillbook-bench-zone"


class _RolledBack(Exception):
    """Raised at the end of a timed draw so that its rows are not kept."""


def _admin() -> Viewer:
    return Viewer(user_id=None, username="bench", display_name="bench", role=UserRole.admin,
                  institution_id=None, jurisdiction_id=None, staff_member_id=None, locale="zh",
                  institution_ids=None, jurisdiction_ids=None)  # type: ignore[arg-type]  # fmt: skip


async def _bench_zone() -> int:
    """A zone made for the run (no sample of it exists yet): the first city maternal centre
    leading up to ZONE_SIZE midwifery institutions of its city."""
    await Zone.delete().where(Zone.code == BENCH_ZONE)  # left by an interrupted run
    centre = await Institution.select(Institution.id, Institution.jurisdiction).where(
        Institution.city_maternal_centre == True  # noqa: E712
    ).first()  # fmt: skip
    if centre is None:
        raise SystemExit("bench oversight: no city maternal centre; run generate-province first")
    county = await Jurisdiction.select(Jurisdiction.parent).where(
        Jurisdiction.id == centre["jurisdiction"]
    ).first()  # fmt: skip
    counties = Jurisdiction.select(Jurisdiction.id).where(Jurisdiction.parent == county["parent"])
    members = await (
        Institution.select(Institution.id)
        .where(Institution.jurisdiction.is_in(counties) & (Institution.is_midwifery == True))  # noqa: E712
        .order_by(Institution.id)
        .limit(ZONE_SIZE)
    )
    rows = await Zone.insert(
        Zone(code=BENCH_ZONE, name_zh="基准测试片区", lead_institution=centre["id"])
    ).returning(Zone.id)  # fmt: skip
    zone_id = rows[0]["id"]
    await ZoneMembership.insert(
        *[ZoneMembership(zone=zone_id, institution=m["id"]) for m in members]
    )
    return zone_id


async def bench_sampling(runs: int) -> dict[str, Any]:
    today = today_in_shanghai()
    quarter = period_containing(
        PeriodKind.quarter, period_containing(PeriodKind.quarter, today).start - timedelta(days=1)
    )
    zone_id = await _bench_zone()
    viewer = _admin()
    try:
        zone = await Zone.select().where(Zone.id == zone_id).first()
        started = time.perf_counter()
        inputs = await sampling.gather_inputs(zone, quarter, today)  # judges stale snapshots
        first = time.perf_counter() - started
        size = max(sum(1 for i in inputs["institutions"].values() if i["records"]), 1) + 5
        timings = []
        for run in range(runs):
            request = sampling.SampleRequest(zone_id, quarter.label, size, seed=run)
            started = time.perf_counter()
            try:
                async with transaction():
                    await sampling.draw_sample(viewer, request, utc_now(), today)
                    timings.append(time.perf_counter() - started)
                    raise _RolledBack
            except _RolledBack:
                pass
    finally:
        await Zone.delete().where(Zone.id == zone_id)
    return {
        "sampling_zone_institutions": len(inputs["institutions"]),
        "sampling_candidates": len(inputs["candidates"]),
        "sampling_quarter": quarter.label,
        "sampling_first_inputs_seconds": round(first, 3),
        "sampling_draw_seconds_median": round(statistics.median(timings), 3),
        "sampling_draw_seconds_max": round(max(timings), 3),
        "sampling_goal_seconds": 0.5,
    }


# Helper C appends the zone page's timing: async (runs) -> dict of figures.
BENCHES: list[Callable[[int], Awaitable[dict[str, Any]]]] = [bench_sampling, bench_zone_page]


async def bench_oversight(runs: int = 3) -> dict[str, Any]:
    await open_database_pool()
    try:
        figures: dict[str, Any] = {}
        for bench in BENCHES:
            figures.update(await bench(runs))
        return figures
    finally:
        await close_database_pool()

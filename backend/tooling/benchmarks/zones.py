"""The zone page's timing for `drillbook bench oversight`: on the synthetic province, the data of
one zone's page for the last ended quarter (snapshots warm), its Excel report, and a commission's
landing page.

The synthetic province has no zones: a bench zone is made for the run (a city centre leading
every institution of its city, 100 at 1,000 institutions: more than any real zone) and removed
afterwards, so the database is left as it was.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from typing import Any

from backend.compliance.freshness import facts_changed
from backend.compliance.report import COMMAND_LINE
from backend.core.clock import today_in_shanghai
from backend.core.database import close_database_pool, open_database_pool
from backend.core.periods import PeriodKind, period_containing
from backend.institutions.tables import Institution, Jurisdiction, Zone, ZoneMembership
from backend.zones.commission_summary import commission_summary
from backend.zones.export import zone_report
from backend.zones.overview import zone_overview

BENCH_ZONE = "drillbook-bench-zone"
GOAL_MS = 200


async def bench_zone_page(runs: int = 5) -> dict[str, Any]:
    """Figures of the zone page; expects an open database (the caller's pool)."""
    today = today_in_shanghai()
    this_quarter = period_containing(PeriodKind.quarter, today)
    quarter = period_containing(PeriodKind.quarter, this_quarter.start - timedelta(days=1)).label
    zone, city, members = await _bench_zone()
    try:
        cold = await _timed(lambda: zone_overview(COMMAND_LINE, zone, quarter))
        page = [
            await _timed(lambda: zone_overview(COMMAND_LINE, zone, quarter)) for _ in range(runs)
        ]
        overview = await zone_overview(COMMAND_LINE, zone, quarter)
        started = time.perf_counter()
        zone_report(overview)
        excel = time.perf_counter() - started + statistics.median(page)
        await commission_summary(COMMAND_LINE, city)  # warm
        summary = [await _timed(lambda: commission_summary(COMMAND_LINE, city)) for _ in range(3)]
    finally:
        await _remove(zone)
    warm_ms = statistics.median(page) * 1000
    return {
        "zone_members": members,
        "zone_page_quarter": quarter,
        "zone_page_first_ms": round(cold * 1000, 1),
        "zone_page_ms": round(warm_ms, 1),
        "zone_page_max_ms": round(max(page) * 1000, 1),
        "zone_page_goal_ms": GOAL_MS,
        "zone_page_within_goal": warm_ms <= GOAL_MS,
        "zone_report_xlsx_ms": round(excel * 1000, 1),
        "commission_summary_city_ms": round(statistics.median(summary) * 1000, 1),
    }


async def _timed(call) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


async def _bench_zone() -> tuple[int, int, int]:
    """(zone, its city, member count): a city centre leading every institution of its city."""
    await _remove_leftover()
    lead = (
        await Institution.select(Institution.id, Institution.jurisdiction)
        .where(Institution.city_maternal_centre == True)  # noqa: E712
        .order_by(Institution.id)
        .first()
    )
    if lead is None:
        lead = await Institution.select(Institution.id, Institution.jurisdiction).first()
    if lead is None:
        raise RuntimeError("the database has no institutions: run drillbook generate-province")
    county = (
        await Jurisdiction.select(Jurisdiction.parent)
        .where(Jurisdiction.id == lead["jurisdiction"])
        .first()
    )
    city = county["parent"] or lead["jurisdiction"]
    counties = Jurisdiction.select(Jurisdiction.id).where(
        (Jurisdiction.parent == city) | (Jurisdiction.id == city)
    )
    members = await Institution.select(Institution.id).where(
        Institution.jurisdiction.is_in(counties)
    )
    zone = Zone(code=BENCH_ZONE, name_zh="基准测试片区", lead_institution=lead["id"])
    await zone.save()
    await ZoneMembership.insert(
        *[ZoneMembership(zone=zone.id, institution=m["id"]) for m in members]
    )
    await facts_changed([lead["id"]])  # a centre's zone is what its spot-check duty counts
    return zone.id, city, len(members)


async def _remove(zone: int) -> None:
    lead = await Zone.select(Zone.lead_institution).where(Zone.id == zone).first()
    await ZoneMembership.delete().where(ZoneMembership.zone == zone)
    await Zone.delete().where(Zone.id == zone)
    if lead:
        await facts_changed([lead["lead_institution"]])


async def _remove_leftover() -> None:
    row = await Zone.select(Zone.id).where(Zone.code == BENCH_ZONE).first()
    if row:
        await _remove(row["id"])


async def _standalone(runs: int) -> dict[str, Any]:
    await open_database_pool()
    try:
        return await bench_zone_page(runs)
    finally:
        await close_database_pool()


if __name__ == "__main__":  # python -m backend.tooling.benchmarks.zones
    import asyncio
    import json

    print(json.dumps(asyncio.run(_standalone(5)), ensure_ascii=False, indent=2))

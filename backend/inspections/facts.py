"""The inspection facts the compliance engine reads (compliance/measure_inspections.py): each
quality inspection a centre or commission hosted, with the counties of the institutions visited."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityKind
from backend.compliance.facts import InspectionFact
from backend.core.clock import end_of_day_utc, start_of_day_utc
from backend.core.periods import local_date
from backend.inspections.tables import InspectionVisit
from backend.institutions.tables import Institution

INSPECTION_KINDS = (ActivityKind.quality_inspection.value,)


async def inspection_facts(
    hosted_by: str, ids: list[int], first_day: date, last_day: date
) -> dict[int, list[InspectionFact]]:
    """host id -> its inspections starting in [first_day, last_day], by day then id.
    `hosted_by`: "institution" (a centre) or "jurisdiction" (a commission)."""
    if not ids:
        return {}
    host = Activity.host_institution if hosted_by == "institution" else Activity.host_jurisdiction
    rows = await Activity.select(
        Activity.id, Activity.kind, Activity.status, Activity.starts_at, host.as_alias("host")
    ).where(
        host.is_in(ids)
        & Activity.kind.is_in(list(INSPECTION_KINDS))
        & (Activity.starts_at >= start_of_day_utc(first_day))
        & (Activity.starts_at < end_of_day_utc(last_day))
    )
    visited: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    if rows:
        visits = await InspectionVisit.select(
            InspectionVisit.activity,
            InspectionVisit.institution,
            InspectionVisit.institution.jurisdiction.as_alias("county"),
            InspectionVisit.institution.jurisdiction.name_zh.as_alias("county_name"),
        ).where(InspectionVisit.activity.is_in([r["id"] for r in rows]))
        for v in visits:
            visited[v["activity"]].append((v["institution"], v["county"], v["county_name"]))
    found: dict[int, list[InspectionFact]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["starts_at"], r["id"])):
        found[row["host"]].append(
            InspectionFact(
                activity_id=row["id"],
                kind=row["kind"],
                status=row["status"],
                day=local_date(row["starts_at"]),
                visited=tuple(sorted(visited[row["id"]])),
            )
        )
    return found


async def inspectable_institutions(jurisdiction_ids: list[int]) -> dict[int, frozenset[int]]:
    """county id -> its active midwifery institutions (district-inspection's denominator)."""
    rows = await Institution.select(Institution.id, Institution.jurisdiction).where(
        Institution.jurisdiction.is_in(jurisdiction_ids or [0])
        & (Institution.is_midwifery == True)  # noqa: E712
        & (Institution.active == True)  # noqa: E712
    )
    found: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        found[row["jurisdiction"]].add(row["id"])
    return {j: frozenset(found.get(j, ())) for j in jurisdiction_ids}

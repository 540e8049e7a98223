"""Which institutions a quality inspection visits: read by anyone who sees the activity, replaced
by its host (the commission, or the centre's officer or reviewer). Centre-inspection and
district-inspection coverage is counted from these visits (compliance/measure_inspections.py)."""

from __future__ import annotations

from datetime import datetime

from backend.activities import checks
from backend.activities.service import visible_activity
from backend.activities.vocabulary import ActivityKind
from backend.attendance.invitees import hosts, refuse_outside_scope
from backend.audit.chain import append as audit
from backend.auth.scope import Viewer, jurisdictions_below, may_book_for
from backend.compliance.freshness import facts_changed
from backend.core.chinese_order import pinyin_key
from backend.core.database import transaction
from backend.core.errors import InvalidInput
from backend.inspections.schemas import InspectedIn, InspectedInstitutionOut, InspectedOut
from backend.inspections.tables import InspectionVisit
from backend.institutions.tables import Institution, Jurisdiction

_INSTITUTION = (
    Institution.id,
    Institution.name_zh,
    Institution.name_en,
    Institution.kind,
    Institution.jurisdiction,
    Institution.jurisdiction.name_zh.as_alias("jurisdiction_name_zh"),
    Institution.jurisdiction.name_en.as_alias("jurisdiction_name_en"),
)
_CITY_CENTRE = ("city_maternal_centre", "city_neonatal_centre")
_COUNTY_CENTRE = ("county_maternal_centre", "county_neonatal_centre")


def _out(row: dict) -> InspectedInstitutionOut:
    return InspectedInstitutionOut(
        id=row["id"],
        name_zh=row["name_zh"],
        name_en=row["name_en"] or row["name_zh"],
        kind=row["kind"],
        jurisdiction_id=row["jurisdiction"],
        jurisdiction_name_zh=row["jurisdiction_name_zh"],
        jurisdiction_name_en=row["jurisdiction_name_en"] or row["jurisdiction_name_zh"],
    )


async def inspection_scope(row: dict) -> set[int] | None:
    """Institutions an inspection's host may visit: a commission its subtree; a city centre
    its city; a county centre its county. None: an ordinary institution hosts it."""
    if row["host_jurisdiction"] is not None:
        area = await jurisdictions_below(row["host_jurisdiction"])
    else:
        host = await Institution.select().where(Institution.id == row["host_institution"]).first()
        if host is None:
            return None
        county = host["jurisdiction"]
        if any(host[flag] for flag in _CITY_CENTRE):
            parent = (
                await Jurisdiction.select(Jurisdiction.parent, Jurisdiction.level)
                .where(Jurisdiction.id == county)
                .first()
            )
            city = parent["parent"] if parent["level"] == "county" else county
            area = await jurisdictions_below(city or county)
        elif any(host[flag] for flag in _COUNTY_CENTRE):
            area = {county}
        else:
            return None
    rows = await Institution.select(Institution.id).where(
        Institution.jurisdiction.is_in(sorted(area) or [0])
    )
    return {r["id"] for r in rows}


async def _inspection(viewer: Viewer, activity_id: int) -> dict:
    row = await visible_activity(viewer, activity_id)
    if row["kind"] != ActivityKind.quality_inspection.value:
        raise InvalidInput("not_an_inspection")
    return row


async def inspected(viewer: Viewer, activity_id: int) -> InspectedOut:
    row = await _inspection(viewer, activity_id)
    visits = await InspectionVisit.select(InspectionVisit.institution).where(
        InspectionVisit.activity == activity_id
    )
    ids = [v["institution"] for v in visits]
    rows = await Institution.select(*_INSTITUTION).where(Institution.id.is_in(ids or [0]))
    host = hosts(viewer, row)
    shown = [r for r in rows if host or viewer.sees_institution(r["id"])]
    shown.sort(key=lambda r: (pinyin_key(r["jurisdiction_name_zh"]), pinyin_key(r["name_zh"])))
    may_edit = row["status"] != "cancelled" and await may_book_for(
        viewer, row["host_institution"], row["host_jurisdiction"]
    )
    candidates: list[InspectedInstitutionOut] = []
    if may_edit:
        scope = await inspection_scope(row)
        may_edit = scope is not None
        if scope:
            options = await Institution.select(*_INSTITUTION).where(
                Institution.id.is_in(sorted(scope)) & (Institution.active == True)  # noqa: E712
            )
            options.sort(
                key=lambda r: (pinyin_key(r["jurisdiction_name_zh"]), pinyin_key(r["name_zh"]))
            )
            candidates = [_out(r) for r in options]
    return InspectedOut(
        activity_id=activity_id,
        institutions=[_out(r) for r in shown],
        others_count=len(rows) - len(shown),
        counties_count=len({r["jurisdiction"] for r in shown}),
        may_edit=may_edit,
        candidates=candidates,
    )


async def replace_inspected(
    viewer: Viewer, activity_id: int, data: InspectedIn, now: datetime
) -> None:
    """The host names the institutions visited; every check runs before anything is written."""
    row = await checks.editable_activity(viewer, activity_id)
    if row["kind"] != ActivityKind.quality_inspection.value:
        raise InvalidInput("not_an_inspection")
    scope = await inspection_scope(row)
    if scope is None:
        raise InvalidInput("inspection_needs_duty_host")
    wanted = list(dict.fromkeys(data.institution_ids))
    for institution_id in wanted:
        if institution_id not in scope:
            await refuse_outside_scope(viewer, institution_id)
    async with transaction():
        await InspectionVisit.delete().where(InspectionVisit.activity == activity_id)
        if wanted:
            await InspectionVisit.insert(
                *[InspectionVisit(activity=activity_id, institution=i) for i in wanted]
            )
        # a centre's coverage is judged in its own snapshot; commissions are judged fresh
        await facts_changed([row["host_institution"]])
        await audit("inspection.visits_replaced", "activity", activity_id,
                    {"institutions": wanted}, actor=viewer.user_id, at=now)  # fmt: skip

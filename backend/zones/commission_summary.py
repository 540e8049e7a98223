"""A health commission's landing page: the institutions below it with the most gaps, the overdue
rectification orders in its area, and its own duties for the year."""

from __future__ import annotations

from datetime import date

from backend.auth.scope import Viewer, subtree
from backend.compliance.commissions import commission_duties, commission_parents
from backend.compliance.profiles import jurisdiction_tree
from backend.compliance.service import (
    SEVERITY,
    jurisdiction_verdicts,
    matrix_of,
    period_order,
    updating_of,
)
from backend.core.chinese_order import pinyin_key
from backend.core.clock import today_in_shanghai
from backend.institutions.tables import Institution, Zone
from backend.rectification.tables import RectificationOrder
from backend.rules.catalogue import default_catalogue
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample
from backend.zones import schemas
from backend.zones.overview import CLOSED

TOP = 10


async def commission_summary(
    viewer: Viewer, jurisdiction_id: int, year: int | None = None, as_of: date | None = None
) -> schemas.CommissionSummary:
    """Admin: any jurisdiction. A commission: its own or one below it. Everyone else, and a
    commission above or beside its area: 404 (commission_parents). Judgements stale by a rule
    change or an upgrade are shown as they were, marked `updating` (snapshots' serve_stale)."""
    today = as_of or today_in_shanghai()
    year = year or today.year
    tree = await jurisdiction_tree()
    parents = commission_parents(viewer, tree, jurisdiction_id)
    _, verdicts = await jurisdiction_verdicts(viewer, jurisdiction_id, year, serve_stale=True)
    matrix = matrix_of(jurisdiction_id, year, today, None, tree, verdicts)
    ranked = sorted(matrix.rows, key=lambda r: (-r.gaps, pinyin_key(r.institution.name_zh)))
    county_of = {v.row["id"]: v.row["jurisdiction"] for v in verdicts}
    top = [
        schemas.TopInstitution(
            id=row.institution.id,
            code=row.institution.code,
            name_zh=row.institution.name_zh,
            jurisdiction_id=county_of[row.institution.id],
            jurisdiction_name=row.jurisdiction_name,
            gaps=row.gaps,
        )
        for row in ranked[:TOP]
        if row.gaps > 0
    ]
    area = list(subtree(parents, jurisdiction_id))
    return schemas.CommissionSummary(
        jurisdiction_id=jurisdiction_id,
        name_zh=tree[jurisdiction_id]["name_zh"],
        level=tree[jurisdiction_id]["level"],
        year=year,
        as_of=today,
        institutions=len(matrix.rows),
        with_gaps=sum(1 for row in matrix.rows if row.gaps > 0),
        top=top,
        overdue_orders=await _overdue(viewer, area, today),
        duties=await _own_duties(viewer, jurisdiction_id, year, today),
        zones=await _zones(area),
        **updating_of(verdicts),
    )


async def _zones(area: list[int]) -> list[schemas.ZoneLink]:
    rows = (
        await Zone.select(
            Zone.id, Zone.name_zh, Zone.name_en, Zone.lead_institution.name_zh.as_alias("lead")
        )
        .where(Zone.lead_institution.jurisdiction.is_in(area))
        .order_by(Zone.code)
    )
    return [schemas.ZoneLink(r["id"], r["name_zh"], r["name_en"], r["lead"]) for r in rows]


async def _overdue(viewer: Viewer, area: list[int], today: date) -> list[schemas.OverdueOrder]:
    rows = (
        await RectificationOrder.select(
            RectificationOrder.id,
            RectificationOrder.institution,
            RectificationOrder.institution.name_zh.as_alias("institution_name"),
            RectificationOrder.finding,
            RectificationOrder.due_on,
            RectificationOrder.status,
            RectificationOrder.review,
        )
        .where(
            RectificationOrder.institution.is_in(
                Institution.select(Institution.id).where(Institution.jurisdiction.is_in(area))
            )
            & (RectificationOrder.status != CLOSED)
            & (RectificationOrder.due_on < today)
        )
        .order_by(RectificationOrder.due_on)
        .order_by(RectificationOrder.id)
    )
    rows = [row for row in rows if viewer.sees_institution(row["institution"])]
    # review -> draw -> sample -> zone, step by step (long join aliases collide on PostgreSQL)
    draw_of = {
        r["id"]: r["draw"]
        for r in await SpotCheckReview.select(SpotCheckReview.id, SpotCheckReview.draw).where(
            SpotCheckReview.id.is_in([row["review"] for row in rows] or [0])
        )
    }
    sample_of = {
        r["id"]: r["sample"]
        for r in await SpotCheckDraw.select(SpotCheckDraw.id, SpotCheckDraw.sample).where(
            SpotCheckDraw.id.is_in(list(draw_of.values()) or [0])
        )
    }
    samples = {
        r["id"]: r
        for r in await SpotCheckSample.select(
            SpotCheckSample.id,
            SpotCheckSample.quarter,
            SpotCheckSample.zone.name_zh.as_alias("zone_name"),
        ).where(SpotCheckSample.id.is_in(list(sample_of.values()) or [0]))
    }
    found = []
    for row in rows:
        sample = samples[sample_of[draw_of[row["review"]]]]
        found.append(
            schemas.OverdueOrder(
                id=row["id"],
                institution_id=row["institution"],
                institution_name=row["institution_name"],
                zone_name=sample["zone_name"],
                quarter=sample["quarter"],
                finding=row["finding"],
                due_on=row["due_on"],
                status=row["status"],
                days_overdue=(today - row["due_on"]).days,
            )
        )
    return found


async def _own_duties(
    viewer: Viewer, jurisdiction_id: int, year: int, today: date
) -> list[schemas.Duty]:
    duties = await commission_duties(viewer, jurisdiction_id, year, today)
    own = next((row for row in duties.rows if row.jurisdiction_id == jurisdiction_id), None)
    if own is None:
        return []
    rules = default_catalogue().rules
    # what needs doing first: gaps, partly met, due soon... then by period
    findings = sorted(
        own.findings,
        key=lambda f: (
            SEVERITY.index(f.status) if f.status in SEVERITY else 99,
            period_order(f.period),
        ),
    )
    return [
        schemas.Duty(
            rule_id=f.rule_id,
            rule_name_zh=rules[f.rule_id].name_zh if f.rule_id in rules else f.rule_name_zh,
            rule_name_en=rules[f.rule_id].name_en if f.rule_id in rules else f.rule_name_en,
            period=f.period,
            status=f.status,
            reason_zh=f.reason_zh,
            reason_en=f.reason_en,
        )
        for f in findings
    ]

"""The zone page: each member institution's compliance, spot-checks and rectification for a quarter,
a league table and a four-quarter trend, read by the zone's lead centre.

Compliance comes from the compliance snapshots exactly as the matrix reads them (`matrix_of`: the
worst status of each rule over the quarter, gaps = rules with a gap or partly met). Spot-checks and
rectification orders are read straight from their tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.compliance.service import institution_verdicts, matrix_of, updating_of
from backend.core.chinese_order import pinyin_key
from backend.core.clock import today_in_shanghai
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.periods import Period, PeriodKind, local_date, parse_period, period_containing
from backend.institutions.tables import Zone, ZoneMembership
from backend.rectification.tables import RectificationOrder
from backend.rules.catalogue import default_catalogue
from backend.spot_checks.checklist import checklist
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample
from backend.zones import schemas

TREND_QUARTERS = 4
CLOSED = "accepted"  # the only status that ends an order


def quarter_of(label: str | None, today: date) -> Period:
    """The quarter asked for, or the current CST quarter; 400 naming the value otherwise."""
    if label is None or not label.strip():
        return period_containing(PeriodKind.quarter, today)
    try:
        period = parse_period(label.strip())
    except ValueError:
        period = None
    if period is None or period.kind is not PeriodKind.quarter:
        raise InvalidInput("zone_quarter_invalid", value=label)
    if not 2000 <= period.start.year <= 2100:
        raise InvalidInput("zone_quarter_invalid", value=label)
    return period


def quarters_ending(period: Period, count: int = TREND_QUARTERS) -> list[Period]:
    """`count` quarters, oldest first, the last one `period`."""
    found = [period]
    while len(found) < count:
        found.insert(0, period_containing(PeriodKind.quarter, found[0].start - timedelta(days=1)))
    return found


async def _zone_row(zone_id: int) -> dict:
    row = (
        await Zone.select(
            Zone.all_columns(),
            Zone.lead_institution.name_zh.as_alias("lead_name"),
            Zone.lead_institution.jurisdiction.as_alias("lead_jurisdiction"),
        )
        .where(Zone.id == zone_id)
        .first()
    )
    if row is None:
        raise NotFound("unknown_zone", id=zone_id)
    return row


async def readable_zone(viewer: Viewer, zone_id: int) -> tuple[dict, list[int]]:
    """The zone and the member institutions the viewer reads on its page.

    The administrator: any zone. The lead centre's reviewer: its own zones; another zone 404.
    A commission: a zone whose lead centre lies in its area (only the members it sees).
    Officers and staff: not a zone page; 403 for a zone they can see (their institution is a
    member), 404 for any other, exactly like a missing one."""
    zone = await _zone_row(zone_id)
    members = [
        row["institution"]
        for row in await ZoneMembership.select(ZoneMembership.institution).where(
            ZoneMembership.zone == zone_id
        )
    ]
    lead = zone["lead_institution"]
    if viewer.is_admin:
        return zone, members
    if viewer.role == UserRole.reviewer:
        if viewer.institution_id != lead:
            raise NotFound("unknown_zone", id=zone_id)
        return zone, [i for i in members if viewer.sees_institution(i)]
    if viewer.role == UserRole.commission:
        if not viewer.sees_institution(lead):
            raise NotFound("unknown_zone", id=zone_id)
        return zone, [i for i in members if viewer.sees_institution(i)]
    if viewer.sees_institution(lead) or any(viewer.sees_institution(i) for i in members):
        raise Forbidden("forbidden")
    raise NotFound("unknown_zone", id=zone_id)


@dataclass
class _Spot:
    """What the zone's samples, reviews and orders say, per institution."""

    drawn: bool
    draws: Counter
    reviewed: Counter
    drafts: Counter
    ratings: dict[int, Counter]
    draw_rows: list[schemas.ZoneDraw]
    orders: list[schemas.ZoneOrder]


async def _spot_checks(zone_id: int, quarter: str, names: dict[int, str], today: date) -> _Spot:
    rated = checklist()
    samples = await SpotCheckSample.select(SpotCheckSample.id).where(
        (SpotCheckSample.zone == zone_id)
        & (SpotCheckSample.quarter == quarter)
        & (SpotCheckSample.superseded == False)  # noqa: E712
    )
    sample_ids = [s["id"] for s in samples]
    draws = (
        await SpotCheckDraw.select(
            SpotCheckDraw.id,
            SpotCheckDraw.sample,
            SpotCheckDraw.position,
            SpotCheckDraw.institution,
            SpotCheckDraw.record.activity.title.as_alias("title"),
            SpotCheckDraw.record.activity.starts_at.as_alias("starts_at"),
        )
        .where(SpotCheckDraw.sample.is_in(sample_ids or [0]))
        .order_by(SpotCheckDraw.sample)
        .order_by(SpotCheckDraw.position)
    )
    reviews = {
        r["draw"]: r
        for r in await SpotCheckReview.select(
            SpotCheckReview.draw, SpotCheckReview.status, SpotCheckReview.rating
        ).where(SpotCheckReview.draw.is_in([d["id"] for d in draws] or [0]))
    }
    spot = _Spot(bool(sample_ids), Counter(), Counter(), Counter(), defaultdict(Counter), [], [])
    for draw in draws:
        institution = draw["institution"]
        if institution not in names:
            continue
        spot.draws[institution] += 1
        review = reviews.get(draw["id"])
        status = review["status"] if review else "none"
        rating = review["rating"] if review and status == "submitted" else ""
        if status == "submitted":
            spot.reviewed[institution] += 1
            if rating:
                spot.ratings[institution][rating] += 1
        elif status == "draft":
            spot.drafts[institution] += 1
        known = rated.rating(rating) if rating else None
        spot.draw_rows.append(
            schemas.ZoneDraw(
                draw_id=draw["id"],
                sample_id=draw["sample"],
                quarter=quarter,
                position=draw["position"],
                institution_id=institution,
                institution_name=names[institution],
                activity_title=draw["title"] or "",
                held_on=local_date(draw["starts_at"]) if draw["starts_at"] else None,
                review_status=status,
                rating=rating,
                rating_name_zh=known.name_zh if known else rating,
                rating_name_en=known.name_en if known else rating,
            )
        )
    spot.orders = await _orders(zone_id, quarter, names, today)
    return spot


async def _orders(
    zone_id: int, quarter: str, names: dict[int, str], today: date
) -> list[schemas.ZoneOrder]:
    """The quarter's orders, and the orders of earlier quarters still open. (Step by step, not
    one deep join: PostgreSQL cuts the long join aliases to 63 characters, where they collide.)"""
    quarter_of_sample = {
        row["id"]: row["quarter"]
        for row in await SpotCheckSample.select(SpotCheckSample.id, SpotCheckSample.quarter).where(
            (SpotCheckSample.zone == zone_id) & (SpotCheckSample.quarter <= quarter)
        )
    }
    review_draws = await review_origins(list(quarter_of_sample))
    rows = (
        await RectificationOrder.select(
            RectificationOrder.id,
            RectificationOrder.institution,
            RectificationOrder.finding,
            RectificationOrder.due_on,
            RectificationOrder.status,
            RectificationOrder.review,
        )
        .where(RectificationOrder.review.is_in(list(review_draws) or [0]))
        .order_by(RectificationOrder.due_on)
        .order_by(RectificationOrder.id)
    )
    orders = []
    for row in rows:
        draw_id, sample_id = review_draws[row["review"]]
        order_quarter = quarter_of_sample[sample_id]
        if row["institution"] not in names:
            continue
        if order_quarter != quarter and row["status"] == CLOSED:
            continue
        late = (today - row["due_on"]).days if row["status"] != CLOSED else 0
        orders.append(
            schemas.ZoneOrder(
                id=row["id"],
                quarter=order_quarter,
                institution_id=row["institution"],
                institution_name=names[row["institution"]],
                finding=row["finding"],
                due_on=row["due_on"],
                status=row["status"],
                overdue=late > 0,
                days_overdue=max(late, 0),
                draw_id=draw_id,
            )
        )
    return orders


async def review_origins(sample_ids: list[int]) -> dict[int, tuple[int, int]]:
    """review id -> (draw id, sample id) for the reviews of these samples."""
    draws = {
        row["id"]: row["sample"]
        for row in await SpotCheckDraw.select(SpotCheckDraw.id, SpotCheckDraw.sample).where(
            SpotCheckDraw.sample.is_in(sample_ids or [0])
        )
    }
    rows = await SpotCheckReview.select(SpotCheckReview.id, SpotCheckReview.draw).where(
        SpotCheckReview.draw.is_in(list(draws) or [0])
    )
    return {row["id"]: (row["draw"], draws[row["draw"]]) for row in rows}


async def zone_overview(
    viewer: Viewer,
    zone_id: int,
    quarter: str | None = None,
    as_of: date | None = None,
    serve_stale: bool = False,
) -> schemas.ZoneOverview:
    """`serve_stale` (the page): judgements stale by a rule change or an upgrade are shown as
    they were, marked `updating`; the quarterly report (a file) waits for fresh ones."""
    today = as_of or today_in_shanghai()
    period = quarter_of(quarter, today)
    zone, members = await readable_zone(viewer, zone_id)
    quarters = quarters_ending(period)
    catalogue = default_catalogue()
    tree, verdicts = await institution_verdicts(
        members, quarters[0].start, period.last_day, catalogue, serve_stale=serve_stale
    )
    rows = [verdict.row for verdict in verdicts]
    year = period.start.year
    matrices = [
        matrix_of(0, q.start.year, today, q.label, tree, verdicts) if verdicts else None
        for q in quarters
    ]
    names = {row["id"]: row["name_zh"] for row in rows}
    county_of = {row["id"]: row["jurisdiction"] for row in rows}
    spot = await _spot_checks(zone_id, period.label, names, today)
    poor = checklist().poor_ratings
    orders_of: dict[int, list[schemas.ZoneOrder]] = defaultdict(list)
    for order in spot.orders:
        orders_of[order.institution_id].append(order)

    current = matrices[-1]
    trend_by_id = {
        row.institution.id: [m.rows[i].gaps for m in matrices]
        for i, row in enumerate(current.rows if current else [])
    }
    institutions = []
    for row in current.rows if current else []:
        ident = row.institution.id
        ratings = spot.ratings.get(ident, Counter())
        mine = orders_of.get(ident, [])
        institutions.append(
            schemas.ZoneInstitution(
                rank=0,
                id=ident,
                code=row.institution.code,
                name_zh=row.institution.name_zh,
                kind=row.institution.kind,
                jurisdiction_id=county_of[ident],
                jurisdiction_name=row.jurisdiction_name,
                gaps=row.gaps,
                cells=[schemas.RuleCell(c.rule_id, c.status) for c in row.cells],
                sample=schemas.SampleStatus(
                    drawn=spot.drawn,
                    draws=spot.draws[ident],
                    reviewed=spot.reviewed[ident],
                    drafts=spot.drafts[ident],
                ),
                ratings=_ratings(ratings),
                poor_ratings=sum(n for rating, n in ratings.items() if rating in poor),
                orders=schemas.OrderCounts(
                    open=sum(1 for o in mine if o.status != CLOSED),
                    overdue=sum(1 for o in mine if o.overdue),
                    accepted=sum(
                        1 for o in mine if o.status == CLOSED and o.quarter == period.label
                    ),
                ),
                trend=[
                    schemas.QuarterGaps(q.label, gaps)
                    for q, gaps in zip(quarters, trend_by_id[ident], strict=True)
                ],
            )
        )
    institutions.sort(
        key=lambda i: (-i.gaps, -i.poor_ratings, -i.orders.overdue, pinyin_key(i.name_zh))
    )
    for rank, item in enumerate(institutions, start=1):
        item.rank = rank
    rule_names = catalogue.rules
    rules = [
        schemas.RuleName(rule_id, rule_names[rule_id].name_zh, rule_names[rule_id].name_en)
        for rule_id in (current.rules if current else [])
    ]
    totals = [
        schemas.QuarterGaps(q.label, sum(r.gaps for r in m.rows) if m else 0)
        for q, m in zip(quarters, matrices, strict=True)
    ]
    return schemas.ZoneOverview(
        zone=schemas.ZoneRef(
            id=zone["id"],
            code=zone["code"],
            name_zh=zone["name_zh"],
            name_en=zone["name_en"],
            lead_institution_id=zone["lead_institution"],
            lead_institution_name=zone["lead_name"],
        ),
        quarter=period.label,
        year=year,
        as_of=today,
        quarters=[q.label for q in quarters],
        rules=rules,
        institutions=institutions,
        draws=spot.draw_rows,
        orders=spot.orders,
        trend_totals=totals,
        **updating_of(verdicts),
    )


def _ratings(counts: Counter) -> list[schemas.RatingCount]:
    """Ratings given, in the checklist's order (best first); an unknown id shown as itself."""
    rated = checklist()
    out = [
        schemas.RatingCount(r.id, r.name_zh, r.name_en, r.poor, counts[r.id])
        for r in rated.ratings
        if counts.get(r.id)
    ]
    known = {r.id for r in rated.ratings}
    out += [
        schemas.RatingCount(rating, rating, rating, False, n)
        for rating, n in sorted(counts.items())
        if rating not in known
    ]
    return out

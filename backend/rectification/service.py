"""Rectification orders: raised from a spot-check review, answered by the hospital's officer with a
note and evidence, accepted or returned by the zone's reviewer.

Who may do what (outside a viewer's scope answers 404, exactly like a missing id):
- raise a finding: the reviewer of the centre leading the review's zone, or the administrator;
  the review may be a draft or submitted (findings are often written while reviewing).
- read an order: the administrator, the zone's reviewer, the ordered institution's officer, a
  commission over the institution; staff members never (403 in their institution, else 404).
- answer: only the officer of the ordered institution, while the order is open or returned.
- accept or return: the zone's reviewer or the administrator, only an answered order.
Overdue: due before today in Shanghai and not accepted. Orders are not compliance facts.
Input is checked before anything is looked up: a bad body answers 400 whoever sends it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from piccolo.query import OrderByRaw

from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, visible_institution
from backend.core.clock import SHANGHAI
from backend.core.database import transaction
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.pagination import PageRequest
from backend.institutions.tables import Zone, ZoneMembership
from backend.rectification.schemas import (
    AnswerIn,
    AnswerOut,
    Decision,
    DecisionIn,
    EvidenceOut,
    FindingIn,
    OrderDetail,
    OrderOut,
    OrderPage,
    OrderStatus,
    SourceOut,
)
from backend.rectification.tables import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationOrder,
)
from backend.rules.catalogue import SEEDS_DIR
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview

O = RectificationOrder  # noqa: E741
# Joins stay short: PostgreSQL cuts identifiers at 63 characters, and Piccolo names a join by
# its whole path (order -> review -> draw -> sample -> zone is too long), so the spot-check a
# finding came from is read by a second query (`_sources`).
_COLUMNS = (
    O.all_columns(),
    O.institution.name_zh.as_alias("institution_name"),
    O.raised_by.display_name.as_alias("raised_by_name"),
)
_ANSWER_COLUMNS = (
    RectificationAnswer.all_columns(),
    RectificationAnswer.answered_by.display_name.as_alias("answered_by_name"),
    RectificationAnswer.decided_by.display_name.as_alias("decided_by_name"),
)
ANSWERABLE = (OrderStatus.open.value, OrderStatus.returned.value)


@dataclass(frozen=True)
class OrderRules:
    due_within_days: int


@cache
def order_rules(seeds: Path = SEEDS_DIR) -> OrderRules:
    data = tomllib.loads((seeds / "rectification" / "orders.toml").read_text(encoding="utf-8"))
    return OrderRules(due_within_days=int(data["due_within_days"]))


# --- who may see and do what -------------------------------------------------------------------


def _reviews_zone(viewer: Viewer, lead_institution: int) -> bool:
    return viewer.is_admin or (
        viewer.role == UserRole.reviewer and viewer.institution_id == lead_institution
    )


def reads_order(viewer: Viewer, institution_id: int, lead_institution: int) -> bool:
    if viewer.is_admin:
        return True
    if viewer.role == UserRole.reviewer:
        return viewer.institution_id == lead_institution
    if viewer.role == UserRole.officer:
        return viewer.institution_id == institution_id
    if viewer.role == UserRole.commission:
        return viewer.sees_institution(institution_id)
    return False


def _reviews_where(clause):
    """Reviews whose draw matches `clause` (on SpotCheckDraw), as a subquery of ids."""
    draws = SpotCheckDraw.select(SpotCheckDraw.id).where(clause)
    return SpotCheckReview.select(SpotCheckReview.id).where(SpotCheckReview.draw.is_in(draws))


def _scope_clause(viewer: Viewer):
    """The orders a (non-staff) viewer reads, as a where clause; None: all."""
    if viewer.is_admin:
        return None
    own = viewer.institution_id or 0
    if viewer.role == UserRole.reviewer:
        return O.review.is_in(_reviews_where(SpotCheckDraw.sample.zone.lead_institution == own))
    if viewer.role == UserRole.officer:
        return O.institution == own
    return O.institution.is_in(sorted(viewer.institution_ids or ()) or [0])


async def _sources(review_ids: list[int]) -> dict[int, dict]:
    """Review id -> the spot-check it belongs to: zone, lead centre, quarter, record, activity."""
    if not review_ids:
        return {}
    reviews = await SpotCheckReview.select(
        SpotCheckReview.id, SpotCheckReview.status, SpotCheckReview.draw
    ).where(SpotCheckReview.id.is_in(sorted(set(review_ids))))
    draw = SpotCheckDraw
    draws = await draw.select(
        draw.id, draw.institution, draw.record.as_alias("record_id"),
        draw.sample.quarter.as_alias("quarter"), draw.sample.zone.as_alias("zone_id"),
        draw.sample.zone.name_zh.as_alias("zone_name"),
        draw.sample.zone.lead_institution.as_alias("lead_institution"),
        draw.record.activity.title.as_alias("activity_title"),
        draw.record.activity.starts_at.as_alias("activity_starts_at"),
    ).where(draw.id.is_in([r["draw"] for r in reviews] or [0]))  # fmt: skip
    by_draw = {row["id"]: row for row in draws}
    found = {}
    for review in reviews:
        source = dict(by_draw[review["draw"]])
        source["reviewed_institution"] = source.pop("institution")
        source["draw_id"] = source.pop("id")
        found[review["id"]] = {**source, "review_status": review["status"]}
    return found


async def _with_sources(rows: list[dict]) -> list[dict]:
    sources = await _sources([row["review"] for row in rows])
    return [{**row, **sources[row["review"]]} for row in rows]


async def order_row(viewer: Viewer, order_id: int, unknown: str = "rectification_unknown_order"):
    """The order's row if the viewer reads it; staff 403; otherwise 404 like a missing one."""
    row = await O.select(*_COLUMNS).where(O.id == order_id).first()
    if row is not None:
        row = (await _with_sources([row]))[0]
    _check_reads(viewer, row, unknown)
    return row


def _check_reads(viewer: Viewer, row: dict | None, unknown: str) -> None:
    """Staff members: 403 for an order of their institution (not theirs to read), 404 beyond."""
    if viewer.role == UserRole.staff:
        if row is not None and viewer.sees_institution(row["institution"]):
            raise Forbidden("forbidden")
        raise NotFound(unknown)
    if row is None or not reads_order(viewer, row["institution"], row["lead_institution"]):
        raise NotFound(unknown)


async def _review_row(viewer: Viewer, review_id: int) -> dict:
    row = (await _sources([review_id])).get(review_id)
    if row is None:
        raise NotFound("rectification_unknown_review")
    row["institution"] = row["reviewed_institution"]
    if _reviews_zone(viewer, row["lead_institution"]):
        return row
    if viewer.sees_institution(row["institution"]) or viewer.sees_institution(
        row["lead_institution"]
    ):
        raise Forbidden("forbidden")
    raise NotFound("rectification_unknown_review")


# --- shapes ------------------------------------------------------------------------------------


def evidence_out(row: dict) -> EvidenceOut:
    return EvidenceOut(
        id=row["id"], answer_id=row["answer"], filename=row["filename"],
        content_type=row["content_type"], size=row["size"], uploaded_at=row["uploaded_at"],
        url=f"/api/rectification/evidence/{row['id']}",
    )  # fmt: skip


def answer_out(row: dict, evidence: list[EvidenceOut]) -> AnswerOut:
    return AnswerOut(
        id=row["id"], note=row["note"], answered_by=row["answered_by_name"] or "",
        answered_at=row["answered_at"], decision=row["decision"],
        decision_note=row["decision_note"], decided_by=row["decided_by_name"] or "",
        decided_at=row["decided_at"], evidence=evidence,
    )  # fmt: skip


def _from_utc(value: datetime) -> date:
    return value.astimezone(SHANGHAI).date()


def order_fields(row: dict, today: date, latest: AnswerOut | None) -> dict:
    overdue = row["status"] != OrderStatus.accepted.value and row["due_on"] < today
    source = SourceOut(
        review_id=row["review"], review_status=row["review_status"], zone_id=row["zone_id"],
        zone_name=row["zone_name"], quarter=row["quarter"], record_id=row["record_id"],
        activity_title=row["activity_title"],
        activity_date=_from_utc(row["activity_starts_at"]),
    )  # fmt: skip
    return dict(
        id=row["id"], institution_id=row["institution"], institution_name=row["institution_name"],
        finding=row["finding"], due_on=row["due_on"], status=row["status"], overdue=overdue,
        days_overdue=(today - row["due_on"]).days if overdue else 0,
        raised_by=row["raised_by_name"] or "", raised_at=row["raised_at"],
        closed_at=row["closed_at"], source=source, latest_answer=latest,
    )  # fmt: skip


async def _answers_of(order_ids: list[int], with_evidence: bool) -> dict[int, list[AnswerOut]]:
    if not order_ids:
        return {}
    rows = (
        await RectificationAnswer.select(*_ANSWER_COLUMNS)
        .where(RectificationAnswer.order.is_in(order_ids))
        .order_by(RectificationAnswer.id)
    )
    files: dict[int, list[EvidenceOut]] = {}
    if rows:
        evidence = (
            await RectificationEvidence.select()
            .where(RectificationEvidence.answer.is_in([r["id"] for r in rows]))
            .order_by(RectificationEvidence.id)
        )
        for item in evidence:
            files.setdefault(item["answer"], []).append(evidence_out(item))
    found: dict[int, list[AnswerOut]] = {}
    for row in rows:
        shown = files.get(row["id"], []) if with_evidence else []
        found.setdefault(row["order"], []).append(answer_out(row, shown))
    return found


# --- reading -----------------------------------------------------------------------------------


async def _zone_clause(viewer: Viewer, zone_id: int):
    zone = await Zone.select(Zone.id, Zone.lead_institution).where(Zone.id == zone_id).first()
    if zone is None:
        raise NotFound("rectification_unknown_zone")
    if not viewer.is_admin:
        members = await ZoneMembership.select(ZoneMembership.institution).where(
            ZoneMembership.zone == zone_id
        )
        seen = {zone["lead_institution"], *(m["institution"] for m in members)}
        if viewer.role == UserRole.reviewer:
            visible = viewer.institution_id == zone["lead_institution"]
        else:
            visible = any(viewer.sees_institution(i) for i in seen)
        if not visible:
            raise NotFound("rectification_unknown_zone")
    return O.review.is_in(_reviews_where(SpotCheckDraw.sample.zone == zone_id))


async def list_orders(
    viewer: Viewer,
    page: PageRequest,
    today: date,
    institution_id: int | None = None,
    zone_id: int | None = None,
    status: OrderStatus | None = None,
    overdue: bool | None = None,
    review_id: int | None = None,
) -> OrderPage:
    """Orders the viewer reads, not yet accepted first, then by due date (overdue first)."""
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    where = []
    scope = _scope_clause(viewer)
    if scope is not None:
        where.append(scope)
    if institution_id is not None:
        visible_institution(viewer, institution_id)
        where.append(O.institution == institution_id)
    if zone_id is not None:
        where.append(await _zone_clause(viewer, zone_id))
    if review_id is not None:
        await _readable_review(viewer, review_id)
        where.append(O.review == review_id)
    if status is not None:
        where.append(O.status == status.value)
    if overdue is True:
        where.append((O.status != OrderStatus.accepted.value) & (O.due_on < today))
    elif overdue is False:
        where.append((O.status == OrderStatus.accepted.value) | (O.due_on >= today))
    query = O.select(*_COLUMNS).order_by(
        OrderByRaw("CASE WHEN rectification_order.status = 'accepted' THEN 1 ELSE 0 END")
    )
    query = query.order_by(O.due_on).order_by(O.id)
    count = O.count()
    for clause in where:
        query, count = query.where(clause), count.where(clause)
    rows = await _with_sources(await query.limit(page.page_size).offset(page.offset))
    answers = await _answers_of([r["id"] for r in rows], with_evidence=False)
    items = [
        OrderOut(**order_fields(row, today, (answers.get(row["id"]) or [None])[-1])) for row in rows
    ]
    return OrderPage(items=items, total=await count, page=page.page, page_size=page.page_size)


async def _readable_review(viewer: Viewer, review_id: int) -> None:
    """A review whose orders the viewer may list: the zone's reviewer, or anyone reading the
    reviewed institution's orders."""
    try:
        await _review_row(viewer, review_id)
    except Forbidden:
        row = (await _sources([review_id]))[review_id]
        if not reads_order(viewer, row["reviewed_institution"], row["lead_institution"]):
            raise NotFound("rectification_unknown_review") from None


async def order_detail(viewer: Viewer, order_id: int, today: date) -> OrderDetail:
    row = await order_row(viewer, order_id)
    answers = (await _answers_of([order_id], with_evidence=True)).get(order_id, [])
    return OrderDetail(
        **order_fields(row, today, answers[-1] if answers else None),
        answers=answers,
        may_answer=answers_for(viewer, row) and row["status"] in ANSWERABLE,
        may_decide=_reviews_zone(viewer, row["lead_institution"])
        and row["status"] == OrderStatus.answered.value,
    )


def answers_for(viewer: Viewer, row: dict) -> bool:
    return viewer.role == UserRole.officer and viewer.institution_id == row["institution"]


async def evidence_row(viewer: Viewer, evidence_id: int) -> dict:
    """The row of one attachment of an order the viewer reads (404 otherwise)."""
    row = (
        await RectificationEvidence.select(
            RectificationEvidence.all_columns(),
            RectificationEvidence.answer.order.as_alias("order"),
        )
        .where(RectificationEvidence.id == evidence_id)
        .first()
    )
    if row is None:
        _check_reads(viewer, None, "rectification_unknown_evidence")
    await order_row(viewer, row["order"], "rectification_unknown_evidence")
    return row


# --- writing -----------------------------------------------------------------------------------


def _text(value: str, code: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(code)
    return text


def _check_due(due_on: date, today: date) -> None:
    if due_on <= today:
        raise InvalidInput("rectification_due_not_future", today=today.isoformat())
    last = today + timedelta(days=order_rules().due_within_days)
    if due_on > last:
        raise InvalidInput("rectification_due_too_far", last=last.isoformat())


async def raise_finding(
    viewer: Viewer, review_id: int, data: FindingIn, now: datetime, today: date
) -> int:
    finding = _text(data.finding, "rectification_finding_blank")
    _check_due(data.due_on, today)
    review = await _review_row(viewer, review_id)
    async with transaction():
        rows = await O.insert(
            O(review=review_id, institution=review["institution"], finding=finding,
              due_on=data.due_on, status=OrderStatus.open.value, raised_by=viewer.user_id,
              raised_at=now)
        ).returning(O.id)  # fmt: skip
        order_id = rows[0]["id"]
        await chain.append("rectification.order_raised", "rectification_order", order_id,
                           {"review": review_id, "institution": review["institution"],
                            "finding": finding, "due_on": data.due_on.isoformat()},
                           actor=viewer.user_id, at=now)  # fmt: skip
    return order_id


async def answer_order(viewer: Viewer, order_id: int, data: AnswerIn, now: datetime) -> int:
    """The officer's answer: the order becomes `answered` (400 unless open or returned)."""
    note = _text(data.note, "rectification_note_blank")
    row = await order_row(viewer, order_id)
    if not answers_for(viewer, row):
        raise Forbidden("forbidden")
    async with transaction():
        moved = (
            await O.update({O.status: OrderStatus.answered.value})
            .where((O.id == order_id) & O.status.is_in(list(ANSWERABLE)))
            .returning(O.id)
        )
        if not moved:
            raise InvalidInput("rectification_not_answerable")
        rows = await RectificationAnswer.insert(
            RectificationAnswer(order=order_id, note=note, answered_by=viewer.user_id,
                                answered_at=now)
        ).returning(RectificationAnswer.id)  # fmt: skip
        answer_id = rows[0]["id"]
        await chain.append("rectification.answered", "rectification_answer", answer_id,
                           {"order": order_id, "note": note}, actor=viewer.user_id, at=now)  # fmt: skip
    return answer_id


async def decide(viewer: Viewer, order_id: int, data: DecisionIn, now: datetime) -> None:
    """The reviewer's decision on the latest answer: accepted closes the order, returned sends it
    back to the hospital (with a note saying why)."""
    note = data.note.strip()
    if data.decision == Decision.returned and not note:
        raise InvalidInput("rectification_return_needs_note")
    row = await order_row(viewer, order_id)
    if not _reviews_zone(viewer, row["lead_institution"]):
        raise Forbidden("forbidden")
    accepted = data.decision == Decision.accepted
    values = {O.status: data.decision.value, O.closed_at: now if accepted else None}
    async with transaction():
        moved = (
            await O.update(values)
            .where((O.id == order_id) & (O.status == OrderStatus.answered.value))
            .returning(O.id)
        )
        if not moved:
            raise InvalidInput("rectification_not_decidable")
        latest = (
            await RectificationAnswer.select(RectificationAnswer.id)
            .where(RectificationAnswer.order == order_id)
            .order_by(RectificationAnswer.id, ascending=False)
            .first()
        )
        await RectificationAnswer.update(
            {RectificationAnswer.decision: data.decision.value,
             RectificationAnswer.decision_note: note, RectificationAnswer.decided_by: viewer.user_id,
             RectificationAnswer.decided_at: now}
        ).where(RectificationAnswer.id == latest["id"])  # fmt: skip
        await chain.append("rectification.decided", "rectification_order", order_id,
                           {"answer": latest["id"], "decision": data.decision.value, "note": note},
                           actor=viewer.user_id, at=now)  # fmt: skip

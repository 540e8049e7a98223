"""Reading samples and draws; the reviewer's checklist, rating and 点评 of a draw.

Decisions:
- Who reads a draw: the zone's reviewer (lead institution) and the administrator, always; the
  reviewed hospital's officer and the commissions above it, only once the review is submitted
  (a draft, or a draw without review, answers 404 to them, like a missing draw); staff 403 in
  their own hospital, 404 elsewhere. Only the reviewer and the administrator write.
- A draw shows exactly the record version drawn, even after an amendment (then
  `newer_version_exists`).
- A review is saved as a draft (PUT replaces checklist, rating and comment), then submitted:
  every checklist item answered, a rating and a 点评 are needed. A submitted review is locked
  (400). A draw of a superseded sample cannot be reviewed (400).
- Submitting counts for the centre's `zone-spot-check` (facts_changed of the lead institution);
  every write is audited, last in its transaction.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import msgspec

from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.auth.tables import User
from backend.compliance.freshness import facts_changed, facts_unchanged
from backend.core.database import transaction
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.periods import local_date
from backend.drill_records import judging
from backend.drill_records.schemas import RecordContent, TeamMemberOut
from backend.drill_records.service import record_out, staff_names
from backend.drill_records.tables import DrillRecordVersion
from backend.drill_records.topics import sheet_of
from backend.institutions.tables import Zone
from backend.spot_checks import schemas
from backend.spot_checks.checklist import checklist
from backend.spot_checks.sampling import led_zone, samples_role
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample

SUBMITTED = "submitted"


# --- samples -------------------------------------------------------------------------------


async def _draws_out(sample_ids: list[int]) -> dict[int, list[schemas.DrawOut]]:
    if not sample_ids:
        return {}
    rows = await SpotCheckDraw.select(
        SpotCheckDraw.all_columns(),
        SpotCheckDraw.institution.name_zh.as_alias("institution_name"),
        SpotCheckDraw.record.activity.id.as_alias("activity_id"),
        SpotCheckDraw.record.activity.title.as_alias("activity_title"),
        SpotCheckDraw.record.activity.starts_at.as_alias("starts_at"),
        SpotCheckDraw.record.activity.topic.as_alias("topic"),
    ).where(SpotCheckDraw.sample.is_in(sample_ids))
    reviews = {
        r["draw"]: r
        for r in await SpotCheckReview.select(
            SpotCheckReview.draw, SpotCheckReview.status, SpotCheckReview.rating
        ).where(SpotCheckReview.draw.is_in([row["id"] for row in rows] or [0]))
    }
    found: dict[int, list[schemas.DrawOut]] = {}
    for row in sorted(rows, key=lambda r: (r["sample"], r["position"])):
        found.setdefault(row["sample"], []).append(_draw_out(row, reviews.get(row["id"])))
    return found


def _draw_out(row: dict, review: dict | None) -> schemas.DrawOut:
    rating = checklist().rating(review["rating"]) if review and review["rating"] else None
    return schemas.DrawOut(
        id=row["id"], position=row["position"], institution_id=row["institution"],
        institution_name=row["institution_name"], activity_id=row["activity_id"],
        activity_title=row["activity_title"], activity_date=local_date(row["starts_at"]),
        topic=row["topic"], record_id=row["record"], version=row["version"],
        drawn_for=row["drawn_for"], review_status=review["status"] if review else "none",
        rating=review["rating"] if review else "",
        rating_name_zh=rating.name_zh if rating else "", rating_name_en=rating.name_en if rating else "",
    )  # fmt: skip


def _notes(short_by: int, available: int) -> tuple[str, str]:
    if not short_by:
        return "", ""
    return (
        f"本季度只有 {available} 份已提交的演练记录，已全部抽取（比要求少 {short_by} 份）。",
        f"Only {available} submitted drill records this quarter; all were drawn "
        f"({short_by} fewer than asked for).",
    )


async def samples_out(rows: list[dict]) -> list[schemas.SampleOut]:
    ids = [row["id"] for row in rows]
    draws = await _draws_out(ids)
    zones = {
        z["id"]: z["name_zh"]
        for z in await Zone.select(Zone.id, Zone.name_zh).where(
            Zone.id.is_in(sorted({r["zone"] for r in rows}) or [0])
        )
    }
    replaced_by = {
        r["replaces"]: r["id"]
        for r in await SpotCheckSample.select(SpotCheckSample.id, SpotCheckSample.replaces).where(
            SpotCheckSample.replaces.is_in(ids or [0])
        )
    }
    users = {
        u["id"]: u["display_name"] or u["username"]
        for u in await User.select(User.id, User.display_name, User.username).where(
            User.id.is_in(sorted({r["drawn_by"] for r in rows if r["drawn_by"]}) or [0])
        )
    }
    found = []
    for row in rows:
        inputs = {"institutions": {}, "candidates": [], "weights": {}, **json.loads(row["inputs"])}
        institutions = [
            schemas.InstitutionRisk(
                id=int(key), name=value["name"], records=value["records"], risk=value["risk"],
                factors=value["factors"],
            )
            for key, value in sorted(inputs["institutions"].items(), key=lambda kv: int(kv[0]))
        ]  # fmt: skip
        available = len(inputs["candidates"])
        short_by = max(0, row["size"] - available)
        note_zh, note_en = _notes(short_by, available)
        found.append(
            schemas.SampleOut(
                id=row["id"], zone_id=row["zone"], zone_name=zones.get(row["zone"], ""),
                quarter=row["quarter"], size=row["size"], seed=row["seed"],
                drawn_at=row["drawn_at"], drawn_by=users.get(row["drawn_by"], ""),
                replaces=row["replaces"], replaced_by=replaced_by.get(row["id"]),
                reason=row["reason"], superseded=row["superseded"], available=available,
                short_by=short_by, note_zh=note_zh, note_en=note_en,
                draws=draws.get(row["id"], []),
                without_records=[
                    schemas.InstitutionName(i.id, i.name) for i in institutions if not i.records
                ],
                institutions=institutions, weights=inputs["weights"],
            )
        )  # fmt: skip
    return found


async def sample(viewer: Viewer, sample_id: int) -> schemas.SampleOut:
    samples_role(viewer)
    row = await SpotCheckSample.select().where(SpotCheckSample.id == sample_id).first()
    if row is None:
        raise NotFound("unknown_sample")
    try:
        await led_zone(viewer, row["zone"])
    except NotFound:
        raise NotFound("unknown_sample") from None
    return (await samples_out([row]))[0]


async def samples(
    viewer: Viewer, zone_id: int | None, quarter: str | None
) -> list[schemas.SampleOut]:
    """Samples of the zones the viewer leads (the administrator: all), newest first; current
    and superseded alike."""
    if zone_id is not None:
        await led_zone(viewer, zone_id)
        zones = [zone_id]
    elif viewer.is_admin:
        zones = None
    elif viewer.role == UserRole.reviewer:
        rows = await Zone.select(Zone.id).where(
            Zone.lead_institution == (viewer.institution_id or 0)
        )
        zones = [r["id"] for r in rows]
    else:
        raise Forbidden("forbidden")
    query = SpotCheckSample.select()
    if zones is not None:
        query = query.where(SpotCheckSample.zone.is_in(zones or [0]))
    if quarter:
        query = query.where(SpotCheckSample.quarter == quarter.strip())
    rows = await query
    rows.sort(key=lambda r: (r["quarter"], r["drawn_at"], r["id"]), reverse=True)
    return await samples_out(rows)


# --- draws: who reads, who writes ----------------------------------------------------------


async def _draw_row(draw_id: int) -> dict:
    row = (
        await SpotCheckDraw.select(
            SpotCheckDraw.all_columns(),
            SpotCheckDraw.sample.zone.as_alias("zone"),
            SpotCheckDraw.sample.zone.lead_institution.as_alias("lead"),
            SpotCheckDraw.sample.superseded.as_alias("superseded"),
        )
        .where(SpotCheckDraw.id == draw_id)
        .first()
    )
    if row is None:
        raise NotFound("unknown_draw")
    return row


def _reviews(viewer: Viewer, draw: dict) -> bool:
    """The zone's reviewer (lead institution) or the administrator."""
    if viewer.is_admin:
        return True
    return viewer.role == UserRole.reviewer and viewer.institution_id == draw["lead"]


async def _review_row(draw_id: int) -> dict | None:
    return await SpotCheckReview.select().where(SpotCheckReview.draw == draw_id).first()


async def readable_draw(viewer: Viewer, draw_id: int) -> tuple[dict, dict | None]:
    draw = await _draw_row(draw_id)
    review = await _review_row(draw_id)
    if _reviews(viewer, draw):
        return draw, review
    if not viewer.sees_institution(draw["institution"]):
        raise NotFound("unknown_draw")
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    reads_reviews = viewer.role == UserRole.commission or (
        viewer.role == UserRole.officer and viewer.institution_id == draw["institution"]
    )
    if not reads_reviews or review is None or review["status"] != SUBMITTED:
        raise NotFound("unknown_draw")
    return draw, review


async def writable_draw(viewer: Viewer, draw_id: int) -> tuple[dict, dict | None]:
    draw, review = await readable_draw(viewer, draw_id)
    if not _reviews(viewer, draw):
        raise Forbidden("forbidden")
    return draw, review


# --- review writes -------------------------------------------------------------------------


def _checked(data: schemas.ReviewIn) -> None:
    sheet = checklist()
    for item_id in data.checklist:
        if sheet.item(item_id) is None:
            raise InvalidInput("spot_check_unknown_item", item=item_id)
    if data.rating and sheet.rating(data.rating) is None:
        raise InvalidInput(
            "spot_check_unknown_rating",
            rating=data.rating,
            choices_zh="、".join(r.name_zh for r in sheet.ratings),
            choices_en=", ".join(r.name_en for r in sheet.ratings),
        )


def _missing(review: dict) -> list[tuple[str, str]]:
    """What a review lacks before it can be submitted, as (zh, en)."""
    sheet = checklist()
    answers = json.loads(review["checklist"] or "{}")
    missing = [(f"检查项“{i.text_zh}”", f"checklist item “{i.text_en}”")
               for i in sheet.items if i.id not in answers]  # fmt: skip
    if not review["rating"]:
        missing.append(("评级", "the rating"))
    if not review["comment"].strip():
        missing.append(("点评", "the comment (点评)"))
    return missing


async def _locked_review(draw_id: int) -> dict | None:
    await SpotCheckDraw.update({SpotCheckDraw.position: SpotCheckDraw.position}).where(
        SpotCheckDraw.id == draw_id
    )
    return await _review_row(draw_id)


def _refuse_change(draw: dict, review: dict | None) -> None:
    if review is not None and review["status"] == SUBMITTED:
        raise InvalidInput("spot_check_review_locked")
    if draw["superseded"]:
        raise InvalidInput("spot_check_sample_superseded")


async def save_review(viewer: Viewer, draw_id: int, data: schemas.ReviewIn, now: datetime) -> None:
    draw, review = await writable_draw(viewer, draw_id)
    _refuse_change(draw, review)
    _checked(data)
    values = {
        "checklist": json.dumps(msgspec.to_builtins(data.checklist), ensure_ascii=False,
                                sort_keys=True),
        "rating": data.rating,
        "comment": data.comment,
    }  # fmt: skip
    async with transaction():
        review = await _locked_review(draw_id)
        _refuse_change(draw, review)
        if review is None:
            rows = await SpotCheckReview.insert(
                SpotCheckReview(draw=draw_id, reviewer=viewer.user_id, status="draft",
                                created_at=now, **values)
            ).returning(SpotCheckReview.id)  # fmt: skip
            review_id = rows[0]["id"]
        else:
            review_id = review["id"]
            await SpotCheckReview.update(
                {SpotCheckReview.checklist: values["checklist"],
                 SpotCheckReview.rating: values["rating"],
                 SpotCheckReview.comment: values["comment"],
                 SpotCheckReview.reviewer: viewer.user_id}
            ).where(SpotCheckReview.id == review_id)  # fmt: skip
        facts_unchanged()  # a draft: only a submitted review counts (refused once submitted)
        payload = {"draw": draw_id, **values, "checklist": msgspec.to_builtins(data.checklist)}
        await chain.append("spot_check_review.saved", "spot_check_review", review_id, payload,
                           actor=viewer.user_id, at=now)  # fmt: skip


async def submit_review(viewer: Viewer, draw_id: int, now: datetime) -> None:
    draw, review = await writable_draw(viewer, draw_id)
    _refuse_change(draw, review)
    async with transaction():
        review = await _locked_review(draw_id)
        _refuse_change(draw, review)
        empty = {"checklist": "{}", "rating": "", "comment": ""}
        missing = _missing(review or empty)
        if missing:
            raise InvalidInput(
                "spot_check_review_incomplete",
                fields_zh="、".join(zh for zh, _ in missing),
                fields_en="; ".join(en for _, en in missing),
            )
        await SpotCheckReview.update(
            {SpotCheckReview.status: SUBMITTED, SpotCheckReview.submitted_at: now,
             SpotCheckReview.reviewer: viewer.user_id}
        ).where(SpotCheckReview.id == review["id"])  # fmt: skip
        await facts_changed([draw["lead"]])
        await chain.append("spot_check_review.submitted", "spot_check_review", review["id"],
                           {"draw": draw_id, "rating": review["rating"]}, actor=viewer.user_id,
                           at=now)  # fmt: skip


# --- the draw as read -----------------------------------------------------------------------


def checklist_out() -> schemas.ChecklistOut:
    sheet = checklist()
    return schemas.ChecklistOut(
        items=[schemas.ChecklistItemOut(i.id, i.text_zh, i.text_en) for i in sheet.items],
        ratings=[schemas.RatingOut(r.id, r.name_zh, r.name_en, r.poor) for r in sheet.ratings],
        source_document=sheet.source.document, source_clause=sheet.source.clause,
        source_quote=sheet.source.quote,
    )  # fmt: skip


async def review_out(review: dict) -> schemas.ReviewOut:
    rating = checklist().rating(review["rating"]) if review["rating"] else None
    user = await User.select(User.display_name, User.username).where(
        User.id == (review["reviewer"] or 0)
    ).first()  # fmt: skip
    return schemas.ReviewOut(
        id=review["id"], draw_id=review["draw"], status=review["status"],
        checklist=msgspec.convert(json.loads(review["checklist"] or "{}"),
                                  dict[str, schemas.ChecklistAnswer]),
        rating=review["rating"], rating_name_zh=rating.name_zh if rating else "",
        rating_name_en=rating.name_en if rating else "", poor=bool(rating and rating.poor),
        comment=review["comment"],
        reviewer=(user["display_name"] or user["username"]) if user else "",
        created_at=review["created_at"], submitted_at=review["submitted_at"],
    )  # fmt: skip


async def _pinned_record(viewer: Viewer, draw: dict, today: date):
    """The record as drawn: the content, team and targets of the drawn version."""
    current = await record_out(draw["record"], today, viewer)
    row = (
        await DrillRecordVersion.select(DrillRecordVersion.content)
        .where(
            (DrillRecordVersion.record == draw["record"])
            & (DrillRecordVersion.version == draw["version"])
        )
        .first()
    )
    content = msgspec.json.decode(row["content"], type=RecordContent)
    visible = {m.staff_id for m in current.team}
    hosts_it = viewer.is_admin or viewer.institution_id == draw["institution"]
    names = await staff_names({m.staff_id for m in content.team}, None if hosts_it else viewer)
    team = [m for m in content.team if hosts_it or m.staff_id in names or m.staff_id in visible]
    content = msgspec.structs.replace(content, team=team)
    return msgspec.structs.replace(
        current,
        version=draw["version"],
        content=content,
        team=[
            TeamMemberOut(m.staff_id, names.get(m.staff_id, ""), m.drill_role.value) for m in team
        ],  # fmt: skip
        targets=judging.targets(sheet_of(current.activity.topic), content.timings),
    ), current.version


async def draw_detail(viewer: Viewer, draw_id: int, today: date) -> schemas.DrawDetail:
    draw, review = await readable_draw(viewer, draw_id)
    reviewer = _reviews(viewer, draw)
    record, current_version = await _pinned_record(viewer, draw, today)
    siblings = (await _draws_out([draw["sample"]]))[draw["sample"]]
    draw_out = next(d for d in siblings if d.id == draw_id)
    zone = await Zone.select(Zone.name_zh).where(Zone.id == draw["zone"]).first()
    sample_row = (
        await SpotCheckSample.select(SpotCheckSample.quarter)
        .where(SpotCheckSample.id == draw["sample"])
        .first()
    )
    return schemas.DrawDetail(
        draw=draw_out, sample_id=draw["sample"], sample_superseded=draw["superseded"],
        zone_id=draw["zone"], zone_name=zone["name_zh"] if zone else "",
        quarter=sample_row["quarter"], record=record, current_version=current_version,
        newer_version_exists=current_version > draw["version"],
        review=await review_out(review) if review else None,
        may_review=reviewer and not draw["superseded"]
        and not (review and review["status"] == SUBMITTED),
        checklist=checklist_out(),
    )  # fmt: skip

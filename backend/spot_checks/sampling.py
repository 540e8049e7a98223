"""Drawing a zone's quarterly spot-check sample: risk inputs, the draw itself, redraws.

Decisions:
- Who: the reviewer of the zone's lead institution, and the administrator. Another reviewer's zone
  answers 404 exactly like a missing zone; officers, staff and commissions are refused (403).
- What is drawn: submitted drill records (drill_record.status = submitted) of activities held in
  the quarter (CST start date) and hosted by the zone's member institutions. A draw pins the
  record's current version; the review reads exactly that version.
- How: every institution with a record gets one draw first ("coverage", one of its records
  uniformly); the remaining draws are taken without replacement from the other records, each
  weighted by its institution's risk ("risk"): base + Σ weight × factor (seeds/spot_checks/
  risk_weights.toml). An institution with more records therefore has more tickets, each worth
  its risk.
- Reproducible: candidates are sorted (institution id, record id) and drawn with
  random.Random(seed); `inputs` keeps the weights, every institution's factors and risk and the
  candidates (record id, version), so `draw(inputs, size, seed)` gives the same sample again.
- A size below the number of institutions with records is refused (400, naming the minimum); a
  size above the records available draws all of them and says so (`short_by`).
- Fixed once drawn: a second sample of the same zone and quarter is refused (409); a redraw is a
  new sample (replaces = the old one, with its reason, inputs gathered afresh) and the old one is
  marked superseded. Both stay visible. A redraw keeps the size, raised to the minimum when
  records submitted since add institutions to cover.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import msgspec

from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.compliance.freshness import facts_unchanged
from backend.core.database import transaction
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.periods import Period, PeriodKind, parse_period
from backend.drill_records import judging
from backend.drill_records.tables import DrillRecord, DrillRecordVersion
from backend.drill_records.topics import sheet_of
from backend.institutions.tables import Zone, ZoneMembership
from backend.spot_checks.checklist import RISK_FACTORS, checklist, risk_weights
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample

COVERAGE, RISK = "coverage", "risk"
OPEN_ORDER_STATUSES = ("open", "returned")
SEED_LIMIT = 2**31 - 1


# --- the draw itself: pure -------------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    record: int
    version: int
    institution: int
    drawn_for: str


def risk_of(factors: dict[str, float], weights: dict[str, float]) -> float:
    return weights["base"] + sum(weights[name] * factors.get(name, 0) for name in RISK_FACTORS)


def draw(inputs: dict, size: int, seed: int) -> list[Drawn]:
    """The sample from stored inputs: `inputs["candidates"]` is [[record, version, institution]],
    `inputs["institutions"]` maps str(institution id) to {"risk": ...}."""
    rng = random.Random(seed)
    candidates = sorted(tuple(c) for c in inputs["candidates"])
    by_institution: dict[int, list[tuple]] = {}
    for candidate in sorted(candidates, key=lambda c: (c[2], c[0])):
        by_institution.setdefault(candidate[2], []).append(candidate)
    chosen: list[Drawn] = []
    taken: set[int] = set()
    for institution in sorted(by_institution):
        if len(chosen) >= size:
            break
        record, version, _ = rng.choice(by_institution[institution])
        chosen.append(Drawn(record, version, institution, COVERAGE))
        taken.add(record)
    rest = [c for c in sorted(candidates, key=lambda c: (c[2], c[0])) if c[0] not in taken]
    risks = {int(k): float(v["risk"]) for k, v in inputs["institutions"].items()}
    while len(chosen) < size and rest:
        weights = [risks.get(c[2], 0.0) for c in rest]
        total = sum(weights)
        point = rng.random() * total
        index = len(rest) - 1
        for i, weight in enumerate(weights):
            point -= weight
            if point < 0:
                index = i
                break
        record, version, institution = rest.pop(index)
        chosen.append(Drawn(record, version, institution, RISK))
    return chosen


# --- who may draw, and the quarter ---------------------------------------------------------


def samples_role(viewer: Viewer) -> None:
    """Samples are the centres' reviewers' (and the administrator's) work: every other role is
    refused (403) before anything is looked up, so nothing about other zones leaks."""
    if viewer.role not in (UserRole.admin, UserRole.reviewer):
        raise Forbidden("forbidden")


async def led_zone(viewer: Viewer, zone_id: int) -> dict:
    """The zone, if the viewer leads it (or is the administrator): 404 otherwise, like a
    missing zone; roles that never sample are refused (403)."""
    samples_role(viewer)
    zone = await Zone.select().where(Zone.id == zone_id).first()
    if zone is None or not (viewer.is_admin or zone["lead_institution"] == viewer.institution_id):
        raise NotFound("unknown_zone", id=zone_id)
    return zone


def ended_quarter(label: str, today: date) -> Period:
    try:
        period = parse_period(label.strip())
    except (ValueError, AttributeError):
        raise InvalidInput("spot_check_quarter_invalid") from None
    if period.kind is not PeriodKind.quarter:
        raise InvalidInput("spot_check_quarter_invalid")
    if today < period.end:
        raise InvalidInput(
            "spot_check_quarter_not_ended", quarter=period.label, last_day=period.last_day
        )
    return period


# --- the inputs: candidates and risk -------------------------------------------------------


async def zone_members(zone_id: int) -> list[dict]:
    rows = await ZoneMembership.select(
        ZoneMembership.institution.id.as_alias("id"),
        ZoneMembership.institution.name_zh.as_alias("name"),
    ).where(ZoneMembership.zone == zone_id)
    return sorted(rows, key=lambda r: r["id"])


async def candidates_of(member_ids: list[int], period: Period) -> list[dict]:
    if not member_ids:
        return []
    rows = await DrillRecord.select(
        DrillRecord.id,
        DrillRecord.current_version,
        DrillRecord.activity.host_institution.as_alias("institution"),
        DrillRecord.activity.topic.as_alias("topic"),
    ).where(
        (DrillRecord.status == "submitted")
        & DrillRecord.activity.host_institution.is_in(member_ids)
        & (DrillRecord.activity.starts_at >= period.starts_at)
        & (DrillRecord.activity.starts_at < period.ends_at)
    )
    return sorted(rows, key=lambda r: (r["institution"], r["id"]))


async def _missed_targets(candidates: list[dict]) -> Counter:
    """Timing targets missed in each institution's records of the quarter (current versions)."""
    missed: Counter = Counter()
    if not candidates:
        return missed
    current = {c["id"]: c for c in candidates}
    rows = await DrillRecordVersion.select(
        DrillRecordVersion.record, DrillRecordVersion.version, DrillRecordVersion.content
    ).where(DrillRecordVersion.record.is_in(sorted(current)))
    for row in rows:
        candidate = current[row["record"]]
        if row["version"] != candidate["current_version"]:
            continue
        timings = json.loads(row["content"]).get("timings") or {}
        sheet = sheet_of(candidate["topic"])
        missed[candidate["institution"]] += sum(
            t.outcome == "missed" for t in judging.targets(sheet, timings)
        )
    return missed


async def _compliance_gaps(member_ids: list[int], period: Period, today: date) -> Counter:
    """Gaps of each institution (itself and its departments) in periods within the quarter."""
    from backend.compliance.service import institution_verdicts

    gaps: Counter = Counter()
    if not member_ids:
        return gaps
    _, verdicts = await institution_verdicts(member_ids, period.start, period.last_day, detail=True)
    for verdict in verdicts:
        for finding, _ in verdict.findings(period.start, period.last_day, today):
            if (
                finding.subject_kind in ("institution", "department")
                and finding.status.value == "gap"
                and _within(finding.period, period)
            ):
                gaps[verdict.row["id"]] += 1
    return gaps


def _within(label: str, quarter: Period) -> bool:
    try:
        found = parse_period(label)
    except ValueError:
        return False
    return quarter.start <= found.start and found.end <= quarter.end


async def _open_rectifications(member_ids: list[int]) -> Counter:
    from backend.rectification.tables import RectificationOrder

    if not member_ids:
        return Counter()
    rows = await RectificationOrder.select(RectificationOrder.institution).where(
        RectificationOrder.institution.is_in(member_ids)
        & RectificationOrder.status.is_in(list(OPEN_ORDER_STATUSES))
    )
    return Counter(row["institution"] for row in rows)


async def _past_poor_ratings(member_ids: list[int]) -> Counter:
    poor = sorted(checklist().poor_ratings)
    if not member_ids:
        return Counter()
    rows = await SpotCheckReview.select(
        SpotCheckReview.draw.institution.as_alias("institution")
    ).where(
        (SpotCheckReview.status == "submitted")
        & SpotCheckReview.rating.is_in(poor)
        & SpotCheckReview.draw.institution.is_in(member_ids)
    )
    return Counter(row["institution"] for row in rows)


async def gather_inputs(
    zone: dict, period: Period, today: date, with_compliance: bool = True
) -> dict:
    """`with_compliance=False` (the demo loader, before anything is judged): gaps count 0."""
    members = await zone_members(zone["id"])
    ids = [m["id"] for m in members]
    candidates = await candidates_of(ids, period)
    gaps = await _compliance_gaps(ids, period, today) if with_compliance else Counter()
    factors = {
        "compliance_gaps": gaps,
        "missed_timing_targets": await _missed_targets(candidates),
        "open_rectifications": await _open_rectifications(ids),
        "past_poor_ratings": await _past_poor_ratings(ids),
    }
    weights = risk_weights().as_dict()
    institutions = {}
    for member in members:
        own = {name: int(factors[name][member["id"]]) for name in RISK_FACTORS}
        institutions[str(member["id"])] = {
            "name": member["name"],
            "factors": own,
            "risk": risk_of(own, weights),
            "records": sum(1 for c in candidates if c["institution"] == member["id"]),
        }
    return {
        "zone": zone["id"],
        "quarter": period.label,
        "weights": weights,
        "institutions": institutions,
        "candidates": [[c["id"], c["current_version"], c["institution"]] for c in candidates],
    }


# --- writes --------------------------------------------------------------------------------


class SampleRequest(msgspec.Struct):
    zone: int
    quarter: str
    size: int
    seed: int | None = None


def _seed(seed: int | None) -> int:
    return seed if seed is not None else random.SystemRandom().randrange(SEED_LIMIT)


async def _lock_zone(zone_id: int) -> None:
    """Serialise sampling of one zone (PostgreSQL row lock; SQLite holds the write lock)."""
    await Zone.update({Zone.code: Zone.code}).where(Zone.id == zone_id)


async def _write_sample(
    viewer: Viewer, zone: dict, period: Period, size: int, seed: int, inputs: dict,
    now: datetime, replaces: dict | None = None, reason: str = "",
) -> int:  # fmt: skip
    drawn = draw(inputs, size, seed)
    rows = await SpotCheckSample.insert(
        SpotCheckSample(
            zone=zone["id"], quarter=period.label, size=size, seed=seed,
            inputs=json.dumps(inputs, ensure_ascii=False, sort_keys=True),
            drawn_by=viewer.user_id, drawn_at=now,
            replaces=replaces["id"] if replaces else None, reason=reason, superseded=False,
        )
    ).returning(SpotCheckSample.id)  # fmt: skip
    sample_id = rows[0]["id"]
    if drawn:
        await SpotCheckDraw.insert(
            *[
                SpotCheckDraw(sample=sample_id, position=i, institution=d.institution,
                              record=d.record, version=d.version, drawn_for=d.drawn_for)
                for i, d in enumerate(drawn, start=1)
            ]
        )  # fmt: skip
    payload = {
        "zone": zone["id"], "quarter": period.label, "size": size, "seed": seed,
        "draws": [[d.record, d.version, d.drawn_for] for d in drawn],
        "replaces": replaces["id"] if replaces else None, "reason": reason,
    }  # fmt: skip
    facts_unchanged()  # only submitted reviews count, and a new sample has none
    action = "spot_check.redrawn" if replaces else "spot_check.drawn"
    await chain.append(action, "spot_check_sample", sample_id, payload, actor=viewer.user_id,
                       at=now)  # fmt: skip
    return sample_id


def _minimum(inputs: dict) -> int:
    """Every institution with a record is covered, so at least that many draws (and one)."""
    return max(sum(1 for i in inputs["institutions"].values() if i["records"]), 1)


def _checked_size(size: int, inputs: dict) -> None:
    if size < _minimum(inputs):
        raise InvalidInput("spot_check_size_too_small", minimum=_minimum(inputs))


async def _current_sample(zone_id: int, quarter: str) -> dict | None:
    return (
        await SpotCheckSample.select(SpotCheckSample.id)
        .where(
            (SpotCheckSample.zone == zone_id)
            & (SpotCheckSample.quarter == quarter)
            & (SpotCheckSample.superseded == False)  # noqa: E712
        )
        .first()
    )


async def draw_sample(viewer: Viewer, data: SampleRequest, now: datetime, today: date) -> int:
    zone = await led_zone(viewer, data.zone)
    period = ended_quarter(data.quarter, today)
    seed = _seed(data.seed)
    if await _current_sample(zone["id"], period.label):
        raise Conflict("spot_check_sample_exists", quarter=period.label)
    inputs = await gather_inputs(zone, period, today)  # reads compliance: outside the write
    _checked_size(data.size, inputs)
    async with transaction():
        await _lock_zone(zone["id"])
        if await _current_sample(zone["id"], period.label):
            raise Conflict("spot_check_sample_exists", quarter=period.label)
        return await _write_sample(viewer, zone, period, data.size, seed, inputs, now)


class RedrawRequest(msgspec.Struct):
    reason: str
    seed: int | None = None


async def redraw_sample(
    viewer: Viewer, sample_id: int, data: RedrawRequest, now: datetime, today: date
) -> int:
    reason = data.reason.strip()
    samples_role(viewer)
    old = await SpotCheckSample.select().where(SpotCheckSample.id == sample_id).first()
    if old is None:
        raise NotFound("unknown_sample")
    try:
        zone = await led_zone(viewer, old["zone"])
    except NotFound:
        raise NotFound("unknown_sample") from None
    if not reason:
        raise InvalidInput("spot_check_redraw_needs_reason")
    period = parse_period(old["quarter"])
    seed = _seed(data.seed)
    if old["superseded"]:
        raise InvalidInput("spot_check_sample_superseded")
    inputs = await gather_inputs(zone, period, today)
    # records submitted since may add institutions to cover: never fewer draws than that
    size = max(old["size"], _minimum(inputs))
    async with transaction():
        await _lock_zone(zone["id"])
        current = await SpotCheckSample.select().where(SpotCheckSample.id == sample_id).first()
        if current["superseded"]:
            raise InvalidInput("spot_check_sample_superseded")
        await SpotCheckSample.update({SpotCheckSample.superseded: True}).where(
            SpotCheckSample.id == sample_id
        )
        return await _write_sample(
            viewer, zone, period, size, seed, inputs, now, replaces=old, reason=reason
        )

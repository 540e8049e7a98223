"""`gather` reads a batch's facts through its own rows (issue 16): who was present at each hosted
activity, its host department, its submitted record, leave and competencies must come out as
the former whole-table joins found them, guests from other institutions included."""

import asyncio
import random
from collections import defaultdict
from contextlib import nullcontext
from datetime import UTC, date, datetime

import msgspec
import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.competencies.tables import CompetencyAssessment
from backend.compliance.freshness import facts_changed
from backend.compliance.gather import _ATTENDED, fact_range, gather, staff_rule_kinds
from backend.core.clock import end_of_day_utc, start_of_day_utc
from backend.core.database import transaction
from backend.core.periods import local_date
from backend.drill_records.tables import DrillRecordVersion
from backend.institutions.tables import Institution
from backend.rules.catalogue import load_rules
from backend.staff.tables import LeavePeriod, StaffMember
from backend.tooling.synthetic_province.load import generate_province
from tests.world import wipe

TODAY = date(2026, 11, 23)
YEAR = TODAY.year  # the one year generated


@pytest.fixture(scope="module")
def province():
    asyncio.run(wipe())
    asyncio.run(generate_province(6, 360, 1, seed=random.randrange(10_000), today=TODAY))
    guests = asyncio.run(_guests_attend_elsewhere(random.Random(16)))
    yield guests
    asyncio.run(wipe())


async def _guests_attend_elsewhere(draw: random.Random) -> int:
    """Staff of one institution attending activities hosted by another (regional drills)."""
    staff = await StaffMember.select(StaffMember.id, StaffMember.institution)
    activities = await Activity.select(Activity.id, Activity.host_institution).where(
        Activity.host_institution.is_not_null() & (Activity.status == "held")
    )
    taken = {(r["activity"], r["staff_member"]) for r in await Attendance.select(
        Attendance.activity, Attendance.staff_member)}  # fmt: skip
    rows = []
    for activity in draw.sample(activities, min(40, len(activities))):
        others = [s for s in staff if s["institution"] != activity["host_institution"]]
        for person in draw.sample(others, 3):
            if (activity["id"], person["id"]) not in taken:
                taken.add((activity["id"], person["id"]))
                rows.append(Attendance(activity=activity["id"], staff_member=person["id"],
                                       status=draw.choice(["present", "late", "absent"]),
                                       recorded_at=datetime.now(UTC)))  # fmt: skip
    async with transaction():
        await Attendance.insert(*rows)
        await facts_changed({a["host_institution"] for a in activities})
    return len(rows)


async def _former_presence(ids: list[int], begins, ends) -> dict[int, tuple]:
    """The whole-table join gather used before: (roles, department kinds) by activity."""
    rows = await (
        Attendance.select(
            Attendance.activity,
            Attendance.staff_member.role.as_alias("role"),
            Attendance.staff_member.department.kind.as_alias("department_kind"),
        )
        .where(
            Attendance.activity.host_institution.is_in(ids)
            & (Attendance.activity.starts_at >= begins)
            & (Attendance.activity.starts_at < ends)
            & _ATTENDED
        )
        .distinct()
    )
    roles, kinds = defaultdict(set), defaultdict(set)
    for row in rows:
        if row["role"]:
            roles[row["activity"]].add(row["role"])
        if row["department_kind"]:
            kinds[row["activity"]].add(row["department_kind"])
    return {a: (frozenset(roles[a]), frozenset(kinds[a])) for a in roles.keys() | kinds.keys()}


async def _former_records(ids: list[int], begins, ends) -> dict[int, tuple]:
    record = DrillRecordVersion.record
    rows = await DrillRecordVersion.select(
        record.activity.as_alias("activity"),
        record.current_version.as_alias("current_version"),
        DrillRecordVersion.version,
        DrillRecordVersion.content,
    ).where(
        (record.status == "submitted")
        & record.activity.host_institution.is_in(ids)
        & (record.activity.starts_at >= begins)
        & (record.activity.starts_at < ends)
    )
    found = {}
    for row in rows:
        if row["version"] == row["current_version"]:
            timings = msgspec.json.decode(row["content"])["timings"]
            found[row["activity"]] = tuple(
                sorted((name, value) for name, value in timings.items() if value is not None)
            )
    return found


async def _former_activities(ids: list[int], begins, ends) -> dict[int, tuple]:
    rows = await Activity.select(
        Activity.id,
        Activity.host_institution,
        Activity.starts_at,
        Activity.host_department.kind.as_alias("host_department_kind"),
    ).where(
        Activity.host_institution.is_in(ids)
        & (Activity.starts_at >= begins)
        & (Activity.starts_at < ends)
    )
    return {
        r["id"]: (
            r["host_institution"],
            local_date(r["starts_at"]),
            r["host_department_kind"] or "",
        )
        for r in rows
    }


async def _former_competencies(ids: list[int], first: date, last: date) -> dict[int, list]:
    """Every assessment of the province read whole, filtered here: no query shared with gather."""
    staff = {r["id"]: r["institution"] for r in await StaffMember.select(
        StaffMember.id, StaffMember.institution)}  # fmt: skip
    found = defaultdict(list)
    for row in await CompetencyAssessment.select():
        valid_until = row["valid_until"]
        if (
            staff[row["staff_member"]] in ids
            and row["proves"]
            and valid_until is not None
            and valid_until >= first
            and row["assessed_on"] <= last
        ):
            found[row["staff_member"]].append((row["competency"], row["assessed_on"], valid_until))
    return {person: sorted(held) for person, held in found.items()}


def test_a_batch_gathers_what_the_whole_table_joins_found(province):
    assert province > 20  # guests were added: their roles and departments must count

    async def both():
        ids = [r["id"] for r in await Institution.select(Institution.id)]
        first, last = fact_range(date(YEAR, 1, 1), date(YEAR, 12, 31))
        begins, ends = start_of_day_utc(first), end_of_day_utc(last)
        kinds = staff_rule_kinds([list(load_rules().values())])
        batch = sorted(random.sample(ids, 4))  # a batch, not the whole province
        gathered = await gather(batch, first, last, kinds, (YEAR,))
        former = (
            await _former_presence(batch, begins, ends),
            await _former_records(batch, begins, ends),
            await _former_activities(batch, begins, ends),
            await _former_competencies(batch, first, last),
            await LeavePeriod.count().where(LeavePeriod.staff_member.institution.is_in(batch)),
        )
        return batch, gathered, former

    batch, gathered, (presence, records, activities, competencies, leaves) = asyncio.run(both())
    facts = [gathered[i] for i in batch]
    hosted = {a.id: (i, a) for i in batch for a in gathered[i].activities}
    assert set(hosted) == set(activities)
    seen_guest_kinds = 0
    for activity_id, (institution, fact) in hosted.items():
        roles, kinds = presence.get(activity_id, (frozenset(), frozenset()))
        assert (fact.present_roles, fact.present_department_kinds) == (roles, kinds)
        assert (institution, fact.day, fact.host_department_kind) == activities[activity_id]
        assert fact.metrics == records.get(activity_id, ())
        assert fact.record_submitted == (True if activity_id in records else None)
        seen_guest_kinds += bool(kinds)
    assert seen_guest_kinds and any(a.metrics for _, a in hosted.values())
    held = {
        staff: sorted((c.competency, c.assessed_on, c.valid_until) for c in found)
        for f in facts
        for staff, found in f.staff_competencies.items()
    }
    assert held == competencies and held
    assert sum(len(s.absences) for f in facts for s in f.staff) == leaves


@pytest.mark.parametrize("in_transaction", [False, True])
def test_chunks_judged_while_the_next_is_read_equal_each_judged_alone(
    province, monkeypatch, in_transaction
):
    """judge_in_chunks reads the next chunk's facts while it judges this one (one after the
    other inside a transaction): every institution's assessments and cells must be what
    judging it alone gives."""
    from backend.compliance import snapshots
    from backend.compliance.freshness import stamps
    from backend.compliance.profiles import jurisdiction_tree
    from backend.rules.catalogue import default_catalogue

    monkeypatch.setattr(snapshots, "CHUNK", 2)

    async def both():
        rows = await Institution.select(Institution.id, Institution.jurisdiction)
        plan = snapshots.JudgingPlan(rows, await jurisdiction_tree(), YEAR, default_catalogue())
        current = await stamps(plan.ids)
        alone = {}
        for institution in plan.ids:
            alone.update(await snapshots.judge(plan, [institution], current, store=False))
        chunked, chunks = {}, 0
        async with transaction() if in_transaction else nullcontext():
            async for judged in snapshots.judge_in_chunks(plan, plan.ids, current, store=False):
                chunked.update(judged)
                chunks += 1
        return alone, chunked, chunks

    alone, chunked, chunks = asyncio.run(both())
    assert chunks == 3 and set(chunked) == set(alone) and len(alone) == 6
    for institution, snapshot in alone.items():
        assert chunked[institution].assessments == snapshot.assessments
        assert chunked[institution].cells == snapshot.cells
    assert any(len(s.assessments) > 10 for s in alone.values())

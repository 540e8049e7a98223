"""Compliance is kept judged per institution and year; every write that changes the facts makes
the next answer new, and nothing else re-judges (the tests run with DRILLBOOK_VERIFY_SNAPSHOTS=1,
so a stale answer anywhere in the suite fails)."""

import asyncio
import shutil
import uuid
from datetime import UTC, date, datetime

import msgspec
import pytest

from backend.activities.tables import Activity
from backend.compliance import service
from backend.compliance.freshness import everything_changed
from backend.compliance.profiles import jurisdiction_tree
from backend.compliance.report import COMMAND_LINE
from backend.compliance.snapshots import StaleSnapshot, snapshots
from backend.compliance.tables import ComplianceSnapshot
from backend.institutions.tables import Institution
from backend.rules.catalogue import SEEDS_DIR, default_catalogue, load_catalogue


def _compliance(api, world, year, as_of, who="officer"):
    path = f"/api/compliance?institution={world.hosp_a}&year={year}&as_of={as_of}"
    response = api(who).get(path)
    assert response.status_code == 200, response.text
    return response.json()


def _status(body, rule_id, period, kind="institution", subject=None):
    (finding,) = [
        f
        for f in body["findings"]
        if f["rule_id"] == rule_id
        and f["period"] == period
        and f["subject_kind"] == kind
        and (subject is None or f["subject_id"] == subject)
    ]
    return finding["status"]


def _computed_at(institution: int, year: int):
    row = (
        ComplianceSnapshot.select(ComplianceSnapshot.computed_at)
        .where((ComplianceSnapshot.institution == institution) & (ComplianceSnapshot.year == year))
        .first()
        .run_sync()
    )
    return row and row["computed_at"]


def _drill_on_10_february_2031(world, status):
    """Written straight to the table, past the services (which would call facts_changed)."""
    _drill_row(world, status).save().run_sync()


def _drill_row(world, status):
    return Activity(
        uid=uuid.uuid4(),
        kind="drill",
        topic="pph",
        title="演练",
        host_institution=world.hosp_a,
        starts_at=datetime(2031, 2, 10, 2, tzinfo=UTC),
        ends_at=datetime(2031, 2, 10, 4, tzinfo=UTC),
        status=status,
        created_at=datetime.now(UTC),
        updated_at=datetime.now(UTC),
    )


def test_a_drill_booked_through_the_api_shows_in_the_next_answer(world, api):
    assert (
        _status(_compliance(api, world, 2031, "2031-01-05"), "pph-drill", "2031-Q1") == "due_soon"
    )
    booked = api("officer").post(
        "/api/activities",
        json={
            "kind": "drill",
            "topic": "pph",
            "title": "产后出血急救演练",
            "starts_at": "2031-03-10T09:00",
            "ends_at": "2031-03-10T11:00",
            "place": "产房",
        },
    )
    assert booked.status_code == 201, booked.text
    assert _status(_compliance(api, world, 2031, "2031-01-05"), "pph-drill", "2031-Q1") == "planned"
    activity = booked.json()["activity"]["id"]
    cancelled = api("officer").post(f"/api/activities/{activity}/cancel", json={"reason": "停电"})
    assert cancelled.status_code == 200, cancelled.text
    assert (
        _status(_compliance(api, world, 2031, "2031-01-05"), "pph-drill", "2031-Q1") == "due_soon"
    )


def test_leave_recorded_through_the_api_takes_a_midwife_out_of_that_years_cme(world, api):
    body = _compliance(api, world, 2025, "2026-01-05")
    assert _status(body, "cme-annual", "2025", "staff_member", world.s_a) == "gap"
    leave = api("officer").post(
        f"/api/staff/{world.s_a}/leave",
        json={"starts_on": "2025-01-01", "ends_on": "2025-11-30", "reason": "产假"},
    )
    assert leave.status_code in (200, 201), leave.text
    body = _compliance(api, world, 2025, "2026-01-05")
    assert _status(body, "cme-annual", "2025", "staff_member", world.s_a) == "not_applicable"


def test_one_judgement_answers_for_every_date_until_the_facts_change(world, api):
    _drill_on_10_february_2031(world, "planned")  # before the first judgement
    assert _status(_compliance(api, world, 2031, "2031-01-05"), "pph-drill", "2031-Q1") == "planned"
    judged_at = _computed_at(world.hosp_a, 2031)
    # the quarter ended with the drill never held: the same snapshot now says gap
    assert _status(_compliance(api, world, 2031, "2031-04-02"), "pph-drill", "2031-Q1") == "gap"
    matrix = api("city_commission").get(
        f"/api/compliance/matrix?jurisdiction={world.city}&year=2031&as_of=2031-04-02"
    )
    assert matrix.status_code == 200
    assert _computed_at(world.hosp_a, 2031) == judged_at


def test_a_changed_rule_file_changes_the_verdict_without_any_new_facts(world, api, tmp_path):
    body = _compliance(api, world, 2031, "2031-01-05")
    assert _status(body, "pph-drill", "2031-Q1") == "due_soon"
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    rule = seeds / "rules" / "pph-drill.toml"
    rule.write_text(
        rule.read_text().replace("effective_from = 2018-04-27", "effective_from = 2031-07-01")
    )
    changed = load_catalogue(seeds)
    answer = asyncio.run(
        service.institution_compliance(COMMAND_LINE, world.hosp_a, 2031, date(2031, 1, 5), changed)
    )
    (q1,) = [f for f in answer.findings if f.rule_id == "pph-drill" and f.period == "2031-Q1"]
    assert q1.status == "not_applicable"
    # and the shipped rules judge it as before
    assert (
        _status(_compliance(api, world, 2031, "2031-01-05"), "pph-drill", "2031-Q1") == "due_soon"
    )


def test_a_week_straddling_new_year_shows_the_quarters_of_both_years(world, api):
    matrix = api("city_commission").get(
        f"/api/compliance/matrix?jurisdiction={world.city}&year=2026&period=2026-W01&as_of=2026-01-10"
    )
    assert matrix.status_code == 200, matrix.text
    (row,) = [r for r in matrix.json()["rows"] if r["institution"]["id"] == world.hosp_a]
    (pph,) = [c for c in row["cells"] if c["rule_id"] == "pph-drill"]
    # 2025-Q4 (over: a gap) and 2026-Q1 (open: due soon)
    assert pph["counts"]["gap"] == 1 and pph["counts"]["due_soon"] == 1


def test_a_write_that_forgets_to_announce_itself_is_caught(world, api):
    _compliance(api, world, 2031, "2031-01-05")
    _drill_on_10_february_2031(world, "held")  # and no facts_changed: the bug caught here

    async def read():
        rows = await Institution.select(Institution.id, Institution.jurisdiction).where(
            Institution.id == world.hosp_a
        )
        return await snapshots(rows, await jurisdiction_tree(), 2031, default_catalogue())

    with pytest.raises(StaleSnapshot, match=f"institution {world.hosp_a} for 2031"):
        asyncio.run(read())


def test_a_write_landing_while_a_snapshot_is_judged_is_in_the_next_answer(world, api, monkeypatch):
    from backend.compliance import snapshots as module
    from backend.compliance.freshness import facts_changed

    gather = module.gather

    async def gather_then_a_booking_lands(*args, **kwargs):
        facts = await gather(*args, **kwargs)
        monkeypatch.setattr(module, "gather", gather)  # once
        await _drill_row(world, "planned").save()
        await facts_changed([world.hosp_a])
        return facts

    monkeypatch.setattr(module, "gather", gather_then_a_booking_lands)
    # judged on the facts read before the booking landed
    assert (
        _status(_compliance(api, world, 2031, "2031-01-05"), "pph-drill", "2031-Q1") == "due_soon"
    )
    # that snapshot carries the older version, so the next reader judges again
    assert _status(_compliance(api, world, 2031, "2031-01-05"), "pph-drill", "2031-Q1") == "planned"


def test_readers_judging_the_same_stale_institutions_at_once_all_succeed(world, api):
    async def four_readers():
        await everything_changed()
        return await asyncio.gather(
            *[
                service.compliance_matrix(COMMAND_LINE, world.city, 2031, date(2031, 1, 5))
                for _ in range(4)
            ]
        )

    matrices = asyncio.run(four_readers())
    assert len({msgspec.json.encode(m) for m in matrices}) == 1
    assert len(matrices[0].rows) == 3

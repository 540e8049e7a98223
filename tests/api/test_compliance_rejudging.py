"""After a rule change every snapshot of a year is stale: readers are served the old judgements,
marked, while one background run (guarded by the lease) judges them again. An institution whose
own facts changed is judged at once, as before."""

import asyncio
from datetime import UTC, date, datetime, timedelta

import msgspec
import pytest

from backend.compliance import rejudging, service
from backend.compliance.report import COMMAND_LINE
from backend.compliance.tables import ComplianceSnapshot, JudgingLease
from backend.rules.catalogue import default_catalogue

MATRIX = "/api/compliance/matrix?jurisdiction={city}&year=2031&period=2031-Q1&as_of=2031-01-05"


@pytest.fixture(autouse=True)
def no_run_outlives_the_test():
    """The test clients share one event loop for the whole run: a run still going would judge
    in the next test's database."""
    yield
    asyncio.run(rejudging.settled())


@pytest.fixture
def judged(world, api):
    """The city's 2031 judged with the shipped rules: the first quarter's pph drills are due
    soon on 5 January."""
    body = _matrix(api, world)
    assert not body["updating"] and body["judged_at"] is None
    assert _pph(body, world.hosp_a) == _pph(body, world.hosp_b) == "due_soon"
    asyncio.run(rejudging.settled())
    return body


@pytest.fixture
def rule_changed(judged, monkeypatch):
    """A new rule file: pph drills are required only from July 2031 (the basis of every
    institution's snapshot changes; no facts do)."""
    rules = default_catalogue().rules
    later = msgspec.structs.replace(rules["pph-drill"], effective_from=date(2031, 7, 1))
    monkeypatch.setitem(rules, "pph-drill", later)


def _matrix(api, world) -> dict:
    response = api("city_commission").get(MATRIX.format(city=world.city))
    assert response.status_code == 200, response.text
    return response.json()


def _pph(body: dict, institution: int) -> str:
    (row,) = [r for r in body["rows"] if r["institution"]["id"] == institution]
    (cell,) = [c for c in row["cells"] if c["rule_id"] == "pph-drill"]
    return cell["status"]


def _computed_at(institution: int) -> datetime:
    row = (
        ComplianceSnapshot.select(ComplianceSnapshot.computed_at)
        .where((ComplianceSnapshot.institution == institution) & (ComplianceSnapshot.year == 2031))
        .first()
        .run_sync()
    )
    return row["computed_at"]


def _judged_at(body: dict) -> datetime:
    return datetime.fromisoformat(body["judged_at"].replace("Z", "+00:00"))


def _lease(holder: str, expires_in: timedelta) -> None:
    expires_at = datetime.now(UTC) + expires_in
    JudgingLease(
        name=rejudging.lease_name(2031), holder=holder, expires_at=expires_at
    ).save().run_sync()


def _leases() -> list[dict]:
    return JudgingLease.select(JudgingLease.name, JudgingLease.holder).run_sync()


def test_a_changed_rule_serves_the_old_matrix_at_once_then_the_new_one(world, api, rule_changed):
    judged_at = min(_computed_at(world.hosp_a), _computed_at(world.hosp_b))
    stale = _matrix(api, world)
    assert stale["updating"] is True
    assert _judged_at(stale) == judged_at.astimezone(UTC)
    assert _pph(stale, world.hosp_a) == "due_soon"  # the old judgement, as it was
    asyncio.run(rejudging.settled())
    fresh = _matrix(api, world)
    assert fresh["updating"] is False and fresh["judged_at"] is None
    assert _pph(fresh, world.hosp_a) == _pph(fresh, world.hosp_b) == "not_applicable"
    assert _leases() == []  # released at the end


def test_the_institution_page_is_marked_too(world, api, rule_changed):
    path = f"/api/compliance?institution={world.hosp_a}&year=2031&as_of=2031-01-05"
    stale = api("officer").get(path).json()
    assert stale["updating"] is True and stale["judged_at"]
    asyncio.run(rejudging.settled())
    fresh = api("officer").get(path).json()
    assert fresh["updating"] is False
    (q1,) = [
        f for f in fresh["findings"] if f["rule_id"] == "pph-drill" and f["period"] == "2031-Q1"
    ]
    assert q1["status"] == "not_applicable"


def test_two_readers_at_once_start_one_run(world, rule_changed, monkeypatch):
    runs = []
    judge_stale = rejudging._judge_stale

    async def counted(*args):
        runs.append(args)
        return await judge_stale(*args)

    monkeypatch.setattr(rejudging, "_judge_stale", counted)

    async def two_readers():
        matrices = await asyncio.gather(
            *[
                service.compliance_matrix(COMMAND_LINE, world.city, 2031, date(2031, 1, 5))
                for _ in range(2)
            ]
        )
        await rejudging.settled()
        return matrices

    matrices = asyncio.run(two_readers())
    assert [m.updating for m in matrices] == [True, True]
    assert len(runs) == 1


def test_a_lease_held_by_another_worker_is_respected_until_it_expires(world, api, rule_changed):
    judged_at = _computed_at(world.hosp_a)
    _lease("another-worker", timedelta(minutes=5))
    assert _matrix(api, world)["updating"] is True
    asyncio.run(rejudging.settled())
    assert _matrix(api, world)["updating"] is True  # the other worker's run, not this one
    assert _computed_at(world.hosp_a) == judged_at
    # the other worker died: its lease expires and the next reader's run takes it over
    JudgingLease.update({JudgingLease.expires_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        JudgingLease.holder == "another-worker"
    ).run_sync()
    assert _matrix(api, world)["updating"] is True
    asyncio.run(rejudging.settled())
    fresh = _matrix(api, world)
    assert fresh["updating"] is False and _pph(fresh, world.hosp_a) == "not_applicable"
    assert _leases() == []


def test_an_institution_whose_own_facts_changed_is_judged_now(world, api, rule_changed):
    _lease("another-worker", timedelta(minutes=5))  # no background run meanwhile
    booked = api("officer").post(  # hosp_a's own facts change (facts_changed)
        "/api/activities",
        json={
            "kind": "drill",
            "topic": "pph",
            "title": "产后出血急救演练",
            "starts_at": "2031-08-10T09:00",
            "ends_at": "2031-08-10T11:00",
            "place": "产房",
        },
    )
    assert booked.status_code == 201, booked.text
    body = _matrix(api, world)
    assert body["updating"] is True  # hosp_b is served stale
    assert _pph(body, world.hosp_b) == "due_soon"  # its old judgement
    assert _pph(body, world.hosp_a) == "not_applicable"  # judged now, by the new rule
    path = f"/api/compliance?institution={world.hosp_a}&year=2031&as_of=2031-01-05"
    own = api("officer").get(path).json()
    assert own["updating"] is False


def test_a_failed_run_releases_the_lease_and_the_next_reader_tries_again(
    world, api, rule_changed, monkeypatch
):
    async def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(rejudging, "judge", broken)
    assert _matrix(api, world)["updating"] is True
    asyncio.run(rejudging.settled())
    assert _leases() == []
    monkeypatch.undo()  # the rule change too: the stale snapshots are current again
    assert _matrix(api, world)["updating"] is False


@pytest.mark.parametrize("page", ["commission_summary", "zone_overview"])
def test_the_commission_landing_page_and_the_zone_page_are_marked_too(
    world, api, rule_changed, page
):
    """Both summarise many institutions: after a rule change they answer at once with the old
    judgements, marked, and the fresh ones once the background run is done. (The zone's
    quarterly report, a file with no mark to show, waits for fresh judgements instead.)"""
    path = {
        "commission_summary": f"/api/commissions/{world.city}/summary?year=2031",
        "zone_overview": f"/api/zones/{world.zone}/overview?quarter=2031-Q1",
    }[page]
    stale = api("city_commission").get(path)
    assert stale.status_code == 200, stale.text
    assert stale.json()["updating"] is True and stale.json()["judged_at"]
    asyncio.run(rejudging.settled())
    fresh = api("city_commission").get(path).json()
    assert fresh["updating"] is False and fresh["judged_at"] is None
    if page == "zone_overview":
        (row,) = [r for r in fresh["institutions"] if r["id"] == world.hosp_a]
        (cell,) = [c for c in row["cells"] if c["rule_id"] == "pph-drill"]
        assert cell["status"] == "not_applicable"  # the changed rule, judged

"""Spot-checks through the API: draw a zone's sample, redraw it, review a draw (draft, submit,
locked), the exact version drawn after an amendment, who reads what; bad input writes nothing."""

import asyncio
import json
from datetime import UTC, datetime

import pytest

from backend.audit.tables import AuditEntry
from backend.compliance.freshness import facts_changed
from backend.core.clock import SHANGHAI
from backend.drill_records.tables import DrillRecord, DrillRecordVersion
from backend.institutions.tables import Institution, ZoneMembership
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample
from tests.api.test_drill_records import complete, held_drill

QUARTER = "2025-Q2"  # the drills of test_drill_records start on 2025-05-10


def submitted(world, officer, activity):
    record = officer.post(f"/api/activities/{activity}/record", json=complete(world)).json()
    assert officer.post(f"/api/records/{record['id']}/submit").status_code == 200
    return record["id"]


@pytest.fixture
def zone_records(world, api):
    """Two submitted records of hosp_a; a second member (hosp_z) with no record at all."""
    officer = api("officer")
    records = [submitted(world, officer, held_drill(world.hosp_a, present=[world.s_a]))
               for _ in range(2)]  # fmt: skip
    quiet = Institution(code="hosp-z", name_zh="禾城区妇幼保健院", kind="mch_hospital",
                        level="secondary", jurisdiction=world.county_a)  # fmt: skip
    quiet.save().run_sync()
    ZoneMembership(zone=world.zone, institution=quiet.id).save().run_sync()
    return records, quiet.id


def draw_sample(client, world, size=2, seed=7, quarter=QUARTER):
    return client.post(
        "/api/spot-checks/samples",
        json={"zone": world.zone, "quarter": quarter, "size": size, "seed": seed},
    )


def counts():
    async def count():
        return (await SpotCheckSample.count(), await SpotCheckDraw.count(),
                await SpotCheckReview.count(), await AuditEntry.count())  # fmt: skip

    return asyncio.run(count())


def full_review(rating="pass"):
    answers = {item: {"answer": "yes"} for item in (
        "scenario_realism", "required_roles_present", "timings_within_target", "debrief_quality",
        "corrective_actions_concrete")}  # fmt: skip
    return {"checklist": answers, "rating": rating, "comment": "情景贴近实际，复盘到位。"}


def test_the_reviewer_draws_every_institution_and_lists_those_without_records(
    world, api, zone_records
):
    records, quiet = zone_records
    response = draw_sample(api("reviewer"), world, size=2)
    assert response.status_code == 201, response.text
    sample = response.json()
    assert (sample["quarter"], sample["seed"], sample["superseded"]) == (QUARTER, 7, False)
    assert sorted(d["record_id"] for d in sample["draws"]) == sorted(records)
    assert [d["drawn_for"] for d in sample["draws"]] == ["coverage", "risk"]
    assert {d["institution_name"] for d in sample["draws"]} == {"禾城区人民医院"}
    assert all(d["version"] == 1 and d["review_status"] == "none" for d in sample["draws"])
    assert sample["without_records"] == [{"id": quiet, "name": "禾城区妇幼保健院"}]
    assert sample["short_by"] == 0
    stored = SpotCheckSample.select(SpotCheckSample.inputs).first().run_sync()
    inputs = json.loads(stored["inputs"])
    assert sorted(c[0] for c in inputs["candidates"]) == sorted(records)
    assert set(inputs["weights"]) >= {"base", "compliance_gaps", "past_poor_ratings"}
    assert api("reviewer").get(f"/api/spot-checks/samples/{sample['id']}").json() == sample


def test_a_larger_size_than_there_are_records_draws_all_and_says_so(world, api, zone_records):
    sample = draw_sample(api("reviewer"), world, size=5).json()
    assert (len(sample["draws"]), sample["available"], sample["short_by"]) == (2, 2, 3)
    assert "全部抽取" in sample["note_zh"] and "all were drawn" in sample["note_en"]


def test_a_quarter_without_records_is_still_a_sample_listing_the_institutions(world, api):
    sample = draw_sample(api("reviewer"), world, size=1).json()
    assert sample["draws"] == []
    assert [i["name"] for i in sample["without_records"]] == ["禾城区人民医院"]


def test_the_same_seed_gives_the_same_sample(world, api, zone_records):
    reviewer = api("reviewer")
    first = draw_sample(reviewer, world, size=2, seed=11).json()
    again = reviewer.post(f"/api/spot-checks/samples/{first['id']}/redraw",
                          json={"reason": "核对可重复性", "seed": 11}).json()  # fmt: skip
    assert [d["record_id"] for d in again["draws"]] == [d["record_id"] for d in first["draws"]]


def test_a_redraw_is_a_new_visible_sample_and_the_old_one_is_superseded(world, api, zone_records):
    reviewer = api("reviewer")
    first = draw_sample(reviewer, world).json()
    response = reviewer.post(f"/api/spot-checks/samples/{first['id']}/redraw",
                             json={"reason": "抽到的记录正在修订"})  # fmt: skip
    assert response.status_code == 201, response.text
    second = response.json()
    assert (second["replaces"], second["reason"], second["superseded"]) == (
        first["id"], "抽到的记录正在修订", False)  # fmt: skip
    listed = reviewer.get(f"/api/spot-checks/samples?zone={world.zone}&quarter={QUARTER}").json()
    assert [(s["id"], s["superseded"], s["replaced_by"]) for s in listed] == [
        (second["id"], False, None), (first["id"], True, second["id"])]  # fmt: skip
    again = reviewer.post(f"/api/spot-checks/samples/{first['id']}/redraw", json={"reason": "再抽"})
    assert (again.status_code, again.json()["error"]) == (400, "spot_check_sample_superseded")
    actions = [
        e["action"]
        for e in AuditEntry.select(AuditEntry.action).order_by(AuditEntry.seq).run_sync()
    ]
    assert actions[-2:] == ["spot_check.drawn", "spot_check.redrawn"]


def test_a_second_sample_of_the_same_quarter_is_refused(world, api, zone_records):
    reviewer = api("reviewer")
    assert draw_sample(reviewer, world).status_code == 201
    before = counts()
    again = draw_sample(reviewer, world)
    assert (again.status_code, again.json()["error"]) == (409, "spot_check_sample_exists")
    assert counts() == before


async def _submitted_past_services(activity_id, world):
    """A submitted record of another hospital, written directly (its officer is not in the world)."""
    now = datetime(2025, 5, 11, tzinfo=UTC)
    rows = await DrillRecord.insert(
        DrillRecord(activity=activity_id, status="submitted", current_version=1, created_at=now,
                    updated_at=now, submitted_at=now)
    ).returning(DrillRecord.id)  # fmt: skip
    content = complete(world)
    content["team"] = []
    await DrillRecordVersion.insert(
        DrillRecordVersion(record=rows[0]["id"], version=1, content=json.dumps(content),
                           created_at=now)
    )  # fmt: skip
    await facts_changed([world.hosp_b])
    return rows[0]["id"]


def test_a_size_below_the_institutions_with_records_is_refused_naming_the_minimum(
    world, api, zone_records
):
    ZoneMembership(zone=world.zone, institution=world.hosp_b).save().run_sync()
    asyncio.run(_submitted_past_services(held_drill(world.hosp_b), world))
    before = counts()
    response = draw_sample(api("reviewer"), world, size=1)
    assert (response.status_code, response.json()["error"]) == (400, "spot_check_size_too_small")
    assert "至少为 2" in response.json()["message"]
    assert counts() == before
    sample = draw_sample(api("reviewer"), world, size=2).json()
    assert {d["institution_id"] for d in sample["draws"]} == {world.hosp_a, world.hosp_b}


@pytest.mark.parametrize(
    "body, error",
    [
        ({"quarter": "2099-Q1"}, "spot_check_quarter_not_ended"),
        ({"quarter": "2025-05"}, "spot_check_quarter_invalid"),
        ({"quarter": "soon"}, "spot_check_quarter_invalid"),
        ({"size": 0}, "invalid_input"),
        ({"seed": -1}, "invalid_input"),
        ({"size": "two"}, "invalid_input"),
    ],
)
def test_bad_samples_are_refused_and_nothing_is_written(world, api, zone_records, body, error):
    before = counts()
    payload = {"zone": world.zone, "quarter": QUARTER, "size": 2, "seed": 3, **body}
    response = api("reviewer").post("/api/spot-checks/samples", json=payload)
    assert (response.status_code, response.json()["error"]) == (400, error), response.text
    assert counts() == before


def test_a_redraw_needs_a_reason(world, api, zone_records):
    reviewer = api("reviewer")
    sample = draw_sample(reviewer, world).json()
    before = counts()
    response = reviewer.post(f"/api/spot-checks/samples/{sample['id']}/redraw",
                             json={"reason": "  "})  # fmt: skip
    assert (response.status_code, response.json()["error"]) == (
        400,
        "spot_check_redraw_needs_reason",
    )
    assert counts() == before


@pytest.mark.parametrize("user, status", [("officer", 403), ("commission", 403), ("staff", 403),
                                          ("admin", 201)])  # fmt: skip
def test_only_the_zone_reviewer_and_the_administrator_draw(world, api, zone_records, user, status):
    response = draw_sample(api(user), world)
    assert response.status_code == status, response.text


def test_another_zones_reviewer_gets_404_like_a_missing_zone(world, api, zone_records):
    other = _other_reviewer(world)
    client = api(other)
    mine = draw_sample(api("reviewer"), world).json()
    theirs = draw_sample(client, world)
    missing = client.post("/api/spot-checks/samples",
                          json={"zone": 999_999, "quarter": QUARTER, "size": 2})  # fmt: skip
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["error"] == missing.json()["error"]
    assert client.get(f"/api/spot-checks/samples/{mine['id']}").status_code == 404
    assert client.get(f"/api/spot-checks/samples?zone={world.zone}").status_code == 404
    assert client.get("/api/spot-checks/samples").json() == []
    draw = mine["draws"][0]["id"]
    assert client.get(f"/api/spot-checks/draws/{draw}").status_code == 404
    assert (
        client.put(f"/api/spot-checks/draws/{draw}/review", json=full_review()).status_code == 404
    )


def _other_reviewer(world) -> str:
    """A second city centre leading its own zone, and its reviewer."""
    from backend.auth.tables import User
    from backend.institutions.tables import Zone
    from tests.world import _HASH

    centre = Institution(code="centre-2", name_zh="南禾市第二人民医院", kind="general_hospital",
                         level="tertiary", jurisdiction=world.county_b, city_maternal_centre=True)  # fmt: skip
    centre.save().run_sync()
    Zone(code="zone-2", name_zh="第二片区", lead_institution=centre.id).save().run_sync()
    User(username="reviewer2", password_hash=_HASH[0], display_name="reviewer2", role="reviewer",
         institution=centre.id).save().run_sync()  # fmt: skip
    return "reviewer2"


# --- reviews ---------------------------------------------------------------------------------


@pytest.fixture
def drawn(world, api, zone_records):
    sample = draw_sample(api("reviewer"), world).json()
    return sample["draws"][0]


def test_the_reviewer_saves_a_draft_then_submits_and_it_is_locked(world, api, drawn):
    reviewer = api("reviewer")
    path = f"/api/spot-checks/draws/{drawn['id']}"
    draft = {"checklist": {"scenario_realism": {"answer": "yes", "note": "贴近实际"}},
             "rating": "good", "comment": ""}  # fmt: skip
    response = reviewer.put(f"{path}/review", json=draft)
    assert response.status_code == 200, response.text
    review = response.json()["review"]
    assert (review["status"], review["rating_name_zh"]) == ("draft", "良")
    incomplete = reviewer.post(f"{path}/review/submit")
    assert (incomplete.status_code, incomplete.json()["error"]) == (
        400,
        "spot_check_review_incomplete",
    )
    assert "点评" in incomplete.json()["message"] and "复盘" in incomplete.json()["message"]
    assert reviewer.put(f"{path}/review", json=full_review("fail")).status_code == 200
    done = reviewer.post(f"{path}/review/submit")
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["review"]["status"], body["review"]["poor"], body["may_review"]) == (
        "submitted", True, False)  # fmt: skip
    before = counts()
    locked = reviewer.put(f"{path}/review", json=full_review("good"))
    assert (locked.status_code, locked.json()["error"]) == (400, "spot_check_review_locked")
    again = reviewer.post(f"{path}/review/submit")
    assert (again.status_code, again.json()["error"]) == (400, "spot_check_review_locked")
    assert counts() == before
    actions = [
        e["action"]
        for e in AuditEntry.select(AuditEntry.action).order_by(AuditEntry.seq).run_sync()
    ]
    assert actions[-3:] == ["spot_check_review.saved", "spot_check_review.saved",
                            "spot_check_review.submitted"]  # fmt: skip
    sample = reviewer.get(f"/api/spot-checks/samples/{drawn and body['sample_id']}").json()
    assert [(d["review_status"], d["rating"]) for d in sample["draws"] if d["id"] == drawn["id"]] == [
        ("submitted", "fail")]  # fmt: skip


@pytest.mark.parametrize(
    "body, error, named",
    [
        ({"checklist": {"smell": {"answer": "yes"}}}, "spot_check_unknown_item", "smell"),
        ({"rating": "A+"}, "spot_check_unknown_rating", "A+"),
        ({"checklist": {"scenario_realism": {"answer": "maybe"}}}, "invalid_input", "answer"),
        ({"comment": 5}, "invalid_input", "comment"),
        ({"verdict": "ok"}, "invalid_input", "verdict"),
    ],
)
def test_a_bad_review_is_refused_naming_what_is_wrong_and_nothing_is_written(
    world, api, drawn, body, error, named
):
    before = counts()
    response = api("reviewer").put(f"/api/spot-checks/draws/{drawn['id']}/review", json=body)
    assert (response.status_code, response.json()["error"]) == (400, error), response.text
    assert named in response.json()["message"]
    assert counts() == before


def test_a_draw_of_a_superseded_sample_cannot_be_reviewed(world, api, drawn):
    reviewer = api("reviewer")
    sample_id = reviewer.get(f"/api/spot-checks/draws/{drawn['id']}").json()["sample_id"]
    reviewer.post(f"/api/spot-checks/samples/{sample_id}/redraw", json={"reason": "重抽"})
    before = counts()
    response = reviewer.put(f"/api/spot-checks/draws/{drawn['id']}/review", json=full_review())
    assert (response.status_code, response.json()["error"]) == (400, "spot_check_sample_superseded")
    assert counts() == before
    detail = reviewer.get(f"/api/spot-checks/draws/{drawn['id']}").json()
    assert (detail["sample_superseded"], detail["may_review"]) == (True, False)


def test_the_draw_shows_the_version_drawn_even_after_an_amendment(world, api, drawn):
    officer = api("officer")
    amended = officer.post(f"/api/records/{drawn['record_id']}/amendments",
                           json={"reason": "补录", "content": {"problems": "补录的问题"}})  # fmt: skip
    assert amended.status_code == 201, amended.text
    detail = api("reviewer").get(f"/api/spot-checks/draws/{drawn['id']}").json()
    assert (detail["record"]["version"], detail["current_version"]) == (1, 2)
    assert detail["newer_version_exists"] is True
    assert detail["record"]["content"]["problems"] == ""
    assert detail["record"]["content"]["scenario"]["title"] == "宫缩乏力性产后出血"
    assert [m["name"] for m in detail["record"]["team"]] == ["张晓梅"]


def test_the_officer_reads_only_submitted_reviews_of_her_own_draws(world, api, drawn):
    officer, reviewer = api("officer"), api("reviewer")
    path = f"/api/spot-checks/draws/{drawn['id']}"
    assert officer.get(path).status_code == 404  # no review yet
    reviewer.put(f"{path}/review", json=full_review())
    assert officer.get(path).status_code == 404  # a draft is the reviewer's
    assert api("commission").get(path).status_code == 404
    reviewer.post(f"{path}/review/submit")
    seen = officer.get(path)
    assert seen.status_code == 200
    assert (seen.json()["review"]["comment"], seen.json()["may_review"]) == (
        "情景贴近实际，复盘到位。", False)  # fmt: skip
    assert officer.put(f"{path}/review", json=full_review()).status_code == 403
    assert officer.post(f"{path}/review/submit").status_code == 403
    assert api("commission").get(path).status_code == 200
    assert api("city_commission").get(path).status_code == 200
    assert api("staff").get(path).status_code == 403
    assert officer.get(f"/api/spot-checks/samples?zone={world.zone}").status_code == 403


def test_submitting_a_review_counts_for_the_centres_zone_spot_check(world, api, drawn):
    reviewer = api("reviewer")
    path = f"/api/spot-checks/draws/{drawn['id']}"
    reviewer.put(f"{path}/review", json=full_review())
    reviewer.post(f"{path}/review/submit")
    year = datetime.now(UTC).year
    findings = reviewer.get(f"/api/compliance?institution={world.centre}&year={year}").json()
    spot = [f for f in findings["findings"] if f["rule_id"] == "zone-spot-check"]
    quarter = f"{year}-Q{(datetime.now(SHANGHAI).month - 1) // 3 + 1}"
    mine = next(f for f in spot if f["period"] == quarter)
    assert (mine["status"], mine["done"]) == ("met", 1)


def test_a_poor_rating_raises_the_institutions_risk_in_the_next_sample(world, api, drawn):
    reviewer = api("reviewer")
    path = f"/api/spot-checks/draws/{drawn['id']}"
    reviewer.put(f"{path}/review", json=full_review("fail"))
    reviewer.post(f"{path}/review/submit")
    later = draw_sample(reviewer, world, size=1, quarter="2025-Q1").json()
    (hosp_a,) = [i for i in later["institutions"] if i["id"] == world.hosp_a]
    assert hosp_a["factors"]["past_poor_ratings"] == 1
    assert hosp_a["factors"]["compliance_gaps"] > 0  # no drill at all in 2025-Q1
    weights = later["weights"]
    assert hosp_a["risk"] == weights["base"] + sum(
        weights[name] * count for name, count in hosp_a["factors"].items()
    )
    (quiet,) = [i for i in later["institutions"] if i["id"] != world.hosp_a]
    assert quiet["factors"]["past_poor_ratings"] == 0


def test_a_redraw_covers_institutions_whose_records_came_in_since(world, api, zone_records):
    reviewer = api("reviewer")
    first = draw_sample(reviewer, world, size=1).json()
    ZoneMembership(zone=world.zone, institution=world.hosp_b).save().run_sync()
    asyncio.run(_submitted_past_services(held_drill(world.hosp_b), world))
    again = reviewer.post(f"/api/spot-checks/samples/{first['id']}/redraw",
                          json={"reason": "柳溪县人民医院补交了记录"})  # fmt: skip
    assert again.status_code == 201, again.text
    body = again.json()
    assert body["size"] == 2
    assert {d["institution_id"] for d in body["draws"]} == {world.hosp_a, world.hosp_b}

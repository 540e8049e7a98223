"""The demo loader writes a city the demo users can log into, and never mixes into existing data."""

import asyncio
from datetime import date

import pytest
from litestar.testing import TestClient

from backend.app import create_app
from backend.audit.chain import verify
from backend.core.settings import load_settings
from backend.drill_records.tables import DrillRecord
from backend.institutions.tables import Institution
from backend.tooling.demo_city.load import load_demo_city
from tests.world import wipe


@pytest.fixture(scope="module")
def demo_city():
    asyncio.run(wipe())
    assert asyncio.run(load_demo_city(seed=2025, today=date(2026, 11, 23))) == 0
    yield
    asyncio.run(wipe())


def login(username):
    client = TestClient(create_app(load_settings()))
    client.__enter__()
    response = client.post(
        "/api/session", json={"username": username, "password": "drillbook-demo"}
    )
    assert response.status_code == 200, response.text
    return client, response.json()


@pytest.mark.parametrize(
    ("username", "role", "landing_prefix", "institutions_seen"),
    [
        ("admin", "admin", "#/institutions", 24),
        ("officer", "officer", "#/institutions/", 1),
        ("staff", "staff", "#/me", 1),
        ("reviewer", "reviewer", "#/zone", 12),
        ("commission", "commission", "#/commission/", 24),
    ],
)
def test_each_demo_user_logs_in_and_sees_their_scope(
    demo_city, username, role, landing_prefix, institutions_seen
):
    client, session = login(username)
    try:
        assert session["role"] == role
        assert session["landing"].startswith(landing_prefix)
        listing = client.get("/api/institutions", params={"page_size": 100}).json()
        assert listing["total"] == institutions_seen
    finally:
        client.__exit__(None, None, None)


def test_the_officer_and_staff_belong_to_the_city_mch_hospital(demo_city):
    for username in ("officer", "staff"):
        client, session = login(username)
        try:
            assert session["institution_name"] == "南禾市妇幼保健院"
            assert session["staff_member_id"] is not None
        finally:
            client.__exit__(None, None, None)
    client, _ = login("staff")
    try:
        mine = client.get(
            "/api/me/activities", params={"from": "2025-01-01", "to": "2026-12-31"}
        ).json()
        assert any(item["attendance_status"] == "present" for item in mine)
    finally:
        client.__exit__(None, None, None)


def test_loading_again_refuses_and_if_empty_leaves_the_data_alone(demo_city):
    before = Institution.count().run_sync()
    assert asyncio.run(load_demo_city(seed=2025)) == 1
    assert asyncio.run(load_demo_city(seed=2025, if_empty=True)) == 0
    assert Institution.count().run_sync() == before


def _as(username, request):
    client, _ = login(username)
    try:
        return request(client)
    finally:
        client.__exit__(None, None, None)


def test_the_officer_sees_an_overdue_corrective_action_and_its_record_with_targets(demo_city):
    def check(client):
        overdue = client.get("/api/actions", params={"overdue": 1}).json()
        assert overdue and all(a["overdue"] and a["status"] == "open" for a in overdue)
        record = client.get(f"/api/records/{overdue[0]['record_id']}").json()
        assert record["status"] == "submitted" and record["team"]
        assert record["targets"] and {t["outcome"] for t in record["targets"]} & {"met", "missed"}
        assert any(a["id"] == overdue[0]["id"] for a in record["actions"])

    _as("officer", check)


def test_the_amended_demo_record_shows_two_versions_with_the_reason_and_the_change(demo_city):
    (amended,) = (
        DrillRecord.select(DrillRecord.id).where(DrillRecord.current_version == 2).run_sync()
    )

    def check(client):
        record = client.get(f"/api/records/{amended['id']}").json()
        assert (record["version"], record["versions"]) == (2, 2)
        versions = client.get(f"/api/records/{amended['id']}/versions").json()
        assert [v["version"] for v in versions] == [1, 2]
        assert versions[1]["reason"] == "补录氨甲环酸给药时间（据麻醉记录单核对）"
        assert [c["path"] for c in versions[1]["changes"]] == ["timings.minutes_to_tranexamic_acid"]
        assert versions[1]["author_name"] == session_name

    session_name = _as("officer", lambda client: client.get("/api/session").json()["display_name"])
    _as("officer", check)


def test_the_city_centres_ddi_target_is_met_in_some_quarters_and_missed_in_others(demo_city):
    def ddi_statuses(client):
        listing = client.get("/api/institutions", params={"page_size": 100}).json()["items"]
        ids = [i["id"] for i in listing if i["name_zh"] in ("南禾市第一人民医院", "南禾市中心医院")]
        statuses = set()
        for institution in ids:
            body = client.get(
                "/api/compliance", params={"institution": institution, "year": 2025}
            ).json()
            statuses |= {f["status"] for f in body["findings"] if f["rule_id"] == "ddi-target"}
        return statuses

    assert {"met", "gap"} <= _as("commission", ddi_statuses)


def test_the_demo_city_leaves_the_audit_chain_empty_and_intact(demo_city):
    verdict = asyncio.run(verify())
    assert (verdict.entries, verdict.broken) == (0, None)


def test_every_demo_institution_and_person_has_the_pinyin_of_their_name(demo_city):
    from backend.staff.tables import StaffMember
    from tests.api.test_pinyin_order import names_without_their_pinyin

    assert Institution.count().run_sync() == 24 and StaffMember.count().run_sync() > 1000
    assert names_without_their_pinyin() == []

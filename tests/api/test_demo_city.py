"""The demo loader writes a city the demo users can log into, and never mixes into existing data."""

import asyncio
from datetime import date

import pytest
from litestar.testing import TestClient

from backend.app import create_app
from backend.core.settings import load_settings
from backend.demo_city.load import load_demo_city
from backend.institutions.tables import Institution
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
        ("commission", "commission", "#/jurisdictions/", 24),
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

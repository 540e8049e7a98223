"""Open sessions: staff register, past capacity they wait, a withdrawal moves the first one up."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import httpx
import pytest

from backend.attendance.tables import Invitation
from backend.auth.tables import User
from backend.staff.tables import StaffMember
from backend.tooling.local_server import served
from tests.world import _HASH, PASSWORD


def _cme(capacity: int) -> dict:
    return {
        "kind": "cme_session",
        "title": "产科危急重症继续教育",
        "starts_at": "2031-05-20T14:00",
        "ends_at": "2031-05-20T17:00",
        "place": "报告厅",
        "capacity": capacity,
        "credit_class": "city",
        "credits": 2,
    }


def _staff_users(world, count: int) -> list[str]:
    """`count` midwives of hospital A, each with a login; returns the usernames."""
    names = []
    for index in range(count):
        member = StaffMember(
            institution=world.hosp_a,
            department=world.obstetrics_a,
            staff_number=f"R{index:03d}",
            name=f"助产士{index:03d}",
            role="midwife",
            title="junior",
            active_from=date(2020, 1, 1),
            updated_at=datetime.now(UTC),
        )
        member.save().run_sync()
        username = f"midwife{index:03d}"
        User(
            username=username,
            password_hash=_HASH[0],
            display_name=member.name,
            role="staff",
            institution=world.hosp_a,
            staff_member=member.id,
        ).save().run_sync()
        names.append(username)
    return names


def _statuses(activity_id: int) -> dict[int, str]:
    rows = Invitation.select().where(Invitation.activity == activity_id).run_sync()
    return {row["staff_member"]: row["status"] for row in rows}


def test_past_capacity_staff_are_waitlisted_and_a_withdrawal_moves_the_first_up(world, api):
    session = api("officer").post("/api/activities", json=_cme(1)).json()["activity"]
    first, second, third = (api(name) for name in ["staff", *_staff_users(world, 2)])
    path = f"/api/activities/{session['id']}/registration"
    assert first.post(path).json()["status"] == "registered"
    waiting = second.post(path).json()
    assert waiting["status"] == "waitlisted" and waiting["waitlist_position"] == 1
    assert third.post(path).json()["waitlist_position"] == 2
    again = first.post(path)
    assert again.status_code == 409 and again.json()["error"] == "already_registered"
    assert first.delete(path).json()["status"] == "withdrawn"
    statuses = sorted(_statuses(session["id"]).values())
    assert statuses == ["registered", "waitlisted", "withdrawn"]
    detail = second.get(f"/api/activities/{session['id']}").json()
    assert [i["status"] for i in detail["invitations"]] == ["registered"]


def test_capacity_cannot_drop_below_the_seats_taken(world, api):
    officer = api("officer")
    session = officer.post("/api/activities", json=_cme(5)).json()["activity"]
    for name in _staff_users(world, 3):
        api(name).post(f"/api/activities/{session['id']}/registration")
    refused = officer.patch(f"/api/activities/{session['id']}", json={"capacity": 2})
    assert refused.status_code == 400
    assert refused.json()["error"] == "capacity_below_registrations"
    assert officer.get(f"/api/activities/{session['id']}").json()["activity"]["capacity"] == 5


def test_a_session_without_capacity_takes_no_registrations(world, api):
    drill = (
        api("officer")
        .post(
            "/api/activities",
            json={**_cme(1), "capacity": None, "kind": "joint_meeting", "title": "联席会议"},
        )
        .json()["activity"]
    )
    response = api("staff").post(f"/api/activities/{drill['id']}/registration")
    assert response.status_code == 409 and response.json()["error"] == "registration_not_open"


@pytest.fixture
def live_server(world):
    """`drillbook serve` on the test database: real concurrent connections, real locks."""
    with served() as base:
        yield base


async def _register_all(base: str, usernames: list[str], activity_id: int) -> list[int]:
    # No kept-alive connections: the 50 logins take longer than the server keeps an idle
    # connection (uvicorn: 5 s), and reusing one it is closing fails before reaching the app.
    fresh = httpx.Limits(max_keepalive_connections=0)
    clients = [httpx.AsyncClient(base_url=base, timeout=60, limits=fresh) for _ in usernames]
    try:
        for client, username in zip(clients, usernames, strict=True):
            login = await client.post(
                "/api/session", json={"username": username, "password": PASSWORD}
            )
            assert login.status_code == 200
        responses = await asyncio.gather(
            *(c.post(f"/api/activities/{activity_id}/registration") for c in clients)
        )
        return [r.status_code for r in responses]
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def test_fifty_concurrent_registrations_never_exceed_ten_seats(world, api, live_server):
    session = api("officer").post("/api/activities", json=_cme(10)).json()["activity"]
    usernames = _staff_users(world, 50)
    codes = asyncio.run(_register_all(live_server, usernames, session["id"]))
    assert codes == [200] * 50
    statuses = list(_statuses(session["id"]).values())
    assert statuses.count("registered") == 10
    assert statuses.count("waitlisted") == 40

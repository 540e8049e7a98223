"""Issue 12, helper D: exports that stay text, capacity that holds under a race, 400/404 not 500.

1. A name typed as a formula is text in every export (.xlsx and .csv); a control character in a
   name does not break a report, and is refused where names and titles are typed.
2. Lowering capacity while registrations arrive never seats more people than the new capacity.
3. Extreme query dates, a missing institution's feed and an unknown policy profile are 400/404
   with a message a person can act on, never a 500.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from openpyxl import load_workbook

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance, Invitation
from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember
from backend.tooling.local_server import served
from tests.api.test_registration import _cme, _staff_users
from tests.world import PASSWORD

FORMULA = '=HYPERLINK("http://x","y")'
NOW = datetime.now(UTC)
LAST_YEAR = NOW.year - 1


def _person(world, number: str, name: str, institution=None) -> int:
    row = StaffMember(
        institution=institution or world.hosp_a, department=world.obstetrics_a,
        staff_number=number, name=name, role="midwife", title="junior",
        active_from=date(2020, 1, 1), updated_at=NOW,
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def _held_cme(world, staff_id: int) -> None:
    """A held CME session of hosp_a last year that `staff_id` attended (1 city credit)."""
    starts = datetime(LAST_YEAR, 3, 10, 1, 0, tzinfo=UTC)
    row = Activity(
        uid=uuid.uuid4(), kind="cme_session", title="继续教育讲座", host_institution=world.hosp_a,
        starts_at=starts, ends_at=starts + timedelta(hours=3), status="held",
        credit_class="city", credits=1, created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    row.save().run_sync()
    Attendance(activity=row.id, staff_member=staff_id, status="present",
               recorded_at=NOW).save().run_sync()  # fmt: skip


def _cells(book, sheet: str) -> list:
    return [cell for row in book[sheet].iter_rows() for cell in row]


def _register_book(api, world):
    response = api("officer").get(
        "/api/credits/register",
        params={"institution": world.hosp_a, "year": LAST_YEAR, "format": "xlsx"},
    )
    assert response.status_code == 200, response.text
    return load_workbook(io.BytesIO(response.content))


def _report(api, world, format: str):
    response = api("city_commission").get(
        "/api/compliance/report",
        params={"jurisdiction": world.city, "year": LAST_YEAR, "format": format},
    )
    assert response.status_code == 200, response.text
    return response


# ---- 1. exports ------------------------------------------------------------------------------


def test_a_name_typed_as_a_formula_is_plain_text_in_the_credit_register(world, api):
    created = api("officer").post(
        f"/api/institutions/{world.hosp_a}/staff",
        json={"staff_number": "F001", "name": FORMULA, "role": "midwife", "title": "junior",
              "active_from": "2020-01-01", "department_id": world.obstetrics_a},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    _held_cme(world, created.json()["id"])
    cells = [c for c in _cells(_register_book(api, world), "人员学分") if c.value == FORMULA]
    assert len(cells) == 1  # the name as typed, not a formula's result
    assert cells[0].data_type == "s"  # openpyxl reads a live formula as data_type "f"
    numbers = [c.value for c in _cells(_register_book(api, world), "人员学分") if c.column > 3]
    assert 1 in numbers  # credits stay numbers


def test_a_name_typed_as_a_formula_is_plain_text_in_the_commissions_report(world, api):
    _person(world, "F002", FORMULA)
    book = load_workbook(io.BytesIO(_report(api, world, "xlsx").content))
    gaps = [c for c in _cells(book, "未达标清单") if c.value == FORMULA]
    assert gaps, "the person's gap is listed under their name"
    assert all(c.data_type == "s" for c in gaps)
    assert not [c for s in book.sheetnames[:3] for c in _cells(book, s) if c.data_type == "f"]


def test_an_institution_named_like_a_formula_is_quoted_in_the_csv(world, api):
    Institution.update({Institution.name_zh: "=1+2"}).where(
        Institution.id == world.hosp_b
    ).run_sync()
    text = _report(api, world, "csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert any(line.startswith("'=1+2,") for line in lines), text
    assert not any(line.startswith("=1+2") for line in lines)


def test_a_control_character_in_a_stored_name_does_not_break_the_reports(world, api):
    # names that reached the database before input was checked (or by another door)
    staff_id = _person(world, "C001", "王\x07芳\x1b")
    _held_cme(world, staff_id)
    names = [c.value for c in _cells(_register_book(api, world), "人员学分")]
    assert "王芳" in names
    book = load_workbook(io.BytesIO(_report(api, world, "xlsx").content))
    assert "王芳" in [c.value for c in _cells(book, "未达标清单")]
    assert _report(api, world, "png").content.startswith(b"\x89PNG")


@pytest.mark.parametrize("bad", ["王\x07芳", "王芳\x1b[31m", "王芳\n", "王\t芳"])
def test_control_characters_in_a_staff_name_or_position_are_refused(world, api, bad):
    officer = api("officer")
    person = {"staff_number": "N001", "name": bad, "role": "midwife", "title": "junior",
              "active_from": "2020-01-01"}  # fmt: skip
    created = officer.post(f"/api/institutions/{world.hosp_a}/staff", json=person)
    assert created.status_code == 400 and "name" in created.json()["message"]
    edited = officer.patch(f"/api/staff/{world.s_a}", json={"position": f"科主任{bad}"})
    assert edited.status_code == 400 and "position" in edited.json()["message"]
    assert StaffMember.count().where(StaffMember.name == bad).run_sync() == 0


def test_control_characters_in_an_activity_title_are_refused(world, api):
    officer = api("officer")
    booked = officer.post("/api/activities", json={**_cme(5), "title": "产后出血\x07演练"})
    assert booked.status_code == 400 and "title" in booked.json()["message"]
    session = officer.post("/api/activities", json=_cme(5)).json()["activity"]
    edited = officer.patch(f"/api/activities/{session['id']}", json={"title": "讲座\x1b"})
    assert edited.status_code == 400 and "title" in edited.json()["message"]
    assert (
        officer.get(f"/api/activities/{session['id']}").json()["activity"]["title"]
        == (_cme(5)["title"])
    )


def test_a_staff_position_longer_than_its_column_is_a_clear_400(world, api):
    officer = api("officer")
    too_long = officer.patch(f"/api/staff/{world.s_a}", json={"position": "科" * 101})
    assert too_long.status_code == 400 and "position" in too_long.json()["message"]
    fits = officer.patch(f"/api/staff/{world.s_a}", json={"position": "科" * 100})
    assert fits.status_code == 200 and fits.json()["position"] == "科" * 100


# ---- 2. capacity race ------------------------------------------------------------------------


LOWERINGS = [12, 9, 6, 3, 1]


async def _logged_in(base: str, usernames: list[str]) -> list[httpx.AsyncClient]:
    # No kept-alive connections: see test_registration (uvicorn closes idle ones after 5 s).
    fresh = httpx.Limits(max_keepalive_connections=0)
    clients = [httpx.AsyncClient(base_url=base, timeout=60, limits=fresh) for _ in usernames]
    for client, username in zip(clients, usernames, strict=True):
        login = await client.post("/api/session", json={"username": username, "password": PASSWORD})
        assert login.status_code == 200
    return clients


async def _race(base: str, usernames: list[str], rounds: int) -> list[tuple[int, list[int]]]:
    """Each round: a new session of 30 seats; everyone registers while the officer lowers the
    capacity step by step, all at once. Returns (activity id, status codes) per round."""
    clients = await _logged_in(base, [*usernames, "officer"])
    officer, people = clients[-1], clients[:-1]
    results = []
    try:
        for round in range(rounds):
            day = f"2031-06-{10 + round}"  # another day each round: no double booking
            booked = await officer.post(
                "/api/activities",
                json={**_cme(30), "starts_at": f"{day}T14:00", "ends_at": f"{day}T17:00"},
            )
            path = f"/api/activities/{booked.json()['activity']['id']}"
            registrations = [c.post(f"{path}/registration") for c in people]
            edits = [officer.patch(path, json={"capacity": n}) for n in LOWERINGS]
            step = len(registrations) // len(edits)  # each lowering lands among registrations
            calls = [*registrations]
            for index, call in enumerate(edits):
                calls.insert(index * (step + 1) + step // 2, call)
            responses = await asyncio.gather(*calls)
            results.append((booked.json()["activity"]["id"], [r.status_code for r in responses]))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return results


@pytest.fixture
def live_server(world):
    """`drillbook serve` on the test database: real concurrent connections, real locks."""
    with served() as base:
        yield base


def _count(activity_id: int, status: str) -> int:
    return (
        Invitation.count()
        .where((Invitation.activity == activity_id) & (Invitation.status == status))
        .run_sync()
    )


def test_lowering_capacity_while_people_register_never_seats_more_than_capacity(
    world, api, live_server
):
    usernames = _staff_users(world, 30)
    for activity_id, codes in asyncio.run(_race(live_server, usernames, rounds=3)):
        assert set(codes) <= {200, 400}, codes  # a refused lowering is a 400, never a 500
        capacity = (
            Activity.select(Activity.capacity).where(Activity.id == activity_id).first().run_sync()
        )["capacity"]
        seated = _count(activity_id, "registered")
        assert seated <= capacity, (seated, capacity)
        assert seated + _count(activity_id, "waitlisted") == 30


def test_lowering_capacity_below_the_people_registered_says_how_many(world, api):
    officer = api("officer")
    session = officer.post("/api/activities", json=_cme(5)).json()["activity"]
    for name in _staff_users(world, 3):
        api(name).post(f"/api/activities/{session['id']}/registration")
    refused = officer.patch(f"/api/activities/{session['id']}", json={"capacity": 2})
    assert refused.json()["error"] == "capacity_below_registrations"
    assert "3" in refused.json()["message"]


# ---- 3. 400 and 404 instead of 500 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "path", "field"),
    [
        ("officer", "/api/activities?from=0001-01-01", "from"),
        ("officer", "/api/activities?to=9999-12-31", "to"),
        ("staff", "/api/me/activities?from=0001-01-01", "from"),
        ("staff", "/api/me/activities?to=9999-12-31", "to"),
        ("staff", "/api/me/activities?from=0001-01-01&to=0001-01-02", "from"),
    ],
)
def test_a_date_outside_the_calendar_is_a_400_naming_the_field(world, api, who, path, field):
    response = api(who).get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "date_out_of_range"
    assert f"“{field}”" in body["message"] and "1900-01-01" in body["message"]


def test_the_first_and_last_dates_allowed_still_answer(world, api):
    response = api("staff").get("/api/me/activities?from=1900-01-01&to=2200-12-31")
    assert response.status_code == 200
    suggestion = api("officer").get(
        "/api/activities/invite-suggestion",
        params={"institution": world.hosp_a, "kind": "cme_session", "on": "9999-12-31"},
    )
    assert suggestion.status_code == 400 and "“on”" in suggestion.json()["message"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_booking_time_outside_the_calendar_is_a_400(world, api, day):
    officer = api("officer")
    times = {"starts_at": f"{day}T09:00", "ends_at": f"{day}T10:00"}
    booked = officer.post(
        "/api/activities",
        json={**_cme(5), **times, "allow_past": True, "repeat": {"every": "month", "count": 3}},
    )
    assert booked.status_code == 400 and booked.json()["error"] == "bad_time"
    session = officer.post("/api/activities", json=_cme(5)).json()["activity"]
    moved = officer.patch(f"/api/activities/{session['id']}", json=times)
    assert moved.status_code == 400 and moved.json()["error"] == "bad_time"


def test_a_missing_institutions_calendar_feed_is_404(world, api):
    admin = api("admin")
    for response in (
        admin.get("/api/institutions/99999/calendar-feed"),
        admin.post("/api/institutions/99999/calendar-feed/rotate"),
    ):
        assert response.status_code == 404
        assert response.json()["error"] == "unknown_institution"
    officer = api("officer")  # outside the officer's scope: the same answer
    assert officer.get(f"/api/institutions/{world.hosp_b}/calendar-feed").json()["error"] == (
        "unknown_institution"
    )
    assert admin.get(f"/api/institutions/{world.hosp_b}/calendar-feed").status_code == 200


@pytest.mark.parametrize("name", ["nope.ics", ".ics", "%00.ics", "a" * 5000 + ".ics", "x/y.ics"])
def test_a_calendar_feed_address_that_does_not_exist_is_404(anonymous, world, name):
    response = anonymous.get(f"/calendar/{name}")
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_calendar_feed"


def test_an_unknown_policy_profile_is_refused_with_the_profiles_to_choose_from(world, api):
    admin = api("admin")
    refused = admin.patch(f"/api/jurisdictions/{world.county_a}", json={"profile": "nope"})
    assert refused.status_code == 400
    message = refused.json()["message"]
    assert "母婴安全行动提升计划（2021-2025年）" in message  # national-2021 by its name
    assert "national-2021" not in message and "nope" not in message
    english = admin.patch(
        f"/api/jurisdictions/{world.county_a}",
        json={"profile": "nope"},
        headers={"Accept-Language": "en"},
    ).json()["message"]
    assert "Maternal safety upgrade plan 2021-2025" in english
    stored = Jurisdiction.select(Jurisdiction.profile).where(Jurisdiction.id == world.county_a)
    assert stored.first().run_sync()["profile"] is None
    created = admin.post(
        "/api/jurisdictions",
        json={"code": "nh-new", "name_zh": "新区", "level": "county", "parent_id": world.city,
              "profile": "nope"},
    )  # fmt: skip
    assert created.status_code == 400
    assert Jurisdiction.count().where(Jurisdiction.code == "nh-new").run_sync() == 0
    compliance = api("commission").get(
        "/api/compliance", params={"institution": world.hosp_a, "year": LAST_YEAR}
    )
    assert compliance.status_code == 200


def test_a_known_profile_is_accepted_and_the_compliance_pages_follow_it(world, api):
    admin = api("admin")
    accepted = admin.patch(
        f"/api/jurisdictions/{world.county_a}", json={"profile": "national-2018"}
    )
    assert accepted.status_code == 200 and accepted.json()["profile"] == "national-2018"
    page = api("commission").get(
        "/api/compliance", params={"institution": world.hosp_a, "year": LAST_YEAR}
    )
    assert page.status_code == 200 and page.json()["profile"] == "national-2018"
    cleared = admin.patch(f"/api/jurisdictions/{world.county_a}", json={"profile": None})
    assert cleared.status_code == 200 and cleared.json()["profile"] is None

"""Every write route refuses bad input with a clear 4xx, in the reader's language, and writes
nothing (issue 12). The catalogue is tests/bad_inputs.py; CASE_COUNT is what the lead quotes.

The scene is built once for the module: every case must leave the database as it found it, so
they can share it (a case that writes breaks its own test, and says so).
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from litestar.routes import HTTPRoute
from litestar.testing import TestClient
from piccolo.querystring import QueryString

from backend.app import create_app
from backend.core.clock import shanghai_wall_time, utc_now
from backend.core.database import current_engine
from backend.core.settings import load_settings
from backend.core.sqlite_reader import sqlite_reader
from backend.piccolo_app import ALL_TABLES
from tests import bad_inputs
from tests.api.test_drill_records import complete, held_drill
from tests.attendance_activities import colleague
from tests.bad_inputs import CASES, NO_BODY, ROUTES, Case
from tests.world import PASSWORD, World, build_world, open_client

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# What a person must never read: type names, Python's words, code quotes, file paths.
LEAKS = re.compile(
    r"\b(str|int|float|bool|dict|NoneType|Traceback|Exception|msgspec|litestar|piccolo|"
    r"asyncpg|sqlite3?)\b|`|\.py\b|/work/|Expected `|\$\.",
    re.IGNORECASE,
)
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def write_routes() -> set[str]:
    app = create_app(load_settings())
    return {
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/")
        for handler in route.route_handlers
        for method in handler.http_methods & WRITES
    }


def test_every_write_route_has_bad_inputs_in_the_catalogue():
    """A new write route fails here until its bad inputs are added to tests/bad_inputs.py."""
    routes = write_routes()
    catalogued = {case.route for case in CASES}
    assert routes - catalogued == set(), "write routes without bad-input cases"
    assert catalogued - routes == set(), "catalogue names routes that do not exist"
    assert {route.key for route in ROUTES} == routes


# --- the scene ---------------------------------------------------------------------------------


def _login(settings, username: str | None) -> TestClient:
    client = open_client(settings)
    if username:
        response = client.post("/api/session", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
    return client


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def _build_scene(world: World, clients: dict[str, TestClient]) -> dict[str, int]:
    ids = {f.name: getattr(world, f.name) for f in dataclasses.fields(world)}
    officer, staff = clients["officer"], clients["staff"]
    colleague_id = colleague(world, "赵敏")
    from backend.staff.tables import StaffMember

    StaffMember.update({StaffMember.staff_number: "N900"}).where(
        StaffMember.id == colleague_id
    ).run_sync()
    starts = utc_now() + timedelta(days=7)
    booking = {
        "kind": "drill", "topic": "pph", "title": "产后出血急救演练", "place": "产房",
        "starts_at": shanghai_wall_time(starts),
        "ends_at": shanghai_wall_time(starts + timedelta(hours=2)),
    }  # fmt: skip
    activity = _ok(officer.post("/api/activities", json={**booking, "capacity": 5,
                   "invite": {"staff_ids": [world.s_a]}}), 201)["activity"]["id"]  # fmt: skip
    later = {**booking, "starts_at": shanghai_wall_time(starts + timedelta(days=1)),
             "ends_at": shanghai_wall_time(starts + timedelta(days=1, hours=2))}  # fmt: skip
    no_capacity = _ok(officer.post("/api/activities", json=later), 201)["activity"]["id"]
    cancelled = _ok(officer.post("/api/activities", json={**later, "place": "示教室",
                                 "confirm_duplicate": True}), 201)  # fmt: skip
    cancelled = cancelled["activity"]["id"]
    _ok(officer.post(f"/api/activities/{cancelled}/cancel", json={"reason": "停电"}))
    held = held_drill(world.hosp_a, present=[world.s_a])
    draft = _ok(officer.post(f"/api/activities/{held}/record", json={}), 201)["id"]
    submitted_drill = held_drill(world.hosp_a, present=[world.s_a])
    action = {"description": "补充宫缩剂", "owner_staff_id": world.s_a, "due_on": "2031-01-01"}
    record = _ok(officer.post(f"/api/activities/{submitted_drill}/record",
                              json={**complete(world), "actions": [action]}), 201)  # fmt: skip
    _ok(officer.post(f"/api/records/{record['id']}/submit"))
    certificate = _ok(staff.post("/api/credits/certificates", data=bad_inputs.CERTIFICATE), 201)
    inspection = {**later, "kind": "quality_inspection", "topic": None, "place": "中心",
                  "host_institution_id": world.centre}  # fmt: skip
    inspection = _ok(clients["admin"].post("/api/activities", json=inspection), 201)
    ids["inspection"] = inspection["activity"]["id"]  # a centre's quality inspection (helper E)
    ids.update(bad_inputs.paired_support_scene(world, clients))  # paired support (helper D)
    ids.update(bad_inputs.spot_check_scene(world, clients, record["id"]))  # spot-checks (A)
    ids.update(bad_inputs.competency_exam_scene(world, clients))  # exams, certificates (14)
    ids.update(bad_inputs.login_scene(world, clients))  # logins (issue 15)
    return {
        **ids, "activity": activity, "no_capacity": no_capacity, "cancelled": cancelled,
        "held": held, "draft": draft, "record": record["id"],
        "action": record["actions"][0]["id"], "certificate": certificate["id"],
        "colleague": colleague_id, "missing": bad_inputs.MISSING,
    }  # fmt: skip


@pytest.fixture(scope="module")
def scene():
    settings = dataclasses.replace(load_settings(), max_upload_bytes=bad_inputs.SCENE_UPLOAD_LIMIT)
    world = asyncio.run(build_world())
    clients = {name: _login(settings, name) for name in ("admin", "officer", "staff", None)}
    ids = _build_scene(world, clients)
    yield clients, ids
    for client in clients.values():
        client.__exit__(None, None, None)


# --- what "nothing written" means --------------------------------------------------------------

# Tables whose rows a refused request may not touch at all (a digest of every row); the others
# change on any request (sessions seen, login attempts) and are compared by count only.
_BY_COUNT = {"user_session", "login_attempt"}


def _digest_sql(name: str, postgres: bool) -> str:
    if name in _BY_COUNT:
        return f"SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM {name}"
    if postgres:
        return f"SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t.id), '')) FROM {name} t"
    return f"SELECT * FROM {name} ORDER BY id"


async def _fingerprint() -> dict[str, object]:
    engine = current_engine()
    names = [table._meta.tablename for table in ALL_TABLES]
    out: dict[str, object] = {}
    if engine.engine_type == "postgres":  # one round trip: each query opens a connection
        columns = ", ".join(f"({_digest_sql(n, True)}) AS {n}" for n in names)
        out.update((await engine.run_querystring(QueryString(f"SELECT {columns}")))[0])
    else:  # one connection for every table (Piccolo opens one per query, ~6 ms each)
        reader = sqlite_reader()
        for name in names:
            rows = [tuple(row) for row in reader.execute(_digest_sql(name, False))]
            out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    out["files"] = sorted(str(p) for p in Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]).rglob("*"))
    return out


def fingerprint() -> dict[str, object]:
    return asyncio.run(_fingerprint())


# --- the catalogue -----------------------------------------------------------------------------


def _resolved(value, ids: dict[str, int]):
    """`"{s_a}"` in a body becomes the scene's id."""
    if isinstance(value, str):
        named = re.fullmatch(r"\{(\w+)\}", value)
        return ids[named.group(1)] if named else value
    if isinstance(value, list):
        return [_resolved(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _resolved(v, ids) for k, v in value.items()}
    return value


def send(client: TestClient, case: Case, ids: dict[str, int], language: str):
    kwargs: dict = {"headers": {**case.headers, "accept-language": language}}
    if case.json is not NO_BODY:
        kwargs["json"] = _resolved(case.json, ids)
    if case.content is not None:
        kwargs["content"] = case.content
    if case.files is not None:
        kwargs["files"] = case.files
    if case.data is not None:
        kwargs["data"] = case.data
    method = case.route.split(" ")[0]
    return client.request(method, case.path.format(**ids), **kwargs)


def assert_readable(body: dict, language: str) -> None:
    message = body["message"]
    assert message and body["error"] not in message, message
    assert not LEAKS.search(message), message
    if language == "zh":
        assert CJK.search(message), message
    else:
        assert len(ENGLISH.findall(message)) >= 3, message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_input_is_refused_clearly_and_writes_nothing(scene, case: Case):
    clients, ids = scene
    client = clients[case.user]
    before = fingerprint()
    answers = {language: send(client, case, ids, language) for language in ("zh", "en")}
    for language, response in answers.items():
        assert response.status_code == case.status, response.text[:500]
        body = response.json()
        if case.error:
            assert body["error"] == case.error, body
        assert_readable(body, language)
    assert answers["zh"].json()["message"] != answers["en"].json()["message"]
    assert fingerprint() == before


# --- inputs that are not bad: accepted, kept exactly, shown as text ----------------------------

RARE = "𠮷野䶮龘"  # outside the Basic Multilingual Plane (𠮷) and in CJK Extension A (䶮)


def _new_staff(client, world, **fields):
    return client.post(
        f"/api/institutions/{world.hosp_a}/staff", json={**bad_inputs.STAFF, **fields}
    )


def test_rare_characters_in_names_are_accepted_and_come_back_exactly(api, world):
    officer = api("officer")
    person = _ok(_new_staff(officer, world, name=RARE, position=f"{RARE}助产士"), 201)
    assert _ok(officer.get(f"/api/staff/{person['id']}"))["name"] == RARE
    department = officer.post(
        f"/api/institutions/{world.hosp_a}/departments",
        json={"kind": "obstetrics", "name_zh": f"{RARE}产科"},
    )
    assert _ok(department, 201)["name_zh"] == f"{RARE}产科"
    booked = _ok(officer.post("/api/activities", json={**bad_inputs.BOOKING, "title": RARE}), 201)
    shown = _ok(officer.get(f"/api/activities/{booked['activity']['id']}"))
    assert shown["activity"]["title"] == RARE


def test_script_text_in_a_title_is_kept_as_plain_text(api, world):
    """Not refused: stored and answered as the characters typed. The pages put text into the
    page with text nodes only (frontend_static/dom.js `h`), so it shows and never runs."""
    officer = api("officer")
    booked = officer.post(
        "/api/activities", json={**bad_inputs.BOOKING, "title": bad_inputs.SCRIPT}
    )
    activity = _ok(booked, 201)["activity"]
    assert _ok(officer.get(f"/api/activities/{activity['id']}"))["activity"]["title"] == (
        bad_inputs.SCRIPT
    )
    pages = "".join(p.read_text() for p in Path("frontend_static").rglob("*.js"))
    assert "innerHTML" not in pages and "insertAdjacentHTML" not in pages


def test_formula_text_is_kept_and_stays_text_in_the_excel_register(api, world):
    officer = api("officer")
    person = _ok(_new_staff(officer, world, name=bad_inputs.FORMULA), 201)
    assert person["name"] == bad_inputs.FORMULA
    year = utc_now().year
    response = officer.get(
        f"/api/credits/register?institution={world.hosp_a}&year={year}&format=xlsx"
    )
    assert response.status_code == 200, response.text
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == bad_inputs.FORMULA]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_full_width_staff_numbers_and_spaces_are_tidied(api, world):
    """Numbers typed with a Chinese input method are the ASCII ones (NFKC): Ａ００１ is A001."""
    officer = api("officer")
    person = _ok(_new_staff(officer, world, staff_number="Ａ９０１", name="  王芳　"), 201)
    assert (person["staff_number"], person["name"]) == ("A901", "王芳")
    patched = officer.patch(f"/api/staff/{person['id']}", json={"staff_number": " １２３ "})
    assert _ok(patched)["staff_number"] == "123"
    again = _new_staff(officer, world, staff_number="１２３")
    assert again.status_code == 409 and again.json()["error"] == "staff_number_taken"
    booked = officer.post("/api/activities", json={**bad_inputs.BOOKING, "title": "  演练  "})
    assert _ok(booked, 201)["activity"]["title"] == "演练"


def test_the_same_booking_twice_is_refused_not_kept_twice(api, world):
    from backend.activities.tables import Activity

    officer = api("officer")
    body = {**bad_inputs.BOOKING, "place": "产房"}
    _ok(officer.post("/api/activities", json=body), 201)
    again = officer.post("/api/activities", json=body, headers={"accept-language": "en"})
    assert again.status_code == 409, again.text
    assert_readable(again.json(), "en")
    assert Activity.count().run_sync() == 1


def test_replying_twice_keeps_one_answer(api, world):
    from backend.attendance.tables import Invitation

    officer, staff = api("officer"), api("staff")
    booked = officer.post(
        "/api/activities", json={**bad_inputs.BOOKING, "invite": {"staff_ids": [world.s_a]}}
    )
    activity = _ok(booked, 201)["activity"]["id"]
    for answer in ("accepted", "accepted", "declined"):
        body = {"answer": answer, "reason": "值班" if answer == "declined" else ""}
        _ok(staff.post(f"/api/activities/{activity}/reply", json=body))
    rows = Invitation.select().where(Invitation.activity == activity).run_sync()
    assert [(r["reply"], r["reply_reason"]) for r in rows] == [("declined", "值班")]


ACCEPTED_CASES = 6
CASE_COUNT = len(CASES) + ACCEPTED_CASES + 1  # + the route census

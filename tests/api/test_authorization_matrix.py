"""Every route of the app x every role x where the target lives answers as the access policy says,
and no answer carries someone's name, leave reason or hidden drill from outside the viewer's scope.

The routes come from create_app().routes: a route without cells in tests/authorization_cells.py
fails test_every_route_has_its_cells. The world is built once for the module (cells only read it,
or write on fresh objects of their own); refused writes must leave the database as it was.
"""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from backend.app import create_app
from backend.attendance.check_in import make_code
from backend.auth.tables import UserSession
from backend.compliance.tables import ComplianceSnapshot
from backend.core.clock import SHANGHAI, shanghai_wall_time, today_in_shanghai, utc_now
from backend.core.settings import load_settings
from backend.piccolo_app import ALL_TABLES
from tests import authorization_world as places_of
from tests.authorization_cells import (
    CELL_COUNT,
    CELLS,
    MISSING,
    PUBLIC_PREFIXES,
    ROLES,
    ROUTES,
    USERS,
    Call,
    Route,
    foreign_strings,
)
from tests.rosters import SAMPLE_ROWS, build_roster_csv
from tests.world import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNCHECKED_TABLES = {UserSession, ComplianceSnapshot}  # sessions and a recomputable cache


class Matrix:
    """The built world, a logged-in client per role, and fresh targets for writes that succeed."""

    def __init__(self, places: places_of.Places, clients: dict[str, TestClient]) -> None:
        self.places, self.clients = places, clients
        self.admin = clients["admin"]
        self.year = today_in_shanghai().year
        self.secret = load_settings().secret
        self.absent: dict[tuple, tuple[int, str]] = {}
        self._accepted: dict | None = None

    def next(self) -> int:
        return next(self.places.numbers)

    def id(self, kind: str, target: str) -> int:
        if target == "missing":
            return MISSING
        if kind == "person" and target == "self":
            return self.places["self"]
        if kind == "certificate" and target == "self":
            return self.places["certificate:self"]
        if target in ("self", "hidden") and kind != "activity":
            target = "hosp_a"
        return self.places[f"{kind}:{target}"]

    def person(self, target: str) -> int:
        return self.id("person", target)

    def invitee(self, target: str) -> int:
        hospital = target if target in places_of.HOSPITALS else "hosp_a"
        return self.places[f"person:{hospital}"]

    def login_body(self, role: str) -> dict:
        return {"username": USERS[role] or "officer", "password": PASSWORD}

    def code(self, activity_id: int) -> str:
        return make_code(self.secret, activity_id, utc_now()).code

    def feed_path(self) -> str:
        url = self.clients["staff"].get("/api/me/calendar-feed").json()["url"]
        return "/calendar/" + url.rsplit("/calendar/", 1)[1]

    def job(self, target: str) -> str:
        return "0" * 32 if target == "missing" else self.places.jobs[target]

    # --- fresh targets: a write expected to succeed gets one of its own
    def activity(self, target: str, fresh: bool, invite: bool = True) -> int:
        if target == "missing" or not fresh:
            return self.id("activity", target)
        hospital = "hosp_a" if target == "hidden" else target
        body = self.booking_body(hospital, invite)
        body["unannounced"] = target == "hidden"
        body["capacity"] = 20  # open for self-registration
        response = self.admin.post("/api/activities", json=body)
        assert response.status_code == 201, response.text
        return response.json()["activity"]["id"]

    def live(self, target: str, fresh: bool) -> int:
        if target == "missing" or not fresh:
            return self.id("live", target)
        return places_of.started_activity(self.admin, self.places, target)

    def held(self, target: str, fresh: bool) -> int:
        if target == "missing" or not fresh:
            return self.id("held", target)
        return places_of.held_drill(self.places, target)

    def draft(self, target: str, fresh: bool) -> int:
        if target == "missing" or not fresh:
            return self.id("record", target)
        return places_of.draft_record(self.admin, self.places, target)

    def submitted(self, target: str, fresh: bool) -> int:
        if target == "missing" or not fresh:
            return self.id("record", target)
        return places_of.submitted_record(self.admin, self.places, target)

    def certificate(self, target: str, fresh: bool) -> int:
        if target == "missing" or not fresh:
            return self.id("certificate", target)
        return places_of.certificate(self.places, self.person(target), "新提交的证书")

    # --- bodies that succeed where the role may act
    def booking_body(self, target: str, invite: bool = True) -> dict:
        starts = self.places.next_slot()
        host = places_of.host_of(self.places, target) if target != "missing" else {
            "host_institution_id": MISSING
        }  # fmt: skip
        body = {"kind": "drill", "topic": "pph", "title": "矩阵测试演练", "place": "示教室",
                "starts_at": shanghai_wall_time(starts),
                "ends_at": shanghai_wall_time(starts + timedelta(hours=2)), **host}  # fmt: skip
        if invite and target != "missing":
            hospital = "hosp_a" if target in ("district", "city_event") else target
            people = places_of.people_of(self.places, hospital)
            body["invite"] = {"staff_ids": people}
        return body

    def new_jurisdiction(self) -> dict:
        n = self.next()
        return {"code": f"new-{n}", "name_zh": f"新区{n}", "level": "county",
                "parent_id": self.places["jur:city"]}  # fmt: skip

    def new_institution(self) -> dict:
        n = self.next()
        return {"code": f"new-{n}", "name_zh": f"新医院{n}", "kind": "general_hospital",
                "level": "tertiary", "jurisdiction_id": self.places["jur:county_a"]}  # fmt: skip

    def new_person(self) -> dict:
        n = self.next()
        return {"staff_number": f"X{n}", "name": f"新人{n}", "role": "midwife", "title": "junior",
                "active_from": "2024-01-01"}  # fmt: skip

    def leave_body(self) -> dict:
        return {"starts_on": "2030-01-01", "ends_on": "2030-02-01", "reason": "外出培训"}

    def record_body(self, target: str) -> dict:
        hospital = target if target in places_of.HOSPITALS else "hosp_a"
        return places_of.record_content(self.places, hospital, with_action=False)

    def accept_body(self) -> dict:
        if self._accepted is None:
            url = f"/api/institutions/{self.places['inst:hosp_a']}/year-plan?year={self.year + 1}"
            response = self.admin.get(url)
            assert response.status_code == 200, response.text
            self._accepted = response.json()["proposals"][0]
        item, starts = self._accepted, self.places.next_slot()
        return {"items": [{
            "rule_id": item["rule_id"], "kind": item["kind"], "title": "年度计划演练",
            "topic": item.get("topic", ""), "starts_at": shanghai_wall_time(starts),
            "ends_at": shanghai_wall_time(starts + timedelta(hours=2)),
        }]}  # fmt: skip

    def roster_upload(self, target: str) -> Call:
        content = build_roster_csv(SAMPLE_ROWS[1:2])
        url = f"/api/institutions/{self.id('inst', target)}/roster-imports"
        return Call(url, files={"file": ("roster.csv", content, "text/csv")}, settle=self._job_done)

    def _job_done(self, client: TestClient, response) -> None:
        """The import goes on after its 202: let it finish before the next cell looks."""
        if response.status_code != 202:
            return
        for _ in range(200):
            if self.admin.get(f"/api/roster-imports/{response.json()['id']}").json()["state"] in (
                "done",
                "failed",
            ):
                return
            time.sleep(0.02)

    def sign_in_upload(self, target: str) -> Call:
        activity = self.id("live", target)
        hospital = target if target in places_of.HOSPITALS else "hosp_a"
        person = self.places[f"person:{hospital}"]
        starts = utc_now() - timedelta(minutes=50)
        book = Workbook()
        book.active.append(["姓名", "工号", "签到时间"])
        book.active.append([places_of.PERSON[hospital], self.places.staff_numbers[person],
                            starts.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")])  # fmt: skip
        out = io.BytesIO()
        book.save(out)
        return Call(f"/api/activities/{activity}/sign-in-import?dry_run=true",
                    files={"file": ("签到表.xlsx", out.getvalue(), XLSX)})  # fmt: skip

    def evidence_upload(self, target: str) -> Call:
        content = places_of.PNG + str(self.next()).encode()
        return Call(f"/api/records/{self.id('record', target)}/evidence",
                    files={"file": ("照片.png", content, "image/png")})  # fmt: skip

    def certificate_upload(self) -> Call:
        fields = {"title": "省级继续教育项目", "cme_class": "II", "credits": "2",
                  "earned_on": (date.today() - timedelta(days=3)).isoformat()}  # fmt: skip
        return Call("/api/credits/certificates", extra={"data": fields},
                    files={"file": ("证书.pdf", places_of.PDF, "application/pdf")})  # fmt: skip

    # --- sending
    def send(self, route: Route, role: str, call: Call):
        client = self.clients[role]
        if call.fresh_login:
            client = places_of.client_for(None if call.as_anonymous else USERS[role])
        try:
            response = client.request(route.method, call.url, json=call.json, files=call.files,
                                      **call.extra)  # fmt: skip
            if call.settle:
                call.settle(client, response)
            return response
        finally:
            if call.fresh_login:
                client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def matrix():
    """Built once: later modules start from build_world(), which wipes everything again."""
    places = asyncio.run(places_of.build_places())
    clients = {role: places_of.client_for(USERS[role]) for role in ROLES}
    places_of.furnish(places, clients["admin"], clients["staff"])
    for hospital in places_of.HOSPITALS:
        Matrix(places, clients)._job_done(clients["admin"], _Accepted(places.jobs[hospital]))
    yield Matrix(places, clients)
    for client in clients.values():
        client.__exit__(None, None, None)
    for reader in _READERS.values():  # the test run drops its database afterwards
        reader.loop.run_until_complete(reader.connection.close())
        reader.loop.close()
    _READERS.clear()


class _Accepted:
    status_code = 202

    def __init__(self, job_id: str) -> None:
        self._id = job_id

    def json(self) -> dict:
        return {"id": self._id}


def shown_text(response) -> str:
    """What a person reads in the answer: JSON or text, and the text inside PDF and xlsx files."""
    kind = response.headers.get("content-type", "")
    if kind.startswith("application/pdf") and response.status_code == 200:
        try:
            reader = PdfReader(io.BytesIO(response.content))
            return "".join(page.extract_text() or "" for page in reader.pages)
        except (ValueError, PdfReadError):  # an uploaded file, not one the app drew
            return response.content.decode("latin-1")
    if kind.startswith(XLSX) and response.status_code == 200:
        book = load_workbook(io.BytesIO(response.content))
        cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        return "\n".join(cells)
    if kind.startswith(("image/png", "image/jpeg")):
        return ""
    return response.content.decode("utf-8", errors="replace")


CHECKED_QUERIES = [
    f"SELECT * FROM {table._meta.tablename} ORDER BY id"
    for table in ALL_TABLES
    if table not in UNCHECKED_TABLES
]


class _Postgres:
    """One connection kept open on a loop of its own: connecting per cell would be slow."""

    def __init__(self, url: str) -> None:
        import asyncpg

        self.loop = asyncio.new_event_loop()
        self.connection = self.loop.run_until_complete(asyncpg.connect(url))

    def rows(self) -> list[str]:
        fetch = self.connection.fetch
        return [repr(self.loop.run_until_complete(fetch(query))) for query in CHECKED_QUERIES]


_READERS: dict[str, _Postgres] = {}


def _rows() -> list[str]:
    url = os.environ["DRILLBOOK_DATABASE_URL"]
    if url.startswith("postgresql"):
        if url not in _READERS:
            _READERS[url] = _Postgres(url)
        return _READERS[url].rows()
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
        return [repr(connection.execute(query).fetchall()) for query in CHECKED_QUERIES]


def database_state() -> tuple:
    """Every row of every table (but sessions and the snapshot cache) and every stored file."""
    files = sorted(str(p) for p in Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]).rglob("*"))
    return tuple(_rows()), tuple(files)


def _error_code(response) -> str:
    try:
        return response.json().get("error", "")
    except ValueError:
        return ""


def _absent_answer(matrix: Matrix, route: Route, role: str) -> tuple[int, str]:
    key = (route.key, role)
    if key not in matrix.absent:
        response = matrix.send(route, role, route.call(matrix, role, "missing", False))
        matrix.absent[key] = (response.status_code, _error_code(response))
    return matrix.absent[key]


def _cell_id(cell) -> str:
    route, role, target = cell
    return f"{route.method} {route.path} {role}@{target}"


@pytest.mark.parametrize("cell", CELLS, ids=_cell_id)
def test_cell(matrix: Matrix, cell) -> None:
    route, role, target = cell
    expected = route.expect(role, target)
    succeeds = any(200 <= status < 300 for status in expected)
    call = route.call(matrix, role, target, succeeds)
    checks_writes = route.writes and not succeeds and role != "anonymous"  # 401: no handler ran
    before = database_state() if checks_writes else None
    response = matrix.send(route, role, call)
    problems = []
    if response.status_code not in expected:
        problems.append(f"answered {response.status_code}, policy {sorted(expected)}: "
                        f"{response.text[:300]}")  # fmt: skip
    leaked = sorted(s for s in foreign_strings(role, route) if s in shown_text(response))
    if leaked:
        problems.append(f"shows what is outside the viewer's scope: {leaked}")
    if before is not None and database_state() != before:
        problems.append("a refused write changed the database")
    refused = 404 in expected and expected <= {400, 403, 404}
    if refused and target != "missing" and "missing" in route.targets:
        absent = _absent_answer(matrix, route, role)
        if (response.status_code, _error_code(response)) != absent:
            problems.append(f"answers unlike a missing one {absent}")
    assert not problems, f"{_cell_id(cell)}: " + "; ".join(problems)


def _route_keys() -> set[tuple[str, str]]:
    keys = set()
    for route in create_app(load_settings()).routes:
        methods = set(getattr(route, "methods", ())) - {"HEAD", "OPTIONS"} or {"GET"}
        keys |= {(method, route.path) for method in methods}
    return keys


def test_every_route_has_its_cells() -> None:
    """A route added later fails here until it is given its expected answers."""
    covered = {route.key for route in ROUTES}
    public = {key for key in _route_keys() if key[1].startswith(PUBLIC_PREFIXES)}
    missing = sorted(_route_keys() - covered - public)
    stale = sorted(covered - _route_keys())
    assert not missing and not stale, (
        f"routes without cells: {missing}; cells of no route: {stale} ({CELL_COUNT} cells)"
    )
    assert CELL_COUNT > 1500, f"the matrix runs {CELL_COUNT} cells"

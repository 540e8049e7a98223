"""The request log: one JSON line per request with the route template, never personal data."""

from __future__ import annotations

import json
import logging

import pytest

from backend.auth.service import SESSION_COOKIE
from backend.core.request_log import LOGGER
from tests.world import PASSWORD


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def log():
    handler = _Lines()
    LOGGER.addHandler(handler)
    yield handler
    LOGGER.removeHandler(handler)


def test_each_request_gives_one_line_with_its_route_template_status_and_role(world, api, log):
    officer = api("officer")
    log.lines.clear()  # the login
    detail = officer.get(f"/api/staff/{world.s_a}")
    missing = officer.get("/api/staff/999999")
    officer.get("/api/staff", params={"q": "张晓梅", "institution": world.hosp_a})
    entries = log.entries()
    assert [(e["method"], e["route"], e["status"]) for e in entries] == [
        ("GET", "/api/staff/{staff_id}", 200),
        ("GET", "/api/staff/{staff_id}", 404),
        ("GET", "/api/staff", 200),
    ]
    assert {e["role"] for e in entries} == {"officer"}
    assert all(isinstance(e["duration_ms"], float) and e["time"] for e in entries)
    # the id the person can quote to the operator is the one in the log
    assert [detail.headers["x-request-id"], missing.headers["x-request-id"]] == [
        e["request_id"] for e in entries[:2]
    ]


def test_an_anonymous_and_an_unrouted_request_each_get_their_line(world, anonymous, log):
    anonymous.get("/api/me/activities")
    anonymous.post("/api/no-such-route")
    entries = log.entries()
    assert [(e["route"], e["status"], e["role"]) for e in entries] == [
        ("/api/me/activities", 401, None),
        ("-", 404, None),
    ]


def test_feed_tokens_names_cookies_and_passwords_never_reach_the_log(world, api, anonymous, log):
    staff = api("staff")
    officer = api("officer")
    feed_url = staff.get("/api/me/calendar-feed").json()["url"]
    token = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    log.lines.clear()

    feed = anonymous.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200
    officer.get("/api/staff", params={"q": "张晓梅"})
    officer.get(f"/api/staff/{world.s_a}")  # answers with her name
    text = "\n".join(log.lines)
    assert len(log.lines) == 3
    assert log.entries()[0]["route"] == "/calendar/{path}"
    cookies = [staff.cookies.get(SESSION_COOKIE), officer.cookies.get(SESSION_COOKIE)]
    for secret in [token, "张晓梅", "A001", PASSWORD, "q=", *cookies]:
        assert secret and secret not in text

"""A page of another origin cannot make a logged-in browser write; JSON routes take only JSON.

The session cookie is SameSite=Lax: a page on another port of the same host is the same site,
so the browser sends the cookie along. What gives such a request away is what the browser says
about where it came from (Sec-Fetch-Site, Origin, Referer) and the body types a page may send
without asking first (text/plain, urlencoded, multipart).
"""

import json

import pytest

from backend.activities.tables import Activity
from tests.api.test_roster_import import finished
from tests.rosters import SAMPLE_ROWS, build_roster_csv
from tests.world import PASSWORD

OWN_ORIGIN = "http://testserver.local"  # Litestar's TestClient base URL
OTHER_PORT = "http://127.0.0.1:9999"


def _drill() -> dict:
    return {
        "kind": "drill",
        "topic": "pph",
        "title": "产后出血急救演练",
        "starts_at": "2031-03-10T09:00",
        "ends_at": "2031-03-10T11:00",
        "place": "产房",
    }


def _activities() -> int:
    return Activity.count().run_sync()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": OTHER_PORT, "Sec-Fetch-Site": "same-site"},  # a current browser
        {"Origin": OTHER_PORT},  # a browser without Fetch Metadata
        {"Referer": f"{OTHER_PORT}/attack.html"},  # a browser that left Origin out
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},  # a sandboxed frame or data: page
    ],
)
def test_a_page_on_another_origin_cannot_book_as_the_logged_in_officer(world, api, headers):
    officer = api("officer")
    before = _activities()
    response = officer.post("/api/activities", json=_drill(), headers=headers)
    assert response.status_code == 403
    assert response.json()["error"] == "cross_site_request"
    assert "其他网站" in response.json()["message"]
    assert _activities() == before


def test_the_refusal_speaks_english_when_asked(world, api):
    response = api("officer").post(
        "/api/activities",
        json=_drill(),
        headers={"Origin": OTHER_PORT, "Accept-Language": "en"},
    )
    assert response.status_code == 403
    assert "another website" in response.json()["message"]


def test_a_cross_site_page_cannot_log_the_officer_out_or_in(world, api):
    officer = api("officer")
    logout = officer.delete("/api/session", headers={"Sec-Fetch-Site": "same-site"})
    assert logout.status_code == 403
    assert officer.get("/api/session").status_code == 200  # still logged in
    login = officer.post(
        "/api/session",
        json={"username": "admin", "password": PASSWORD},
        headers={"Origin": OTHER_PORT},
    )
    assert login.status_code == 403
    assert officer.get("/api/session").json()["username"] == "officer"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": OWN_ORIGIN, "Sec-Fetch-Site": "same-origin"},  # the app's own pages
        {"Referer": f"{OWN_ORIGIN}/#/book"},
        {"Sec-Fetch-Site": "none"},
        {},  # curl, scripts: no browser, no cookie sent behind anyone's back
    ],
)
def test_the_apps_own_pages_and_non_browser_clients_still_book(world, api, headers):
    response = api("officer").post("/api/activities", json=_drill(), headers=headers)
    assert response.status_code == 201, response.text


def test_reads_from_another_origin_are_not_refused(world, api):
    # GET writes nothing; a cross-origin page cannot read the answer anyway (no CORS).
    response = api("officer").get("/api/session", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("text/plain", json.dumps(_drill())),  # <form enctype="text/plain"> or fetch no-cors
        ("application/x-www-form-urlencoded", "kind=drill&topic=pph"),
        (
            "multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--\r\n",
        ),
    ],
)
def test_a_json_route_refuses_other_body_types_with_415(world, api, content_type, body):
    officer = api("officer")
    before = _activities()
    response = officer.post(
        "/api/activities",
        content=body.encode(),
        headers={"Content-Type": content_type, "Accept-Language": "en"},
    )
    assert response.status_code == 415
    assert response.json()["error"] == "json_body_expected"
    assert "application/json" in response.json()["message"]
    assert _activities() == before


def test_a_json_body_without_a_content_type_is_refused(world, api):
    response = api("officer").post("/api/activities", content=json.dumps(_drill()).encode())
    assert response.status_code == 415
    assert "JSON" in response.json()["message"]


def test_uploads_from_the_apps_own_page_still_take_multipart(world, api):
    officer = api("officer")
    response = officer.post(
        f"/api/institutions/{world.hosp_a}/roster-imports",
        files={"file": ("名册.csv", build_roster_csv(SAMPLE_ROWS), "text/csv")},
        headers={"Origin": OWN_ORIGIN, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 202, response.text
    assert finished(officer, response.json())["result"]["created"] == len(SAMPLE_ROWS)

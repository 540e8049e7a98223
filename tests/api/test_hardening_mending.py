"""Leftovers of the hardening review: an upload reads its session once; a JSON body in another
encoding than UTF-8 is called malformed JSON like any other broken JSON."""

import pytest

from backend.auth.tables import UserSession
from tests.api.test_credit_certificates import _submit
from tests.world import PASSWORD

EN = {"Accept-Language": "en"}


@pytest.fixture
def session_reads(monkeypatch):
    """How many times the session table is read from now on."""
    reads: list[int] = []
    select = UserSession.select.__func__

    def counted(cls, *columns, **kwargs):
        reads.append(1)
        return select(cls, *columns, **kwargs)

    monkeypatch.setattr(UserSession, "select", classmethod(counted))
    return reads


def test_one_upload_reads_the_session_once(world, api, session_reads):
    staff = api("staff")
    session_reads.clear()
    assert _submit(staff).status_code == 201
    assert len(session_reads) == 1


def test_an_upload_refused_by_its_guards_reads_the_session_once_too(world, api, session_reads):
    officer = api("officer")
    session_reads.clear()
    response = officer.post(f"/api/institutions/{world.hosp_a}/roster-imports", data={"x": "1"})
    assert response.status_code == 400
    assert len(session_reads) == 1


def test_each_request_reads_its_own_session(world, api):
    """The viewer is kept for one request only: a logged-out client is refused at once."""
    staff = api("staff")
    assert _submit(staff).status_code == 201
    assert staff.delete("/api/session").status_code == 200
    assert _submit(staff).status_code == 401


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/activities", '{"title": "产后出血演练"}'.encode("gbk")),
        (
            "/api/session",
            f'{{"username": "officer", "password": "{PASSWORD}", "x": "é"}}'.encode("latin-1"),
        ),
    ],
    ids=["GBK booking", "Latin-1 login"],
)
def test_a_json_body_not_in_utf8_is_malformed_json_with_the_usual_message(api, path, body):
    officer = api("officer")
    for headers in (EN, {}):
        headers = {**headers, "Content-Type": "application/json"}
        broken = officer.post(path, content=b"{", headers=headers)
        response = officer.post(path, content=body, headers=headers)
        assert response.status_code == 400
        assert response.json() == broken.json()
        assert response.json()["error"] == "malformed_json"

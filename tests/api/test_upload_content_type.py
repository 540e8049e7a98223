"""An upload sent as something other than a form (JSON, plain text) is told to send a form with
the file (415 naming multipart/form-data), not "choose a file" or a 404 that hides the mistake."""

import pytest

from backend.credits.tables import CreditCertificate
from tests.api.test_credit_certificates import FORM, _submit
from tests.api.test_drill_records import held_drill

EN = {"Accept-Language": "en"}
UPLOAD_ROUTES = [
    "/api/institutions/{hosp_a}/roster-imports",
    "/api/activities/{drill}/sign-in-import",
    "/api/records/999999/evidence",
    "/api/credits/certificates",
]


@pytest.fixture
def routes(world):
    drill = held_drill(world.hosp_a)
    return [route.format(hosp_a=world.hosp_a, drill=drill) for route in UPLOAD_ROUTES]


def test_a_json_body_sent_to_an_upload_is_415_naming_the_form_it_takes(api, routes):
    officer = api("officer")
    for path in routes:
        english = officer.post(path, json={"file": "证书.pdf"}, headers=EN)
        assert (path, english.status_code) == (path, 415)
        assert english.json()["error"] == "form_body_expected"
        assert "multipart/form-data" in english.json()["message"]
        assert "uploaded as a form" in english.json()["message"]
        chinese = officer.post(path, json={"file": "证书.pdf"})
        assert "multipart/form-data" in chinese.json()["message"]
        assert "表单" in chinese.json()["message"]


def test_plain_text_or_a_body_without_a_type_is_refused_the_same_way(api, routes):
    officer = api("officer")
    for path in routes:
        text = officer.post(path, content=b"file=a.csv", headers={"Content-Type": "text/plain"})
        untyped = officer.post(path, content=b'{"file": "a.csv"}')
        for response in (text, untyped):
            assert (path, response.status_code) == (path, 415)
            assert response.json()["error"] == "form_body_expected"


def test_a_certificate_sent_as_json_is_not_recorded(world, api):
    staff = api("staff")
    before = CreditCertificate.count().run_sync()
    response = staff.post("/api/credits/certificates", json=FORM)
    assert response.status_code == 415
    assert CreditCertificate.count().run_sync() == before
    assert _submit(staff).status_code == 201  # the same fields as a form are taken


def test_someone_not_logged_in_still_gets_401_first(anonymous, routes):
    for path in routes:
        response = anonymous.post(path, json={"file": "x"})
        assert (path, response.status_code) == (path, 401)


def test_a_form_without_a_file_still_gets_the_uploads_own_answer(world, api):
    response = api("officer").post(
        f"/api/institutions/{world.hosp_a}/roster-imports", data={"other": "x"}, headers=EN
    )
    assert (response.status_code, response.json()["error"]) == (400, "roster_no_file")

"""Evidence on a drill record: type from the content, size limit, served only to people in scope."""

import os
from pathlib import Path

import pytest

from backend.auth.passwords import hash_password
from backend.auth.tables import User
from backend.drill_records.tables import RecordEvidence
from tests.api.test_drill_records import held_drill
from tests.world import PASSWORD

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def record(world, api):
    drill = held_drill(world.hosp_a, present=[world.s_a])
    return api("officer").post(f"/api/activities/{drill}/record").json()["id"]


def upload(client, record, name, content, content_type="image/png"):
    return client.post(
        f"/api/records/{record}/evidence", files={"file": (name, content, content_type)}
    )


def test_a_png_photo_is_kept_outside_the_web_root_and_listed_on_the_record(world, api, record):
    officer = api("officer")
    response = upload(officer, record, "签到表.png", PNG)
    assert response.status_code == 201, response.text
    evidence = response.json()
    assert (evidence["content_type"], evidence["filename"]) == ("image/png", "签到表.png")
    stored = Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]) / f"{evidence['sha256']}.png"
    assert stored.read_bytes() == PNG
    assert "frontend_static" not in str(stored.resolve())
    assert officer.get(f"/api/records/{record}").json()["evidence"][0]["id"] == evidence["id"]


def test_a_text_file_named_png_is_refused_as_unsupported(world, api, record):
    response = upload(api("officer"), record, "photo.png", b"just some text, not an image")
    assert (response.status_code, response.json()["error"]) == (415, "evidence_wrong_type")
    assert "JPEG" in response.json()["message"]
    assert RecordEvidence.count().run_sync() == 0


def test_a_pdf_is_recognised_whatever_its_name(world, api, record):
    response = upload(api("officer"), record, "scan.jpg", b"%PDF-1.7\n...", "image/jpeg")
    assert response.status_code == 201
    assert response.json()["content_type"] == "application/pdf"


def test_a_file_over_the_limit_is_refused_as_too_large(world, api, record):
    limit = 5 * 1024 * 1024
    response = upload(api("officer"), record, "big.png", PNG + b"\x00" * limit)
    assert response.status_code == 413
    assert response.json()["message"]
    assert RecordEvidence.count().run_sync() == 0


def test_a_reviewer_of_the_zone_downloads_it_with_its_original_name(world, api, record):
    evidence = upload(api("officer"), record, "签到表.png", PNG).json()
    response = api("reviewer").get(evidence["url"])
    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"].startswith("image/png")
    assert "%E7%AD%BE%E5%88%B0%E8%A1%A8.png" in response.headers["content-disposition"]


def test_another_hospitals_officer_gets_404_and_staff_403(world, api, record):
    User.insert(User(username="officer_b", password_hash=hash_password(PASSWORD),
                     display_name="officer_b", role="officer", institution=world.hosp_b)).run_sync()  # fmt: skip
    evidence = upload(api("officer"), record, "photo.png", PNG).json()
    assert api("officer_b").get(evidence["url"]).status_code == 404
    assert (
        api("staff").get(evidence["url"]).status_code == 403
    )  # in scope (their hospital), not theirs to read
    assert upload(api("officer_b"), record, "x.png", PNG).status_code == 404
    assert upload(api("reviewer"), record, "x.png", PNG).status_code == 403

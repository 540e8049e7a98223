"""Staff claim credits earned elsewhere with a certificate; the officer confirms or rejects it."""

import os
from pathlib import Path

import pytest

from backend.audit.tables import AuditEntry
from backend.credits.tables import CreditCertificate

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = {
    "title": "东岚省产科危急重症培训班",
    "cme_class": "I",
    "credits": "4",
    "earned_on": "2025-06-01",
}


def _submit(client, fields=None, file=("证书.pdf", PDF, "application/pdf")):
    data = {**FORM, **(fields or {})}
    return client.post("/api/credits/certificates", data=data, files={"file": file})


def _stored_files() -> list[Path]:
    root = Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]) / "certificates"
    return list(root.glob("*")) if root.exists() else []


def _count() -> int:
    return CreditCertificate.count().run_sync()


def _ledger(client, staff_id: int) -> dict:
    return client.get(f"/api/staff/{staff_id}/credits?year=2025").json()


def test_a_staff_member_submits_a_certificate_that_waits_for_the_officer(world, api):
    response = _submit(api("staff"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "pending" and body["status_label"] == "待审核"
    assert body["staff_member_id"] == world.s_a and body["has_file"] and body["credits"] == 4
    entries = AuditEntry.select().run_sync()
    assert [e["action"] for e in entries] == ["credit_certificate.submitted"]
    pending = api("officer").get(
        f"/api/credits/certificates?institution={world.hosp_a}&status=pending"
    )
    assert [c["id"] for c in pending.json()] == [body["id"]]


def test_the_owner_and_the_officer_download_the_file_and_nobody_else_finds_it(world, api):
    certificate = _submit(api("staff"), file=("扫描件.png", PNG, "image/png")).json()
    url = f"/api/credits/certificates/{certificate['id']}/file"
    for user in ("staff", "officer"):
        response = api(user).get(url)
        assert response.status_code == 200, user
        assert response.content == PNG and response.headers["content-type"] == "image/png"
        assert "filename*=UTF-8''" in response.headers["content-disposition"]
    from backend.auth.tables import User

    User.update({User.institution: world.hosp_b}).where(User.username == "officer").run_sync()
    assert api("officer").get(url).status_code == 404


def test_a_confirmed_certificate_counts_and_cannot_be_decided_again(world, api):
    staff, officer = api("staff"), api("officer")
    certificate = _submit(staff).json()
    url = f"/api/credits/certificates/{certificate['id']}/decision"
    response = officer.post(url, json={"decision": "confirm", "note": ""})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "confirmed" and response.json()["decided_at"]
    ledger = _ledger(staff, world.s_a)
    assert ledger["classes"][0]["earned"] == 4 and ledger["entries"][0]["source"] == "certificate"
    again = officer.post(url, json={"decision": "reject", "note": "重复"})
    assert again.status_code == 409
    assert again.json()["error"] == "credit_certificate_already_decided"
    actions = [e["action"] for e in AuditEntry.select().order_by(AuditEntry.seq).run_sync()]
    assert actions == ["credit_certificate.submitted", "credit_certificate.confirmed"]


def test_a_rejection_needs_a_note_and_a_rejected_certificate_does_not_count(world, api):
    staff, officer = api("staff"), api("officer")
    certificate = _submit(staff).json()
    url = f"/api/credits/certificates/{certificate['id']}/decision"
    bare = officer.post(url, json={"decision": "reject", "note": "  "})
    assert bare.status_code == 400
    assert bare.json()["error"] == "credit_certificate_reject_needs_note"
    assert officer.post(url, json={"decision": "reject", "note": "证书未盖章"}).status_code == 200
    mine = staff.get("/api/credits/certificates").json()
    assert mine[0]["status"] == "rejected" and mine[0]["decision_note"] == "证书未盖章"
    assert _ledger(staff, world.s_a)["entries"] == []


def test_staff_may_not_decide_their_own_certificate(world, api):
    staff = api("staff")
    certificate = _submit(staff).json()
    url = f"/api/credits/certificates/{certificate['id']}/decision"
    assert staff.post(url, json={"decision": "confirm"}).status_code == 403
    assert api("reviewer").post(url, json={"decision": "confirm"}).status_code == 403


def test_another_hospitals_officer_does_not_find_the_certificate(world, api):
    certificate = _submit(api("staff")).json()
    from backend.auth.tables import User

    User.update({User.institution: world.hosp_b}).where(User.username == "officer").run_sync()
    officer = api("officer")
    url = f"/api/credits/certificates/{certificate['id']}/decision"
    assert officer.post(url, json={"decision": "confirm"}).status_code == 404
    listing = officer.get(f"/api/credits/certificates?institution={world.hosp_a}")
    assert listing.status_code == 404


def test_a_pdf_that_is_really_text_is_refused_and_nothing_is_kept(world, api):
    kept = _stored_files()
    response = _submit(api("staff"), file=("证书.pdf", b"just some text", "application/pdf"))
    assert response.status_code == 415
    assert response.json()["error"] == "credit_certificate_file_type"
    assert _count() == 0 and _stored_files() == kept


def test_an_oversized_file_is_refused_with_413_and_nothing_is_kept(world, api):
    kept = _stored_files()
    big = PDF + b"0" * (5 * 1024 * 1024 + 1)
    response = _submit(api("staff"), file=("证书.pdf", big, "application/pdf"))
    assert response.status_code == 413
    assert "MB" in response.json()["message"]
    assert _count() == 0 and _stored_files() == kept


def test_a_certificate_without_a_file_is_accepted(world, api):
    # a browser form with no file chosen sends an empty, nameless file part
    response = _submit(api("staff"), file=("", b"", "application/octet-stream"))
    assert response.status_code == 201, response.text
    assert response.json()["has_file"] is False
    missing = api("staff").get(f"/api/credits/certificates/{response.json()['id']}/file")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"title": "  "}, "credit_certificate_blank_title"),
        ({"cme_class": "III"}, "credit_certificate_bad_class"),
        ({"credits": "abc"}, "credit_certificate_bad_credits"),
        ({"credits": "0"}, "credit_certificate_bad_credits"),
        ({"credits": "2.25"}, "credit_certificate_bad_credits"),
        ({"earned_on": "2025/6/1"}, "credit_certificate_bad_date"),
        ({"earned_on": "2999-01-01"}, "credit_certificate_future_date"),
    ],
)
def test_a_wrong_claim_is_a_clear_400_and_writes_nothing(world, api, fields, code):
    kept = _stored_files()
    response = _submit(api("staff"), fields)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == code and code not in response.json()["message"]
    assert _count() == 0 and _stored_files() == kept


def test_an_account_without_a_staff_record_cannot_submit(world, api):
    response = _submit(api("officer"))
    assert response.status_code == 403
    assert response.json()["error"] == "credit_certificate_needs_staff_member"
    assert _count() == 0


def test_a_listing_with_an_unknown_status_is_a_clear_400(world, api):
    response = api("officer").get(f"/api/credits/certificates?institution={world.hosp_a}&status=x")
    assert response.status_code == 400 and response.json()["error"] == "invalid_query"

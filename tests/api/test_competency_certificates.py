"""External competency certificates: uploaded by the staff member (or the officer for them),
confirmed or rejected by the officer; a confirmed one proves the competency until it expires."""

from __future__ import annotations

import asyncio
import os
from datetime import date, timedelta
from pathlib import Path

from backend.audit.tables import AuditEntry
from backend.competencies.holdings import held_until
from backend.competencies.tables import CompetencyAssessment, CompetencyCertificate
from backend.core.clock import today_in_shanghai

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = {"competency": "neonatal-ppv", "issuer": "东岚省新生儿复苏项目办",
        "certificate_number": "NRP-2025-0318", "issued_on": "2025-03-01",
        "expires_on": "2026-12-31"}  # fmt: skip


def _submit(client, staff_id: int, fields=None, file=("证书.pdf", PDF, "application/pdf")):
    files = {"file": file} if file else None
    return client.post(f"/api/staff/{staff_id}/competency-certificates",
                       data={**FORM, **(fields or {})}, files=files)  # fmt: skip


def _files() -> list[Path]:
    root = Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]) / "competency-certificates"
    return sorted(root.glob("*")) if root.exists() else []


def test_staff_upload_waits_and_the_officer_confirms_until_it_expires(world, api):
    staff, officer = api("staff"), api("officer")
    response = _submit(staff, world.s_a)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status_label"] == "待审核" and body["competency_name"] == "新生儿正压通气"
    queue = officer.get(f"/api/competency-certificates?institution={world.hosp_a}&status=pending")
    assert [c["id"] for c in queue.json()["certificates"]] == [body["id"]]
    assert "neonatal-ppv" in [c["id"] for c in queue.json()["competencies"]]
    assert asyncio.run(held_until([world.s_a])) == {}
    confirmed = officer.post(f"/api/competency-certificates/{body['id']}/confirm", json={})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status_label"] == "已确认"
    rows = CompetencyAssessment.select().run_sync()
    assert [(r["method"], r["outcome"], r["assessed_on"], r["valid_until"]) for r in rows] == [
        ("certificate", "confirmed", date(2025, 3, 1), date(2026, 2, 28))  # framework: 12 months
    ]
    again = officer.post(f"/api/competency-certificates/{body['id']}/reject", json={"note": "x"})
    assert again.status_code == 409
    actions = [e["action"] for e in AuditEntry.select().run_sync()]
    assert actions == ["competency_certificate.submitted", "competency_certificate.confirmed"]


def test_a_certificate_ending_before_the_framework_validity_holds_until_its_own_expiry(world, api):
    issued = today_in_shanghai() - timedelta(days=30)
    expires = issued + timedelta(days=90)
    certificate = _submit(api("staff"), world.s_a, {"issued_on": issued.isoformat(),
                                                    "expires_on": expires.isoformat()}).json()  # fmt: skip
    api("officer").post(f"/api/competency-certificates/{certificate['id']}/confirm", json={})
    assert asyncio.run(held_until([world.s_a])) == {world.s_a: {"neonatal-ppv": expires}}


def test_a_certificate_expiring_before_it_was_issued_is_refused_and_nothing_kept(world, api):
    before = _files()
    response = _submit(api("staff"), world.s_a, {"expires_on": "2025-02-01"})
    assert response.status_code == 400
    assert response.json()["error"] == "certificate_expires_before_issued"
    assert "2025-02-01" in response.json()["message"]
    assert CompetencyCertificate.count().run_sync() == 0 and _files() == before


def test_bad_fields_and_files(world, api):
    staff, before = api("staff"), _files()
    tomorrow = (today_in_shanghai() + timedelta(days=1)).isoformat()
    future = _submit(staff, world.s_a, {"issued_on": tomorrow, "expires_on": "2099-01-01"})
    assert future.json()["error"] == "competency_certificate_issued_in_future"
    drill_only = _submit(staff, world.s_a, {"competency": "pph-team-lead"})
    assert drill_only.json()["error"] == "competency_certificate_not_accepted"
    assert "产后出血抢救团队指挥" in drill_only.json()["message"]
    assert _submit(staff, world.s_a, file=None).json()["error"] == "competency_certificate_no_file"
    text = _submit(staff, world.s_a, file=("证书.pdf", b"just text", "application/pdf"))
    assert text.status_code == 415
    assert _submit(staff, world.s_a, {"issued_on": "2025-02-30"}).status_code == 400
    assert CompetencyCertificate.count().run_sync() == 0 and _files() == before


def test_staff_cannot_confirm_their_own_and_see_only_their_own(world, api):
    staff, officer = api("staff"), api("officer")
    own = _submit(staff, world.s_a).json()
    confirm = staff.post(f"/api/competency-certificates/{own['id']}/confirm", json={})
    assert confirm.status_code == 403
    assert staff.post(f"/api/staff/{world.s_b}/competency-certificates", data=FORM,
                      files={"file": ("c.pdf", PDF, "application/pdf")}).status_code == 404  # fmt: skip
    for_colleague = _submit(officer, world.s_a, {"certificate_number": "NRP-2"})
    assert for_colleague.status_code == 201
    listed = staff.get(f"/api/competency-certificates?institution={world.hosp_b}").json()
    assert {c["certificate_number"] for c in listed["certificates"]} == {"NRP-2025-0318", "NRP-2"}
    assert api("reviewer").post(f"/api/competency-certificates/{own['id']}/confirm",
                                json={}).status_code == 403  # fmt: skip
    assert CompetencyAssessment.count().run_sync() == 0


def test_reject_needs_a_note_and_the_file_is_read_by_the_owner_and_officer(world, api):
    staff, officer = api("staff"), api("officer")
    own = _submit(staff, world.s_a, file=("扫描件.png", PNG, "image/png")).json()
    for client in (staff, officer):
        response = client.get(f"/api/competency-certificates/{own['id']}/file")
        assert response.status_code == 200 and response.content == PNG
        assert response.headers["content-type"] == "image/png"
    assert (
        api("commission").get(f"/api/competency-certificates/{own['id']}/file").status_code == 200
    )
    blank = officer.post(f"/api/competency-certificates/{own['id']}/reject", json={"note": " "})
    assert blank.json()["error"] == "competency_certificate_reject_needs_note"
    rejected = officer.post(f"/api/competency-certificates/{own['id']}/reject",
                            json={"note": "证书编号看不清，请重新拍照"})  # fmt: skip
    assert rejected.json()["status"] == "rejected" and CompetencyAssessment.count().run_sync() == 0

"""What the administrator does from the 系统管理 pages is on the audit chain: a new login, a new
password, an institution created or changed. No password or hash is ever written there."""

import asyncio

from backend.audit.chain import verify
from backend.audit.tables import AuditEntry
from backend.auth.tables import User

NEW_PASSWORD = "nanhe-officer-2026"
RESET_PASSWORD = "nanhe-reset-2026-x"


def _entries(action: str) -> list[dict]:
    return (
        AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.seq).run_sync()
    )


def _all_payloads() -> str:
    return " ".join(e["payload"] for e in AuditEntry.select(AuditEntry.payload).run_sync())


def test_a_new_login_and_a_password_reset_are_audited_without_the_password(world, api):
    admin = api("admin")
    admin_id = User.select(User.id).where(User.username == "admin").first().run_sync()["id"]
    body = {"username": "wang.officer", "display_name": "王老师", "role": "officer",
            "password": NEW_PASSWORD, "institution_id": world.hosp_b}  # fmt: skip
    created = admin.post("/api/users", json=body)
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    reset = admin.post(f"/api/users/{user_id}/password", json={"password": RESET_PASSWORD})
    assert reset.status_code == 200, reset.text

    (made,) = _entries("user.created")
    assert (made["entity"], made["entity_id"], made["actor"]) == ("user", user_id, admin_id)
    assert "wang.officer" in made["payload"] and "officer" in made["payload"]
    (changed,) = _entries("user.password_reset")
    assert (changed["entity_id"], changed["actor"]) == (user_id, admin_id)
    assert changed["seq"] > made["seq"]
    stored_hash = User.select(User.password_hash).where(User.id == user_id).first().run_sync()
    payloads = _all_payloads()
    for secret in (NEW_PASSWORD, RESET_PASSWORD, stored_hash["password_hash"], "argon2"):
        assert secret not in payloads
    assert verify_chain() is None


def test_a_refused_login_leaves_no_audit_entry(world, api):
    body = {"username": "short", "display_name": "短", "role": "officer", "password": "abc",
            "institution_id": world.hosp_b}  # fmt: skip
    assert api("admin").post("/api/users", json=body).status_code == 400
    assert _entries("user.created") == []


def test_an_institution_created_and_renamed_by_the_admin_is_audited(world, api):
    admin = api("admin")
    body = {"code": "nh-new", "name_zh": "柳溪县妇幼保健院", "kind": "mch_hospital",
            "level": "secondary", "jurisdiction_id": world.county_b}  # fmt: skip
    created = admin.post("/api/institutions", json=body).json()
    admin.patch(
        f"/api/institutions/{created['id']}", json={"name_zh": "柳溪县妇幼保健计划生育服务中心"}
    )
    (made,) = _entries("institution.created")
    assert (made["entity"], made["entity_id"]) == ("institution", created["id"])
    assert "柳溪县妇幼保健院" in made["payload"]
    (changed,) = _entries("institution.changed")
    assert "柳溪县妇幼保健计划生育服务中心" in changed["payload"]
    assert "name_pinyin" not in changed["payload"]  # what the admin sent, not derived columns
    assert verify_chain() is None


def test_a_refused_institution_change_leaves_no_audit_entry(world, api):
    response = api("admin").patch(
        f"/api/institutions/{world.hosp_b}", json={"jurisdiction_id": world.city}
    )
    assert response.status_code == 400
    assert _entries("institution.changed") == []


def verify_chain():
    """The first broken entry of the chain, or None when every hash follows."""
    return asyncio.run(verify()).broken

"""Invited staff answer: coming, or not with a reason; the officer sees it on the sheet."""

from __future__ import annotations

import asyncio

from backend.attendance.tables import Invitation
from backend.audit.chain import verify
from backend.audit.tables import AuditEntry
from tests.attendance_activities import book, colleague, ended


def _reply(client, activity: dict, answer: str, reason: str = ""):
    return client.post(
        f"/api/activities/{activity['id']}/reply", json={"answer": answer, "reason": reason}
    )


def _stored(activity_id: int, staff_id: int) -> dict:
    return (
        Invitation.select()
        .where((Invitation.activity == activity_id) & (Invitation.staff_member == staff_id))
        .first()
        .run_sync()
    )


def test_declining_shows_on_the_sheet_as_suggested_excused_with_the_reason(world, api):
    activity = book(api("officer"), invite=[world.s_a])
    response = _reply(api("staff"), activity, "declined", "  夜班后休息  ")
    assert response.status_code == 200, response.text
    assert (response.json()["reply"], response.json()["reply_reason"]) == ("declined", "夜班后休息")
    sheet = api("officer").get(f"/api/activities/{activity['id']}/attendance").json()
    entry = sheet["entries"][0]
    assert (entry["reply"], entry["reply_reason"]) == ("declined", "夜班后休息")
    assert (entry["suggested_status"], entry["status"]) == ("excused", None)


def test_declining_without_a_reason_is_refused_and_nothing_is_written(world, api):
    activity = book(api("officer"), invite=[world.s_a])
    response = _reply(api("staff"), activity, "declined", "   ")
    assert response.status_code == 400 and response.json()["error"] == "reply_needs_reason"
    assert "事由" in response.json()["message"]
    assert _stored(activity["id"], world.s_a)["reply"] == ""


def test_the_answer_can_be_changed_and_the_officer_sees_it_in_the_invitation_list(world, api):
    activity = book(api("officer"), invite=[world.s_a])
    staff = api("staff")
    _reply(staff, activity, "declined", "外出进修")
    _reply(staff, activity, "accepted")
    detail = api("officer").get(f"/api/activities/{activity['id']}").json()
    (invitation,) = detail["invitations"]
    assert (invitation["reply"], invitation["reply_reason"]) == ("accepted", "")
    sheet = api("officer").get(f"/api/activities/{activity['id']}/attendance").json()
    assert sheet["entries"][0]["suggested_status"] is None
    mine = staff.get("/api/me/activities").json()
    assert [(m["activity"]["id"], m["reply"]) for m in mine] == [(activity["id"], "accepted")]


def test_someone_not_invited_is_told_so_and_nothing_is_written(world, api):
    activity = book(api("officer"), invite=[colleague(world, "陈思雨")])
    response = _reply(api("staff"), activity, "accepted")
    assert response.status_code == 409 and response.json()["error"] == "reply_not_invited"
    assert "邀请名单" in response.json()["message"]
    assert _stored(activity["id"], world.s_a) is None


def test_an_activity_outside_the_staff_members_hospital_is_not_found(world, api):
    other = book(api("admin"), host_institution_id=world.hosp_b, invite=[world.s_b])
    assert _reply(api("staff"), other, "accepted").status_code == 404


def test_no_answer_after_the_end_or_for_a_cancelled_activity(world, api):
    officer = api("officer")
    past = book(officer, invite=[world.s_a])
    ended(past["id"])
    cancelled = book(officer, invite=[world.s_a], place="示教室", starts_at="2031-01-06T09:00",
                     ends_at="2031-01-06T10:00")  # fmt: skip
    officer.post(f"/api/activities/{cancelled['id']}/cancel", json={"reason": "专家行程变更"})
    staff = api("staff")
    assert _reply(staff, past, "accepted").json()["error"] == "reply_after_end"
    assert _reply(staff, cancelled, "declined", "病假").json()["error"] == (
        "reply_activity_cancelled"
    )
    assert _stored(past["id"], world.s_a)["reply"] == ""


def test_an_account_without_a_staff_record_cannot_answer(world, api):
    activity = book(api("officer"), invite=[world.s_a])
    response = _reply(api("officer"), activity, "accepted")
    assert response.status_code == 400 and response.json()["error"] == "reply_needs_staff_member"


def test_each_answer_is_in_the_audit_chain(world, api):
    activity = book(api("officer"), invite=[world.s_a])
    _reply(api("staff"), activity, "declined", "夜班")
    replies = AuditEntry.select().where(AuditEntry.action == "invitation.replied").run_sync()
    assert len(replies) == 1 and "夜班" in replies[0]["payload"]
    assert replies[0]["entity_id"] == activity["id"]
    assert asyncio.run(verify()).broken is None

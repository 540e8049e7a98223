"""Invites and subscription feeds through a drill's life: one event per UID, SEQUENCE rising,
ETag and 304, secret addresses that rotate, unannounced drills kept off staff calendars."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from backend.activities.tables import Activity
from tests.calendar_files import read_both

ADDRESS = re.compile(r"^http://testserver\.local/calendar/[A-Za-z0-9_-]{43}\.ics$")


def _book(officer, **fields) -> dict:
    body = {
        "kind": "drill",
        "topic": "pph",
        "title": "产后出血急救演练，第二季度",
        "starts_at": "2031-04-08T09:00",
        "ends_at": "2031-04-08T10:30",
        "place": "产房; 3楼",
        **fields,
    }
    response = officer.post("/api/activities", json=body)
    assert response.status_code == 201, response.text
    return response.json()["activity"]


def _feed(anonymous, url: str, etag: str | None = None):
    headers = {"If-None-Match": etag} if etag else {}
    return anonymous.get(url.removeprefix("http://testserver.local"), headers=headers)


def test_a_staff_feed_follows_a_drill_through_reschedule_and_cancel(world, api, anonymous):
    officer, staff = api("officer"), api("staff")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    address = staff.get("/api/me/calendar-feed").json()
    assert ADDRESS.match(address["url"]), address["url"]
    assert address["webcal_url"] == "webcal://" + address["url"].removeprefix("http://")

    created = _feed(anonymous, address["url"])
    assert created.status_code == 200
    assert created.headers["content-type"] == "text/calendar; charset=utf-8"
    (event,) = read_both(created.content)
    assert event["uid"] == f"{drill['uid']}@drillbook"
    assert (event["sequence"], event["status"]) == (0, "CONFIRMED")
    assert event["summary"] == "产后出血急救演练，第二季度" and event["location"] == "产房; 3楼"
    assert event["starts_at"] == datetime(2031, 4, 8, 1, 0, tzinfo=UTC)
    text = created.content.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text

    officer.patch(f"/api/activities/{drill['id']}", json={"starts_at": "2031-04-09T20:00"})
    (moved,) = read_both(_feed(anonymous, address["url"]).content)
    assert moved["uid"] == event["uid"] and moved["sequence"] == 1
    assert moved["starts_at"] == datetime(2031, 4, 9, 12, 0, tzinfo=UTC)

    officer.post(f"/api/activities/{drill['id']}/cancel", json={"reason": "设备检修"})
    (cancelled,) = read_both(_feed(anonymous, address["url"]).content)
    assert (cancelled["sequence"], cancelled["status"]) == (2, "CANCELLED")
    assert "设备检修" in cancelled["description"]


def test_an_unchanged_feed_answers_304_and_a_change_gives_a_new_etag(world, api, anonymous):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    url = api("staff").get("/api/me/calendar-feed").json()["url"]
    first = _feed(anonymous, url)
    etag = first.headers["etag"]
    unchanged = _feed(anonymous, url, etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert _feed(anonymous, url, "W/" + etag).status_code == 304
    officer.patch(f"/api/activities/{drill['id']}", json={"place": "示教室"})
    changed = _feed(anonymous, url, etag)
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_a_rotated_address_stops_working_like_one_that_never_existed(world, api, anonymous):
    staff = api("staff")
    old = staff.get("/api/me/calendar-feed").json()["url"]
    assert staff.get("/api/me/calendar-feed").json()["url"] == old  # stable until rotated
    new = staff.post("/api/me/calendar-feed/rotate").json()["url"]
    assert new != old
    revoked, unknown = _feed(anonymous, old), _feed(anonymous, old[:-10] + "AAAAAA.ics")
    assert revoked.status_code == unknown.status_code == 404
    assert revoked.json() == unknown.json()
    assert _feed(anonymous, new).status_code == 200


def test_staff_calendars_show_an_unannounced_drill_only_once_it_is_held(world, api, anonymous):
    officer = api("officer")
    drill = _book(officer, unannounced=True, invite={"staff_ids": [world.s_a]})
    staff_url = api("staff").get("/api/me/calendar-feed").json()["url"]
    assert read_both(_feed(anonymous, staff_url).content) == []
    assert api("staff").get(f"/api/activities/{drill['id']}/invite.ics").status_code == 404
    officer_url = officer.get(f"/api/institutions/{world.hosp_a}/calendar-feed").json()["url"]
    (seen,) = read_both(_feed(anonymous, officer_url).content)
    assert seen["uid"] == f"{drill['uid']}@drillbook"
    Activity.update({Activity.status: "held"}).where(Activity.id == drill["id"]).run_sync()
    (held,) = read_both(_feed(anonymous, staff_url).content)
    assert held["uid"] == seen["uid"]


def test_a_cancelled_event_leaves_the_feed_thirty_days_after_the_cancellation(
    world, api, anonymous
):
    officer = api("officer")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    officer.post(f"/api/activities/{drill['id']}/cancel", json={"reason": "停电"})
    url = api("staff").get("/api/me/calendar-feed").json()["url"]
    assert len(read_both(_feed(anonymous, url).content)) == 1
    long_ago = datetime.now(UTC) - timedelta(days=31)
    Activity.update({Activity.updated_at: long_ago}).where(Activity.id == drill["id"]).run_sync()
    assert read_both(_feed(anonymous, url).content) == []


def test_the_invite_file_is_a_request_then_a_cancel(world, api):
    officer = api("officer")
    drill = _book(officer)
    path = f"/api/activities/{drill['id']}/invite.ics"
    request = officer.get(path)
    assert request.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "METHOD:REQUEST" in request.text
    assert len(read_both(request.content)) == 1
    officer.post(f"/api/activities/{drill['id']}/cancel", json={"reason": "停电"})
    cancel = officer.get(path)
    assert "METHOD:CANCEL" in cancel.text
    assert read_both(cancel.content)[0]["status"] == "CANCELLED"


def test_feed_addresses_belong_to_people_and_their_own_institution(world, api):
    assert api("admin").get("/api/me/calendar-feed").status_code == 400
    assert api("staff").get(f"/api/institutions/{world.hosp_a}/calendar-feed").status_code == 403
    elsewhere = api("officer").get(f"/api/institutions/{world.hosp_b}/calendar-feed")
    assert elsewhere.status_code == 404


def test_the_qr_code_is_an_svg_image(world, api):
    response = api("staff").get("/api/me/calendar-feed/qr.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.content.lstrip().startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_both_kinds_of_feed_answer_304_with_cancelled_and_unannounced_events_in_the_window(
    world, api, anonymous
):
    # the ETag of a 304 comes from a narrow query (on SQLite: written out in SQL); it must agree
    # with the ETag of the rendered feed, whatever the window holds
    officer = api("officer")
    invite = {"staff_ids": [world.s_a]}
    _book(officer, invite=invite)
    _book(officer, unannounced=True, invite=invite, starts_at="2031-04-10T09:00",
                   ends_at="2031-04-10T10:00")  # fmt: skip
    cancelled = _book(officer, invite=invite, starts_at="2031-04-11T09:00",
                      ends_at="2031-04-11T10:00")  # fmt: skip
    officer.post(f"/api/activities/{cancelled['id']}/cancel", json={"reason": "停电"})
    staff_url = api("staff").get("/api/me/calendar-feed").json()["url"]
    officer_url = officer.get(f"/api/institutions/{world.hosp_a}/calendar-feed").json()["url"]
    for url, events in ((staff_url, 2), (officer_url, 3)):
        first = _feed(anonymous, url)
        assert len(read_both(first.content)) == events
        assert _feed(anonymous, url, first.headers["etag"]).status_code == 304


def test_the_feed_address_only_answers_reading(world, api, anonymous):
    url = api("staff").get("/api/me/calendar-feed").json()["url"]
    response = anonymous.post(url.removeprefix("http://testserver.local"))
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_an_invite_comes_from_the_host_to_its_reader_and_shows_their_decline(world, api):
    officer, staff = api("officer"), api("staff")
    drill = _book(officer, invite={"staff_ids": [world.s_a]})
    path = f"/api/activities/{drill['id']}/invite.ics"
    (before,) = read_both(staff.get(path).content)
    host = ("mailto:noreply@testserver.local", "禾城区人民医院", "")
    assert before["organizer"] == host
    person = f"mailto:noreply+staff-{world.s_a}@testserver.local"
    assert before["attendees"] == [(person, "张晓梅", "NEEDS-ACTION")]
    declined = staff.post(
        f"/api/activities/{drill['id']}/reply", json={"answer": "declined", "reason": "夜班后休息"}
    )
    assert declined.status_code == 200, declined.text
    (after,) = read_both(staff.get(path).content)
    assert after["attendees"] == [(person, "张晓梅", "DECLINED")]
    officer.post(f"/api/activities/{drill['id']}/cancel", json={"reason": "停电"})
    cancel = staff.get(path)
    assert "METHOD:CANCEL" in cancel.text
    (cancelled,) = read_both(cancel.content)
    assert cancelled["organizer"] == host and cancelled["attendees"][0][0] == person


def test_an_officers_own_invite_names_the_officer_as_attendee(world, api):
    officer = api("officer")
    drill = _book(officer)
    (event,) = read_both(officer.get(f"/api/activities/{drill['id']}/invite.ics").content)
    assert event["organizer"][1] == "禾城区人民医院"
    (attendee,) = event["attendees"]
    assert attendee[1:] == ("officer", "NEEDS-ACTION")


def test_feeds_carry_no_personal_attendee_but_name_the_host_as_organizer(world, api, anonymous):
    _book(api("officer"), invite={"staff_ids": [world.s_a]})
    url = api("staff").get("/api/me/calendar-feed").json()["url"]
    (event,) = read_both(_feed(anonymous, url).content)
    assert event["attendees"] == []
    assert event["organizer"] == ("mailto:noreply@drillbook.invalid", "禾城区人民医院", "")

"""Rectification orders through the API: a finding raised from a spot-check review, answered by the
hospital's officer with a note and evidence, returned, answered again, accepted; overdue by the
Shanghai calendar; who may do what; bad input writes nothing.

Reviews are written straight into the spot-check tables (the sampling service is not needed)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from backend.audit.tables import AuditEntry
from backend.auth.tables import User
from backend.core import clock
from backend.core.clock import today_in_shanghai
from backend.institutions.tables import Institution, Zone, ZoneMembership
from backend.rectification.tables import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationOrder,
)
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample
from tests.api.test_drill_records import complete, held_drill
from tests.world import _HASH

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOW = datetime(2025, 7, 20, 2, tzinfo=UTC)


def _review(zone: int, institution: int, record: int, status: str = "submitted") -> int:
    sample = SpotCheckSample(zone=zone, quarter="2025-Q2", size=1, seed=7, inputs="{}",
                             drawn_at=NOW)  # fmt: skip
    sample.save().run_sync()
    draw = SpotCheckDraw(sample=sample.id, position=1, institution=institution, record=record,
                         version=1, drawn_for="coverage")  # fmt: skip
    draw.save().run_sync()
    review = SpotCheckReview(draw=draw.id, status=status, created_at=NOW, comment="点评")
    review.save().run_sync()
    return review.id


def _user(username: str, role: str, institution: int) -> None:
    User(username=username, password_hash=_HASH[0], display_name=username, role=role,
         institution=institution).save().run_sync()  # fmt: skip


def _record(officer_client, world, host: int, staff: int) -> int:
    drill = held_drill(host, present=[staff])
    body = {**complete(world), "team": [{"staff_id": staff, "drill_role": "team_leader"}]}
    record = officer_client.post(f"/api/activities/{drill}/record", json=body)
    assert record.status_code == 201, record.text
    submitted = officer_client.post(f"/api/records/{record.json()['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    return record.json()["id"]


@pytest.fixture
def scene(world, api):
    """Zone 1 (the world's centre) reviews hospital A; zone 2 (a centre in county B) hospital B,
    with its own reviewer and hospital B's officer."""
    centre_b = Institution(code="centre-b", name_zh="柳溪县中心医院", kind="general_hospital",
                           level="tertiary", jurisdiction=world.county_b,
                           city_maternal_centre=True)  # fmt: skip
    centre_b.save().run_sync()
    zone_b = Zone(code="zone-2", name_zh="第二片区", lead_institution=centre_b.id)
    zone_b.save().run_sync()
    ZoneMembership(zone=zone_b.id, institution=world.hosp_b).save().run_sync()
    _user("reviewer_b", "reviewer", centre_b.id)
    _user("officer_b", "officer", world.hosp_b)
    admin = api("admin")
    record_a = _record(admin, world, world.hosp_a, world.s_a)
    record_b = _record(admin, world, world.hosp_b, world.s_b)
    return {
        "review_a": _review(world.zone, world.hosp_a, record_a),
        "draft_review_a": _review(world.zone, world.hosp_a, record_a, status="draft"),
        "review_b": _review(zone_b.id, world.hosp_b, record_b),
        "zone_b": zone_b.id,
    }


def _due(days: int = 14) -> str:
    return (today_in_shanghai() + timedelta(days=days)).isoformat()


def _raise(client, review: int, finding: str = "未测量失血量，仅目测估计", **extra):
    return client.post(f"/api/spot-checks/reviews/{review}/findings",
                       json={"finding": finding, "due_on": _due(), **extra})  # fmt: skip


def _order(client, review: int) -> dict:
    response = _raise(client, review)
    assert response.status_code == 201, response.text
    return response.json()


def _counts() -> tuple:
    async def count():
        return (await RectificationOrder.count(), await RectificationAnswer.count(),
                await RectificationEvidence.count(), await AuditEntry.count())  # fmt: skip

    return asyncio.run(count())


def test_the_full_loop_raise_answer_return_answer_accept(world, api, scene):
    reviewer, officer = api("reviewer"), api("officer")
    order = _order(reviewer, scene["review_a"])
    assert order["status"] == "open" and order["institution_name"] == "禾城区人民医院"
    assert order["source"]["zone_name"] == "第一片区" and order["source"]["quarter"] == "2025-Q2"
    assert order["source"]["activity_title"] == "产后出血急救演练"
    assert order["source"]["activity_date"] == "2025-05-10"
    assert not order["overdue"] and order["days_overdue"] == 0

    answered = officer.post(f"/api/rectification/orders/{order['id']}/answers",
                            json={"note": "已购置量血器，培训称重法"})  # fmt: skip
    assert answered.status_code == 201, answered.text
    assert answered.json()["status"] == "answered"
    answer_id = answered.json()["latest_answer"]["id"]
    upload = officer.post(f"/api/rectification/answers/{answer_id}/evidence",
                          files={"file": ("培训照片.png", PNG, "image/png")})  # fmt: skip
    assert upload.status_code == 201, upload.text

    returned = reviewer.post(f"/api/rectification/orders/{order['id']}/decision",
                             json={"decision": "returned", "note": "缺少培训签到表"})  # fmt: skip
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned" and returned.json()["closed_at"] is None
    again = officer.post(f"/api/rectification/orders/{order['id']}/answers",
                         json={"note": "补交签到表"})  # fmt: skip
    assert again.status_code == 201 and again.json()["status"] == "answered"
    accepted = reviewer.post(f"/api/rectification/orders/{order['id']}/decision",
                             json={"decision": "accepted"})  # fmt: skip
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["status"] == "accepted" and body["closed_at"] is not None
    assert [a["decision"] for a in body["answers"]] == ["returned", "accepted"]
    assert body["answers"][0]["decision_note"] == "缺少培训签到表"
    assert body["answers"][0]["evidence"][0]["filename"] == "培训照片.png"
    assert body["answers"][1]["evidence"] == []
    # an accepted order is closed: answering it again is refused and writes nothing
    before = _counts()
    closed = officer.post(f"/api/rectification/orders/{order['id']}/answers",
                          json={"note": "再补充"})  # fmt: skip
    assert closed.status_code == 400 and closed.json()["error"] == "rectification_not_answerable"
    assert _counts() == before
    actions = [row["action"] for row in AuditEntry.select(AuditEntry.action).run_sync()]
    assert [a for a in actions if a.startswith("rectification.")] == [
        "rectification.order_raised", "rectification.answered", "rectification.evidence_added",
        "rectification.decided", "rectification.answered", "rectification.decided",
    ]  # fmt: skip


def test_a_finding_may_be_raised_on_a_draft_review_and_by_the_administrator(world, api, scene):
    assert _raise(api("reviewer"), scene["draft_review_a"]).status_code == 201
    assert _raise(api("admin"), scene["review_b"]).status_code == 201


def test_each_side_sees_its_orders_and_the_zone_list_shows_the_source(world, api, scene):
    reviewer, reviewer_b = api("reviewer"), api("reviewer_b")
    mine = _order(reviewer, scene["review_a"])
    theirs = _order(reviewer_b, scene["review_b"])
    listed = reviewer.get("/api/rectification/orders").json()
    assert [o["id"] for o in listed["items"]] == [mine["id"]] and listed["total"] == 1
    assert [o["id"] for o in api("officer").get("/api/rectification/orders").json()["items"]] == [
        mine["id"]
    ]
    assert [o["id"] for o in api("officer_b").get("/api/rectification/orders").json()["items"]] == [
        theirs["id"]
    ]
    assert [
        o["id"] for o in api("commission").get("/api/rectification/orders").json()["items"]
    ] == [mine["id"]]
    city = api("city_commission").get("/api/rectification/orders").json()
    assert {o["id"] for o in city["items"]} == {mine["id"], theirs["id"]}
    assert api("staff").get("/api/rectification/orders").status_code == 403
    by_review = reviewer.get(f"/api/rectification/orders?review={scene['review_a']}").json()
    assert [o["id"] for o in by_review["items"]] == [mine["id"]]
    # another zone's review, order, or zone filter: as if it did not exist
    assert reviewer.get(f"/api/rectification/orders?review={scene['review_b']}").status_code == 404
    assert reviewer.get(f"/api/rectification/orders?zone={scene['zone_b']}").status_code == 404
    assert reviewer.get(f"/api/rectification/orders/{theirs['id']}").status_code == 404
    assert reviewer.get("/api/rectification/orders/999999").status_code == 404
    assert api("staff").get(f"/api/rectification/orders/{mine['id']}").status_code == 403


def test_overdue_is_counted_from_the_shanghai_date(world, api, scene, monkeypatch):
    """At 17:30 UTC on 30 June it is already 1 July in Shanghai: an order due 30 June is overdue."""
    order = _order(api("reviewer"), scene["review_a"])
    RectificationOrder.update({RectificationOrder.due_on: date(2026, 6, 30)}).where(
        RectificationOrder.id == order["id"]
    ).run_sync()
    instant = datetime(2026, 6, 30, 17, 30, tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    officer = api("officer")
    monkeypatch.setattr(clock, "datetime", Frozen)
    shown = officer.get(f"/api/rectification/orders/{order['id']}").json()
    assert shown["overdue"] is True and shown["days_overdue"] == 1
    overdue = officer.get("/api/rectification/orders?overdue=true").json()["items"]
    assert [o["id"] for o in overdue] == [order["id"]]
    monkeypatch.setattr(clock, "datetime", type("Earlier", (Frozen,), {}))
    instant = datetime(2026, 6, 30, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai: still 30 June
    shown = officer.get(f"/api/rectification/orders/{order['id']}").json()
    assert shown["overdue"] is False and shown["days_overdue"] == 0
    assert officer.get("/api/rectification/orders?overdue=true").json()["items"] == []


def test_overdue_orders_come_first_and_an_accepted_one_is_never_overdue(world, api, scene):
    reviewer = api("reviewer")
    later, late, done = (_order(reviewer, scene["review_a"]) for _ in range(3))
    today = today_in_shanghai()
    for order, due, status in ((late, today - timedelta(days=3), "open"),
                               (done, today - timedelta(days=9), "accepted")):  # fmt: skip
        RectificationOrder.update(
            {RectificationOrder.due_on: due, RectificationOrder.status: status}
        ).where(RectificationOrder.id == order["id"]).run_sync()
    items = reviewer.get("/api/rectification/orders").json()["items"]
    assert [o["id"] for o in items] == [late["id"], later["id"], done["id"]]
    assert [(o["overdue"], o["days_overdue"]) for o in items] == [(True, 3), (False, 0), (False, 0)]
    accepted = reviewer.get("/api/rectification/orders?status=accepted").json()["items"]
    assert [o["id"] for o in accepted] == [done["id"]]


def test_only_the_ordered_institutions_officer_answers(world, api, scene):
    order = _order(api("reviewer"), scene["review_a"])
    url = f"/api/rectification/orders/{order['id']}/answers"
    before = _counts()
    other = api("officer_b").post(url, json={"note": "不是我院的"})
    assert other.status_code == 404
    assert (
        other.json()["error"]
        == api("officer_b")
        .post("/api/rectification/orders/999999/answers", json={"note": "x"})
        .json()["error"]
    )
    assert api("reviewer").post(url, json={"note": "代答"}).status_code == 403
    assert api("commission").post(url, json={"note": "代答"}).status_code == 403
    assert api("staff").post(url, json={"note": "代答"}).status_code == 403
    assert _counts() == before


def test_only_the_zones_reviewer_decides(world, api, scene):
    order = _order(api("reviewer"), scene["review_a"])
    officer = api("officer")
    officer.post(f"/api/rectification/orders/{order['id']}/answers", json={"note": "已整改"})
    url = f"/api/rectification/orders/{order['id']}/decision"
    before = _counts()
    assert officer.post(url, json={"decision": "accepted"}).status_code == 403
    assert api("commission").post(url, json={"decision": "accepted"}).status_code == 403
    assert api("reviewer_b").post(url, json={"decision": "accepted"}).status_code == 404
    assert _counts() == before
    assert api("admin").post(url, json={"decision": "accepted"}).status_code == 200


def test_raising_is_for_the_zones_reviewer(world, api, scene):
    before = _counts()
    assert _raise(api("reviewer_b"), scene["review_a"]).status_code == 404
    assert _raise(api("reviewer"), scene["review_b"]).status_code == 404
    assert _raise(api("officer"), scene["review_a"]).status_code == 403
    assert _raise(api("commission"), scene["review_a"]).status_code == 403
    assert _raise(api("reviewer"), 999_999).status_code == 404
    assert _counts() == before


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"finding": "  ", "due_on": "{due}"}, "rectification_finding_blank"),
        ({"finding": "问题", "due_on": "{today}"}, "rectification_due_not_future"),
        ({"finding": "问题", "due_on": "{past}"}, "rectification_due_not_future"),
        ({"finding": "问题", "due_on": "{far}"}, "rectification_due_too_far"),
        ({"finding": "问题\x07", "due_on": "{due}"}, "invalid_input"),
        ({"finding": "长" * 2001, "due_on": "{due}"}, "invalid_input"),
        ({"finding": "问题", "due_on": "2026-02-30"}, "invalid_input"),
        ({"finding": "问题"}, "invalid_input"),
    ],
)
def test_a_bad_finding_is_refused_and_nothing_is_written(world, api, scene, body, error):
    today = today_in_shanghai()
    dates = {"{due}": _due(), "{today}": today.isoformat(),
             "{past}": (today - timedelta(days=1)).isoformat(),
             "{far}": (today + timedelta(days=400)).isoformat()}  # fmt: skip
    body = {k: dates.get(v, v) for k, v in body.items()}
    before = _counts()
    response = api("reviewer").post(
        f"/api/spot-checks/reviews/{scene['review_a']}/findings", json=body,
        headers={"accept-language": "en"},
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["error"] == error, response.text
    assert response.json()["message"]
    assert _counts() == before


def test_multi_line_findings_are_kept_and_a_year_ahead_is_allowed(world, api, scene):
    response = _raise(api("reviewer"), scene["review_a"], finding="1. 未测量失血量\n2. 无复盘",
                      due_on=_due(365))  # fmt: skip
    assert (
        response.status_code == 201 and response.json()["finding"] == "1. 未测量失血量\n2. 无复盘"
    )


def test_bad_answers_and_decisions_are_refused_and_write_nothing(world, api, scene):
    reviewer, officer = api("reviewer"), api("officer")
    order = _order(reviewer, scene["review_a"])
    before = _counts()
    url = f"/api/rectification/orders/{order['id']}"
    blank = officer.post(url + "/answers", json={"note": " \n "})
    assert blank.json()["error"] == "rectification_note_blank"
    not_yet = reviewer.post(url + "/decision", json={"decision": "accepted"})
    assert not_yet.status_code == 400 and not_yet.json()["error"] == "rectification_not_decidable"
    assert _counts() == before
    officer.post(url + "/answers", json={"note": "已整改"})
    before = _counts()
    twice = officer.post(url + "/answers", json={"note": "再答"})
    assert twice.status_code == 400 and twice.json()["error"] == "rectification_not_answerable"
    no_note = reviewer.post(url + "/decision", json={"decision": "returned", "note": " "})
    assert no_note.json()["error"] == "rectification_return_needs_note"
    maybe = reviewer.post(url + "/decision", json={"decision": "maybe"})
    assert maybe.status_code == 400
    assert _counts() == before


def test_evidence_is_kept_by_type_and_read_only_by_those_who_read_the_order(world, api, scene):
    reviewer, officer = api("reviewer"), api("officer")
    order = _order(reviewer, scene["review_a"])
    answered = officer.post(f"/api/rectification/orders/{order['id']}/answers",
                            json={"note": "整改完成"}).json()  # fmt: skip
    url = f"/api/rectification/answers/{answered['latest_answer']['id']}/evidence"
    before = _counts()
    fake = officer.post(url, files={"file": ("报告.pdf", b"hello", "application/pdf")})
    assert fake.status_code == 415
    assert officer.post(url, data={"x": "1"}).json()["error"] == "rectification_no_file"
    assert (
        api("officer_b").post(url, files={"file": ("a.pdf", PDF, "application/pdf")}).status_code
        == 404
    )
    assert reviewer.post(url, files={"file": ("a.pdf", PDF, "application/pdf")}).status_code == 403
    assert _counts() == before
    uploaded = officer.post(url, files={"file": ("C:\\扫描\\整改报告.pdf", PDF, "application/pdf")})
    assert uploaded.status_code == 201, uploaded.text
    evidence = uploaded.json()
    assert evidence["filename"] == "整改报告.pdf"
    download = reviewer.get(evidence["url"])
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"].startswith("application/pdf")
    assert api("commission").get(evidence["url"]).status_code == 200
    assert api("officer").get(evidence["url"]).status_code == 200
    assert api("reviewer_b").get(evidence["url"]).status_code == 404
    assert api("officer_b").get(evidence["url"]).status_code == 404
    assert api("staff").get(evidence["url"]).status_code == 403
    assert reviewer.get("/api/rectification/evidence/999999").status_code == 404
    # once decided, the answer takes no more files
    reviewer.post(
        f"/api/rectification/orders/{order['id']}/decision", json={"decision": "accepted"}
    )
    late = officer.post(url, files={"file": ("b.png", PNG, "image/png")})
    assert late.status_code == 400 and late.json()["error"] == "rectification_answer_closed"


def test_the_list_is_paginated_and_filters_are_checked(world, api, scene):
    reviewer = api("reviewer")
    for _ in range(3):
        _order(reviewer, scene["review_a"])
    page = reviewer.get("/api/rectification/orders?page=2&page_size=2").json()
    assert page["total"] == 3 and len(page["items"]) == 1 and page["page"] == 2
    assert reviewer.get("/api/rectification/orders?status=closed").status_code == 400
    assert reviewer.get("/api/rectification/orders?overdue=perhaps").status_code == 400
    assert reviewer.get(f"/api/rectification/orders?institution={world.hosp_b}").status_code == 404
    assert reviewer.get(f"/api/rectification/orders?zone={world.zone}").json()["total"] == 3
    assert (
        reviewer.get(f"/api/rectification/orders?institution={world.hosp_a}").json()["total"] == 3
    )


def test_the_demo_raises_an_open_an_overdue_an_answered_and_an_accepted_order(world, api, scene):
    from backend.tooling.demo_city.rectification import load_rectification

    assert asyncio.run(load_rectification(today_in_shanghai())) == {"rectification_orders": 4}
    items = api("reviewer").get("/api/rectification/orders").json()["items"]
    assert len(items) == 4  # all in the reviewer's zone, the first reviewed one
    assert sorted((o["status"], o["overdue"]) for o in items) == [
        ("accepted", False), ("answered", False), ("open", False), ("open", True),
    ]  # fmt: skip
    assert items[0]["overdue"] and items[0]["days_overdue"] > 0


def test_the_demo_writes_nothing_without_a_submitted_review(world):
    from backend.tooling.demo_city.rectification import load_rectification

    assert asyncio.run(load_rectification(today_in_shanghai())) == {}
    assert _counts()[0] == 0

"""The officer's year plan: proposals from the profile, accepted ones booked all together."""

from datetime import UTC, date, datetime

import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Invitation
from backend.core.clock import SHANGHAI
from backend.institutions.tables import Institution
from backend.staff.tables import StaffMember


@pytest.fixture
def midwifery(world):
    Institution.update({Institution.is_midwifery: True}).where(
        Institution.id == world.hosp_a
    ).run_sync()
    StaffMember(
        institution=world.hosp_a,
        department=world.obstetrics_a,
        staff_number="M001",
        name="王助产",
        role="midwife",
        title="junior",
        active_from=date(2020, 1, 1),
        updated_at=datetime.now(UTC),
    ).save().run_sync()
    return world


def _local(text: str) -> str:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_a_2027_plan_says_holidays_are_unknown_and_proposes_every_quarter(midwifery, api):
    response = api("officer").get(f"/api/institutions/{midwifery.hosp_a}/year-plan?year=2027")
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["calendar_source"] == "weekends_only"
    assert "2027" in plan["calendar_note_zh"] and "周末" in plan["calendar_note_zh"]
    pph = [p for p in plan["proposals"] if p["rule_id"] == "pph-drill"]
    assert [p["period_label"] for p in pph] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    assert pph[0]["required_roles"] == ["obstetrician", "midwife"]


def test_accepting_proposals_books_them_and_invites_the_roles(midwifery, api):
    officer = api("officer")
    plan = officer.get(f"/api/institutions/{midwifery.hosp_a}/year-plan?year=2027").json()
    chosen = [p for p in plan["proposals"] if p["rule_id"] == "pph-drill"][:2]
    items = [
        {
            "rule_id": p["rule_id"],
            "kind": p["kind"],
            "topic": p["topic"],
            "title": p["title_zh"],
            "starts_at": _local(p["starts_at"]),
            "ends_at": _local(p["ends_at"]),
            "place": "产房",
            "invite_roles": ["obstetrician", "midwife"],
        }
        for p in chosen
    ]
    items[1]["place"] = "示教室"  # different rooms: no double booking between them
    response = officer.post(
        f"/api/institutions/{midwifery.hosp_a}/year-plan/accept", json={"items": items}
    )
    assert response.status_code == 201, response.text
    ids = response.json()["activity_ids"]
    assert response.json()["created"] == 2
    rows = Activity.select().where(Activity.id.is_in(ids)).order_by(Activity.starts_at).run_sync()
    assert [r["status"] for r in rows] == ["planned", "planned"]
    assert _local(rows[0]["starts_at"].isoformat()) == items[0]["starts_at"]
    assert Invitation.count().where(Invitation.activity == ids[0]).run_sync() == 2


def test_one_bad_item_books_none_of_the_plan(midwifery, api):
    good = {
        "rule_id": "pph-drill",
        "kind": "drill",
        "topic": "pph",
        "title": "产后出血演练",
        "starts_at": "2027-03-09T09:00",
        "ends_at": "2027-03-09T10:30",
    }
    bad = {**good, "starts_at": "2027-03-10T09:00", "ends_at": "2027-03-10T08:00"}
    response = api("officer").post(
        f"/api/institutions/{midwifery.hosp_a}/year-plan/accept", json={"items": [good, bad]}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "activity_ends_before_start"
    assert Activity.count().run_sync() == 0


def test_staff_cannot_accept_and_years_out_of_range_are_refused(midwifery, api):
    item = {
        "rule_id": "x",
        "kind": "drill",
        "topic": "pph",
        "title": "t",
        "starts_at": "2027-03-09T09:00",
        "ends_at": "2027-03-09T10:00",
    }
    accept = api("staff").post(
        f"/api/institutions/{midwifery.hosp_a}/year-plan/accept", json={"items": [item]}
    )
    assert accept.status_code == 403
    far = api("officer").get(f"/api/institutions/{midwifery.hosp_a}/year-plan?year=2099")
    assert far.status_code == 400 and far.json()["error"] == "year_out_of_range"

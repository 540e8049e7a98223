"""The demo city: deterministic, realistic in size and mix, and imperfect where it says it is."""

from collections import Counter
from datetime import date

import pytest

from backend.core.periods import local_date, period_containing
from backend.demo_city.generate import generate_city, read_config

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def city():
    return generate_city(read_config(), 2025, TODAY)


def _fingerprint(city):
    return (
        [
            (p.institution, p.staff_number, p.name, p.role, p.title, p.active_from)
            for p in city.staff
        ],
        [(a.uid, a.kind, a.starts_at, a.status) for a in city.activities],
        city.attendance,
    )


def test_the_same_seed_gives_the_same_city_and_another_seed_another(city):
    assert _fingerprint(generate_city(read_config(), 2025, TODAY)) == _fingerprint(city)
    assert _fingerprint(generate_city(read_config(), 7, TODAY)) != _fingerprint(city)


def test_four_counties_two_zones_led_by_city_centres_and_about_24_institutions(city):
    config = city.config
    assert len(config["counties"]) == 4
    institutions = {i["code"]: i for i in config["institutions"]}
    assert 20 <= len(institutions) <= 28
    assert len(config["zones"]) == 2
    for zone in config["zones"]:
        assert {"city_maternal", "city_neonatal"} & set(
            institutions[zone["lead"]].get("centres", [])
        )
    zoned = {
        i["code"]
        for i in config["institutions"]
        for z in config["zones"]
        if i["county"] in z["counties"]
    }
    assert zoned == set(institutions)  # every hospital is in a zone, nh-mch included
    assert len({i["kind"] for i in institutions.values()}) >= 4
    assert {i["level"] for i in institutions.values()} == {"primary", "secondary", "tertiary"}


def test_about_1200_staff_with_a_realistic_mix_and_unique_staff_numbers(city):
    assert 1100 <= len(city.staff) <= 1350
    roles = Counter(p.role for p in city.staff)
    assert roles["nurse"] > roles["obstetrician"] > roles["icu_doctor"] > 0
    assert roles["midwife"] > 50
    titles = Counter(p.title for p in city.staff)
    assert (
        titles["junior"]
        > titles["intermediate"]
        > titles["associate_senior"]
        > titles["senior"]
        > 0
    )
    numbers = [(p.institution, p.staff_number) for p in city.staff]
    assert len(numbers) == len(set(numbers))


def test_some_staff_joined_mid_year(city):
    joined_2025 = [p for p in city.staff if date(2025, 6, 1) <= p.active_from <= date(2025, 12, 31)]
    joined_2026 = [p for p in city.staff if date(2026, 6, 1) <= p.active_from <= date(2026, 12, 31)]
    assert len(joined_2025) > 20 and len(joined_2026) > 20


def test_only_past_activities_are_held_and_the_calendar_runs_to_the_end_of_the_quarter(city):
    for activity in city.activities:
        day = local_date(activity.starts_at)
        if activity.status == "held":
            assert day < TODAY
        if activity.status == "planned":
            assert day >= TODAY
    assert max(local_date(a.starts_at) for a in city.activities) <= date(2026, 12, 31)
    assert min(local_date(a.starts_at) for a in city.activities) >= date(2025, 1, 1)


def test_everyone_who_attended_was_employed_and_not_on_leave_that_day(city):
    for activity_key, staff_key, *_ in city.attendance:
        day = local_date(city.activities[activity_key].starts_at)
        assert city.staff[staff_key].available(day)


def _drills(city, code, topic, quarter):
    return [
        a
        for a in city.activities
        if a.host_institution == code
        and a.kind == "drill"
        and a.topic == topic
        and period_containing("quarter", local_date(a.starts_at)).label == quarter
    ]


def test_one_hospital_missed_its_asphyxia_drill_in_2025_q3_and_others_did_not(city):
    assert _drills(city, "nh-lx-tcm", "neonatal_asphyxia", "2025-Q3") == []
    assert len(_drills(city, "nh-lx-tcm", "neonatal_asphyxia", "2025-Q2")) == 1
    assert len(_drills(city, "nh-mch", "neonatal_asphyxia", "2025-Q3")) == 1


def test_a_joint_meeting_had_no_icu_doctor_although_one_was_invited(city):
    meetings = [
        a
        for a in city.activities
        if a.host_institution == "nh-dh-people"
        and a.kind == "joint_meeting"
        and period_containing("half", local_date(a.starts_at)).label == "2025-H2"
    ]
    (meeting,) = meetings
    invited_icu = [
        s for a, s in city.invitations if a == meeting.key and city.staff[s].role == "icu_doctor"
    ]
    came = {
        s
        for a, s, status, *_ in city.attendance
        if a == meeting.key and status in ("present", "late")
    }
    assert invited_icu and not came & set(invited_icu)


def test_a_drill_was_cancelled_with_a_reason_and_made_up_later(city):
    (cancelled,) = [a for a in city.activities if a.status == "cancelled"]
    assert cancelled.kind == "drill" and cancelled.cancel_reason
    assert not [row for row in city.attendance if row[0] == cancelled.key]
    same_quarter = _drills(city, cancelled.host_institution, cancelled.topic, "2026-Q2")
    assert [a.status for a in same_quarter] == ["cancelled", "held"]


def test_cme_sessions_carry_their_credit_class_and_credits(city):
    sessions = [a for a in city.activities if a.kind == "cme_session"]
    assert {(a.credit_class, a.credits) for a in sessions} == {("provincial", 4.0), ("city", 2.0)}


def test_invitations_and_attendance_stay_within_bounds(city):
    assert len(city.invitations) <= 40_000 and len(city.attendance) <= 40_000
    assert len(set(city.invitations)) == len(city.invitations)

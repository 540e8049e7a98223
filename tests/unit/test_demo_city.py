"""The demo city: deterministic, realistic in size and mix, and imperfect where it says it is."""

from collections import Counter
from datetime import date, datetime

import pytest

from backend.core.clock import SHANGHAI
from backend.core.periods import local_date, period_containing
from backend.drill_records import judging
from backend.drill_records.topics import sheet_of
from backend.tooling.demo_city.certificates import generate_certificates
from backend.tooling.demo_city.generate import generate_city, read_config
from backend.tooling.demo_city.records import generate_records

TODAY = date(2026, 11, 23)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), SHANGHAI)


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


# --- drill records ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records(city):
    return generate_records(city, 2025, TODAY)


def _recordable(city):
    return [
        a
        for a in city.activities
        if a.kind in ("drill", "regional_drill") and a.host_institution and a.status == "held"
    ]


def test_most_held_drills_have_a_record_and_only_a_few_recent_ones_are_drafts(city, records):
    held = _recordable(city)
    assert 0.8 * len(held) <= len(records.records) < len(held)
    assert {city.activities[r.activity].key for r in records.records} <= {a.key for a in held}
    drafts = [r for r in records.records if r.status == "draft"]
    assert 1 <= len(drafts) <= 15
    for record in drafts:
        held_on = local_date(city.activities[record.activity].starts_at)
        assert (TODAY - held_on).days <= 21 and record.submitted_at is None
        assert not record.content.debrief.summary


def test_submitted_records_are_complete_written_after_the_drill_and_list_who_attended(
    city, records
):
    came = {(a, s): role for a, s, status, role, _ in city.attendance if role}
    for record in records.records:
        activity = city.activities[record.activity]
        sheet = sheet_of(activity.topic)
        assert record.content.scenario.template_id in {t.id for t in sheet.templates}
        assert all((activity.key, m.staff_id) in came for m in record.content.team)
        minutes = (activity.ends_at - activity.starts_at).total_seconds() / 60
        for measure, value in record.content.timings.items():
            assert judging.timing_problem(sheet.measure(measure), value, minutes) == ""
        if record.status == "submitted":
            assert judging.missing_for_submission(sheet, record.content) == []
            assert activity.ends_at < record.submitted_at < local_midnight(TODAY)


def test_most_timings_meet_their_target_and_some_miss_it(city, records):
    outcomes = Counter(
        target.outcome
        for r in records.records
        for target in judging.targets(
            sheet_of(city.activities[r.activity].topic), r.content.timings
        )
    )
    assert outcomes["missed"] > 50
    assert outcomes["met"] > 4 * outcomes["missed"]
    missed = [r for r in records.records if r.content.problems]
    assert missed and all("待改进" in r.content.debrief.analysis for r in missed)


def test_emergency_caesarean_drills_give_some_ddi_values_over_30_minutes_and_some_within(
    city, records
):
    ddi = [
        r.content.timings["decision_to_delivery_minutes"]
        for r in records.records
        if city.activities[r.activity].topic == "emergency_caesarean"
    ]
    assert len(ddi) >= 15
    assert any(value > 30 for value in ddi) and any(value <= 30 for value in ddi)


def test_corrective_actions_are_done_overdue_or_not_yet_due_and_owned_by_host_staff(city, records):
    kinds = Counter(
        "done" if a.status == "done" else "overdue" if a.due_on < TODAY else "not_due"
        for a in records.actions
    )
    assert kinds["done"] > kinds["overdue"] >= 3 and kinds["not_due"] >= 1
    for action in records.actions:
        record = records.records[action.record]
        assert city.staff[action.owner].institution == record.institution
        assert action.due_on > local_date(action.created_at)
        if action.status == "done":
            assert action.follow_up and local_date(action.closed_at) < TODAY
    officer_institution = city.config["users"]["officer_institution"]
    assert any(
        a.status == "open"
        and a.due_on < TODAY
        and records.records[a.record].institution == officer_institution
        for a in records.actions
    )


def test_exactly_one_record_is_amended_by_the_officer_with_a_reason_and_the_added_timing(
    city, records
):
    (amended,) = [r for r in records.records if r.amendment]
    wanted = city.config["records"]["amendment"]
    assert amended.institution == wanted["institution"] and amended.by_officer
    assert amended.status == "submitted"
    assert amended.amendment.reason == wanted["reason"]
    assert wanted["measure"] not in amended.content.timings
    assert amended.amendment.content.timings[wanted["measure"]] == wanted["value"]
    assert amended.submitted_at <= amended.amendment.at < local_midnight(TODAY)


def test_the_same_seed_gives_the_same_records_and_another_seed_others(city, records):
    again = generate_records(generate_city(read_config(), 2025, TODAY), 2025, TODAY)
    assert again == records
    other = generate_records(city, 7, TODAY)
    assert [r.content for r in other.records] != [r.content for r in records.records]


def _confirmed_by_class(certificates, staff_key: int, year: int) -> dict[str, float]:
    totals: Counter = Counter()
    for c in certificates:
        if c.staff == staff_key and c.earned_on.year == year and c.status == "confirmed":
            totals[c.cme_class] += c.credits
    return totals


def test_most_staff_reach_the_yearly_credits_with_certificates_and_some_fall_short(city):
    certificates = generate_certificates(city, 2025, TODAY)
    reached = short = 0
    for person in city.staff:
        totals = _confirmed_by_class(certificates, person.key, 2025)
        if totals["I"] >= 5 and totals["II"] >= 15:
            reached += 1
        else:
            short += 1
    assert reached > 0.6 * len(city.staff) and short > 0.15 * len(city.staff)
    assert generate_certificates(city, 2025, TODAY) == certificates


def test_only_this_years_certificates_wait_for_the_officer_or_were_rejected_with_a_note(city):
    certificates = generate_certificates(city, 2025, TODAY)
    undecided = [c for c in certificates if c.status != "confirmed"]
    assert {c.status for c in undecided} == {"pending", "rejected"}
    assert all(c.earned_on.year == TODAY.year and c.earned_on <= TODAY for c in undecided)
    assert all(c.note for c in undecided if c.status == "rejected")
    officer_of = city.config["users"]["officer_institution"]
    staff_of = {p.key: p.institution for p in city.staff}
    assert all(c.by_officer == (staff_of[c.staff] == officer_of) for c in certificates)

"""The engine with the cited rule catalogue, on cases taken from the policy texts."""

from datetime import date

import pytest

from backend.compliance.evaluate import evaluate
from backend.compliance.facts import ActivityFact, Facts, Subject
from backend.rules.catalogue import load_catalogue

HOSPITAL = Subject(kind="institution", id=1, name="柳溪县中医院", is_midwifery=True)
FULL_PPH_TEAM = frozenset({"obstetrician", "midwife", "nurse", "anaesthetist"})
FULL_NEONATAL_TEAM = frozenset({"obstetrician", "midwife", "neonatologist", "nurse"})


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def rules(catalogue, profile, *ids):
    return [r for r in catalogue.rules_of(profile) if r.id in ids]


def activity(
    id, kind, day, status="held", topic="", roles=frozenset(), departments=frozenset(), attendees=()
):
    return ActivityFact(
        id=id, kind=kind, topic=topic, status=status, day=day,
        present_roles=roles, present_department_kinds=departments, attendee_ids=frozenset(attendees),
    )  # fmt: skip


def by_period(findings):
    return {(f.rule_id, f.period): f for f in findings}


def test_a_quarter_without_an_asphyxia_drill_is_a_gap_the_others_are_met(catalogue):
    drills = tuple(
        activity(n, "drill", day, topic="neonatal_asphyxia", roles=FULL_NEONATAL_TEAM)
        for n, day in enumerate([date(2025, 2, 12), date(2025, 5, 8), date(2025, 11, 20)])
    )
    found = by_period(
        evaluate(
            rules(catalogue, "kaifeng-2022", "asphyxia-drill"),
            HOSPITAL,
            Facts(drills),
            date(2025, 1, 1),
            date(2025, 12, 31),
            date(2026, 1, 5),
        )
    )
    assert found["asphyxia-drill", "2025-Q3"].status == "gap"
    assert [found["asphyxia-drill", q].status for q in ("2025-Q1", "2025-Q2", "2025-Q4")] == [
        "met"
    ] * 3
    assert "已结束" in found["asphyxia-drill", "2025-Q3"].reason_zh


def test_a_pph_drill_without_a_midwife_is_partly_met_naming_the_midwife(catalogue):
    drill = activity(
        1, "drill", date(2026, 4, 9), topic="pph", roles=frozenset({"obstetrician", "nurse"})
    )
    (finding,) = evaluate(
        rules(catalogue, "kaifeng-2022", "pph-drill"),
        HOSPITAL,
        Facts((drill,)),
        date(2026, 4, 1),
        date(2026, 6, 30),
        date(2026, 7, 1),
    )
    assert finding.status == "partly_met"
    assert finding.missing == ("midwife",)
    assert "助产士" in finding.reason_zh


def test_a_joint_meeting_without_icu_is_partly_met_naming_icu(catalogue):
    meeting = activity(
        5,
        "joint_meeting",
        date(2025, 9, 18),
        departments=frozenset({"obstetrics", "neonatology", "emergency", "medical_affairs"}),
    )
    (finding,) = evaluate(
        rules(catalogue, "kaifeng-2022", "joint-meeting"),
        HOSPITAL,
        Facts((meeting,)),
        date(2025, 7, 1),
        date(2025, 12, 31),
        date(2026, 1, 10),
    )
    assert finding.status == "partly_met"
    assert finding.missing == ("icu",)
    assert "重症医学科" in finding.reason_zh
    (rule,) = rules(catalogue, "kaifeng-2022", "joint-meeting")
    assert any("急诊、重症医学科" in c.quote for c in rule.citations)


def test_a_drill_planned_for_next_week_keeps_the_open_quarter_planned(catalogue):
    planned = activity(9, "drill", date(2026, 11, 30), status="planned", topic="pph")
    (finding,) = evaluate(
        rules(catalogue, "kaifeng-2022", "pph-drill"),
        HOSPITAL,
        Facts((planned,)),
        date(2026, 10, 1),
        date(2026, 12, 31),
        date(2026, 11, 23),
    )
    assert finding.status == "planned"
    (nothing,) = evaluate(
        rules(catalogue, "kaifeng-2022", "pph-drill"),
        HOSPITAL,
        Facts(),
        date(2026, 10, 1),
        date(2026, 12, 31),
        date(2026, 11, 23),
    )
    assert nothing.status == "due_soon"


def test_a_cancelled_drill_never_counts(catalogue):
    cancelled = activity(
        3, "drill", date(2026, 5, 6), status="cancelled", topic="pph", roles=FULL_PPH_TEAM
    )
    (finding,) = evaluate(
        rules(catalogue, "kaifeng-2022", "pph-drill"),
        HOSPITAL,
        Facts((cancelled,)),
        date(2026, 4, 1),
        date(2026, 6, 30),
        date(2026, 7, 2),
    )
    assert finding.status == "gap"


def test_a_midwife_who_joined_in_november_is_not_counted_for_that_years_cme(catalogue):
    cme = rules(catalogue, "kaifeng-2022", "cme-annual")
    newcomer = Subject(
        kind="staff_member",
        id=7,
        role="midwife",
        department_kind="obstetrics",
        active_from=date(2025, 11, 3),
    )
    (finding,) = evaluate(
        cme, newcomer, Facts(), date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 2)
    )
    assert finding.status == "not_applicable"
    veteran = Subject(
        kind="staff_member",
        id=8,
        role="midwife",
        department_kind="obstetrics",
        active_from=date(2015, 3, 1),
    )
    (finding,) = evaluate(
        cme, veteran, Facts(), date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 2)
    )
    assert finding.status == "gap"
    session = activity(11, "cme_session", date(2025, 6, 7), attendees=[8])
    (finding,) = evaluate(
        cme, veteran, Facts((session,)), date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 2)
    )
    assert finding.status == "met"


def test_the_2021_profiles_require_cme_for_nurses_and_the_2018_one_does_not(catalogue):
    nurse = Subject(
        kind="staff_member",
        id=9,
        role="nurse",
        department_kind="obstetrics",
        active_from=date(2010, 1, 1),
    )
    national_2018 = evaluate(
        rules(catalogue, "national-2018", "cme-annual"),
        nurse,
        Facts(),
        date(2025, 1, 1),
        date(2025, 12, 31),
        date(2026, 1, 2),
    )
    national_2021 = evaluate(
        rules(catalogue, "national-2021", "cme-annual"),
        nurse,
        Facts(),
        date(2025, 1, 1),
        date(2025, 12, 31),
        date(2026, 1, 2),
    )
    assert national_2018[0].status == "not_applicable"
    assert national_2021[0].status == "gap"


def test_chongqing_needs_a_simulation_drill_every_month(catalogue):
    drills = (
        activity(1, "drill", date(2025, 3, 5), topic="eclampsia"),
        activity(2, "drill", date(2025, 5, 14), topic="pph"),
    )
    found = by_period(
        evaluate(
            rules(catalogue, "chongqing-2020", "monthly-simulation"),
            HOSPITAL,
            Facts(drills),
            date(2025, 3, 1),
            date(2025, 5, 31),
            date(2025, 6, 3),
        )
    )
    assert [found["monthly-simulation", m].status for m in ("2025-03", "2025-04", "2025-05")] == [
        "met",
        "gap",
        "met",
    ]
    kaifeng = evaluate(
        rules(catalogue, "kaifeng-2022", "monthly-simulation"),
        HOSPITAL,
        Facts(drills),
        date(2025, 3, 1),
        date(2025, 5, 31),
        date(2025, 6, 3),
    )
    assert kaifeng == []


def test_fujian_needs_warning_education_twice_a_year_where_the_nation_needs_once(catalogue):
    obstetrics = Subject(kind="department", id=4, department_kind="obstetrics", is_midwifery=True)
    once = (
        activity(1, "warning_education", date(2025, 6, 12), departments=frozenset({"obstetrics"})),
    )
    (national,) = evaluate(
        rules(catalogue, "national-2021", "warning-education"),
        obstetrics,
        Facts(once),
        date(2025, 1, 1),
        date(2025, 12, 31),
        date(2026, 1, 5),
    )
    (fujian,) = evaluate(
        rules(catalogue, "fujian-2021", "warning-education"),
        obstetrics,
        Facts(once),
        date(2025, 1, 1),
        date(2025, 12, 31),
        date(2026, 1, 5),
    )
    assert national.status == "met"
    assert (fujian.status, fujian.done, fujian.required) == ("partly_met", 1, 2)


def test_rules_whose_facts_are_not_recorded_yet_say_no_data(catalogue):
    centre = Subject(kind="critical_care_centre", id=2, centre_kinds=frozenset({"city_maternal"}))
    found = {
        f.rule_id: f.status
        for f in evaluate(
            catalogue.rules_of("kaifeng-2022"),
            centre,
            Facts(),
            date(2025, 1, 1),
            date(2025, 3, 31),
            date(2025, 4, 2),
        )
    }
    assert found["zone-spot-check"] == "gap"  # spot-checks are recorded now: none submitted
    assert found["zone-meeting"] == "gap"
    (ddi,) = evaluate(
        rules(catalogue, "kaifeng-2022", "ddi-target"),
        HOSPITAL,
        Facts(),
        date(2025, 1, 1),
        date(2025, 3, 31),
        date(2025, 4, 2),
    )
    # drill records are recorded now: a quarter without a recorded DDI is a gap
    assert ddi.status == "gap" and "DDI" in ddi.reason_zh

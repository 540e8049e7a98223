"""The engine's period logic, on small hand-made rules (the cited catalogue is tested separately)."""

from datetime import date

from backend.compliance.evaluate import active_days, evaluate
from backend.compliance.facts import Absence, ActivityFact, Facts, Subject
from backend.core.periods import period_containing
from backend.rules.schema import AppliesTo, Attendance, Citation, Parameters, Qualifying, Rule

HOSPITAL = Subject(kind="institution", id=1, is_midwifery=True)


def rule(**overrides) -> Rule:
    """A rule as the catalogue gives one (the engine takes nothing looser)."""
    fields = dict(
        id="asphyxia-drill",
        name_zh="新生儿窒息复苏演练",
        name_en="Neonatal asphyxia drill",
        subject="institution",
        period="quarter",
        measure="held_activities",
        required=1,
        facts=("activities", "attendance"),
        effective_from=date(2018, 4, 27),
        citations=(Citation(source="test", clause="1", quote="测试"),),
        qualifying=Qualifying(kinds=("drill",), topics=("neonatal_asphyxia",)),
        applies_to=AppliesTo(midwifery=True),
    )
    fields.update(overrides)
    return Rule(**fields)


def drill(id, day, status="held", topic="neonatal_asphyxia", **kw):
    return ActivityFact(id=id, kind="drill", topic=topic, status=status, day=day, **kw)


def statuses(findings):
    return {f.period: f.status.value for f in findings}


def test_a_quarter_that_ended_without_a_held_drill_is_a_gap_and_one_with_a_drill_is_met():
    facts = Facts(activities=(drill(1, date(2025, 2, 10)), drill(2, date(2025, 8, 1), "cancelled")))
    found = evaluate(
        [rule()], HOSPITAL, facts, date(2025, 1, 1), date(2025, 9, 30), date(2025, 11, 1)
    )
    assert statuses(found) == {"2025-Q1": "met", "2025-Q2": "gap", "2025-Q3": "gap"}
    assert found[0].counted == (1,)


def test_an_open_quarter_is_planned_with_a_planned_drill_and_due_soon_without():
    planned = Facts(activities=(drill(7, date(2026, 12, 1), "planned"),))
    as_of = date(2026, 11, 23)
    found = evaluate([rule()], HOSPITAL, planned, date(2026, 10, 1), date(2026, 12, 31), as_of)
    assert statuses(found) == {"2026-Q4": "planned"}
    assert found[0].planned == (7,)
    empty = evaluate([rule()], HOSPITAL, Facts(), date(2026, 10, 1), date(2026, 12, 31), as_of)
    assert statuses(empty) == {"2026-Q4": "due_soon"}


def test_a_held_meeting_without_a_required_department_is_partly_met_naming_it():
    meeting_rule = rule(
        id="joint-meeting",
        period="half",
        qualifying=Qualifying(kinds=("joint_meeting",)),
        attendance=Attendance(
            required_department_kinds=("obstetrics", ("neonatology", "paediatrics"), "icu"),
        ),
    )
    meeting = ActivityFact(
        id=3,
        kind="joint_meeting",
        topic="",
        status="held",
        day=date(2025, 5, 20),
        present_department_kinds=frozenset({"obstetrics", "paediatrics"}),
    )
    found = evaluate(
        [meeting_rule],
        HOSPITAL,
        Facts(activities=(meeting,)),
        date(2025, 1, 1),
        date(2025, 6, 30),
        date(2025, 7, 2),
    )
    assert found[0].status == "partly_met"
    assert found[0].missing == ("icu",)
    assert found[0].nearly == (3,)
    assert "重症医学科" in found[0].reason_zh and "ICU" in found[0].reason_en


def test_a_rule_needing_unrecorded_facts_says_no_data():
    found = evaluate(
        [rule(facts=("activities", "paired_support"))],  # kept per rotation, not here
        HOSPITAL,
        Facts(),
        date(2025, 1, 1),
        date(2025, 3, 31),
        date(2025, 5, 1),
    )
    assert found[0].status == "no_data"
    assert "paired-support rotations" in found[0].reason_en
    assert "对口支援排班与坐诊记录" in found[0].reason_zh


def test_a_rule_not_yet_in_force_or_not_covering_the_subject_is_not_applicable():
    later = rule(effective_from=date(2026, 1, 1))
    found = evaluate(
        [later], HOSPITAL, Facts(), date(2025, 10, 1), date(2025, 12, 31), date(2026, 2, 1)
    )
    assert found[0].status == "not_applicable"
    clinic = Subject(kind="institution", id=2, is_midwifery=False)
    found = evaluate(
        [rule()], clinic, Facts(), date(2025, 10, 1), date(2025, 12, 31), date(2026, 2, 1)
    )
    assert found[0].status == "not_applicable"


def test_a_drill_counts_in_the_period_of_its_local_start_only():
    facts = Facts(activities=(drill(1, date(2025, 4, 1)),))
    found = evaluate(
        [rule()], HOSPITAL, facts, date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1)
    )
    assert statuses(found) == {"2025-Q1": "gap", "2025-Q2": "met"}


def test_staff_active_days_exclude_days_before_joining_and_on_leave():
    joined_november = Subject(
        kind="staff_member", id=5, role="obstetrician", active_from=date(2025, 11, 10)
    )
    assert active_days(joined_november, period_containing("year", date(2025, 1, 1))) == 52
    on_leave = Subject(
        kind="staff_member",
        id=6,
        active_from=date(2020, 1, 1),
        absences=(Absence(date(2025, 1, 1), date(2025, 6, 30)),),
    )
    assert active_days(on_leave, period_containing("year", date(2025, 1, 1))) == 184


def ddi_rule(**overrides):
    return rule(
        id="ddi-target",
        measure="drill_metric_max",
        facts=("activities", "drill_records"),
        qualifying=Qualifying(kinds=("drill",), topics=("emergency_caesarean",)),
        parameters=Parameters(metric="decision_to_delivery_minutes", max_value=30),
        **overrides,
    )


def caesarean(id, day, ddi=None, status="held"):
    metrics = () if ddi is None else (("decision_to_delivery_minutes", ddi),)
    return drill(id, day, status, topic="emergency_caesarean", metrics=metrics)


def ddi_findings(*activities, as_of=date(2026, 1, 5)):
    facts = Facts(activities=activities)
    return evaluate([ddi_rule()], HOSPITAL, facts, date(2025, 10, 1), date(2025, 12, 31), as_of)


def test_a_quarter_with_a_recorded_ddi_within_30_minutes_meets_the_ddi_target():
    (found,) = ddi_findings(caesarean(1, date(2025, 11, 3), ddi=24))
    assert (found.status, found.counted) == ("met", (1,))
    assert "30 分钟以内" in found.reason_zh and "within 30 minutes" in found.reason_en


def test_a_ddi_over_30_minutes_is_a_gap_naming_the_drill_and_its_value():
    (found,) = ddi_findings(
        caesarean(1, date(2025, 11, 3), ddi=24), caesarean(2, date(2025, 12, 1), ddi=42)
    )
    assert (found.status, found.nearly) == ("gap", (2,))
    assert "2025-12-01" in found.reason_zh and "42 分钟" in found.reason_zh
    assert "42 minutes" in found.reason_en
    (open_quarter,) = ddi_findings(caesarean(2, date(2025, 12, 1), ddi=42), as_of=date(2025, 12, 5))
    assert open_quarter.status == "gap"  # a value over the target is missed at once


def test_an_ended_quarter_without_a_recorded_ddi_is_a_gap_saying_so():
    (found,) = ddi_findings(caesarean(1, date(2025, 11, 3)))  # held, no submitted record
    assert found.status == "gap"
    assert "没有记录了DDI的紧急剖宫产演练" in found.reason_zh
    assert "no emergency caesarean drill with a recorded DDI" in found.reason_en


def test_an_open_quarter_without_a_recorded_ddi_is_due_soon_or_planned():
    (found,) = ddi_findings(as_of=date(2025, 11, 1))
    assert found.status == "due_soon"
    (planned,) = ddi_findings(
        caesarean(3, date(2025, 12, 9), status="planned"), as_of=date(2025, 11, 1)
    )
    assert planned.status == "planned"


def test_other_drills_still_count_without_a_record():
    facts = Facts(activities=(drill(1, date(2025, 2, 10)),))
    found = evaluate(
        [rule()], HOSPITAL, facts, date(2025, 1, 1), date(2025, 3, 31), date(2025, 4, 2)
    )
    assert statuses(found) == {"2025-Q1": "met"}

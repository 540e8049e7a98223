"""Inspection coverage judged on plain facts: distinct districts a city centre inspected
(centre-inspection) and the share of a county's midwifery institutions its commission inspected
(district-inspection); planned inspections, cancelled ones, other years."""

from datetime import date

from backend.compliance.evaluate import evaluate
from backend.compliance.facts import Facts, InspectionFact, Subject
from backend.compliance.snapshots import _ENGINE_FILES
from backend.rules.catalogue import default_catalogue

CENTRE = Subject(kind="critical_care_centre", id=1, name="市一院",
                 centre_kinds=frozenset({"city_maternal"}))  # fmt: skip
COUNTY = Subject(kind="county_commission", id=30, name="禾城区")
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
OPEN, OVER = date(2026, 6, 1), date(2027, 1, 5)


def rule(rule_id):
    (found,) = [r for r in default_catalogue().rules_of("chongqing-2020") if r.id == rule_id]
    return found


def inspection(activity_id, status, day, *visited):
    """visited: (institution, county, county name)."""
    return InspectionFact(activity_id, "quality_inspection", status, day, tuple(sorted(visited)))


def judged(rule_id, subject, facts, as_of):
    (finding,) = evaluate([rule(rule_id)], subject, facts, *YEAR, as_of)
    return finding


A1, A2 = (11, 101, "禾城区"), (12, 101, "禾城区")
B1, C1, D1 = (21, 102, "柳溪县"), (31, 103, "东坪县"), (41, 104, "西岭县")


def test_a_centre_that_inspected_three_districts_meets_the_rule():
    facts = Facts(inspections=(
        inspection(1, "held", date(2026, 3, 2), A1, A2),
        inspection(2, "held", date(2026, 5, 2), B1, C1),
    ))  # fmt: skip
    finding = judged("centre-inspection", CENTRE, facts, OVER)
    assert finding.status == "met" and finding.done == 3 and finding.counted == (1, 2)
    assert finding.reason_zh == "已检查 3 个区县（共需 3 个）：东坪县、柳溪县、禾城区。"


def test_two_districts_are_partly_met_and_visiting_one_district_twice_counts_once():
    facts = Facts(inspections=(
        inspection(1, "held", date(2026, 3, 2), A1),
        inspection(2, "held", date(2026, 4, 2), A2),
        inspection(3, "held", date(2026, 5, 2), B1),
    ))  # fmt: skip
    finding = judged("centre-inspection", CENTRE, facts, OVER)
    assert finding.status == "partly_met" and finding.done == 2
    assert finding.reason_zh.startswith("已检查 2 个区县（共需 3 个）")
    assert finding.reason_en.startswith("2 counties/districts inspected (3 required)")


def test_planned_inspections_that_reach_the_districts_are_planned_while_the_year_is_open():
    facts = Facts(inspections=(
        inspection(1, "held", date(2026, 3, 2), A1),
        inspection(2, "planned", date(2026, 10, 2), B1, C1),
        inspection(3, "cancelled", date(2026, 9, 2), D1),
    ))  # fmt: skip
    opened = judged("centre-inspection", CENTRE, facts, OPEN)
    assert opened.status == "planned" and opened.planned == (2,)
    assert "加上计划中的检查可覆盖 3 个" in opened.reason_zh
    # never held: once the year is over only the held district counts
    assert judged("centre-inspection", CENTRE, facts, OVER).status == "partly_met"


def test_nothing_inspected_is_due_soon_then_a_gap_and_other_years_do_not_count():
    facts = Facts(inspections=(inspection(1, "held", date(2025, 11, 2), A1, B1, C1),))
    assert judged("centre-inspection", CENTRE, facts, OPEN).status == "due_soon"
    finding = judged("centre-inspection", CENTRE, facts, OVER)
    assert finding.status == "gap" and finding.done == 0


def test_a_county_that_inspected_half_its_midwifery_institutions_meets_the_rule():
    facts = Facts(
        inspections=(inspection(1, "held", date(2026, 4, 1), A1, A2, B1),),
        inspectable=frozenset({11, 12, 13, 14}),
    )
    finding = judged("district-inspection", COUNTY, facts, OVER)
    assert finding.status == "met" and finding.done == 2  # B1 is not one of the county's
    assert finding.reason_zh == "已检查 2/4 家助产机构（50%，需 ≥50%）。"


def test_a_county_below_half_is_partly_met_and_a_planned_visit_can_make_it_planned():
    held = inspection(1, "held", date(2026, 4, 1), A1, A2)
    planned = inspection(2, "planned", date(2026, 11, 1), (13, 101, "禾城区"))
    facts = Facts(inspections=(held, planned), inspectable=frozenset(range(11, 21)))
    finding = judged("district-inspection", COUNTY, facts, OVER)
    assert finding.status == "partly_met"
    assert finding.reason_zh.startswith("已检查 2/10 家助产机构（20%，需 ≥50%）")
    facts = Facts(inspections=(held, inspection(2, "planned", date(2026, 11, 1),
                                                *[(i, 101, "禾城区") for i in range(13, 16)])),
                  inspectable=frozenset(range(11, 21)))  # fmt: skip
    assert judged("district-inspection", COUNTY, facts, OPEN).status == "planned"


def test_a_county_without_midwifery_institutions_has_nothing_to_inspect():
    finding = judged("district-inspection", COUNTY, Facts(), OVER)
    assert finding.status == "not_applicable"


def test_inspection_measures_are_part_of_the_engine_digest():
    assert "measure_inspections.py" in _ENGINE_FILES
    assert "inspections" in Facts().recorded

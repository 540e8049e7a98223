"""The competency rules judged on plain facts: validity across a framework version change, who
must hold what by the version on the period's last day, the staff rule (competencies-current),
department coverage thresholds (competency-coverage) and the Chongqing staff exam (staff-exam)."""

from datetime import UTC, date, datetime

import pytest

from backend.competencies import framework as framework_module
from backend.competencies.framework import COMPETENCIES_DIR, load_frameworks
from backend.competencies.holdings import NewAssessment, valid_until
from backend.compliance import measure_competencies
from backend.compliance.evaluate import evaluate
from backend.compliance.facts import (
    Absence,
    ActivityFact,
    CompetencyFact,
    ExamSittingFact,
    Facts,
    MemberFact,
    Subject,
)
from backend.rules.catalogue import default_catalogue

YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
Q4_2025 = (date(2025, 10, 1), date(2025, 12, 31))
OBSTETRICIAN_NEEDS = {
    "pph-recognition", "pph-bimanual-compression", "pph-team-lead", "neonatal-ppv",
    "emergency-caesarean-team", "eclampsia-management", "shoulder-dystocia-manoeuvres",
    "maternal-resuscitation", "team-communication", "obstetric-neonatal-knowledge",
}  # fmt: skip


def rule(rule_id, profile="kaifeng-2022"):
    (found,) = [r for r in default_catalogue().rules_of(profile) if r.id == rule_id]
    return found


def person(staff_id=1, role="obstetrician", department_kind="obstetrics", **fields):
    fields.setdefault("active_from", date(2020, 1, 1))
    return Subject(kind="staff_member", id=staff_id, name=f"员工{staff_id}", role=role,
                   department_kind=department_kind, **fields)  # fmt: skip


def held(competencies, on=date(2025, 3, 1), until=date(2026, 2, 28)):
    return tuple(CompetencyFact(c, on, until) for c in sorted(competencies))


@pytest.fixture
def two_versions(tmp_path, monkeypatch):
    """framework-2024 as seeded, and a 2026 version: positive-pressure ventilation proves for 24
    months instead of 12, and paediatricians must also be able to intubate."""
    old = (COMPETENCIES_DIR / "framework-2024.toml").read_text("utf-8")
    (tmp_path / "framework-2024.toml").write_text(old, "utf-8")
    new = old.replace('id = "framework-2024"', 'id = "framework-2026"')
    new = new.replace("effective_from = 2024-01-01", "effective_from = 2026-01-01")
    ppv = new.index('id = "neonatal-ppv"')
    new = new[:ppv] + new[ppv:].replace("valid_months = 12", "valid_months = 24", 1)
    new = new.replace(
        'required_of = ["neonatologist"]', 'required_of = ["neonatologist", "paediatrician"]'
    )
    (tmp_path / "framework-2026.toml").write_text(new, "utf-8")
    versions = load_frameworks(tmp_path)
    monkeypatch.setattr(measure_competencies, "default_frameworks", lambda: versions)
    return versions


def test_an_assessment_keeps_the_validity_of_the_version_in_force_on_its_day(two_versions):
    assert [v.id for v in two_versions] == ["framework-2024", "framework-2026"]
    before = valid_until("neonatal-ppv", date(2025, 12, 15), two_versions)
    after = valid_until("neonatal-ppv", date(2026, 1, 15), two_versions)
    assert before == date(2026, 12, 14)  # 12 months, though read after the change
    assert after == date(2028, 1, 14)  # 24 months under the new version


def test_only_a_proving_outcome_is_given_a_validity_when_written():
    now = datetime(2025, 6, 1, 2, tzinfo=UTC)
    exam = dict(staff_member=1, institution=1, competency="neonatal-ppv",
                method="skills_station", assessed_on=date(2025, 6, 1))  # fmt: skip
    passed = NewAssessment(outcome="passed", **exam).row(now)
    failed = NewAssessment(outcome="failed", **exam).row(now)
    assert (passed.proves, passed.valid_until) == (True, date(2026, 5, 31))
    assert (failed.proves, failed.valid_until) == (False, None)


def test_the_staff_rule_asks_of_the_roles_the_framework_names():
    roles = {
        entry.partition("@")[0]
        for version in framework_module.default_frameworks()
        for competency in version.competencies
        for entry in competency.required_of
    }
    assert set(rule("competencies-current").applies_to.staff_roles) == roles


def test_who_must_hold_what_follows_the_version_on_the_periods_last_day(two_versions):
    paediatrician = person(role="paediatrician", department_kind="paediatrics")
    facts = Facts(competencies=held({"neonatal-ppv", "neonatal-chest-compressions"},
                                    on=date(2025, 3, 1), until=date(2027, 2, 28)))  # fmt: skip
    staff_rule = rule("competencies-current")
    (y2025,) = evaluate([staff_rule], paediatrician, facts, *YEAR_2025, date(2026, 1, 5))
    (y2026,) = evaluate(
        [staff_rule], paediatrician, facts, date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 5)
    )
    assert (y2025.status, y2025.done, y2025.required) == ("met", 2, 2)
    assert (y2026.status, y2026.done, y2026.required) == ("gap", 2, 3)
    assert "新生儿气管插管" in y2026.reason_zh and "neonatal-intubation" not in y2026.reason_zh


def test_a_person_current_in_everything_at_the_year_end_meets_the_staff_rule():
    facts = Facts(competencies=held(OBSTETRICIAN_NEEDS))
    (finding,) = evaluate([rule("competencies-current")], person(), facts, *YEAR_2025,
                          date(2026, 1, 5))  # fmt: skip
    assert (finding.status, finding.done, finding.required) == ("met", 10, 10)
    assert finding.reason_zh == "所需的 10 项胜任力在本年度末均在有效期内。"


def test_a_missing_competency_is_due_soon_in_the_year_then_a_gap_naming_it():
    facts = Facts(competencies=held(OBSTETRICIAN_NEEDS - {"neonatal-ppv"}))
    staff_rule = rule("competencies-current")
    (open_year,) = evaluate([staff_rule], person(), facts, *YEAR_2025, date(2025, 10, 1))
    (over,) = evaluate([staff_rule], person(), facts, *YEAR_2025, date(2026, 1, 5))
    assert (open_year.status, over.status) == ("due_soon", "gap")
    assert over.reason_zh == (
        "所需 10 项胜任力中，年度末在有效期内的有 9 项；尚缺：新生儿正压通气。请安排考核或演练评估。"
    )
    assert "missing: Neonatal positive-pressure ventilation" in over.reason_en


def test_an_assessment_that_runs_out_before_the_year_end_does_not_count():
    lapsing = held({"neonatal-ppv"}, on=date(2024, 12, 1), until=date(2025, 11, 30))
    facts = Facts(competencies=held(OBSTETRICIAN_NEEDS - {"neonatal-ppv"}) + lapsing)
    (finding,) = evaluate([rule("competencies-current")], person(), facts, *YEAR_2025,
                          date(2025, 10, 1))  # fmt: skip
    assert finding.status == "due_soon" and "新生儿正压通气" in finding.reason_zh


def test_a_post_the_framework_asks_nothing_of_and_a_late_joiner_are_not_judged():
    staff_rule = rule("competencies-current")
    icu_nurse = person(role="nurse", department_kind="icu")
    late = person(active_from=date(2025, 11, 1))
    (nurse,) = evaluate([staff_rule], icu_nurse, Facts(), *YEAR_2025, date(2026, 1, 5))
    (joiner,) = evaluate([staff_rule], late, Facts(), *YEAR_2025, date(2026, 1, 5))
    assert (nurse.status, joiner.status) == ("not_applicable", "not_applicable")
    assert "没有须持有的胜任力" in nurse.reason_zh


def neonatology(*members):
    department = Subject(kind="department", id=7, name="新生儿科", department_kind="neonatology")
    return department, Facts(department_staff={7: tuple(members)})


def member(staff_id, night_shifts, ppv=True, **fields):
    someone = person(staff_id, role="neonatologist", department_kind="neonatology",
                     night_shifts=night_shifts, **fields)  # fmt: skip
    return MemberFact(someone, held({"neonatal-ppv"}) if ppv else ())


def test_coverage_counts_only_night_shift_holders_where_the_threshold_says_so():
    department, facts = neonatology(member(1, True), member(2, False), member(3, True, ppv=False))
    coverage = rule("competency-coverage")
    (short,) = evaluate([coverage], department, facts, *Q4_2025, date(2026, 1, 5))
    (open_quarter,) = evaluate([coverage], department, facts, *Q4_2025, date(2025, 11, 1))
    assert (short.status, short.done, short.required) == ("gap", 0, 1)
    assert open_quarter.status == "due_soon"
    assert short.reason_zh.startswith("新生儿正压通气：夜班人员中当前持有 1 人，少于 2 人")
    assert "1 current among night-shift staff, fewer than 2" in short.reason_en


def test_coverage_is_met_with_enough_night_holders_employed_on_the_quarters_last_day():
    coverage = rule("competency-coverage")
    department, facts = neonatology(member(1, True), member(3, True))
    (met,) = evaluate([coverage], department, facts, *Q4_2025, date(2026, 1, 5))
    assert (met.status, met.done, met.required) == ("met", 1, 1)
    left = member(3, True, active_to=date(2025, 12, 1))
    on_leave = member(4, True, absences=(Absence(date(2025, 12, 20), date(2026, 1, 10)),))
    department, facts = neonatology(member(1, True), left, on_leave)
    (gap,) = evaluate([coverage], department, facts, *Q4_2025, date(2026, 1, 5))
    assert gap.status == "gap" and "当前持有 1 人" in gap.reason_zh


def test_a_department_kind_without_a_threshold_is_not_judged_for_coverage():
    icu = Subject(kind="department", id=8, name="重症医学科", department_kind="icu")
    (finding,) = evaluate([rule("competency-coverage")], icu, Facts(), *Q4_2025, date(2026, 1, 5))
    assert finding.status == "not_applicable"


COUNTY = Subject(kind="county_commission", id=3, name="禾城区")


def exam_year(sittings=(), activities=(), people=None, as_of=date(2026, 1, 5)):
    people = tuple(people or (person(i) for i in (1, 2, 3)))
    facts = Facts(activities=tuple(activities), exam_sittings=tuple(sittings), examinees=people)
    (finding,) = evaluate([rule("staff-exam", "chongqing-2020")], COUNTY, facts, *YEAR_2025, as_of)
    return finding


def sat(staff_id, passed, day=date(2025, 6, 10), exam_id=1):
    return ExamSittingFact(exam_id, day, staff_id, passed)


def test_the_staff_exam_is_met_only_when_every_examinee_sat_and_passed():
    finding = exam_year([sat(1, True), sat(2, True), sat(3, False), sat(3, True, exam_id=2)])
    assert (finding.status, finding.done, finding.required) == ("met", 3, 3)
    assert finding.reason_zh == "全员考试已完成：应考 3 人，参考 3 人，通过 3 人。"


def test_an_exam_not_everyone_passed_is_partly_met_with_the_counts():
    finding = exam_year([sat(1, True), sat(2, False), sat(9, True)])  # 9: not an examinee
    assert (finding.status, finding.done) == ("partly_met", 1)
    assert "应考 3 人，参考 2 人，通过 1 人" in finding.reason_zh


def test_without_an_exam_the_year_is_due_soon_then_a_gap_and_a_planned_one_is_planned():
    assert exam_year(as_of=date(2025, 9, 1)).status == "due_soon"
    assert exam_year().status == "gap"
    planned = ActivityFact(5, "staff_exam", "", "planned", date(2025, 11, 20))
    assert exam_year(activities=[planned], as_of=date(2025, 9, 1)).status == "planned"
    assert exam_year(activities=[planned]).status == "gap"
    outside = [sat(1, True, day=date(2024, 12, 20))]
    assert exam_year(outside).status == "gap"


def test_staff_who_left_before_the_year_end_need_not_sit_it():
    people = [person(1), person(2, active_to=date(2025, 3, 1))]
    finding = exam_year([sat(1, True)], people=people)
    assert (finding.status, finding.required) == ("met", 1)
    assert "应考 1 人，参考 1 人，通过 1 人" in finding.reason_zh

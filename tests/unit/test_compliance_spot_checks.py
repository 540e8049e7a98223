"""The centre's quarterly spot-check rule (zone-spot-check) judged on plain facts: the reviews it
submitted in each quarter, by the CST date submitted."""

from datetime import date

from backend.compliance.evaluate import evaluate
from backend.compliance.facts import Facts, SpotCheckFact, Subject
from backend.rules.catalogue import default_catalogue

CENTRE = Subject(kind="critical_care_centre", id=1, name="南禾市第一人民医院",
                 centre_kinds=frozenset({"city_maternal"}))  # fmt: skip
Q3_2025 = (date(2025, 7, 1), date(2025, 9, 30))


def zone_spot_check():
    (rule,) = [r for r in default_catalogue().rules_of("kaifeng-2022") if r.id == "zone-spot-check"]
    return rule


def judged(*days, as_of):
    facts = Facts(spot_checks=tuple(SpotCheckFact(i, day, 9, "pass") for i, day in enumerate(days)))
    (finding,) = evaluate([zone_spot_check()], CENTRE, facts, *Q3_2025, as_of)
    return finding


def test_a_review_submitted_in_the_quarter_meets_it():
    finding = judged(date(2025, 8, 20), as_of=date(2025, 10, 5))
    assert (finding.status, finding.done, finding.period) == ("met", 1, "2025-Q3")
    assert finding.reason_zh == "本季度已提交 1 份抽查点评，要求至少 1 份。"


def test_an_ended_quarter_without_a_review_is_a_gap_and_one_outside_does_not_count():
    finding = judged(date(2025, 10, 1), date(2025, 6, 30), as_of=date(2025, 10, 5))
    assert (finding.status, finding.done) == ("gap", 0)
    assert "0 spot-check reviews" in finding.reason_en


def test_an_open_quarter_without_a_review_is_due_soon():
    finding = judged(as_of=date(2025, 9, 1))
    assert (finding.status, finding.done) == ("due_soon", 0)


def test_without_the_spot_check_facts_it_has_no_data():
    facts = Facts(recorded=frozenset({"activities"}))
    (finding,) = evaluate([zone_spot_check()], CENTRE, facts, *Q3_2025, date(2025, 10, 5))
    assert finding.status == "no_data"

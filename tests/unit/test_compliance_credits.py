"""The yearly CME credits rule (cme-credits) judged on plain facts: the credit policy's verdict,
counted per class, and the same part-year logic as cme-annual."""

from datetime import date

from backend.compliance.credit_facts import credit_fact
from backend.compliance.evaluate import assess, conclude, covers, evaluate
from backend.compliance.facts import Facts, Subject
from backend.credits.ledger import CreditEntry, credit_standing
from backend.credits.policy import default_policies, policy_for_year
from backend.rules.catalogue import default_catalogue

MIDWIFE = Subject(kind="staff_member", id=7, name="林晓", role="midwife",
                  department_kind="obstetrics", active_from=date(2020, 3, 1))  # fmt: skip
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


def cme_credits(profile="national-2021"):
    (rule,) = [r for r in default_catalogue().rules_of(profile) if r.id == "cme-credits"]
    return rule


def certificate(ref_id, cme_class, credits):
    return CreditEntry("certificate", ref_id, "学术会议", date(2025, 5, 1), cme_class, credits)


def facts_with(*entries, year=2025):
    policy = policy_for_year(list(default_policies()), year)
    return Facts(credits=(credit_fact(year, credit_standing(policy, list(entries))),))


def judged(facts, as_of, subject=MIDWIFE, profile="national-2021"):
    (finding,) = evaluate([cme_credits(profile)], subject, facts, *YEAR_2025, as_of)
    return finding


def test_a_year_with_enough_credits_in_each_class_is_met():
    facts = facts_with(certificate(1, "I", 6), certificate(2, "II", 19))
    finding = judged(facts, date(2026, 2, 1))
    assert finding.status == "met" and finding.period == "2025"
    assert finding.required == 25 and finding.done == 25
    assert "Ⅰ类学分 6/5，Ⅱ类学分 19/15，共 25/25 学分" in finding.reason_zh


def test_an_ended_year_short_of_credits_is_a_gap_counting_each_class():
    facts = facts_with(certificate(1, "I", 3), certificate(2, "II", 12))
    finding = judged(facts, date(2026, 1, 1))
    assert finding.status == "gap"
    assert finding.reason_zh == "年度学分尚未达到要求：Ⅰ类学分 3/5，Ⅱ类学分 12/15，共 15/25 学分。"
    assert finding.reason_en == (
        "Yearly credits not reached: Class I credits 3/5, Class II credits 12/15, "
        "15/25 credits in all."
    )


def test_class_ii_credits_do_not_make_up_for_missing_class_i_credits():
    facts = facts_with(certificate(1, "I", 2), certificate(2, "II", 30))
    finding = judged(facts, date(2026, 1, 1))
    assert finding.status == "gap"
    assert "Ⅰ类学分 2/5，Ⅱ类学分 20/15，共 22/25 学分" in finding.reason_zh


def test_an_open_year_short_of_credits_is_due_soon_and_a_gap_once_it_ends():
    facts = facts_with(certificate(1, "II", 10))
    (assessment,) = assess([cme_credits()], MIDWIFE, facts, *YEAR_2025)
    assert conclude(assessment, date(2025, 11, 30)).status == "due_soon"
    assert conclude(assessment, date(2026, 1, 1)).status == "gap"
    assert "共 10/25 学分" in conclude(assessment, date(2025, 11, 30)).reason_zh


def test_staff_active_under_90_days_of_the_year_are_not_counted():
    newcomer = Subject(kind="staff_member", id=8, role="midwife", department_kind="obstetrics",
                       active_from=date(2025, 11, 1))  # fmt: skip
    finding = judged(Facts(), date(2026, 1, 1), subject=newcomer)
    assert finding.status == "not_applicable"
    assert "61 天" in finding.reason_zh


def test_nurses_are_judged_under_the_2021_plan_only():
    nurse = Subject(kind="staff_member", id=9, role="nurse", department_kind="obstetrics",
                    active_from=date(2020, 1, 1))  # fmt: skip
    facts = facts_with(certificate(1, "II", 5))
    # the 2018 plan ended in 2020 (not applied to 2025 at all): ask whether it covers nurses
    assert not covers(cme_credits("national-2018"), nurse)
    assert judged(facts, date(2026, 1, 1), nurse, "national-2021").status == "gap"


def test_a_year_without_credit_figures_cannot_be_judged():
    finding = judged(Facts(), date(2026, 1, 1))
    assert finding.status == "no_data"
    assert "学分政策" in finding.reason_zh


def test_a_batch_works_out_each_list_of_entries_once_and_equal_to_one_at_a_time():
    """StandingsOfBatch (the compliance engine's batched credit reading) shares a standing
    between people holding the same entry objects, and gives everyone what credit_standing
    gives them alone."""
    import random

    from backend.credits.ledger import StandingsOfBatch

    policy = policy_for_year(list(default_policies()), 2025)
    draw = random.Random(7)
    sessions = [
        CreditEntry("attendance", n, f"讲座{n}", date(2025, 1 + n % 12, 3), "city",
                    draw.choice([0.5, 1, 2]), 2.0, draw.choice(["present", "late"]))
        for n in range(12)
    ]  # fmt: skip
    people = [sorted(draw.sample(sessions, draw.randrange(0, 4)), key=lambda e: e.on)
              for _ in range(200)]  # fmt: skip
    people += [[certificate(1, "I", 6), certificate(2, "II", 19)]]
    batch = StandingsOfBatch(policy)
    for entries in people:
        assert batch.of(entries) == credit_standing(policy, list(entries))
    assert batch.of(list(people[0])) is batch.of(people[0])  # the same objects: worked out once
    assert any(batch.of(entries).met for entries in people)
    assert any(not batch.of(entries).met and entries for entries in people)

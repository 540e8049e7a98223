"""A snapshot's matrix cells, read for any date and window, say what judging afresh would say."""

from collections import Counter
from datetime import date

import msgspec
import pytest

from backend.compliance.evaluate import assess, conclude
from backend.compliance.facts import ActivityFact, Facts, Subject
from backend.compliance.findings import Assessment
from backend.compliance.snapshots import cells_of, rule_statuses
from backend.rules.catalogue import load_catalogue

HOSPITAL = Subject(kind="institution", id=1, name="柳溪县中医院", is_midwifery=True)
MIDWIFE = Subject(
    kind="staff_member", id=7, name="陈思雨", role="midwife", department_kind="obstetrics",
    active_from=date(2019, 1, 1),
)  # fmt: skip
NEWCOMER = Subject(
    kind="staff_member", id=8, name="周晓", role="nurse", department_kind="obstetrics",
    active_from=date(2025, 11, 3),
)  # fmt: skip
TEAM = frozenset({"obstetrician", "midwife", "nurse", "anaesthetist", "neonatologist"})


def _drill(id, day, topic="pph", status="held", roles=TEAM):
    return ActivityFact(
        id=id, kind="drill", topic=topic, status=status, day=day, present_roles=roles
    )


@pytest.fixture(scope="module")
def assessed():
    rules = load_catalogue().rules_of("kaifeng-2022")
    facts = Facts(
        (
            _drill(1, date(2025, 2, 10)),
            _drill(2, date(2025, 5, 8), roles=frozenset({"obstetrician"})),  # partly met
            _drill(3, date(2025, 12, 20), status="planned"),
            _drill(4, date(2025, 3, 3), topic="neonatal_asphyxia"),
        )
    )
    cme = ActivityFact(id=9, kind="cme_session", topic="", status="held", day=date(2025, 6, 1),
                       attendee_ids=frozenset({7}))  # fmt: skip
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    found = assess(rules, HOSPITAL, facts, first, last)
    for person in (MIDWIFE, NEWCOMER):
        found += assess(rules, person, Facts((cme,)), first, last)
    return found


@pytest.mark.parametrize(
    "first, last, as_of",
    [
        (date(2025, 1, 1), date(2025, 12, 31), date(2025, 6, 30)),  # mid-year
        (date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 15)),  # Q4 open, drill planned
        (date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 15)),  # all over
        (date(2025, 4, 1), date(2025, 6, 30), date(2025, 7, 1)),  # one quarter, just over
        (date(2025, 10, 1), date(2025, 12, 31), date(2025, 10, 1)),  # a quarter on its first day
    ],
)
def test_cells_count_what_concluding_each_assessment_says(assessed, first, last, as_of):
    expected: dict[str, Counter] = {}
    for a in assessed:
        if a.period_start <= last and a.period_end > first:
            status = conclude(a, as_of).status.value
            expected.setdefault(a.rule_id, Counter())[status] += 1
    assert rule_statuses(cells_of(assessed), first, last, as_of) == expected
    assert expected["pph-drill"]  # the case has something to compare


def test_the_stored_form_reads_back_equal(assessed):
    stored = msgspec.json.encode(assessed)
    assert msgspec.json.decode(stored, type=list[Assessment]) == assessed


def test_a_planned_drill_turns_to_a_gap_when_its_quarter_ends_without_it(assessed):
    (q4,) = [a for a in assessed if a.rule_id == "pph-drill" and a.period == "2025-Q4"]
    assert conclude(q4, date(2025, 12, 31)).status == "planned"
    assert conclude(q4, date(2026, 1, 1)).status == "gap"


def _random_assessment(draw, rule_id: str, period: tuple[date, date]) -> Assessment:
    ids = lambda: tuple(draw.sample(range(1, 50), draw.choice([0, 0, 1, 2, 3])))  # noqa: E731
    settled = draw.choice(["", "", "", "credits_short", "credits_met", "not_covered"])
    return Assessment(
        rule_id, "staff_member", draw.randrange(1000), "某人", "2025", *period,
        required=draw.choice([1, 2, 4]), settled=settled,
        why=("national-2021", "3", "25") if settled.startswith("credits") else (),
        counted=() if settled else ids(), nearly=() if settled else ids(),
        planned=() if settled else ids(),
    )  # fmt: skip


@pytest.mark.parametrize("seed", range(5))
def test_cells_of_random_assessments_count_each_one_judged_alone(seed):
    """cells_of judges each distinct outcome once: the counts must equal judging every
    assessment by itself, while its period is open and once it is over."""
    import random

    draw = random.Random(seed)
    periods = [(date(2025, 1, 1), date(2025, 4, 1)), (date(2025, 1, 1), date(2026, 1, 1))]
    assessed = [
        _random_assessment(draw, draw.choice(["pph-drill", "cme-annual"]), draw.choice(periods))
        for _ in range(400)
    ]
    for as_of in (date(2025, 2, 1), date(2025, 6, 1), date(2026, 2, 1)):
        expected: dict[str, Counter] = {}
        for a in assessed:
            expected.setdefault(a.rule_id, Counter())[conclude(a, as_of).status.value] += 1
        first, last = date(2025, 1, 1), date(2025, 12, 31)
        assert rule_statuses(cells_of(assessed), first, last, as_of) == expected

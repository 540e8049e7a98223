"""The demo city's competency evidence and night shifts (seeds/demo/competencies.toml).

Drawn like the synthetic province's (backend/tooling/competency_evidence.py), plus the demo's fixed
facts: the demo user "staff" has competencies current, expiring, expired and never held, and the
demo officer's obstetrics department warns that no night-shift obstetrician can currently lead a
PPH team. Written in bulk inside the loader's transaction; not audited, like the rest of the seed.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import date

from piccolo.table import Table

from backend.competencies.holdings import NewAssessment
from backend.competencies.tables import CompetencyAssessment
from backend.core.clock import utc_now
from backend.tooling.competency_evidence import (
    Evidence,
    demo_facts,
    drawn_evidence,
    night_shift_keys,
)
from backend.tooling.competency_evidence import read_settings as read_competency_settings
from backend.tooling.demo_city.generate import DemoCity, StaffRow

Insert = Callable[[type[Table], Sequence[Table]], Awaitable[list[int]]]


def demo_competencies(
    city: DemoCity, seed: int, today: date, staff_user: StaffRow
) -> tuple[set[int], list[Evidence]]:
    """(staff keys who take night shifts, evidence), the same for the same seed and day."""
    settings = read_competency_settings()
    rng = random.Random(f"competencies-{seed}")
    night = night_shift_keys(city, rng, settings["night_shift_share"])
    evidence = drawn_evidence(city, rng, today, settings["never_share"])
    return night, demo_facts(city, evidence, night, settings, staff_user, today, rng)


async def write_assessments(
    insert: Insert,
    city: DemoCity,
    evidence: list[Evidence],
    staff_ids: list[int],
    institution_ids: dict[str, int],
) -> int:
    now = utc_now()
    rows = [
        NewAssessment(
            staff_member=staff_ids[e.staff_key],
            institution=institution_ids[city.staff[e.staff_key].institution],
            competency=e.competency, method=e.method, outcome=e.outcome,
            assessed_on=e.assessed_on, score=e.score,
        ).row(now)
        for e in evidence
    ]  # fmt: skip
    await insert(CompetencyAssessment, rows)
    return len(rows)

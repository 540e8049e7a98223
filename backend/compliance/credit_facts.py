"""Each staff member's CME credits for the judged years, as compliance facts: the credit
ledgers of many institutions from a few batched queries (credits.service), reduced to the
figures the `cme_credits` measure judges."""

from __future__ import annotations

from collections.abc import Iterable

from backend.compliance.facts import CreditFact
from backend.core.errors import InvalidInput
from backend.credits.ledger import Standing
from backend.credits.service import ledgers_of_institutions


def credit_fact(year: int, standing: Standing) -> CreditFact:
    return CreditFact(
        year=year,
        policy_id=standing.policy_id,
        required=standing.required,
        total_counted=standing.total_counted,
        met=standing.met,
        classes=tuple((c.code, c.counted, c.min) for c in standing.classes),
    )


async def credits_by_staff(
    institution_ids: list[int], years: Iterable[int]
) -> dict[int, list[CreditFact]]:
    """Per staff member active in a year, that year's credits; a year no credit policy covers
    has none (the measure then says it cannot judge)."""
    found: dict[int, list[CreditFact]] = {}
    for year in years:
        try:
            standings = await ledgers_of_institutions(institution_ids, year)
        except InvalidInput:  # credit_year_without_policy
            continue
        for staff_id, standing in standings.items():
            found.setdefault(staff_id, []).append(credit_fact(year, standing))
    return found

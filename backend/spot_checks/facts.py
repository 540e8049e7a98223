"""The spot-check facts the compliance engine reads (compliance/measure_spot_checks.py): the
submitted reviews of the samples of the zones each centre leads, by the CST date submitted."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from backend.compliance.facts import SpotCheckFact
from backend.core.clock import end_of_day_utc, start_of_day_utc
from backend.core.periods import local_date
from backend.spot_checks.tables import SpotCheckReview


async def spot_check_facts(
    centre_ids: list[int], first_day: date, last_day: date
) -> dict[int, list[SpotCheckFact]]:
    """Lead institution id -> the reviews it submitted in [first_day, last_day], by day then id."""
    if not centre_ids:
        return {}
    lead = SpotCheckReview.draw.sample.zone.lead_institution
    rows = await SpotCheckReview.select(
        SpotCheckReview.id,
        SpotCheckReview.rating,
        SpotCheckReview.submitted_at,
        SpotCheckReview.draw.institution.as_alias("institution"),
        lead.as_alias("lead"),
    ).where(
        (SpotCheckReview.status == "submitted")
        & lead.is_in(centre_ids)
        & (SpotCheckReview.submitted_at >= start_of_day_utc(first_day))
        & (SpotCheckReview.submitted_at < end_of_day_utc(last_day))
    )
    found: dict[int, list[SpotCheckFact]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["submitted_at"], r["id"])):
        found[row["lead"]].append(
            SpotCheckFact(
                review_id=row["id"],
                day=local_date(row["submitted_at"]),
                institution_id=row["institution"],
                rating=row["rating"],
            )
        )
    return found

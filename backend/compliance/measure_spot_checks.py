"""Spot-checks, counted from the reviews a city critical-care centre submitted (zone-spot-check).

`spot_checks`: the reviews of draws of the centre's zones' samples, submitted (status submitted)
in the period by the CST date of `submitted_at`; `required` of them (1 per quarter in the
Kaifeng plan). Which quarter a review counts in is the quarter it was submitted in, not the
quarter of the records sampled: the duty is to spot-check every quarter.

Settled outcomes, with `why = (reviews counted, required)`:
  spot_checks_met: met; spot_checks_short: due soon while the period is open, a gap once over.
"""

from __future__ import annotations

from collections.abc import Callable

from backend.compliance import reasons
from backend.compliance.evaluate import DONE_IN_WHY, OPEN_STATUS, OTHER_MEASURES, SETTLED
from backend.compliance.facts import Facts, Subject
from backend.compliance.findings import Assessment, Status
from backend.core.periods import Period
from backend.rules.schema import Rule


def assess_spot_checks(
    rule: Rule,
    subject: Subject,
    facts: Facts,
    period: Period,
    assessment: Callable[..., Assessment],
) -> Assessment:
    done = sum(1 for review in facts.spot_checks if period.contains(review.day))
    settled = "spot_checks_met" if done >= rule.required else "spot_checks_short"
    return assessment(settled, (done, f"{rule.required:g}"))


OTHER_MEASURES["spot_checks"] = assess_spot_checks
SETTLED.update(
    {
        "spot_checks_met": (Status.met, reasons.spot_checks),
        "spot_checks_short": (Status.gap, reasons.spot_checks),
    }
)
OPEN_STATUS["spot_checks_short"] = Status.due_soon  # while the quarter is open
DONE_IN_WHY.update({"spot_checks_met": 0, "spot_checks_short": 0})

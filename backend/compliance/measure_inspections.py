"""Inspection coverage, counted from the institutions quality inspections visit (InspectionVisit).

- `distinct_districts_inspected` (centre-inspection): the distinct counties/districts of the
  institutions visited by the held qualifying inspections the centre hosted in the period;
  `required` of them.
- `share_of_institutions_inspected` (district-inspection): the share of the county's active
  midwifery institutions (`Facts.inspectable`) visited by the county commission's held qualifying
  inspections in the period; at least `required` (0.5).

Settled outcomes, so the reasons can name what was counted (`why`, see `_why`):
  coverage_met: met; coverage_planned_some / coverage_planned_none: planned while the period is
  open (held plus planned inspections would reach the requirement), afterwards partly met / a gap;
  coverage_some: partly met; coverage_none: due soon while open, a gap once over;
  coverage_nothing_to_inspect: not applicable (the county has no midwifery institution).
The counted activity ids are the held inspections that visited something counted.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from backend.compliance import reasons
from backend.compliance.evaluate import DONE_IN_WHY, OPEN_STATUS, OTHER_MEASURES, SETTLED
from backend.compliance.facts import Facts, InspectionFact, Subject
from backend.compliance.findings import Assessment, Status
from backend.core.periods import Period
from backend.rules.schema import Rule

DISTRICTS = "districts"
SHARE = "share"


def _in_period(rule: Rule, facts: Facts, period: Period) -> list[InspectionFact]:
    kinds = set(rule.qualifying.kinds)
    return [
        i
        for i in facts.inspections
        if i.kind in kinds and period.contains(i.day) and i.status in ("held", "planned")
    ]


def _outcome(done: bool, reach: bool, some: bool) -> str:
    if done:
        return "coverage_met"
    if reach:
        return "coverage_planned_some" if some else "coverage_planned_none"
    return "coverage_some" if some else "coverage_none"


def _assessment(assessment, settled, why, counted, planned) -> Assessment:
    found = assessment(settled, why)
    return msgspec.structs.replace(found, counted=tuple(counted), planned=tuple(planned))


def assess_districts(
    rule: Rule,
    subject: Subject,
    facts: Facts,
    period: Period,
    assessment: Callable[..., Assessment],
) -> Assessment:
    held: dict[int, str] = {}
    reached: dict[int, str] = {}
    counted, planned = [], []
    for inspection in _in_period(rule, facts, period):
        counties = {county: name for _, county, name in inspection.visited}
        reached.update(counties)
        if inspection.status == "held":
            held.update(counties)
            if counties:
                counted.append(inspection.activity_id)
        else:
            planned.append(inspection.activity_id)
    required = rule.required
    settled = _outcome(len(held) >= required, len(reached) >= required, bool(held))
    names = sorted(held.values())
    why = (DISTRICTS, len(held), f"{required:g}", len(reached), 0, *names)
    return _assessment(assessment, settled, why, counted, planned)


def assess_share(
    rule: Rule,
    subject: Subject,
    facts: Facts,
    period: Period,
    assessment: Callable[..., Assessment],
) -> Assessment:
    total = len(facts.inspectable)
    if not total:
        return assessment("coverage_nothing_to_inspect", (SHARE, 0, f"{rule.required:g}", 0, 0))
    held: set[int] = set()
    reached: set[int] = set()
    counted, planned = [], []
    for inspection in _in_period(rule, facts, period):
        visited = {i for i, _, _ in inspection.visited} & facts.inspectable
        reached |= visited
        if inspection.status == "held":
            held |= visited
            if visited:
                counted.append(inspection.activity_id)
        else:
            planned.append(inspection.activity_id)
    required = rule.required
    settled = _outcome(len(held) >= required * total, len(reached) >= required * total, bool(held))
    why = (SHARE, len(held), f"{required:g}", len(reached), total)
    return _assessment(assessment, settled, why, counted, planned)


OTHER_MEASURES["distinct_districts_inspected"] = assess_districts
OTHER_MEASURES["share_of_institutions_inspected"] = assess_share


SETTLED.update(
    {
        "coverage_met": (Status.met, reasons.inspection_coverage),
        "coverage_planned_some": (Status.partly_met, reasons.inspection_coverage),
        "coverage_planned_none": (Status.gap, reasons.inspection_coverage),
        "coverage_some": (Status.partly_met, reasons.inspection_coverage),
        "coverage_none": (Status.gap, reasons.inspection_coverage),
        "coverage_nothing_to_inspect": (Status.not_applicable, reasons.inspection_coverage),
    }
)
# while the period is open
OPEN_STATUS.update(
    {
        "coverage_planned_some": Status.planned,
        "coverage_planned_none": Status.planned,
        "coverage_none": Status.due_soon,
    }
)
# a finding's `done`: the districts or institutions counted (why[1]), not the inspections
DONE_IN_WHY.update({code: 1 for code in SETTLED if code.startswith("coverage_")})

"""Health commissions' own duties, judged like an institution's: the county's monthly work
meeting, its yearly regional drill, staff exams... Facts: the activities each commission hosts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from backend.activities.tables import Activity
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, subtree
from backend.competencies.facts import staff_exam_facts
from backend.compliance import schemas
from backend.compliance.evaluate import evaluate
from backend.compliance.facts import ActivityFact, Facts, Subject
from backend.compliance.gather import ACTIVITY_FACT_COLUMNS, activity_fact, fact_range
from backend.compliance.profiles import jurisdiction_tree, profile_for
from backend.compliance.service import finding_out, matrix_cells, window
from backend.core.chinese_order import pinyin_key
from backend.core.clock import end_of_day_utc, start_of_day_utc, today_in_shanghai
from backend.core.errors import NotFound
from backend.inspections.facts import inspectable_institutions, inspection_facts
from backend.rules.catalogue import Catalogue, default_catalogue

# The subject kind of a commission, by the level of its jurisdiction.
COMMISSION_SUBJECT = {"county": "county_commission", "city": "city_commission"}
_LEVEL_ORDER = {"city": 0, "county": 1}


def commission_parents(
    viewer: Viewer, tree: dict[int, dict], jurisdiction_id: int
) -> dict[int, int | None]:
    """The jurisdiction tree's parent map, once the viewer may read the duties of the
    commissions at and below `jurisdiction_id`: the administrator anywhere, a commission within
    its own subtree. Everyone else, and a commission above or beside its subtree: 404, as if the
    jurisdiction did not exist."""
    parents = {j: r["parent"] for j, r in tree.items()}
    allowed = jurisdiction_id in tree and (
        viewer.is_admin
        or (
            viewer.role == UserRole.commission
            and viewer.jurisdiction_id is not None
            and jurisdiction_id in subtree(parents, viewer.jurisdiction_id)
        )
    )
    if not allowed:
        raise NotFound("unknown_jurisdiction", id=jurisdiction_id)
    return parents


def _commissions_below(viewer: Viewer, tree: dict[int, dict], jurisdiction_id: int) -> list[dict]:
    parents = commission_parents(viewer, tree, jurisdiction_id)
    below = [tree[j] for j in subtree(parents, jurisdiction_id)]
    found = [row for row in below if row["level"] in COMMISSION_SUBJECT]
    return sorted(found, key=lambda r: (_LEVEL_ORDER[r["level"]], pinyin_key(r["name_zh"])))


async def _hosted(ids: list[int], first: date, last: date) -> dict[int, list[ActivityFact]]:
    begins, ends = fact_range(first, last)
    rows = await Activity.select(*ACTIVITY_FACT_COLUMNS, Activity.host_jurisdiction).where(
        Activity.host_jurisdiction.is_in(ids or [0])
        & (Activity.starts_at >= start_of_day_utc(begins))
        & (Activity.starts_at < end_of_day_utc(ends))
    )
    hosted: dict[int, list[ActivityFact]] = defaultdict(list)
    for row in rows:
        hosted[row["host_jurisdiction"]].append(activity_fact(row))
    return hosted


async def _staff_exams(
    tree: dict[int, dict], commissions: list[dict], catalogue: Catalogue, first: date, last: date
) -> tuple[dict, dict]:
    """The exam results and examinees of the county commissions whose rules count who passed
    their staff exams (measure staff_exam_passed), for the years of the window."""
    kinds: set[str] = set()
    counties = []
    for commission in commissions:
        rules = catalogue.rules_of(profile_for(tree, commission["id"]))
        wanted = [r for r in rules if r.measure == "staff_exam_passed"]
        if commission["level"] == "county" and wanted:
            counties.append(commission["id"])
            kinds.update(k for r in wanted for k in r.applies_to.staff_department_kinds)
    return await staff_exam_facts(counties, *fact_range(first, last), kinds)


async def commission_duties(
    viewer: Viewer,
    jurisdiction_id: int,
    year: int,
    as_of: date | None,
    period: str | None = None,
    catalogue: Catalogue | None = None,
) -> schemas.CommissionDuties:
    """The jurisdiction's own commission and every commission below it, rule by rule."""
    catalogue = catalogue or default_catalogue()
    first, last = window(year, period)
    as_of = as_of or today_in_shanghai()
    tree = await jurisdiction_tree()
    commissions = _commissions_below(viewer, tree, jurisdiction_id)
    hosted = await _hosted([c["id"] for c in commissions], first, last)
    ids = [c["id"] for c in commissions]
    inspections = await inspection_facts("jurisdiction", ids, *fact_range(first, last))
    inspectable = await inspectable_institutions(ids)
    sittings, examinees = await _staff_exams(tree, commissions, catalogue, first, last)
    judged, rule_ids = [], []
    for commission in commissions:
        profile = profile_for(tree, commission["id"])
        subject = Subject(
            COMMISSION_SUBJECT[commission["level"]], commission["id"], commission["name_zh"]
        )
        rules = [r for r in catalogue.rules_of(profile) if r.subject == subject.kind]
        rule_ids += [r.id for r in rules if r.id not in rule_ids]
        facts = Facts(
            activities=tuple(hosted[commission["id"]]),
            inspections=tuple(inspections.get(commission["id"], ())),
            inspectable=inspectable.get(commission["id"], frozenset()),
            exam_sittings=tuple(sittings.get(commission["id"], ())),
            examinees=tuple(examinees.get(commission["id"], ())),
        )
        findings = evaluate(rules, subject, facts, first, last, as_of)
        judged.append((commission, profile, rules, findings))
    rows = []
    for commission, profile, rules, findings in judged:
        by_id = {r.id: r for r in rules}
        cells = matrix_cells(findings, rule_ids)
        rows.append(
            schemas.CommissionRow(
                jurisdiction_id=commission["id"],
                name_zh=commission["name_zh"],
                level=commission["level"],
                profile=profile,
                gaps=sum(1 for c in cells if c.status in ("gap", "partly_met")),
                cells=cells,
                findings=[
                    finding_out(f, by_id[f.rule_id], commission["name_zh"]) for f in findings
                ],
            )
        )
    return schemas.CommissionDuties(jurisdiction_id, year, as_of, period, rule_ids, rows)

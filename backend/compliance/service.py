"""Compliance for institutions, jurisdictions and staff: gather facts, evaluate, shape the answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date

import msgspec

from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, sees_staff_member, subtree, visible_institution
from backend.compliance import schemas
from backend.compliance.evaluate import conclude
from backend.compliance.finding_activities import with_activities
from backend.compliance.findings import Assessment, Finding
from backend.compliance.profiles import jurisdiction_tree, profile_for
from backend.compliance.snapshots import Cell, Snapshot, rule_statuses, snapshots
from backend.core.chinese_order import pinyin_order
from backend.core.clock import today_in_shanghai
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.periods import Period, parse_period
from backend.institutions.tables import Institution
from backend.rules.catalogue import Catalogue, Rule, default_catalogue
from backend.rules.shown_citations import shown_citations
from backend.staff.tables import StaffMember

FIRST_YEAR, LAST_YEAR = 2000, 2100
# Which status a matrix cell shows when a rule has several periods or subjects: the worst.
SEVERITY = ["gap", "partly_met", "due_soon", "planned", "no_data", "met", "not_applicable"]


def window(year: int, period: str | None) -> tuple[date, date]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput("year_out_of_range", first=FIRST_YEAR, last=LAST_YEAR)
    if period is None:
        return date(year, 1, 1), date(year, 12, 31)
    try:
        chosen: Period = parse_period(period)
    except ValueError as exc:
        raise InvalidInput("invalid_query", field="period") from exc
    if chosen.start.year != year and chosen.last_day.year != year:
        raise InvalidInput("invalid_query", field="period")
    return chosen.start, chosen.last_day


def period_order(label: str) -> tuple:
    """Periods by their first day, then the shorter first: 2026-Q1, 2026-H1, 2026-Q2, 2026-Q3,
    2026-H2 (their labels' alphabet would put every half-year before every quarter)."""
    try:
        chosen = parse_period(label)
    except ValueError:
        return (date.max, 0, label)
    return (chosen.start, (chosen.end - chosen.start).days, label)


def in_period_order(findings: list[schemas.FindingOut]) -> list[schemas.FindingOut]:
    """Each rule's (and subject kind's) findings together, as first met, in period order."""
    first_seen: dict[tuple[str, str], int] = {}
    for f in findings:
        first_seen.setdefault((f.rule_id, f.subject_kind), len(first_seen))
    return sorted(
        findings, key=lambda f: (first_seen[f.rule_id, f.subject_kind], period_order(f.period))
    )


def finding_out(finding: Finding, rule: Rule, subject_name: str) -> schemas.FindingOut:
    return schemas.FindingOut(
        rule_id=finding.rule_id,
        rule_name_zh=rule.name_zh,
        rule_name_en=rule.name_en,
        subject_kind=finding.subject_kind,
        subject_id=finding.subject_id,
        subject_name=subject_name,
        period=finding.period,
        required=finding.required,
        done=finding.done,
        status=finding.status.value,
        missing=list(finding.missing),
        counted=list(finding.counted),
        nearly=list(finding.nearly),
        planned=list(finding.planned),
        reason_zh=finding.reason_zh,
        reason_en=finding.reason_en,
        citations=[
            schemas.CitationOut(c.source, c.clause, c.quote)
            for c in shown_citations(rule.citations, int(finding.period[:4]))
        ],
    )


async def _institution_row(viewer: Viewer, institution_id: int) -> dict:
    visible_institution(viewer, institution_id)
    row = (
        await Institution.select(*_INSTITUTION_COLUMNS)
        .where(Institution.id == institution_id)
        .first()
    )
    if row is None:
        raise NotFound("unknown_institution", id=institution_id)
    return row


@dataclass
class Verdict:
    """One institution judged: its row, the profile in force, and its snapshot of each year the
    window touches (one, except for a week straddling New Year)."""

    row: dict
    profile: str
    rules: list[Rule]
    parts: list[Snapshot]

    def cells(self, first: date, last: date, as_of: date, rule_ids: list[str]):
        if len(self.parts) > 1:
            counts = rule_statuses(
                _once([p.cells for p in self.parts], _cell_key), first, last, as_of
            )
            return cells_from_counts(counts, rule_ids)
        views, key = self.parts[0].views, (first, last, as_of, tuple(rule_ids))
        if key not in views:  # remembered with the snapshot: the same page is asked for again
            if len(views) >= 8:
                views.clear()
            counts = rule_statuses(self.parts[0].cells, first, last, as_of)
            views[key] = cells_from_counts(counts, rule_ids)
        return views[key]

    def findings(
        self, first: date, last: date, as_of: date, hidden: frozenset[int] = frozenset()
    ) -> list[tuple[Finding, str]]:
        """Each finding in the window with its subject's name (needs `detail` snapshots).
        `hidden`: planned activities judged as if they were not there (what staff may not see)."""
        parts = self.parts
        if any(part.assessments is None for part in parts):
            raise RuntimeError("findings need snapshots read with detail=True")
        found = (
            parts[0].assessments
            if len(parts) == 1
            else _once([p.assessments for p in parts], _assessment_key)
        )
        return [
            (conclude(_without(a, hidden), as_of), a.subject_name)
            for a in found
            if a.period_start <= last and a.period_end > first
        ]

    def findings_out(
        self, first: date, last: date, as_of: date, hidden: frozenset[int] = frozenset()
    ) -> list[schemas.FindingOut]:
        by_id = {r.id: r for r in self.rules}
        return in_period_order(
            [
                finding_out(f, by_id[f.rule_id], name)
                for f, name in self.findings(first, last, as_of, hidden)
            ]
        )

    def planned_ids(self) -> set[int]:
        """The planned activities among the verdict's findings."""
        return {
            i
            for part in self.parts
            for a in part.assessments or ()
            if a.subject_kind not in _PLANS_OTHER_THAN_ACTIVITIES
            for i in a.planned
        }

    @property
    def updating(self) -> list[Snapshot]:
        """Its snapshots served stale while the background judges them again."""
        return [part for part in self.parts if part.updating]

    @property
    def ref(self) -> schemas.InstitutionRef:
        row = self.row
        return schemas.InstitutionRef(row["id"], row["code"], row["name_zh"], row["kind"])


# Subjects whose `planned` ids are not activities (a rotation's are clinic days): an unannounced
# drill with the same id says nothing about them.
_PLANS_OTHER_THAN_ACTIVITIES = frozenset({"paired_support_rotation"})


def _without(a: Assessment, hidden: frozenset[int]) -> Assessment:
    """The assessment as if the hidden planned activities were not booked: a staff member
    learns neither their ids nor, from a "planned" status or count, that they exist."""
    if a.subject_kind in _PLANS_OTHER_THAN_ACTIVITIES:
        return a
    if not hidden or not hidden.intersection(a.planned):
        return a
    return msgspec.structs.replace(a, planned=tuple(i for i in a.planned if i not in hidden))


async def hidden_from(viewer: Viewer, verdict: Verdict) -> frozenset[int]:
    """The unannounced drills still planned among the verdict's: hidden from staff."""
    ids = verdict.planned_ids()
    if viewer.role != UserRole.staff or not ids:
        return frozenset()
    rows = await Activity.select(Activity.id).where(
        Activity.id.is_in(sorted(ids))
        & (Activity.unannounced == True)  # noqa: E712
        & (Activity.status == ActivityStatus.planned.value)
    )
    return frozenset(row["id"] for row in rows)


def shown_to(viewer: Viewer, finding: schemas.FindingOut) -> bool:
    """Staff read their institution's findings and their own, not a colleague's."""
    if viewer.role != UserRole.staff or finding.subject_kind != "staff_member":
        return True
    return finding.subject_id == viewer.staff_member_id


def _once(per_year: list[list], key: Callable) -> list:
    """Cells or assessments of adjoining years, each period once (both years hold the ISO weeks
    that straddle New Year, judged on the same facts)."""
    seen, merged = set(), []
    for items in per_year:
        for item in items:
            if key(item) not in seen:
                seen.add(key(item))
                merged.append(item)
    return merged


def _cell_key(cell: Cell) -> tuple:
    return cell[:3]  # rule, period start, period end


def _assessment_key(a: Assessment) -> tuple:
    return a.rule_id, a.subject_kind, a.subject_id, a.period


_INSTITUTION_COLUMNS = (
    Institution.id,
    Institution.code,
    Institution.name_zh,
    Institution.kind,
    Institution.jurisdiction,
)


async def _verdicts(
    rows: list[dict],
    tree: dict[int, dict],
    first: date,
    last: date,
    catalogue: Catalogue,
    detail: bool = False,
    serve_stale: bool = False,
) -> list[Verdict]:
    """Many institutions judged, from their snapshots (judged again where stale; `serve_stale`:
    see snapshots())."""
    years = [
        await snapshots(rows, tree, y, catalogue, detail, serve_stale)
        for y in range(first.year, last.year + 1)
    ]
    rules: dict[str, list[Rule]] = {}
    verdicts = []
    for row in rows:
        profile = profile_for(tree, row["jurisdiction"])
        if profile not in rules:
            rules[profile] = catalogue.rules_of(profile)
        parts = [year[row["id"]] for year in years]
        verdicts.append(Verdict(row, profile, rules[profile], parts))
    return verdicts


def updating_of(verdicts: list[Verdict]) -> dict:
    """The answer's `updating` and `judged_at` fields: whether some judgements shown are being
    brought up to date, and the oldest of their judgement times (UTC)."""
    stale = [part.judged_at for verdict in verdicts for part in verdict.updating]
    times = [moment.astimezone(UTC) for moment in stale if moment is not None]
    return {"updating": bool(stale), "judged_at": min(times) if times else None}


async def institution_verdicts(
    institution_ids: list[int],
    first: date,
    last: date,
    catalogue: Catalogue | None = None,
    detail: bool = False,
    serve_stale: bool = False,
) -> tuple[dict[int, dict], list[Verdict]]:
    """The jurisdiction tree and these institutions judged over first..last, in code order.
    No scope check: the caller has decided the viewer may read them (a zone, a sample).
    `serve_stale`: see snapshots()."""
    rows = (
        await Institution.select(*_INSTITUTION_COLUMNS)
        .where(Institution.id.is_in(sorted(institution_ids) or [0]))
        .order_by(Institution.code)
    )
    tree = await jurisdiction_tree()
    catalogue = catalogue or default_catalogue()
    return tree, await _verdicts(rows, tree, first, last, catalogue, detail, serve_stale)


async def institution_compliance(
    viewer: Viewer,
    institution_id: int,
    year: int,
    as_of: date | None,
    catalogue: Catalogue | None = None,
    rule_id: str | None = None,
) -> schemas.InstitutionCompliance:
    """`rule_id`: only that rule's findings, each with its activities named (a matrix cell)."""
    first, last = window(year, None)
    as_of = as_of or today_in_shanghai()
    row = await _institution_row(viewer, institution_id)
    tree = await jurisdiction_tree()
    catalogue = catalogue or default_catalogue()
    (verdict,) = await _verdicts([row], tree, first, last, catalogue, True, serve_stale=True)
    hidden = await hidden_from(viewer, verdict)
    findings = [f for f in verdict.findings_out(first, last, as_of, hidden) if shown_to(viewer, f)]
    if rule_id is not None:
        findings = await with_activities(viewer, [f for f in findings if f.rule_id == rule_id])
    profile = catalogue.profiles[verdict.profile]
    return schemas.InstitutionCompliance(
        verdict.ref,
        verdict.profile,
        year,
        as_of,
        findings,
        profile_name_zh=profile.name_zh,
        profile_name_en=profile.name_en,
        **updating_of([verdict]),
    )


def cells_from_counts(counts: dict[str, Counter], rule_ids: list[str]) -> list[schemas.MatrixCell]:
    cells = []
    for rule_id in rule_ids:
        statuses = counts.get(rule_id) or {}
        worst = min(statuses, key=SEVERITY.index) if statuses else "not_applicable"
        cells.append(schemas.MatrixCell(rule_id, worst, schemas.StatusCounts(**statuses)))
    return cells


def matrix_cells(findings: list[Finding], rule_ids: list[str]) -> list[schemas.MatrixCell]:
    counts: dict[str, Counter] = {rule_id: Counter() for rule_id in rule_ids}
    for finding in findings:
        if finding.rule_id in counts:
            counts[finding.rule_id][finding.status.value] += 1
    return cells_from_counts(counts, rule_ids)


def checked_jurisdiction(
    viewer: Viewer, tree: dict[int, dict], jurisdiction_id: int
) -> dict[int, int | None]:
    """The jurisdiction's parent map, once the viewer may judge what lies below it."""
    if jurisdiction_id not in tree or not viewer.sees_jurisdiction(jurisdiction_id):
        raise NotFound("unknown_jurisdiction", id=jurisdiction_id)
    parents = {j: r["parent"] for j, r in tree.items()}
    if viewer.role == UserRole.commission and jurisdiction_id not in subtree(
        parents, viewer.jurisdiction_id
    ):
        raise Forbidden("forbidden")  # a county commission may see its city's name, not its matrix
    return parents


async def jurisdiction_verdicts(
    viewer: Viewer,
    jurisdiction_id: int,
    year: int,
    period: str | None = None,
    catalogue: Catalogue | None = None,
    detail: bool = False,
    serve_stale: bool = False,
) -> tuple[dict[int, dict], list[Verdict]]:
    """Every institution below a jurisdiction that the viewer may see, judged, in pinyin order
    of their names (the matrix's rows and its downloads). `detail`: with every finding
    (downloads), not only the matrix's counts. `serve_stale`: see snapshots()."""
    first, last = window(year, period)
    tree = await jurisdiction_tree()
    parents = checked_jurisdiction(viewer, tree, jurisdiction_id)
    if viewer.role == UserRole.staff:
        # counts per cell would tell staff what is planned, unannounced drills included
        raise Forbidden("forbidden")
    rows = (
        await Institution.select(*_INSTITUTION_COLUMNS)
        .where(Institution.jurisdiction.is_in(list(subtree(parents, jurisdiction_id))))
        .order_by(*pinyin_order(Institution.name_pinyin, Institution.name_zh, Institution.id))
    )
    rows = [row for row in rows if viewer.sees_institution(row["id"])]
    catalogue = catalogue or default_catalogue()
    return tree, await _verdicts(rows, tree, first, last, catalogue, detail, serve_stale)


def matrix_of(
    jurisdiction_id: int,
    year: int,
    as_of: date,
    period: str | None,
    tree: dict[int, dict],
    verdicts: list[Verdict],
) -> schemas.ComplianceMatrix:
    first, last = window(year, period)
    rule_ids: list[str] = []
    for verdict in verdicts:
        rule_ids += [
            r.id
            for r in verdict.rules
            if r.id not in rule_ids and r.subject not in _NOT_INSTITUTIONAL
        ]
    rows = []
    for verdict in verdicts:
        cells = verdict.cells(first, last, as_of, rule_ids)
        rows.append(
            schemas.MatrixRow(
                institution=verdict.ref,
                jurisdiction_name=tree[verdict.row["jurisdiction"]]["name_zh"],
                profile=verdict.profile,
                gaps=sum(1 for c in cells if c.status in ("gap", "partly_met")),
                cells=cells,
            )
        )
    return schemas.ComplianceMatrix(
        jurisdiction_id, year, as_of, period, rule_ids, rows, **updating_of(verdicts)
    )


async def compliance_matrix(
    viewer: Viewer,
    jurisdiction_id: int,
    year: int,
    as_of: date | None,
    period: str | None = None,
    catalogue: Catalogue | None = None,
) -> schemas.ComplianceMatrix:
    as_of = as_of or today_in_shanghai()
    tree, verdicts = await jurisdiction_verdicts(
        viewer, jurisdiction_id, year, period, catalogue, serve_stale=True
    )
    return matrix_of(jurisdiction_id, year, as_of, period, tree, verdicts)


# commissions' own duties are not rows of the institution matrix; paired-support rotations are
# a column of their supporting institution's row
_NOT_INSTITUTIONAL = {"county_commission", "city_commission"}


async def staff_compliance(
    viewer: Viewer, staff_id: int, year: int, as_of: date | None, catalogue: Catalogue | None = None
) -> schemas.StaffCompliance:
    first, last = window(year, None)
    as_of = as_of or today_in_shanghai()
    person = (
        await StaffMember.select(StaffMember.id, StaffMember.institution, StaffMember.name)
        .where(StaffMember.id == staff_id)
        .first()
    )
    if person is None or not sees_staff_member(viewer, staff_id, person["institution"]):
        raise NotFound("unknown_staff_member", id=staff_id)
    row = await _institution_row(viewer, person["institution"])
    tree = await jurisdiction_tree()
    catalogue = catalogue or default_catalogue()
    (verdict,) = await _verdicts([row], tree, first, last, catalogue, True, serve_stale=True)
    hidden = await hidden_from(viewer, verdict)
    return schemas.StaffCompliance(
        staff_member_id=staff_id,
        name=person["name"],
        profile=verdict.profile,
        year=year,
        as_of=as_of,
        findings=[
            finding
            for finding in verdict.findings_out(first, last, as_of, hidden)
            if finding.subject_kind == "staff_member" and finding.subject_id == staff_id
        ],
        **updating_of([verdict]),
    )

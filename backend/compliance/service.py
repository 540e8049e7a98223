"""Compliance for institutions, jurisdictions and staff: gather facts, evaluate, shape the answer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, subtree, visible_institution
from backend.compliance import schemas
from backend.compliance.evaluate import evaluate
from backend.compliance.facts import Subject
from backend.compliance.findings import Finding
from backend.compliance.gather import InstitutionFacts, gather, staff_rule_kinds
from backend.compliance.profiles import jurisdiction_tree, profile_for
from backend.core.clock import today_in_shanghai
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.periods import Period, parse_period
from backend.institutions.tables import Institution
from backend.rules.catalogue import Catalogue, Rule, default_catalogue
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


def fact_range(first: date, last: date) -> tuple[date, date]:
    """Facts for whole years (and the ISO weeks that straddle them): a quarter's view still judges
    the half-year and yearly rules on everything held in their whole period."""
    return date(first.year, 1, 1) - timedelta(days=7), date(last.year, 12, 31) + timedelta(days=7)


def findings_for(
    facts: InstitutionFacts, rules: list[Rule], first: date, last: date, as_of: date
) -> list[Finding]:
    """Every finding about one institution: itself, its centre duties, departments and staff."""
    found = evaluate(rules, facts.institution, facts.facts(), first, last, as_of)
    if facts.institution.centre_kinds:
        centre = Subject(
            kind="critical_care_centre",
            id=facts.institution.id,
            name=facts.institution.name,
            centre_kinds=facts.institution.centre_kinds,
        )
        found += evaluate(rules, centre, facts.facts(), first, last, as_of)
    for department in facts.departments:
        found += evaluate(rules, department, facts.facts(), first, last, as_of)
    for person in facts.staff:
        found += evaluate(rules, person, facts.facts_of_staff(person.id), first, last, as_of)
    return found


def _names(facts: InstitutionFacts) -> dict[tuple[str, int], str]:
    names = {("institution", facts.institution.id): facts.institution.name}
    names[("critical_care_centre", facts.institution.id)] = facts.institution.name
    names.update({("department", d.id): d.name for d in facts.departments})
    names.update({("staff_member", s.id): s.name for s in facts.staff})
    return names


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
        citations=[schemas.CitationOut(c.source, c.clause, c.quote) for c in rule.citations],
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
    """One institution judged: its row, the profile in force, and every finding about it."""

    row: dict
    profile: str
    rules: list[Rule]
    facts: InstitutionFacts
    findings: list[Finding]

    def findings_out(self) -> list[schemas.FindingOut]:
        names, by_id = _names(self.facts), {r.id: r for r in self.rules}
        return [
            finding_out(f, by_id[f.rule_id], names.get((f.subject_kind, f.subject_id), ""))
            for f in self.findings
        ]

    @property
    def ref(self) -> schemas.InstitutionRef:
        row = self.row
        return schemas.InstitutionRef(row["id"], row["code"], row["name_zh"], row["kind"])


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
    as_of: date,
    catalogue: Catalogue,
) -> list[Verdict]:
    """Judge many institutions on one gathering of facts."""
    profiles = {row["id"]: profile_for(tree, row["jurisdiction"]) for row in rows}
    rule_sets = {profile: catalogue.rules_of(profile) for profile in set(profiles.values())}
    facts = await gather(
        [row["id"] for row in rows], *fact_range(first, last), staff_rule_kinds(rule_sets.values())
    )
    verdicts = []
    for row in rows:
        profile = profiles[row["id"]]
        rules = rule_sets[profile]
        found = findings_for(facts[row["id"]], rules, first, last, as_of)
        verdicts.append(Verdict(row, profile, rules, facts[row["id"]], found))
    return verdicts


async def institution_compliance(
    viewer: Viewer,
    institution_id: int,
    year: int,
    as_of: date | None,
    catalogue: Catalogue | None = None,
) -> schemas.InstitutionCompliance:
    first, last = window(year, None)
    as_of = as_of or today_in_shanghai()
    row = await _institution_row(viewer, institution_id)
    tree = await jurisdiction_tree()
    (verdict,) = await _verdicts([row], tree, first, last, as_of, catalogue or default_catalogue())
    return schemas.InstitutionCompliance(
        verdict.ref, verdict.profile, year, as_of, verdict.findings_out()
    )


def matrix_cells(findings: list[Finding], rule_ids: list[str]) -> list[schemas.MatrixCell]:
    counts: dict[str, Counter] = {rule_id: Counter() for rule_id in rule_ids}
    for finding in findings:
        if finding.rule_id in counts:
            counts[finding.rule_id][finding.status.value] += 1
    cells = []
    for rule_id, statuses in counts.items():
        worst = min(statuses, key=SEVERITY.index) if statuses else "not_applicable"
        cells.append(schemas.MatrixCell(rule_id, worst, schemas.StatusCounts(**statuses)))
    return cells


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
    as_of: date,
    period: str | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[dict[int, dict], list[Verdict]]:
    """Every institution below a jurisdiction that the viewer may see, judged."""
    first, last = window(year, period)
    tree = await jurisdiction_tree()
    parents = checked_jurisdiction(viewer, tree, jurisdiction_id)
    rows = (
        await Institution.select(*_INSTITUTION_COLUMNS)
        .where(Institution.jurisdiction.is_in(list(subtree(parents, jurisdiction_id))))
        .order_by(Institution.code)
    )
    rows = [row for row in rows if viewer.sees_institution(row["id"])]
    return tree, await _verdicts(rows, tree, first, last, as_of, catalogue or default_catalogue())


def matrix_of(
    jurisdiction_id: int,
    year: int,
    as_of: date,
    period: str | None,
    tree: dict[int, dict],
    verdicts: list[Verdict],
) -> schemas.ComplianceMatrix:
    rule_ids: list[str] = []
    for verdict in verdicts:
        rule_ids += [
            r.id
            for r in verdict.rules
            if r.id not in rule_ids and r.subject not in _NOT_INSTITUTIONAL
        ]
    rows = []
    for verdict in verdicts:
        cells = matrix_cells(verdict.findings, rule_ids)
        rows.append(
            schemas.MatrixRow(
                institution=verdict.ref,
                jurisdiction_name=tree[verdict.row["jurisdiction"]]["name_zh"],
                profile=verdict.profile,
                gaps=sum(1 for c in cells if c.status in ("gap", "partly_met")),
                cells=cells,
            )
        )
    return schemas.ComplianceMatrix(jurisdiction_id, year, as_of, period, rule_ids, rows)


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
        viewer, jurisdiction_id, year, as_of, period, catalogue
    )
    return matrix_of(jurisdiction_id, year, as_of, period, tree, verdicts)


# commissions' and rotations' own duties are not rows of the institution matrix
_NOT_INSTITUTIONAL = {"county_commission", "city_commission", "paired_support_rotation"}


async def staff_compliance(
    viewer: Viewer, staff_id: int, year: int, as_of: date | None, catalogue: Catalogue | None = None
) -> schemas.StaffCompliance:
    catalogue = catalogue or default_catalogue()
    first, last = window(year, None)
    as_of = as_of or today_in_shanghai()
    person = (
        await StaffMember.select(StaffMember.id, StaffMember.institution, StaffMember.name)
        .where(StaffMember.id == staff_id)
        .first()
    )
    if person is None or not viewer.sees_institution(person["institution"]):
        raise NotFound("unknown_staff_member", id=staff_id)
    row = await _institution_row(viewer, person["institution"])
    profile = profile_for(await jurisdiction_tree(), row["jurisdiction"])
    rules = catalogue.rules_of(profile)
    facts = (await gather([row["id"]], *fact_range(first, last), staff_rule_kinds([rules])))[
        row["id"]
    ]
    (subject,) = [s for s in facts.staff if s.id == staff_id]
    by_id = {r.id: r for r in rules}
    findings = evaluate(rules, subject, facts.facts_of_staff(staff_id), first, last, as_of)
    return schemas.StaffCompliance(
        staff_member_id=staff_id,
        name=person["name"],
        profile=profile,
        year=year,
        as_of=as_of,
        findings=[finding_out(f, by_id[f.rule_id], person["name"]) for f in findings],
    )

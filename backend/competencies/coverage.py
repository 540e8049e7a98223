"""Coverage: how many current holders of a competency a department has against the thresholds
in seeds/competencies/coverage.toml (pure), and the commission's per-institution shares over a
whole area from two grouped queries (no query per institution).

"Holding" here means current or expiring: the assessment is still valid today. The commission
view counts each institution once and keeps the counts until a write to that institution's staff
or assessments bumps its facts stamp (the stamp compliance snapshots use) or the day changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from piccolo.query.functions.aggregate import Count

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, subtree
from backend.competencies import view_schemas as vs
from backend.competencies.framework import Framework, Threshold, default_coverage, version_on
from backend.competencies.labels import domain_names, domain_order
from backend.competencies.tables import CompetencyAssessment
from backend.compliance.freshness import stamps
from backend.compliance.profiles import jurisdiction_tree
from backend.compliance.service import checked_jurisdiction
from backend.compliance.snapshots import verifying
from backend.core.clock import today_in_shanghai
from backend.core.errors import Forbidden
from backend.institutions.tables import Institution
from backend.staff.tables import StaffMember

HOLDING = frozenset({"current", "expiring"})
LOWEST = 5


@dataclass(frozen=True)
class Holding:
    """One person of a department, for the threshold check: night shifts, what they hold."""

    night_shifts: bool
    holds: frozenset[str]  # competency ids held today (current or expiring)


def check_thresholds(
    thresholds: Iterable[Threshold],
    department_kind: str,
    people: Iterable[Holding],
    framework: Framework,
) -> list[vs.ThresholdCheck]:
    """Each threshold that applies to this kind of department, checked: holders among the
    relevant people (only night-shift staff when the threshold says so), warning below min."""
    people = list(people)
    checks = []
    for threshold in thresholds:
        if department_kind not in threshold.department_kinds:
            continue
        competency = framework.competency(threshold.competency)
        if competency is None:  # a competency this framework version dropped
            continue
        counted = [p for p in people if p.night_shifts or not threshold.night_shifts_only]
        holders = sum(1 for p in counted if threshold.competency in p.holds)
        warning = holders < threshold.min_current
        zh_who = "值夜班人员中" if threshold.night_shifts_only else "本科室人员中"
        en_who = "night-shift staff" if threshold.night_shifts_only else "department staff"
        if warning:
            zh = (f"{zh_who}“{competency.name_zh}”能力有效的仅 {holders} 人，少于要求的 "
                  f"{threshold.min_current} 人。请尽快安排培训或考核。")  # fmt: skip
            en = (f"Only {holders} of the {en_who} currently hold “{competency.name_en}”; at "
                  f"least {threshold.min_current} are needed. Please arrange training or an "
                  "assessment.")  # fmt: skip
        else:
            zh = (f"{zh_who}“{competency.name_zh}”能力有效的有 {holders} 人，达到要求的 "
                  f"{threshold.min_current} 人。")  # fmt: skip
            en = (f"{holders} of the {en_who} currently hold “{competency.name_en}” "
                  f"(at least {threshold.min_current} needed).")  # fmt: skip
        checks.append(
            vs.ThresholdCheck(
                competency=vs.Named(competency.id, competency.name_zh, competency.name_en),
                min_current=threshold.min_current,
                night_shifts_only=threshold.night_shifts_only,
                people=len(counted),
                holders=holders,
                warning=warning,
                message_zh=zh,
                message_en=en,
                source_document=threshold.source.document,
                source_clause=threshold.source.clause,
            )
        )
    return checks


def default_thresholds() -> tuple[Threshold, ...]:
    return default_coverage().thresholds


# Per institution, the counts last computed and the facts stamp and day they were computed for
# (compliance/freshness.py): every write to staff or assessments bumps the institution's stamp,
# so a province view recounts only the institutions that changed since it was last asked for.
_COUNTED: dict[int, tuple[str, date, str, dict[str, tuple[int, int]]]] = {}


async def institution_counts(
    institution_ids: list[int], today: date, framework: Framework
) -> dict[int, dict[str, tuple[int, int]]]:
    """Per institution, per competency: (people required to hold it, current holders)."""
    current = await stamps(institution_ids)
    stale = [
        i
        for i in institution_ids
        if _COUNTED.get(i, ("", None, ""))[:3] != (current[i], today, framework.id)
    ]
    kept = [i for i in institution_ids if i not in set(stale)]
    for start in range(0, len(stale), 500):
        chunk = stale[start : start + 500]
        for institution, found in (await _count(chunk, today, framework)).items():
            _COUNTED[institution] = (current[institution], today, framework.id, found)
    if kept and verifying():  # the tests: a write that forgot facts_changed fails loudly
        fresh = await _count(kept, today, framework)
        wrong = [i for i in kept if fresh[i] != _COUNTED[i][3]]
        if wrong:
            raise RuntimeError(f"competency counts of institutions {wrong} are stale")
    return {i: _COUNTED[i][3] for i in institution_ids}


def forget_counts() -> None:
    """For the tests, which wipe and refill one database: the stamps start again from zero, so
    counts kept from the wiped data would look current. (A server process starts empty:
    restart it after `drillbook restore`, as the README says.)"""
    _COUNTED.clear()


async def _count(
    institution_ids: list[int], today: date, framework: Framework
) -> dict[int, dict[str, tuple[int, int]]]:
    """Two grouped queries: people by institution, role and department kind; current holders
    by institution, competency, role and department kind."""
    people = (
        await StaffMember.select(
            StaffMember.institution,
            StaffMember.role,
            StaffMember.department.kind.as_alias("kind"),
            Count(alias="people"),
        )
        .where(StaffMember.institution.is_in(institution_ids) & active_on(today))
        .group_by(StaffMember.institution, StaffMember.role, StaffMember.department.kind)
    )
    person = CompetencyAssessment.staff_member
    holders = (
        await CompetencyAssessment.select(
            CompetencyAssessment.institution,
            CompetencyAssessment.competency,
            person.role.as_alias("role"),
            person.department.kind.as_alias("kind"),
            Count(distinct=[CompetencyAssessment.staff_member], alias="holders"),
        )
        .where(
            CompetencyAssessment.institution.is_in(institution_ids)
            & (CompetencyAssessment.proves == True)  # noqa: E712
            & (CompetencyAssessment.valid_until >= today)
            & (person.active_from <= today)
            & (person.active_to.is_null() | (person.active_to >= today))
        )
        .group_by(
            CompetencyAssessment.institution,
            CompetencyAssessment.competency,
            person.role,
            person.department.kind,
        )
    )
    required_of: dict[tuple[str, str], frozenset[str]] = {}

    def required(role: str, kind: str | None) -> frozenset[str]:
        key = (role, kind or "")
        if key not in required_of:
            required_of[key] = frozenset(c.id for c in framework.required_for(*key))
        return required_of[key]

    found: dict[int, dict[str, tuple[int, int]]] = {i: {} for i in institution_ids}
    for row in people:
        counts = found[row["institution"]]
        for competency in required(row["role"], row["kind"]):
            need, have = counts.get(competency, (0, 0))
            counts[competency] = (need + int(row["people"]), have)
    for row in holders:
        if row["competency"] in required(row["role"], row["kind"]):
            counts = found[row["institution"]]
            need, have = counts.get(row["competency"], (0, 0))
            counts[row["competency"]] = (need, have + int(row["holders"]))
    return found


def active_on(day: date):
    return (StaffMember.active_from <= day) & (
        StaffMember.active_to.is_null() | (StaffMember.active_to >= day)
    )


def _share(holders: int, required: int) -> float | None:
    return round(holders / required, 3) if required else None


async def area_coverage(
    viewer: Viewer, jurisdiction_id: int, as_of: date | None = None
) -> vs.AreaCoverage:
    """Per institution of the area the viewer sees: for each competency, the people required to
    hold it, the current holders among them and the share; per competency the lowest five."""
    today = as_of or today_in_shanghai()
    tree = await jurisdiction_tree()
    parents = checked_jurisdiction(viewer, tree, jurisdiction_id)
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    area = sorted(subtree(parents, jurisdiction_id))
    framework = version_on(today)
    institutions = [
        row
        for row in await Institution.select(
            Institution.id, Institution.name_zh, Institution.jurisdiction
        )
        .where(Institution.jurisdiction.is_in(area) & (Institution.active == True))  # noqa: E712
        .order_by(Institution.code)
        if viewer.sees_institution(row["id"])
    ]
    counts = await institution_counts([row["id"] for row in institutions], today, framework)
    required = {(i, c): n for i, found in counts.items() for c, (n, _) in found.items()}
    held = {(i, c): h for i, found in counts.items() for c, (_, h) in found.items()}
    columns = domain_order(framework, list(framework.competencies))
    domains = domain_names(framework)
    county = {j: tree[j]["name_zh"] for j in tree}
    out_institutions = [
        vs.InstitutionCoverage(
            id=row["id"],
            name_zh=row["name_zh"],
            jurisdiction_name=county.get(row["jurisdiction"], ""),
            shares=[
                vs.InstitutionShare(
                    c.id,
                    required.get((row["id"], c.id), 0),
                    held.get((row["id"], c.id), 0),
                    _share(held.get((row["id"], c.id), 0), required.get((row["id"], c.id), 0)),
                )
                for c in columns
            ],
        )
        for row in institutions
    ]
    names = {row["id"]: row["name_zh"] for row in institutions}
    competencies = []
    for c in columns:
        ranked = sorted(
            (
                (held.get((i, c.id), 0) / need, names[i], i, need)
                for (i, cid), need in required.items()
                if cid == c.id and need > 0
            )
        )
        total_required = sum(n for (_, cid), n in required.items() if cid == c.id)
        total_held = sum(n for (_, cid), n in held.items() if cid == c.id)
        competencies.append(
            vs.CompetencyLowest(
                competency=vs.Named(c.id, c.name_zh, c.name_en),
                domain=vs.Named(c.domain, *domains.get(c.domain, (c.domain, c.domain))),
                required=total_required,
                holders=total_held,
                share=_share(total_held, total_required),
                lowest=[
                    vs.LowestInstitution(i, name, need, held.get((i, c.id), 0), round(share, 3))
                    for share, name, i, need in ranked[:LOWEST]
                ],
            )
        )
    return vs.AreaCoverage(
        jurisdiction_id=jurisdiction_id,
        name_zh=tree[jurisdiction_id]["name_zh"],
        as_of=today,
        competencies=competencies,
        institutions=out_institutions,
    )

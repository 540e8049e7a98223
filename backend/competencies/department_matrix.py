"""A department's matrix: its active people (filterable by role) x the competencies required of
at least one of them, each cell the person's state; and its coverage against the thresholds.
Three queries whatever the department's size (department, people, holdings)."""

from __future__ import annotations

from datetime import date

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, visible_institution
from backend.competencies import view_schemas as vs
from backend.competencies.coverage import (
    HOLDING,
    Holding,
    active_on,
    check_thresholds,
    default_thresholds,
)
from backend.competencies.framework import version_on
from backend.competencies.holdings import held_until, state_of
from backend.competencies.labels import domain_order, role_label
from backend.competencies.person import domain_of, named
from backend.core.clock import today_in_shanghai
from backend.core.errors import Forbidden, NotFound
from backend.institutions.tables import Department
from backend.staff.tables import StaffMember


async def department_matrix(
    viewer: Viewer, department_id: int, role: str | None = None, as_of: date | None = None
) -> vs.DepartmentMatrix:
    """Officers and administrators of the institution, commissions of its area, reviewers of its
    zone: whoever sees the institution; staff 403; outside the scope 404 like a missing id."""
    today = as_of or today_in_shanghai()
    department = (
        await Department.select(
            Department.id,
            Department.kind,
            Department.name_zh,
            Department.name_en,
            Department.institution,
            Department.institution.name_zh.as_alias("institution_name"),
        )  # fmt: skip
        .where(Department.id == department_id)
        .first()
    )
    if department is None:
        raise NotFound("unknown_department", id=department_id)
    try:
        visible_institution(viewer, department["institution"])
    except NotFound:
        raise NotFound("unknown_department", id=department_id) from None
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    kind = department["kind"]
    framework = version_on(today)
    people = (
        await StaffMember.select(
            StaffMember.id,
            StaffMember.name,
            StaffMember.staff_number,
            StaffMember.role,
            StaffMember.night_shifts,
        )  # fmt: skip
        .where((StaffMember.department == department_id) & active_on(today))
        .order_by(StaffMember.staff_number)
    )
    held = await held_until(p["id"] for p in people)
    states = {
        p["id"]: {
            c.id: state_of(held.get(p["id"], {}).get(c.id), today, framework)
            for c in framework.competencies
        }
        for p in people
    }
    required = {p["id"]: {c.id for c in framework.required_for(p["role"], kind)} for p in people}
    shown = [p for p in people if not role or p["role"] == role]
    columns = domain_order(
        framework,
        [c for c in framework.competencies if any(c.id in required[p["id"]] for p in shown)],
    )
    rows = []
    for p in shown:
        zh, en = role_label(p["role"])
        cells = [
            vs.MatrixCell(
                c.id,
                states[p["id"]][c.id] if c.id in required[p["id"]] else None,
                held.get(p["id"], {}).get(c.id) if c.id in required[p["id"]] else None,
            )
            for c in columns
        ]
        rows.append(
            vs.MatrixRow(
                p["id"],
                p["name"],
                p["staff_number"],
                p["role"],
                zh,
                en,
                bool(p["night_shifts"]),
                cells,
            )  # fmt: skip
        )
    # coverage is the department's, whatever the role filter shows
    coverage = []
    for c in domain_order(framework, list(framework.competencies)):
        need = [p for p in people if c.id in required[p["id"]]]
        if need:
            holders = sum(1 for p in need if states[p["id"]][c.id] in HOLDING)
            coverage.append(vs.CompetencyCoverage(named(c), len(need), holders))
    holdings = [
        Holding(
            bool(p["night_shifts"]),
            frozenset(cid for cid, state in states[p["id"]].items() if state in HOLDING),
        )
        for p in people
    ]
    roles = sorted({p["role"] for p in people})
    return vs.DepartmentMatrix(
        department_id=department_id,
        department_name_zh=department["name_zh"],
        department_name_en=department["name_en"] or "",
        department_kind=kind,
        institution_id=department["institution"],
        institution_name=department["institution_name"],
        as_of=today,
        role=role,
        roles=[vs.Named(r, *role_label(r)) for r in roles],
        columns=[vs.MatrixColumn(named(c), domain_of(framework, c)) for c in columns],
        rows=rows,
        coverage=coverage,
        thresholds=check_thresholds(default_thresholds(), kind, holdings, framework),
    )

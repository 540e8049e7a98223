"""Whom to invite: people by id or by selector, the roles the rules suggest, and what is missing."""

from __future__ import annotations

from datetime import date

from backend.activities.schemas import (
    InvitationOut,
    Invitees,
    InviteSuggestion,
    RuleWarning,
    SuggestedRule,
)
from backend.auth.scope import Viewer, jurisdictions_below
from backend.compliance import reasons
from backend.compliance.evaluate import alternatives
from backend.compliance.profiles import institution_rules
from backend.core.errors import InvalidInput, NotFound
from backend.institutions.tables import Department, Institution, Zone, ZoneMembership
from backend.rules.catalogue import Rule, default_catalogue
from backend.staff.tables import StaffMember

_STAFF = (
    StaffMember.id,
    StaffMember.name,
    StaffMember.role,
    StaffMember.title,
    StaffMember.institution,
    StaffMember.department,
    StaffMember.department.name_zh.as_alias("department_name"),
    StaffMember.department.kind.as_alias("department_kind"),
)


def _active_on(day: date):
    return (StaffMember.active_from <= day) & (
        StaffMember.active_to.is_null() | (StaffMember.active_to >= day)
    )


async def staff_rows(ids: list[int]) -> list[dict]:
    """Staff rows with their department's name and kind, as invitation lists need them."""
    return await StaffMember.select(*_STAFF).where(StaffMember.id.is_in(ids or [0]))


async def _people_by_id(viewer: Viewer, ids: list[int]) -> list[dict]:
    rows = await staff_rows(ids)
    found = {row["id"]: row for row in rows if viewer.sees_institution(row["institution"])}
    for staff_id in ids:
        if staff_id not in found:
            raise InvalidInput("unknown_staff_member", id=staff_id)
    return list(found.values())


async def _people_by_selector(
    institution_id: int | None,
    spec: Invitees,
    day: date,
    host_jurisdiction: int | None = None,
    viewer: Viewer | None = None,
) -> list[dict]:
    by_institution = bool(spec.institution_ids or spec.institution_kinds)
    if not (by_institution or spec.department_ids or spec.roles or spec.titles):
        return []
    if institution_id is None and host_jurisdiction is None:
        raise InvalidInput("selector_needs_institution")
    if institution_id is not None and not by_institution:
        targets = [institution_id]  # an institution's own staff, as always
    else:
        targets = await duty_targets(viewer, institution_id, host_jurisdiction, spec)
    if spec.department_ids:
        own = await Department.select(Department.id).where(
            Department.institution.is_in(targets or [0]) & Department.id.is_in(spec.department_ids)
        )
        unknown = set(spec.department_ids) - {row["id"] for row in own}
        if unknown:
            raise InvalidInput("unknown_department", id=min(unknown))
    query = StaffMember.select(*_STAFF).where(
        StaffMember.institution.is_in(targets or [0]) & _active_on(day)
    )
    if spec.department_ids:
        query = query.where(StaffMember.department.is_in(spec.department_ids))
    if spec.roles:
        query = query.where(StaffMember.role.is_in([r.value for r in spec.roles]))
    if spec.titles:
        query = query.where(StaffMember.title.is_in([t.value for t in spec.titles]))
    return await query


async def duty_targets(
    viewer: Viewer | None,
    institution_id: int | None,
    host_jurisdiction: int | None,
    spec: Invitees,
) -> list[int]:
    """The institutions a commission's or centre's duty invites: those named plus those of the
    kinds named, all within the host's scope (`host_scope`); none named: the whole scope."""
    scope = await host_scope(institution_id, host_jurisdiction)
    if scope is None:
        raise InvalidInput("institution_selector_needs_duty_host")
    for given in spec.institution_ids:
        if given not in scope:
            await refuse_outside_scope(viewer, given)
    if not (spec.institution_ids or spec.institution_kinds):
        return sorted(scope)
    targets = set(spec.institution_ids)
    if spec.institution_kinds:
        rows = await Institution.select(Institution.id).where(
            Institution.id.is_in(sorted(scope) or [0])
            & Institution.kind.is_in([k.value for k in spec.institution_kinds])
            & (Institution.active == True)  # noqa: E712
        )
        targets |= {row["id"] for row in rows}
    return sorted(targets)


async def refuse_outside_scope(viewer: Viewer | None, institution_id: int) -> None:
    """An institution outside the host's scope: 404 when the viewer may not even know of it
    (or it does not exist), otherwise 400 naming it."""
    row = (
        await Institution.select(Institution.name_zh, Institution.name_en)
        .where(Institution.id == institution_id)
        .first()
    )
    if row is None or (viewer is not None and not viewer.sees_institution(institution_id)):
        raise NotFound("unknown_institution", id=institution_id)
    raise InvalidInput(
        "institution_outside_host_scope",
        name=row["name_zh"],
        name_en=row["name_en"] or row["name_zh"],
    )


async def host_scope(institution_id: int | None, host_jurisdiction: int | None) -> set[int] | None:
    """Institutions a duty's host covers: a commission its jurisdiction's subtree; a critical-care
    centre its zones' members and itself. None: the host is an ordinary institution."""
    if host_jurisdiction is not None:
        below = await jurisdictions_below(host_jurisdiction)
        rows = await Institution.select(Institution.id).where(
            Institution.jurisdiction.is_in(sorted(below) or [0])
        )
        return {row["id"] for row in rows}
    if institution_id is None:
        return None
    row = await Institution.select(*_CENTRE_FLAGS).where(Institution.id == institution_id).first()
    if row is None or not any(row.values()):
        return None
    zones = Zone.select(Zone.id).where(Zone.lead_institution == institution_id)
    members = await ZoneMembership.select(ZoneMembership.institution).where(
        ZoneMembership.zone.is_in(zones)
    )
    return {institution_id} | {m["institution"] for m in members}


_CENTRE_FLAGS = (
    Institution.city_maternal_centre,
    Institution.city_neonatal_centre,
    Institution.county_maternal_centre,
    Institution.county_neonatal_centre,
)


async def select_invitees(
    viewer: Viewer,
    institution_id: int | None,
    spec: Invitees | None,
    day: date,
    host_jurisdiction: int | None = None,
) -> list[dict]:
    """Staff rows to invite: named people (any the viewer may see) plus everyone, active on
    `day`, matching every selector given (department, role, title): of the host institution, or
    for a commission's or centre's duty, of the institutions it picks (`duty_targets`)."""
    if spec is None or spec.is_empty():
        return []
    people = {row["id"]: row for row in await _people_by_id(viewer, spec.staff_ids)}
    selected = await _people_by_selector(institution_id, spec, day, host_jurisdiction, viewer)
    for row in selected:
        people.setdefault(row["id"], row)
    return sorted(people.values(), key=lambda row: row["id"])


def hosts(viewer: Viewer, row: dict) -> bool:
    """The administrator, and the institution or commission holding the activity: they run it
    and take its attendance, so they know everyone on its list."""
    if viewer.is_admin:
        return True
    own_institution = viewer.institution_id is not None and (
        row["host_institution"] == viewer.institution_id
    )
    own_jurisdiction = viewer.jurisdiction_id is not None and (
        row["host_jurisdiction"] == viewer.jurisdiction_id
    )
    return own_institution or own_jurisdiction


def in_view(viewer: Viewer, row: dict, people: list[dict]) -> tuple[list[dict], int]:
    """(people the viewer may know of at activity `row`, how many others): a guest at someone
    else's activity sees the attendees of the institutions in their scope, and only a count
    of the rest. Each person needs "institution"."""
    if hosts(viewer, row):
        return people, 0
    shown = [p for p in people if viewer.sees_institution(p["institution"])]
    return shown, len(people) - len(shown)


def qualifying_rules(rules: list[Rule], kind: str, topic: str) -> list[Rule]:
    """Rules with attendance requirements this activity would count toward."""
    return [
        rule
        for rule in rules
        if kind in rule.qualifying.kinds
        and (not rule.qualifying.topics or topic in rule.qualifying.topics)
        and (rule.attendance.required_roles or rule.attendance.required_department_kinds)
    ]


def missing_from(rule: Rule, people: list[dict]) -> list[str]:
    roles = {row["role"] for row in people}
    departments = {row["department_kind"] for row in people if row["department_kind"]}
    missing = []
    for options in alternatives(rule.attendance.required_roles):
        if not set(options) & roles:
            missing.append("|".join(options))
    for options in alternatives(rule.attendance.required_department_kinds):
        if not set(options) & departments:
            missing.append("|".join(options))
    return missing


async def rule_warnings(
    institution_id: int | None, kind: str, topic: str, people: list[dict]
) -> list[RuleWarning]:
    if institution_id is None:
        return []
    rules = await institution_rules(institution_id, default_catalogue())
    warnings = []
    for rule in qualifying_rules(rules, kind, topic):
        missing = missing_from(rule, people)
        if missing:
            zh, en = reasons.invite_list_short((rule.name_zh, rule.name_en), missing)
            warnings.append(RuleWarning(rule.id, rule.name_zh, rule.name_en, missing, zh, en))
    return warnings


def invitation_out(
    row: dict, status: str, position: int | None = None, answer: dict | None = None
) -> InvitationOut:
    """`answer`: the invitation's reply and reply_reason, when there is one."""
    answer = answer or {}
    return InvitationOut(
        staff_member_id=row["id"],
        name=row["name"],
        role=row["role"],
        title=row["title"],
        department_id=row["department"],
        department_name=row["department_name"],
        status=status,
        waitlist_position=position,
        reply=answer.get("reply", ""),
        reply_reason=answer.get("reply_reason", ""),
    )


async def suggestion(institution_id: int, kind: str, topic: str, day: date) -> InviteSuggestion:
    """The roles and departments the rules want at this kind of activity, and who they are."""
    rules = qualifying_rules(
        await institution_rules(institution_id, default_catalogue()), kind, topic
    )
    roles: list[str] = []
    department_kinds: list[str] = []
    for rule in rules:
        for options in alternatives(rule.attendance.required_roles):
            roles += [r for r in options if r not in roles]
        roles += [r for r in rule.attendance.suggested_roles if r not in roles]
        for options in alternatives(rule.attendance.required_department_kinds):
            department_kinds += [d for d in options if d not in department_kinds]
    people = []
    if roles or department_kinds:
        wanted = StaffMember.role.is_in(roles or [""]) | StaffMember.department.kind.is_in(
            department_kinds or [""]
        )
        people = await StaffMember.select(*_STAFF).where(
            (StaffMember.institution == institution_id) & _active_on(day) & wanted
        )
    return InviteSuggestion(
        rules=[_suggested_rule(rule) for rule in rules],
        roles=roles,
        department_kinds=department_kinds,
        staff=[invitation_out(row, "suggested") for row in people],
    )


def _suggested_rule(rule: Rule) -> SuggestedRule:
    return SuggestedRule(
        id=rule.id,
        name_zh=rule.name_zh,
        name_en=rule.name_en,
        required_roles=[list(o) for o in alternatives(rule.attendance.required_roles)],
        required_department_kinds=[
            list(o) for o in alternatives(rule.attendance.required_department_kinds)
        ],
    )

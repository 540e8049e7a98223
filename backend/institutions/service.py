"""Reading and keeping jurisdictions, institutions, zones and departments, within a viewer's scope."""

from __future__ import annotations

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.audit import chain
from backend.auth.scope import (
    Viewer,
    editable_institution,
    require_admin,
    subtree,
    visible_institution,
)
from backend.compliance.freshness import facts_changed, hosts_attended_by
from backend.compliance.profiles import jurisdiction_tree, profile_for
from backend.core.chinese_order import pinyin_order, pinyin_text
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.database import contains_text, transaction
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.core.pagination import PageRequest
from backend.core.sent_fields import sent_fields
from backend.institutions import schemas
from backend.institutions.tables import Department, Institution, Jurisdiction, Zone, ZoneMembership
from backend.institutions.vocabulary import JurisdictionLevel
from backend.rules.catalogue import default_catalogue
from backend.rules.validity import ProfileValidityOut, profile_validity
from backend.staff.tables import StaffMember

PARENT_LEVEL = {
    JurisdictionLevel.province: None,
    JurisdictionLevel.city: JurisdictionLevel.province,
    JurisdictionLevel.county: JurisdictionLevel.city,
}


# ---- jurisdictions ---------------------------------------------------------------------


async def list_jurisdictions(viewer: Viewer) -> list[schemas.JurisdictionOut]:
    rows = await Jurisdiction.select().order_by(Jurisdiction.id)
    counts = {
        r["jurisdiction"]: r["count"]
        for r in await Institution.select(Institution.jurisdiction, Count(alias="count")).group_by(
            Institution.jurisdiction
        )
    }
    return [_jurisdiction_out(r, counts) for r in rows if viewer.sees_jurisdiction(r["id"])]


async def get_jurisdiction(viewer: Viewer, jurisdiction_id: int) -> schemas.JurisdictionOut:
    row = await Jurisdiction.select().where(Jurisdiction.id == jurisdiction_id).first()
    if row is None or not viewer.sees_jurisdiction(jurisdiction_id):
        raise NotFound("unknown_jurisdiction", id=jurisdiction_id)
    count = await Institution.count().where(Institution.jurisdiction == jurisdiction_id)
    out = _jurisdiction_out(row, {jurisdiction_id: count})
    out.profile_in_force = await _profile_in_force(row)
    return out


async def _profile_in_force(row: dict) -> ProfileValidityOut | None:
    """The profile judging this jurisdiction (its own, else inherited) and whether it has ended."""
    catalogue = default_catalogue()
    profile = profile_for(await jurisdiction_tree(), row["id"])
    if profile not in catalogue.profiles:
        return None
    return profile_validity(catalogue, profile, today_in_shanghai(), inherited=not row["profile"])


async def create_jurisdiction(
    viewer: Viewer, data: schemas.JurisdictionIn
) -> schemas.JurisdictionOut:
    require_admin(viewer)
    known_profile(data.profile)
    expected = PARENT_LEVEL[data.level]
    parent = None
    if data.parent_id is not None:
        parent = await Jurisdiction.select().where(Jurisdiction.id == data.parent_id).first()
        if parent is None:
            raise InvalidInput("unknown_jurisdiction", id=data.parent_id)
    if (parent["level"] if parent else None) != expected:
        raise InvalidInput(
            "parent_level_mismatch", level=data.level.value, expected=expected or "-"
        )
    async with transaction():
        if await Jurisdiction.exists().where(Jurisdiction.code == data.code):
            raise Conflict("code_taken", code=data.code)
        row = Jurisdiction(
            code=data.code,
            name_zh=data.name_zh,
            name_en=data.name_en,
            level=data.level.value,
            parent=data.parent_id,
            profile=data.profile,
        )
        await row.save()
    return await get_jurisdiction(viewer, row.id)


async def update_jurisdiction(
    viewer: Viewer, jurisdiction_id: int, patch: schemas.JurisdictionPatch
) -> schemas.JurisdictionOut:
    await get_jurisdiction(viewer, jurisdiction_id)  # outside scope: 404, like a missing one
    require_admin(viewer)
    values = sent_fields(patch)
    known_profile(values.get("profile"))
    if values:
        await Jurisdiction.update(values).where(Jurisdiction.id == jurisdiction_id)
    return await get_jurisdiction(viewer, jurisdiction_id)


def known_profile(profile: str | None) -> None:
    """None (inherit) or a profile of the catalogue: an unknown one would break every
    compliance page below the jurisdiction. The message names the choices as people know them."""
    profiles = default_catalogue().profiles
    if profile is None or profile in profiles:
        return
    raise InvalidInput(
        "profile_not_in_catalogue",
        names_zh="；".join(p.name_zh for p in profiles.values()),
        names_en="; ".join(p.name_en for p in profiles.values()),
    )


def _jurisdiction_out(row: dict, counts: dict[int, int]) -> schemas.JurisdictionOut:
    return schemas.JurisdictionOut(
        id=row["id"],
        code=row["code"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        level=row["level"],
        parent_id=row["parent"],
        profile=row["profile"],
        institution_count=counts.get(row["id"], 0),
    )


# ---- institutions ----------------------------------------------------------------------

_INSTITUTION_COLUMNS = (
    Institution.all_columns(),
    Institution.jurisdiction.name_zh.as_alias("jurisdiction_name"),
)


async def list_institutions(
    viewer: Viewer,
    page: PageRequest,
    jurisdiction_id: int | None = None,
    zone_id: int | None = None,
    kind: str | None = None,
    level: str | None = None,
    q: str | None = None,
) -> schemas.InstitutionPage:
    where = []
    if viewer.institution_ids is not None:
        where.append(Institution.id.is_in(list(viewer.institution_ids) or [0]))
    if jurisdiction_id is not None:
        parents = {
            r["id"]: r["parent"]
            for r in await Jurisdiction.select(Jurisdiction.id, Jurisdiction.parent)
        }
        where.append(Institution.jurisdiction.is_in(list(subtree(parents, jurisdiction_id))))
    if zone_id is not None:
        members = ZoneMembership.select(ZoneMembership.institution).where(
            ZoneMembership.zone == zone_id
        )
        where.append(Institution.id.is_in(members))
    if kind:
        where.append(Institution.kind == kind)
    if level:
        where.append(Institution.level == level)
    if q:
        where.append(contains_text(Institution.name_zh, q) | contains_text(Institution.code, q))
    query = Institution.select(*_INSTITUTION_COLUMNS).order_by(
        *pinyin_order(Institution.name_pinyin, Institution.name_zh, Institution.id)
    )
    count = Institution.count()
    for clause in where:
        query = query.where(clause)
        count = count.where(clause)
    rows = await query.limit(page.page_size).offset(page.offset)
    items = await _institutions_out(rows)
    return schemas.InstitutionPage(
        items=items, total=await count, page=page.page, page_size=page.page_size
    )


async def get_institution(viewer: Viewer, institution_id: int) -> schemas.InstitutionOut:
    visible_institution(viewer, institution_id)
    row = (
        await Institution.select(*_INSTITUTION_COLUMNS)
        .where(Institution.id == institution_id)
        .first()
    )
    if row is None:
        raise NotFound("unknown_institution", id=institution_id)
    return (await _institutions_out([row]))[0]


async def _institutions_out(rows: list[dict]) -> list[schemas.InstitutionOut]:
    ids = [r["id"] for r in rows] or [0]
    staff = (
        await StaffMember.select(StaffMember.institution, Count(alias="count"))
        .where(StaffMember.institution.is_in(ids))
        .group_by(StaffMember.institution)
    )
    staff_counts = {r["institution"]: r["count"] for r in staff}
    zones: dict[int, list[int]] = {}
    for r in await ZoneMembership.select().where(ZoneMembership.institution.is_in(ids)):
        zones.setdefault(r["institution"], []).append(r["zone"])
    return [
        schemas.InstitutionOut(
            id=r["id"],
            code=r["code"],
            name_zh=r["name_zh"],
            name_en=r["name_en"],
            kind=r["kind"],
            level=r["level"],
            jurisdiction_id=r["jurisdiction"],
            jurisdiction_name=r["jurisdiction_name"],
            is_midwifery=r["is_midwifery"],
            city_maternal_centre=r["city_maternal_centre"],
            city_neonatal_centre=r["city_neonatal_centre"],
            county_maternal_centre=r["county_maternal_centre"],
            county_neonatal_centre=r["county_neonatal_centre"],
            address=r["address"],
            active=r["active"],
            zone_ids=sorted(zones.get(r["id"], [])),
            staff_count=staff_counts.get(r["id"], 0),
        )
        for r in rows
    ]


async def _county(jurisdiction_id: int) -> None:
    row = (
        await Jurisdiction.select(Jurisdiction.level)
        .where(Jurisdiction.id == jurisdiction_id)
        .first()
    )
    if row is None:
        raise InvalidInput("unknown_jurisdiction", id=jurisdiction_id)
    if row["level"] != JurisdictionLevel.county:
        raise InvalidInput("institution_needs_county")


async def create_institution(viewer: Viewer, data: schemas.InstitutionIn) -> schemas.InstitutionOut:
    require_admin(viewer)
    await _county(data.jurisdiction_id)
    values = msgspec.structs.asdict(data)
    values["jurisdiction"] = values.pop("jurisdiction_id")
    values["kind"], values["level"] = data.kind.value, data.level.value
    values["name_pinyin"] = pinyin_text(data.name_zh)
    async with transaction():
        if await Institution.exists().where(Institution.code == data.code):
            raise Conflict("code_taken", code=data.code)
        row = Institution(**values)
        await row.save()
        await facts_changed([row.id])
        await _audited(viewer, "institution.created", row.id, msgspec.structs.asdict(data))
    return await get_institution(viewer, row.id)


async def update_institution(
    viewer: Viewer, institution_id: int, patch: schemas.InstitutionPatch
) -> schemas.InstitutionOut:
    visible_institution(viewer, institution_id)
    require_admin(viewer)
    await get_institution(viewer, institution_id)
    values = sent_fields(patch, renames={"jurisdiction_id": "jurisdiction"})
    if "jurisdiction" in values:
        await _county(values["jurisdiction"])
    if values:
        sent = dict(values)
        if "name_zh" in values:
            values["name_pinyin"] = pinyin_text(values["name_zh"])
        async with transaction():
            await Institution.update(values).where(Institution.id == institution_id)
            await facts_changed([institution_id])
            await _audited(viewer, "institution.changed", institution_id, sent)
    return await get_institution(viewer, institution_id)


async def _audited(viewer: Viewer, action: str, institution_id: int, written: dict) -> None:
    """The administrator's write on the audit chain, last in its transaction."""
    await chain.append(
        action, "institution", institution_id, written, actor=viewer.user_id, at=utc_now()
    )


# ---- zones -----------------------------------------------------------------------------


async def list_zones(viewer: Viewer) -> list[schemas.ZoneOut]:
    zones = await Zone.select(
        Zone.all_columns(), Zone.lead_institution.name_zh.as_alias("lead_name")
    )
    members: dict[int, list[int]] = {}
    for r in await ZoneMembership.select():
        members.setdefault(r["zone"], []).append(r["institution"])
    return [
        schemas.ZoneOut(
            id=z["id"],
            code=z["code"],
            name_zh=z["name_zh"],
            name_en=z["name_en"],
            lead_institution_id=z["lead_institution"],
            lead_institution_name=z["lead_name"],
            institution_ids=sorted(
                i for i in members.get(z["id"], []) if viewer.sees_institution(i)
            ),
        )
        for z in zones
        if viewer.sees_institution(z["lead_institution"])
        or any(viewer.sees_institution(i) for i in members.get(z["id"], []))
    ]


# ---- departments -----------------------------------------------------------------------


async def list_departments(viewer: Viewer, institution_id: int) -> list[schemas.DepartmentOut]:
    await get_institution(viewer, institution_id)
    rows = (
        await Department.select()
        .where(Department.institution == institution_id)
        .order_by(Department.id)
    )
    counts = {
        r["department"]: r["count"]
        for r in await StaffMember.select(StaffMember.department, Count(alias="count"))
        .where(StaffMember.institution == institution_id)
        .group_by(StaffMember.department)
    }
    return [_department_out(r, counts.get(r["id"], 0)) for r in rows]


async def get_department(viewer: Viewer, department_id: int) -> dict:
    row = await Department.select().where(Department.id == department_id).first()
    if row is None or not viewer.sees_institution(row["institution"]):
        raise NotFound("unknown_department", id=department_id)
    return row


async def create_department(
    viewer: Viewer, institution_id: int, data: schemas.DepartmentIn
) -> schemas.DepartmentOut:
    editable_institution(viewer, institution_id)
    await get_institution(viewer, institution_id)
    async with transaction():
        await _name_free(institution_id, data.name_zh)
        row = Department(
            institution=institution_id,
            kind=data.kind.value,
            name_zh=data.name_zh,
            name_en=data.name_en,
        )
        await row.save()
        await facts_changed([institution_id])
    return _department_out(row.to_dict(), 0)


async def update_department(
    viewer: Viewer, department_id: int, patch: schemas.DepartmentPatch
) -> schemas.DepartmentOut:
    row = await get_department(viewer, department_id)
    editable_institution(viewer, row["institution"])
    values = sent_fields(patch)
    async with transaction():
        if "name_zh" in values and values["name_zh"] != row["name_zh"]:
            await _name_free(row["institution"], values["name_zh"])
        if values:
            await Department.update(values).where(Department.id == department_id)
            # its kind is part of the facts of activities its staff attended elsewhere
            staff = StaffMember.select(StaffMember.id).where(
                StaffMember.department == department_id
            )
            elsewhere = await hosts_attended_by(r["id"] for r in await staff)
            await facts_changed({row["institution"]} | elsewhere)
    row = await get_department(viewer, department_id)
    staff = await StaffMember.count().where(StaffMember.department == department_id)
    return _department_out(row, staff)


async def _name_free(institution_id: int, name: str) -> None:
    taken = await Department.exists().where(
        (Department.institution == institution_id) & (Department.name_zh == name)
    )
    if taken:
        raise Conflict("department_name_taken", name=name)


def _department_out(row: dict, staff_count: int) -> schemas.DepartmentOut:
    return schemas.DepartmentOut(
        id=row["id"],
        institution_id=row["institution"],
        kind=row["kind"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        staff_count=staff_count,
    )

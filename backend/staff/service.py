"""Reading and keeping staff members and their leave, within a viewer's scope."""

from __future__ import annotations

from datetime import date

from backend.auth.roles import UserRole
from backend.auth.scope import (
    Viewer,
    editable_institution,
    sees_staff_member,
    visible_institution,
)
from backend.compliance.freshness import facts_changed, hosts_attended_by
from backend.core.chinese_order import person_pinyin_text, pinyin_order
from backend.core.clock import utc_now
from backend.core.database import contains_text, transaction
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.core.pagination import PageRequest
from backend.core.periods import day_in_range
from backend.core.sent_fields import sent_fields
from backend.institutions.service import get_institution
from backend.institutions.tables import Department
from backend.staff import schemas
from backend.staff.tables import LeavePeriod, StaffMember

_COLUMNS = (
    StaffMember.all_columns(),
    StaffMember.institution.name_zh.as_alias("institution_name"),
    StaffMember.department.name_zh.as_alias("department_name"),
)


async def list_staff(
    viewer: Viewer,
    page: PageRequest,
    institution_id: int | None = None,
    department_id: int | None = None,
    role: str | None = None,
    title: str | None = None,
    active_on: date | None = None,
    q: str | None = None,
) -> schemas.StaffPage:
    where = []
    if institution_id is not None:
        visible_institution(viewer, institution_id)
        where.append(StaffMember.institution == institution_id)
    elif viewer.institution_ids is not None:
        where.append(StaffMember.institution.is_in(list(viewer.institution_ids) or [0]))
    if viewer.role == UserRole.staff:
        # a staff member's own record only: colleagues' records (leave reasons) are not theirs
        where.append(StaffMember.id == (viewer.staff_member_id or 0))
    if department_id is not None:
        where.append(StaffMember.department == department_id)
    if role:
        where.append(StaffMember.role == role)
    if title:
        where.append(StaffMember.title == title)
    if active_on:
        where.append(StaffMember.active_from <= active_on)
        where.append(StaffMember.active_to.is_null() | (StaffMember.active_to >= active_on))
    if q:
        where.append(
            contains_text(StaffMember.name, q) | contains_text(StaffMember.staff_number, q)
        )
    # one institution's people in pinyin order of their names; across institutions (a commission
    # or the administrator without a filter) grouped by institution, each group in that order
    query = StaffMember.select(*_COLUMNS).order_by(
        *_institution_group(institution_id),
        *pinyin_order(StaffMember.name_pinyin, StaffMember.name, StaffMember.id),
    )
    count = StaffMember.count()
    for clause in where:
        query, count = query.where(clause), count.where(clause)
    rows = await query.limit(page.page_size).offset(page.offset)
    return schemas.StaffPage(
        items=await _staff_out(rows), total=await count, page=page.page, page_size=page.page_size
    )


def _institution_group(institution_id: int | None) -> list:
    """Staff of several institutions: grouped by institution, the groups in pinyin order."""
    if institution_id is not None:
        return []
    institution = StaffMember.institution
    return [*pinyin_order(institution.name_pinyin, institution.name_zh, institution.id)]


async def get_staff_member(viewer: Viewer, staff_id: int) -> schemas.StaffOut:
    row = await StaffMember.select(*_COLUMNS).where(StaffMember.id == staff_id).first()
    if row is None or not sees_staff_member(viewer, staff_id, row["institution"]):
        raise NotFound("unknown_staff_member", id=staff_id)
    return (await _staff_out([row]))[0]


async def create_staff_member(
    viewer: Viewer, institution_id: int, data: schemas.StaffIn
) -> schemas.StaffOut:
    editable_institution(viewer, institution_id)
    await get_institution(viewer, institution_id)
    _dates_in_order(data.active_from, data.active_to)
    await _department_of(institution_id, data.department_id)
    async with transaction():
        await _number_free(institution_id, data.staff_number)
        row = StaffMember(
            institution=institution_id,
            department=data.department_id,
            staff_number=data.staff_number,
            name=data.name,
            name_pinyin=person_pinyin_text(data.name),
            role=data.role.value,
            title=data.title.value,
            position=data.position,
            active_from=data.active_from,
            active_to=data.active_to,
            night_shifts=data.night_shifts,
            updated_at=utc_now(),
        )
        await row.save()
        await facts_changed([institution_id])
    return await get_staff_member(viewer, row.id)


async def update_staff_member(
    viewer: Viewer, staff_id: int, patch: schemas.StaffPatch
) -> schemas.StaffOut:
    current = await get_staff_member(viewer, staff_id)
    editable_institution(viewer, current.institution_id)
    values = sent_fields(patch, renames={"department_id": "department"})
    _dates_in_order(
        values.get("active_from", current.active_from), values.get("active_to", current.active_to)
    )
    if "department" in values:
        await _department_of(current.institution_id, values["department"])
    async with transaction():
        if values.get("staff_number", current.staff_number) != current.staff_number:
            await _number_free(current.institution_id, values["staff_number"])
        if values:
            values["updated_at"] = utc_now()
            if "name" in values:
                values["name_pinyin"] = person_pinyin_text(values["name"])
            await StaffMember.update(values).where(StaffMember.id == staff_id)
            # role and department are part of the facts of activities attended elsewhere
            elsewhere = await hosts_attended_by([staff_id])
            await facts_changed({current.institution_id} | elsewhere)
    return await get_staff_member(viewer, staff_id)


async def add_leave(viewer: Viewer, staff_id: int, data: schemas.LeaveIn) -> schemas.StaffOut:
    current = await get_staff_member(viewer, staff_id)
    editable_institution(viewer, current.institution_id)
    _dates_in_order(data.starts_on, data.ends_on)
    async with transaction():
        await LeavePeriod.insert(
            LeavePeriod(
                staff_member=staff_id,
                starts_on=data.starts_on,
                ends_on=data.ends_on,
                reason=data.reason,
            )
        )
        await facts_changed([current.institution_id])
    return await get_staff_member(viewer, staff_id)


def _dates_in_order(start: date, end: date | None) -> None:
    day_in_range("start", start)
    day_in_range("end", end)
    if end is not None and end < start:
        raise InvalidInput("end_before_start")


async def _department_of(institution_id: int, department_id: int | None) -> None:
    if department_id is None:
        return
    row = (
        await Department.select(Department.institution)
        .where(Department.id == department_id)
        .first()
    )
    if row is None:
        raise InvalidInput("unknown_department", id=department_id)
    if row["institution"] != institution_id:
        raise InvalidInput("department_of_other_institution")


async def _number_free(institution_id: int, staff_number: str) -> None:
    taken = await StaffMember.exists().where(
        (StaffMember.institution == institution_id) & (StaffMember.staff_number == staff_number)
    )
    if taken:
        raise Conflict("staff_number_taken", staff_number=staff_number)


async def _staff_out(rows: list[dict]) -> list[schemas.StaffOut]:
    ids = [r["id"] for r in rows] or [0]
    leave: dict[int, list[schemas.LeaveOut]] = {}
    for r in (
        await LeavePeriod.select()
        .where(LeavePeriod.staff_member.is_in(ids))
        .order_by(LeavePeriod.starts_on)
    ):
        leave.setdefault(r["staff_member"], []).append(
            schemas.LeaveOut(
                id=r["id"], starts_on=r["starts_on"], ends_on=r["ends_on"], reason=r["reason"]
            )
        )
    return [
        schemas.StaffOut(
            id=r["id"],
            institution_id=r["institution"],
            institution_name=r["institution_name"],
            department_id=r["department"],
            department_name=r["department_name"],
            staff_number=r["staff_number"],
            name=r["name"],
            role=r["role"],
            title=r["title"],
            position=r["position"],
            active_from=r["active_from"],
            active_to=r["active_to"],
            leave=leave.get(r["id"], []),
            night_shifts=bool(r["night_shifts"]),
        )
        for r in rows
    ]

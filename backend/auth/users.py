"""Logins kept by the administrator from the pages: the list, a new login with its first
password, and a new password for someone who forgot theirs (which ends their sessions).

The command line (`drillbook user ...`, backend/auth/accounts.py) does the same for the first
administrator of an installation; both refuse short and demo passwords."""

from __future__ import annotations

import unicodedata

from backend.auth.accounts import MIN_PASSWORD
from backend.auth.passwords import hash_password
from backend.auth.production import is_demo_password
from backend.auth.roles import UserRole
from backend.auth.schemas import PasswordIn, UserIn, UserOut, UserPage
from backend.auth.scope import Viewer, require_admin
from backend.auth.tables import User, UserSession
from backend.core.clock import utc_now
from backend.core.database import contains_text, transaction
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.core.pagination import PageRequest
from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember

INSTITUTION_ROLES = (UserRole.officer, UserRole.staff, UserRole.reviewer)

_COLUMNS = (
    User.id,
    User.username,
    User.display_name,
    User.role,
    User.institution,
    User.institution.name_zh.as_alias("institution_name"),
    User.jurisdiction,
    User.jurisdiction.name_zh.as_alias("jurisdiction_name"),
    User.staff_member,
    User.staff_member.name.as_alias("staff_name"),
    User.active,
)


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password_too_short", limit=MIN_PASSWORD)
    if is_demo_password(password):
        raise InvalidInput("password_is_demo")
    return password


async def list_users(
    viewer: Viewer, page: PageRequest, q: str | None = None, role: str | None = None
) -> UserPage:
    require_admin(viewer)
    query = User.select(*_COLUMNS).order_by(User.username)
    count = User.count()
    clauses = []
    if q:
        clauses.append(contains_text(User.username, q) | contains_text(User.display_name, q))
    if role:
        clauses.append(User.role == role)
    for clause in clauses:
        query, count = query.where(clause), count.where(clause)
    rows = await query.limit(page.page_size).offset(page.offset)
    return UserPage(
        items=[_out(r) for r in rows], total=await count, page=page.page, page_size=page.page_size
    )


async def get_user(viewer: Viewer, user_id: int) -> UserOut:
    require_admin(viewer)
    row = await User.select(*_COLUMNS).where(User.id == user_id).first()
    if row is None:
        raise NotFound("unknown_user")
    return _out(row)


async def create_user(viewer: Viewer, data: UserIn) -> UserOut:
    """All checks before the one insert: a refused login leaves nothing behind."""
    require_admin(viewer)
    password = hash_password(checked_password(data.password))
    links = await _links(data)
    async with transaction():
        if await User.exists().where(User.username == data.username):
            raise Conflict("username_taken", username=data.username)
        if links.get("staff_member"):
            holder = (
                await User.select(User.username)
                .where(User.staff_member == links["staff_member"])
                .first()
            )
            if holder:
                raise Conflict(
                    "staff_member_has_login",
                    staff_number=data.staff_number,
                    username=holder["username"],
                )
        user = User(
            username=data.username,
            password_hash=password,
            display_name=data.display_name,
            role=data.role.value,
            created_at=utc_now(),
            **links,
        )
        await user.save()
    return await get_user(viewer, user.id)


async def _links(data: UserIn) -> dict[str, int]:
    """The institution, jurisdiction and staff record the role asks for, each known."""
    role = data.role
    if role in INSTITUTION_ROLES:
        if data.jurisdiction_id is not None:
            raise InvalidInput("role_takes_no_place", place="行政区划", place_en="a jurisdiction")
        if data.institution_id is None:
            raise InvalidInput("role_needs_institution")
        if not await Institution.exists().where(Institution.id == data.institution_id):
            raise InvalidInput("unknown_institution", id=data.institution_id)
    elif role == UserRole.commission:
        if data.institution_id is not None or data.staff_number:
            raise InvalidInput("role_takes_no_place", place="机构", place_en="an institution")
        if data.jurisdiction_id is None:
            raise InvalidInput("role_needs_jurisdiction")
        if not await Jurisdiction.exists().where(Jurisdiction.id == data.jurisdiction_id):
            raise InvalidInput("unknown_jurisdiction", id=data.jurisdiction_id)
        return {"jurisdiction": data.jurisdiction_id}
    elif data.institution_id is not None or data.jurisdiction_id is not None or data.staff_number:
        raise InvalidInput("role_takes_no_place", place="机构或行政区划", place_en="a place")
    else:
        return {}
    links = {"institution": data.institution_id}
    number = unicodedata.normalize("NFKC", data.staff_number or "").strip()  # Ａ００１ is A001
    if role == UserRole.staff and not number:
        raise InvalidInput("staff_number_required")
    if number:
        person = (
            await StaffMember.select(StaffMember.id)
            .where(
                (StaffMember.institution == data.institution_id)
                & (StaffMember.staff_number == number)
            )
            .first()
        )
        if person is None:
            raise InvalidInput("unknown_staff_number", staff_number=number)
        links["staff_member"] = person["id"]
    return links


async def set_user_password(viewer: Viewer, user_id: int, data: PasswordIn) -> UserOut:
    """The administrator sets a new password; every session of that user ends."""
    await get_user(viewer, user_id)
    hashed = hash_password(checked_password(data.password))
    async with transaction():
        await User.update({User.password_hash: hashed}).where(User.id == user_id)
        await UserSession.delete().where(UserSession.user == user_id)
    return await get_user(viewer, user_id)


def _out(row: dict) -> UserOut:
    return UserOut(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"],
        role=row["role"],
        institution_id=row["institution"],
        institution_name=row["institution_name"],
        jurisdiction_id=row["jurisdiction"],
        jurisdiction_name=row["jurisdiction_name"],
        staff_member_id=row["staff_member"],
        staff_name=row["staff_name"],
        active=row["active"],
    )

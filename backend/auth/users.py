"""Logins kept by the administrator from the pages: the list, a new login with its first
password, and a new password for someone who forgot theirs (which ends their sessions).

The checks and writes are backend/auth/accounts.py's, shared with the command line
(`drillbook user ...`): here only who may do it and what the page shows afterwards."""

from __future__ import annotations

from backend.auth import accounts
from backend.auth.schemas import PasswordIn, UserIn, UserOut, UserPage
from backend.auth.scope import Viewer, require_admin
from backend.auth.tables import User
from backend.core.database import contains_text
from backend.core.errors import NotFound
from backend.core.pagination import PageRequest

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
    require_admin(viewer)
    return await get_user(viewer, await accounts.add_user(data, by=viewer))


async def set_user_password(viewer: Viewer, user_id: int, data: PasswordIn) -> UserOut:
    """The administrator sets a new password; every session of that user ends."""
    require_admin(viewer)
    await accounts.set_password(user_id, data.password, by=viewer)
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

"""Creating logins and setting passwords from the command line (`drillbook user ...`).

A production installation has no demo accounts: the administrator creates the first login here,
then keeps the others from the 系统管理 pages (backend/auth/users.py). A new password ends every session of that user."""

from __future__ import annotations

from backend.auth.passwords import hash_password
from backend.auth.production import is_demo_password
from backend.auth.roles import UserRole
from backend.auth.tables import User, UserSession
from backend.core.clock import utc_now
from backend.core.database import transaction
from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember

MIN_PASSWORD = 12


class AccountRefused(ValueError):
    """The account cannot be created or changed as asked (the message says why)."""


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountRefused(
            f"密码至少 {MIN_PASSWORD} 个字符。The password needs at least {MIN_PASSWORD} characters."
        )
    if is_demo_password(password):
        raise AccountRefused("不能使用演示密码。The demo password cannot be used.")
    return password


async def set_password(username: str, password: str) -> None:
    user = await User.select(User.id).where(User.username == username).first()
    if user is None:
        raise AccountRefused(f"没有用户 {username}。No user {username}.")
    hashed = hash_password(checked_password(password))
    async with transaction():
        await User.update({User.password_hash: hashed}).where(User.id == user["id"])
        await UserSession.delete().where(UserSession.user == user["id"])


async def _id_of(table, code: str, what: str) -> int:
    row = await table.select(table.id).where(table.code == code).first()
    if row is None:
        raise AccountRefused(f"没有编码为 {code} 的{what}。No {what} with code {code}.")
    return row["id"]


async def add_user(
    username: str,
    password: str,
    role: str,
    display_name: str,
    institution_code: str | None = None,
    jurisdiction_code: str | None = None,
    staff_number: str | None = None,
) -> int:
    """Officers, staff and reviewers belong to an institution; commissions to a jurisdiction;
    a staff login is linked to the staff member with that 工号 at the institution."""
    if role not in UserRole.__members__:
        raise AccountRefused(f"角色须为 {', '.join(UserRole)}。Role must be one of these.")
    if await User.exists().where(User.username == username):
        raise AccountRefused(f"用户名 {username} 已被使用。Username {username} is taken.")
    links: dict = {}
    if role in ("officer", "staff", "reviewer"):
        if not institution_code:
            raise AccountRefused("该角色需要 --institution。This role needs --institution.")
        links["institution"] = await _id_of(Institution, institution_code, "机构 institution")
    if role == "commission":
        if not jurisdiction_code:
            raise AccountRefused(
                "卫健委账号需要 --jurisdiction。A commission needs --jurisdiction."
            )
        links["jurisdiction"] = await _id_of(Jurisdiction, jurisdiction_code, "行政区划")
    if role == "staff" or staff_number:
        person = (
            await StaffMember.select(StaffMember.id)
            .where(
                (StaffMember.institution == links.get("institution", 0))
                & (StaffMember.staff_number == (staff_number or ""))
            )
            .first()
        )
        if person is None:
            raise AccountRefused("找不到该工号的人员。No staff member with that staff number.")
        links["staff_member"] = person["id"]
    user = User(
        username=username,
        password_hash=hash_password(checked_password(password)),
        display_name=display_name or username,
        role=role,
        created_at=utc_now(),
        **links,
    )
    await user.save()
    return user.id

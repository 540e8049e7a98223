"""Creating logins and setting passwords: the one place that checks, hashes and writes them.

The administrator's pages (backend/auth/users.py) and the command line (`drillbook user ...`,
backend/cli.py, for the first administrator of an installation) both come here: the same
username, role and link rules, the same password check (no short or demo passwords), and a new
password ends every session of that user. Refusals are DomainErrors with a message code
(backend/auth/messages.py); a refused login or password leaves nothing behind."""

from __future__ import annotations

import unicodedata

import msgspec

from backend.auth import audit_events
from backend.auth.passwords import hash_password
from backend.auth.production import is_demo_password
from backend.auth.roles import UserRole
from backend.auth.schemas import UserIn
from backend.auth.scope import Viewer
from backend.auth.tables import User, UserSession
from backend.core.clock import utc_now
from backend.core.database import transaction
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember

MIN_PASSWORD = 12
INSTITUTION_ROLES = (UserRole.officer, UserRole.staff, UserRole.reviewer)


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password_too_short", limit=MIN_PASSWORD)
    if is_demo_password(password):
        raise InvalidInput("password_is_demo")
    return password


async def add_user(login: UserIn, by: Viewer | None = None) -> int:
    """All checks before the one insert; returns the new login's id. `by`: the administrator
    on the page (None: the command line); either way the write goes on the audit chain."""
    password = hash_password(checked_password(login.password))
    links = await _links(login)
    async with transaction():
        if await User.exists().where(User.username == login.username):
            raise Conflict("username_taken", username=login.username)
        if links.get("staff_member"):
            await _refuse_second_login(links["staff_member"], login.staff_number)
        user = User(
            username=login.username,
            password_hash=password,
            display_name=login.display_name,
            role=login.role.value,
            created_at=utc_now(),
            **links,
        )
        await user.save()
        actor = by.user_id if by else None
        await audit_events.login_created(
            actor, user.id, user.username, user.role, **_audited_links(links)
        )
    return user.id


async def set_password(user_id: int, password: str, by: Viewer | None = None) -> None:
    """A new password for a known login; every session of that user ends. `by`: the
    administrator on the page (None: the command line); either way it goes on the audit chain."""
    user = await User.select(User.username).where(User.id == user_id).first()
    if user is None:
        raise NotFound("unknown_user")
    hashed = hash_password(checked_password(password))
    async with transaction():
        await User.update({User.password_hash: hashed}).where(User.id == user_id)
        await UserSession.delete().where(UserSession.user == user_id)
        await audit_events.password_reset(by.user_id if by else None, user_id, user["username"])


# ---- what the command line names by code (`--institution hosp-a`, a username) ------------------


async def user_id_named(username: str) -> int:
    row = await User.select(User.id).where(User.username == username).first()
    if row is None:
        raise NotFound("unknown_username", username=username)
    return row["id"]


async def login_from_codes(
    username: str,
    password: str,
    role: str,
    display_name: str,
    institution_code: str | None = None,
    jurisdiction_code: str | None = None,
    staff_number: str | None = None,
) -> UserIn:
    """The command line's arguments as the pages' form: places by id, the same field rules."""
    fields = {
        "username": username,
        "password": password,
        "role": role,
        "display_name": display_name,
        "institution_id": await _id_of(Institution, institution_code, "unknown_institution_code"),
        "jurisdiction_id": await _id_of(
            Jurisdiction, jurisdiction_code, "unknown_jurisdiction_code"
        ),
        "staff_number": staff_number,
    }
    try:
        return msgspec.convert(fields, UserIn)
    except msgspec.ValidationError as exc:
        raise InvalidInput("login_fields_invalid", problem=str(exc)) from exc


async def _id_of(
    table: type[Institution] | type[Jurisdiction], code: str | None, message: str
) -> int | None:
    if not code:
        return None
    row = await table.select(table.id).where(table.code == code).first()
    if row is None:
        raise InvalidInput(message, code=code)
    return row["id"]


# ---- the role's place and staff record ----------------------------------------------------------


async def _links(login: UserIn) -> dict[str, int]:
    """The institution, jurisdiction and staff record the role asks for, each known."""
    role = login.role
    if role in INSTITUTION_ROLES:
        if login.jurisdiction_id is not None:
            raise InvalidInput("role_takes_no_place", place="行政区划", place_en="a jurisdiction")
        if login.institution_id is None:
            raise InvalidInput("role_needs_institution")
        if not await Institution.exists().where(Institution.id == login.institution_id):
            raise InvalidInput("unknown_institution", id=login.institution_id)
        return {"institution": login.institution_id, **await _staff_link(login)}
    if role == UserRole.commission:
        if login.institution_id is not None or login.staff_number:
            raise InvalidInput("role_takes_no_place", place="机构", place_en="an institution")
        if login.jurisdiction_id is None:
            raise InvalidInput("role_needs_jurisdiction")
        if not await Jurisdiction.exists().where(Jurisdiction.id == login.jurisdiction_id):
            raise InvalidInput("unknown_jurisdiction", id=login.jurisdiction_id)
        return {"jurisdiction": login.jurisdiction_id}
    if login.institution_id is not None or login.jurisdiction_id is not None or login.staff_number:
        raise InvalidInput("role_takes_no_place", place="机构或行政区划", place_en="a place")
    return {}


async def _staff_link(login: UserIn) -> dict[str, int]:
    number = unicodedata.normalize("NFKC", login.staff_number or "").strip()  # Ａ００１ is A001
    if login.role == UserRole.staff and not number:
        raise InvalidInput("staff_number_required")
    if not number:
        return {}
    person = (
        await StaffMember.select(StaffMember.id)
        .where(
            (StaffMember.institution == login.institution_id) & (StaffMember.staff_number == number)
        )
        .first()
    )
    if person is None:
        raise InvalidInput("unknown_staff_number", staff_number=number)
    return {"staff_member": person["id"]}


def _audited_links(links: dict[str, int]) -> dict[str, int | None]:
    return {
        "institution_id": links.get("institution"),
        "jurisdiction_id": links.get("jurisdiction"),
        "staff_member_id": links.get("staff_member"),
    }


async def _refuse_second_login(staff_member: int, staff_number: str | None) -> None:
    holder = await User.select(User.username).where(User.staff_member == staff_member).first()
    if holder:
        raise Conflict(
            "staff_member_has_login", staff_number=staff_number, username=holder["username"]
        )

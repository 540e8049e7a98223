from typing import Annotated

import msgspec

from backend.auth.roles import UserRole


class LoginIn(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str


class AccountOut(msgspec.Struct):
    """Who a login is and where it belongs: shared by the session and the administrator's list."""

    username: str
    display_name: str
    role: str
    institution_id: int | None
    institution_name: str | None
    jurisdiction_id: int | None
    jurisdiction_name: str | None
    staff_member_id: int | None


class SessionOut(AccountOut):
    locale: str
    landing: str  # the page this role starts on, e.g. "#/institutions/3"


# ---- logins kept by the administrator (backend/auth/users.py) ----------------------------------

UserName = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")]
DisplayName = Annotated[
    str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*(?![\s\S])")
]
Password = Annotated[str, msgspec.Meta(max_length=200)]
StaffNumber = Annotated[str, msgspec.Meta(max_length=64)]


class UserIn(msgspec.Struct, forbid_unknown_fields=True):
    username: UserName
    display_name: DisplayName
    role: UserRole
    password: Password
    institution_id: int | None = None  # officer, staff, reviewer
    jurisdiction_id: int | None = None  # commission
    staff_number: StaffNumber | None = None  # staff (an officer who is also staff may give one)


class PasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    password: Password


class UserOut(AccountOut):
    id: int
    staff_name: str | None
    active: bool


class UserPage(msgspec.Struct):
    items: list[UserOut]
    total: int
    page: int
    page_size: int

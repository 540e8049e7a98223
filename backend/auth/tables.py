from piccolo.columns import Boolean, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember


class User(Table, tablename="app_user"):
    """A login. Its role and its institution or jurisdiction decide what it may see."""

    username = Varchar(length=64, unique=True)
    password_hash = Varchar(length=200)
    display_name = Varchar(length=100)
    role = Varchar(length=16)
    institution = ForeignKey(
        Institution, null=True, on_delete=OnDelete.restrict
    )  # officer, staff, reviewer
    jurisdiction = ForeignKey(Jurisdiction, null=True, on_delete=OnDelete.restrict)
    staff_member = ForeignKey(
        StaffMember, null=True, on_delete=OnDelete.set_null
    )  # staff (and officers who are staff)
    locale = Varchar(length=8, default="zh-CN")
    active = Boolean(default=True)
    created_at = Timestamptz()


class UserSession(Table):
    """A logged-in browser. Only a keyed hash of the cookie token is stored."""

    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(User, null=False, index=True, on_delete=OnDelete.cascade)
    created_at = Timestamptz()
    expires_at = Timestamptz()


class LoginAttempt(Table):
    """A failed login, or the latest successful one per (username, address): what the login
    throttle counts (backend/auth/throttle.py). Old rows are deleted as new ones arrive."""

    username = Varchar(length=64, index=True)  # as typed, so unknown names are throttled too
    address = Varchar(length=64, index=True)
    at = Timestamptz(index=True)
    succeeded = Boolean(default=False)

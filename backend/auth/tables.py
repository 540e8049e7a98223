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

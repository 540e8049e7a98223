from piccolo.columns import Boolean, ForeignKey, Numeric, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.activities.tables import Activity
from backend.auth.tables import User
from backend.staff.tables import StaffMember


class Invitation(Table):
    """Who was expected at an activity (invited by an officer, or self-registered)."""

    activity = ForeignKey(Activity, null=False, index=True, on_delete=OnDelete.restrict)
    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=16, default="invited")
    invited_at = Timestamptz()
    # The invitee's answer: "" (none yet), accepted, declined (with a reason: 请假).
    reply = Varchar(length=16, default="")
    reply_reason = Text(default="")
    replied_at = Timestamptz(null=True, default=None)
    # one row per (activity, staff_member): unique index invitation_activity_staff


class Attendance(Table):
    """Who was there: one row per invited or walk-in person at a held activity."""

    activity = ForeignKey(Activity, null=False, index=True, on_delete=OnDelete.restrict)
    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=16)
    drill_role = Varchar(length=32, default="")
    credits_earned = Numeric(digits=(5, 1), null=True, default=None)
    recorded_at = Timestamptz()
    walk_in = Boolean(default=False)  # came without an invitation (host's own staff only)
    note = Text(default="")
    checked_in_at = Timestamptz(null=True, default=None)  # set by a self check-in scan
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    # one row per (activity, staff_member): unique index attendance_activity_staff

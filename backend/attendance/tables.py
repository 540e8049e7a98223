from piccolo.columns import ForeignKey, Numeric, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from backend.activities.tables import Activity
from backend.staff.tables import StaffMember


class Invitation(Table):
    """Who was expected at an activity (invited by an officer, or self-registered)."""

    activity = ForeignKey(Activity, null=False, index=True, on_delete=OnDelete.restrict)
    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=16, default="invited")
    invited_at = Timestamptz()
    # one row per (activity, staff_member): unique index invitation_activity_staff


class Attendance(Table):
    """Who was there: one row per invited or walk-in person at a held activity."""

    activity = ForeignKey(Activity, null=False, index=True, on_delete=OnDelete.restrict)
    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=16)
    drill_role = Varchar(length=32, default="")
    credits_earned = Numeric(digits=(5, 1), null=True, default=None)
    recorded_at = Timestamptz()
    # one row per (activity, staff_member): unique index attendance_activity_staff

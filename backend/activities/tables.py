from piccolo.columns import (
    UUID,
    Boolean,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from backend.auth.tables import User
from backend.institutions.tables import Department, Institution, Jurisdiction
from backend.staff.tables import StaffMember


class Activity(Table):
    """One scheduled occurrence: a drill, a meeting, a CME session, a clinic day...

    Hosted by an institution, or (regional drills, work meetings) by a commission's
    jurisdiction. Times are stored in UTC and shown in Asia/Shanghai.
    """

    uid = UUID(unique=True)  # calendar UID: never changes for the life of the activity
    kind = Varchar(length=32, index=True)
    topic = Varchar(length=32, default="")
    title = Varchar(length=200)
    host_institution = ForeignKey(Institution, null=True, index=True, on_delete=OnDelete.restrict)
    host_jurisdiction = ForeignKey(Jurisdiction, null=True, index=True, on_delete=OnDelete.restrict)
    host_department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    place = Varchar(length=200, default="")
    # indexed by migration 2026-12-02T01:15 (activity_facilitator), with two judging indexes
    facilitator = ForeignKey(StaffMember, null=True, on_delete=OnDelete.set_null)
    facilitator_name = Varchar(length=100, default="")
    capacity = Integer(null=True, default=None)
    status = Varchar(length=16, index=True, default="planned")
    cancel_reason = Text(default="")
    unannounced = Boolean(default=False)
    credit_class = Varchar(length=16, default="")
    credits = Numeric(digits=(5, 1), null=True, default=None)
    sequence = Integer(default=0)  # bumped on every change of time, place or status
    series_uid = UUID(null=True, default=None)
    notes = Text(default="")
    # Why the officer booked despite a double booking of a person, room or facilitator; kept.
    conflict_override_reason = Text(default="")
    booked_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()

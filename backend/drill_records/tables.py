from piccolo.columns import (
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from backend.activities.tables import Activity
from backend.auth.tables import User
from backend.staff.tables import StaffMember


class DrillRecord(Table):
    """The record of one held drill. Its content lives in versions; `current_version` is the
    one in force. A submitted record is locked: a change is an amendment (a new version)."""

    activity = ForeignKey(Activity, null=False, unique=True, on_delete=OnDelete.restrict)
    status = Varchar(length=16, default="draft")  # draft | submitted
    current_version = Integer(default=1)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    submitted_at = Timestamptz(null=True, default=None)


class DrillRecordVersion(Table):
    """One version of a record's content, as JSON (scenario, team, timings, debrief). Version 1
    is the draft until submission; each amendment adds the next, with its reason and author."""

    record = ForeignKey(DrillRecord, null=False, index=True, on_delete=OnDelete.cascade)
    version = Integer()
    content = Text()  # JSON, see drill_records/schemas.py RecordContent
    reason = Text(default="")  # why it was amended ("" for version 1)
    author = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    # one row per (record, version): unique index drill_record_version_record_version


class CorrectiveAction(Table):
    """A problem found in a drill and what will be done about it, by whom, by when."""

    record = ForeignKey(DrillRecord, null=False, index=True, on_delete=OnDelete.cascade)
    description = Text()
    owner = ForeignKey(StaffMember, null=True, on_delete=OnDelete.set_null)
    owner_name = Varchar(length=100, default="")
    due_on = Date()
    status = Varchar(length=16, default="open")  # open | done | dropped
    follow_up = Text(default="")
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class RecordEvidence(Table, tablename="record_evidence"):
    """A photo or scanned sheet attached to a record; the file sits outside the web root."""

    record = ForeignKey(DrillRecord, null=False, index=True, on_delete=OnDelete.cascade)
    filename = Varchar(length=200)
    content_type = Varchar(length=64)
    size = Integer()
    sha256 = Varchar(length=64)
    stored_name = Varchar(length=100)  # name inside the evidence folder (sha256 + extension)
    uploaded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    uploaded_at = Timestamptz()

"""Competencies: who has shown what, when. The framework (which competencies exist, who must
hold them, how long an assessment stays valid) is data in seeds/competencies/ (framework.py);
these tables hold the evidence about people.

Every piece of evidence about one person and one competency is a `CompetencyAssessment` row,
whatever proved it: a drill record (written when the record is submitted or amended, from the
version in force), an exam or skills station (`CompetencyExam`, one row per person who sat it),
or an external certificate the officer confirmed (`CompetencyCertificate`). `valid_until` is
fixed when the row is written, by the framework version in force on `assessed_on`, so a later
framework version changes what new assessments prove, never what old ones did.
"""

from piccolo.columns import (
    Boolean,
    Date,
    Float,
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
from backend.drill_records.tables import DrillRecord
from backend.institutions.tables import Institution
from backend.staff.tables import StaffMember


class CompetencyExam(Table):
    """A written exam or a skills station an institution held for one competency; its scores
    are the assessments pointing at it."""

    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    competency = Varchar(length=64)  # framework id
    kind = Varchar(length=16)  # written | skills_station
    title = Varchar(length=200)
    held_on = Date()  # CST date
    activity = ForeignKey(Activity, null=True, on_delete=OnDelete.set_null)  # e.g. a staff_exam
    max_score = Float(default=100.0)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CompetencyCertificate(Table):
    """A certificate from an external course (e.g. a provincial neonatal-resuscitation course),
    uploaded by the staff member, confirmed or rejected by the institution's officer."""

    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    competency = Varchar(length=64)
    issuer = Varchar(length=200)
    certificate_number = Varchar(length=100, default="")
    issued_on = Date()
    expires_on = Date()
    status = Varchar(length=16, default="pending")  # pending | confirmed | rejected
    decision_note = Text(default="")
    file_name = Varchar(length=200, default="")
    stored_name = Varchar(length=100, default="")  # in the evidence folder
    content_type = Varchar(length=64, default="")
    submitted_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    submitted_at = Timestamptz()
    decided_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)


class CompetencyAssessment(Table):
    """One piece of evidence about one person and one competency (see the module note)."""

    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    competency = Varchar(length=64, index=True)
    method = Varchar(length=16)  # drill | written | skills_station | certificate
    # drill: demonstrated | needs_practice | not_observed; exam: passed | failed;
    # certificate: confirmed
    outcome = Varchar(length=16)
    proves = Boolean(default=False)  # counts towards holding the competency
    assessed_on = Date()  # CST date
    valid_until = Date(null=True, default=None)  # last CST day it proves; None when it doesn't
    score = Float(null=True, default=None)
    comment = Text(default="")
    record = ForeignKey(DrillRecord, null=True, index=True, on_delete=OnDelete.cascade)
    record_version = Integer(null=True, default=None)
    exam = ForeignKey(CompetencyExam, null=True, index=True, on_delete=OnDelete.cascade)
    certificate = ForeignKey(
        CompetencyCertificate, null=True, index=True, on_delete=OnDelete.cascade
    )
    assessor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()

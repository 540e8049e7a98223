from piccolo.columns import Date, ForeignKey, Numeric, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.auth.tables import User
from backend.staff.tables import StaffMember


class CreditCertificate(Table):
    """Credits earned outside drillbook (a provincial course, a national project), claimed by
    the staff member with a certificate and confirmed by the institution's officer."""

    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    title = Varchar(length=200)
    cme_class = Varchar(length=8)  # I | II (the class split of the policy in force that year)
    credits = Numeric(digits=(5, 1))
    earned_on = Date()
    status = Varchar(length=16, default="pending")  # pending | confirmed | rejected
    decision_note = Text(default="")
    file_name = Varchar(length=200, default="")
    stored_name = Varchar(length=100, default="")  # in the evidence folder; "" without a file
    content_type = Varchar(length=64, default="")
    submitted_at = Timestamptz()
    decided_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)

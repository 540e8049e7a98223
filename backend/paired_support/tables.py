from piccolo.columns import Date, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.auth.tables import User
from backend.institutions.tables import Department, Institution
from backend.staff.tables import StaffMember


class PairedSupportAgreement(Table):
    """One supporting institution's commitment to one supported institution for a period."""

    supporting = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    supported = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    starts_on = Date()
    ends_on = Date()
    specialty = Varchar(length=32)
    note = Text(default="")
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class PairedSupportRosterMember(Table):
    """A supporting institution's staff member on an agreement's roster, from joined_on."""

    agreement = ForeignKey(
        PairedSupportAgreement, null=False, index=True, on_delete=OnDelete.cascade
    )
    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    joined_on = Date()
    left_on = Date(null=True, default=None)


class ClinicDay(Table):
    """A day a rostered member works at the supported institution (坐诊): planned ahead or logged
    by the supported institution, then confirmed by the supporting one."""

    agreement = ForeignKey(
        PairedSupportAgreement, null=False, index=True, on_delete=OnDelete.restrict
    )
    day = Date(index=True)  # China Standard Time date
    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.restrict)
    department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    work = Text(default="")  # what was done: outpatients, ward rounds, teaching ...
    status = Varchar(length=16, default="planned")  # planned | held | cancelled
    logged_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    logged_at = Timestamptz()
    confirmed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    confirmed_at = Timestamptz(null=True, default=None)

from piccolo.columns import Date, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from backend.institutions.tables import Department, Institution


class StaffMember(Table):
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    department = ForeignKey(Department, null=True, index=True, on_delete=OnDelete.restrict)
    staff_number = Varchar(length=32)  # 工号: unique within an institution
    name = Varchar(length=100)
    role = Varchar(length=32, index=True)
    title = Varchar(length=32)
    position = Varchar(length=100, default="")  # free text from the roster, e.g. 科主任
    active_from = Date()
    active_to = Date(null=True, default=None)
    updated_at = Timestamptz()
    # staff numbers are unique within an institution: unique index staff_member_institution_number


class LeavePeriod(Table):
    """Long leave (maternity, study, secondment): not counted for staff-level rules."""

    staff_member = ForeignKey(StaffMember, null=False, index=True, on_delete=OnDelete.cascade)
    starts_on = Date()
    ends_on = Date()
    reason = Varchar(length=100, default="")

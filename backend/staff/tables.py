from piccolo.columns import Boolean, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from backend.institutions.tables import Department, Institution


class StaffMember(Table):
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    department = ForeignKey(Department, null=True, index=True, on_delete=OnDelete.restrict)
    staff_number = Varchar(length=32)  # 工号: unique within an institution
    name = Varchar(length=100)
    # name's pinyin (core.chinese_order.pinyin_text): lists order by it; set by every writer
    name_pinyin = Varchar(length=600, default="", index=True)
    role = Varchar(length=32, index=True)
    title = Varchar(length=32)
    position = Varchar(length=100, default="")  # free text from the roster, e.g. 科主任
    # takes night shifts (值夜班): competency coverage thresholds may count only these people
    night_shifts = Boolean(default=False)
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


class RosterImportJob(Table):
    """A roster upload the page follows while it is checked and applied (roster_service.py): in
    the database so that any worker process answers the polls and a restart remembers it."""

    id = Varchar(length=32, primary_key=True)
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.cascade)
    file_name = Text()
    state = Varchar(length=16)  # validating | applying | done | rejected | failed
    total_rows = Integer()
    processed_rows = Integer(default=0)
    created_count = Integer(null=True, default=None)  # the result, once done
    updated_count = Integer(null=True, default=None)
    unchanged_count = Integer(null=True, default=None)
    errors = Text(default="[]")  # the rejected rows, JSON
    worker = Varchar(length=300)  # host:pid of the process running it
    # backend.auth.tables imports this module: a lazy reference avoids the cycle
    started_by = ForeignKey(
        LazyTableReference("User", module_path="backend.auth.tables"),
        null=True,
        on_delete=OnDelete.set_null,
    )
    created_at = Timestamptz(index=True)
    updated_at = Timestamptz()  # the heartbeat of the worker running it

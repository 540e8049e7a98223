from datetime import date
from typing import Annotated

import msgspec

from backend.institutions.schemas import ONE_LINE
from backend.staff.vocabulary import ProfessionalTitle, StaffRole

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=ONE_LINE)]
Position = Annotated[str, msgspec.Meta(max_length=100, pattern=ONE_LINE)]  # the column's length
StaffNumber = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


class StaffIn(msgspec.Struct, forbid_unknown_fields=True):
    staff_number: StaffNumber
    name: Name
    role: StaffRole
    title: ProfessionalTitle
    active_from: date
    department_id: int | None = None
    active_to: date | None = None
    position: Position = ""


class StaffPatch(msgspec.Struct, forbid_unknown_fields=True):
    staff_number: StaffNumber | Unset = UNSET
    name: Name | Unset = UNSET
    role: StaffRole | Unset = UNSET
    title: ProfessionalTitle | Unset = UNSET
    department_id: int | None | Unset = UNSET
    active_from: date | Unset = UNSET
    active_to: date | None | Unset = UNSET
    position: Position | Unset = UNSET


class LeaveIn(msgspec.Struct, forbid_unknown_fields=True):
    starts_on: date
    ends_on: date
    reason: str = ""


class LeaveOut(msgspec.Struct):
    id: int
    starts_on: date
    ends_on: date
    reason: str


class StaffOut(msgspec.Struct):
    id: int
    institution_id: int
    institution_name: str
    department_id: int | None
    department_name: str | None
    staff_number: str
    name: str
    role: str
    title: str
    position: str
    active_from: date
    active_to: date | None
    leave: list[LeaveOut]


class StaffPage(msgspec.Struct):
    items: list[StaffOut]
    total: int
    page: int
    page_size: int

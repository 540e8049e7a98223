import unicodedata
from datetime import date
from typing import Annotated

import msgspec

from backend.institutions.schemas import ONE_LINE
from backend.staff.vocabulary import ProfessionalTitle, StaffRole

# One line with something on it besides spaces (half- or full-width).
FILLED_LINE = r"^[ \u3000]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*(?![\s\S])"
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=FILLED_LINE)]
Position = Annotated[str, msgspec.Meta(max_length=100, pattern=ONE_LINE)]  # the column's length
StaffNumber = Annotated[str, msgspec.Meta(min_length=1, max_length=32, pattern=FILLED_LINE)]


def tidy(staff_number: str, name: str) -> tuple[str, str]:
    """Numbers typed with a Chinese input method (Ａ００１, １２３) are the ASCII ones (NFKC), so
    they cannot make a second person of the same number; spaces around either are dropped."""
    return unicodedata.normalize("NFKC", staff_number).strip(), name.strip(" \u3000")


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
    night_shifts: bool = False  # takes night shifts (值夜班)

    def __post_init__(self) -> None:
        self.staff_number, self.name = tidy(self.staff_number, self.name)


class StaffPatch(msgspec.Struct, forbid_unknown_fields=True):
    staff_number: StaffNumber | Unset = UNSET
    name: Name | Unset = UNSET
    role: StaffRole | Unset = UNSET
    title: ProfessionalTitle | Unset = UNSET
    department_id: int | None | Unset = UNSET
    active_from: date | Unset = UNSET
    active_to: date | None | Unset = UNSET
    position: Position | Unset = UNSET
    night_shifts: bool | Unset = UNSET

    def __post_init__(self) -> None:
        if self.staff_number is not UNSET:
            self.staff_number = tidy(self.staff_number, "")[0]
        if self.name is not UNSET:
            self.name = tidy("", self.name)[1]


class LeaveIn(msgspec.Struct, forbid_unknown_fields=True):
    starts_on: date
    ends_on: date
    reason: Annotated[str, msgspec.Meta(max_length=100)] = ""  # the column's length


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
    night_shifts: bool = False


class StaffPage(msgspec.Struct):
    items: list[StaffOut]
    total: int
    page: int
    page_size: int

"""Paired support's API shapes."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import msgspec

Specialty = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
Work = Annotated[str, msgspec.Meta(max_length=2000)]


class ClinicDayStatus(StrEnum):
    planned = "planned"
    held = "held"


class AgreementIn(msgspec.Struct, forbid_unknown_fields=True):
    supporting_id: int
    supported_id: int
    starts_on: date
    ends_on: date
    specialty: Specialty
    note: Note = ""


class RosterMemberIn(msgspec.Struct, forbid_unknown_fields=True):
    staff_id: int
    joined_on: date | None = None  # default: today (or the agreement's start if later)


class ClinicDayIn(msgspec.Struct, forbid_unknown_fields=True):
    day: date
    staff_id: int
    department_id: int | None = None
    work: Work = ""
    status: ClinicDayStatus = ClinicDayStatus.planned


class InstitutionBrief(msgspec.Struct):
    id: int
    name: str


class RosterMemberOut(msgspec.Struct):
    id: int
    staff_id: int
    name: str
    title: str
    title_label: str
    department: str
    joined_on: date
    left_on: date | None


class ClinicDayOut(msgspec.Struct):
    id: int
    agreement_id: int
    day: date
    week: str
    staff_id: int
    staff_name: str
    department_id: int | None
    department: str
    work: str
    status: str
    confirmed: bool
    confirmed_at: datetime | None
    logged_at: datetime


class WeekOut(msgspec.Struct):
    week: str  # 2026-W14
    starts_on: date
    status: str  # met | partly_met | gap | due_soon | planned | not_applicable
    holiday: bool  # a statutory holiday week (no working day)
    clinic_days: int  # held and confirmed
    reason_zh: str
    reason_en: str


class RosterRule(msgspec.Struct):
    min_size: int
    max_size: int | None
    min_title: str
    min_title_label: str
    qualifying_titles: list[str] = []  # the titles at or above min_title (the roster's choices)


class AgreementOut(msgspec.Struct):
    id: int
    supporting: InstitutionBrief
    supported: InstitutionBrief
    starts_on: date
    ends_on: date
    specialty: str
    note: str
    roster_size: int
    roster_short: bool
    rule: RosterRule
    # what the viewer may do: the page shows only the buttons that will work
    may_edit_roster: bool = False
    may_log: bool = False
    may_plan: bool = False
    may_confirm: bool = False


class AgreementDetail(AgreementOut, kw_only=True):
    roster: list[RosterMemberOut]
    clinic_days: list[ClinicDayOut]
    weeks: list[WeekOut]


class CandidateOut(msgspec.Struct):
    """An institution the agreement form offers as the supported one."""

    id: int
    name: str
    kind: str
    jurisdiction: str

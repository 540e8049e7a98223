"""The planner's database side: the institution's rules in, proposals out; accepted ones booked."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import msgspec

from backend.activities.booking import prepare, write
from backend.activities.schemas import ActivityIn, Invitees
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, may_book_for, visible_institution
from backend.compliance.profiles import institution_rules
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.working_days import HolidayCalendarError, WorkCalendar, work_calendar
from backend.institutions.tables import Institution
from backend.rules.catalogue import default_catalogue
from backend.year_plan.proposals import PlanOptions, propose_year
from backend.year_plan.schemas import AcceptIn, AcceptOut, YearPlanOut

FIRST_YEAR, YEARS_AHEAD = 2018, 5


def _note(calendar: WorkCalendar) -> tuple[str, str]:
    year = calendar.year
    if calendar.source == "weekends_only":
        return (
            f"尚无{year}年法定节假日安排：只避开了周末，节假日和调休未计入，请自行核对。"
            "国务院公布安排后，由系统管理员补充。",
            f"China's {year} public-holiday schedule is not known yet: only weekends are avoided; "
            "check the dates yourself. Your administrator adds it once the State Council "
            "publishes it.",
        )
    if calendar.source == "seed_file":
        return (
            f"按“{calendar.citation}”避开法定节假日，调休上班日计为工作日。",
            f"Public holidays from “{calendar.citation}”; make-up working days count as working days.",
        )
    return (
        f"已避开{year}年法定节假日，调休上班日计为工作日（chinesecalendar）。",
        f"{year} public holidays avoided; make-up working days count (chinesecalendar).",
    )


def _calendar(year: int) -> WorkCalendar:
    try:
        return work_calendar(year)
    except HolidayCalendarError as exc:
        raise InvalidInput("holiday_file_invalid", problem=str(exc)) from exc


async def year_plan(
    viewer: Viewer, institution_id: int, year: int, today: date, night: bool, weekend: bool
) -> YearPlanOut:
    visible_institution(viewer, institution_id)
    if not await Institution.exists().where(Institution.id == institution_id):
        raise NotFound("unknown_institution", id=institution_id)
    if viewer.role == UserRole.staff:  # the officer's planning tool
        raise Forbidden("forbidden")
    if not FIRST_YEAR <= year <= today.year + YEARS_AHEAD:
        raise InvalidInput("year_out_of_range", first=FIRST_YEAR, last=today.year + YEARS_AHEAD)
    calendar = _calendar(year)
    rules = await institution_rules(institution_id, default_catalogue())
    options = PlanOptions(today + timedelta(days=1), night, weekend, seed=institution_id)
    proposals = propose_year(rules, year, calendar, options)
    zh, en = _note(calendar)
    return YearPlanOut(
        institution_id=institution_id,
        year=year,
        calendar_source=calendar.source,
        calendar_note_zh=zh,
        calendar_note_en=en,
        proposals=proposals,
    )


async def accept(viewer: Viewer, institution_id: int, data: AcceptIn, now: datetime) -> AcceptOut:
    """Book every accepted proposal, inviting the roles it needs; all or nothing."""
    visible_institution(viewer, institution_id)
    if not await may_book_for(viewer, institution_id, None):
        raise Forbidden("forbidden")
    bookings = []
    for item in data.items:
        booking = ActivityIn(
            kind=item.kind,
            title=item.title,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            topic=item.topic or None,
            host_institution_id=institution_id,
            place=item.place,
            invite=Invitees(roles=item.invite_roles) if item.invite_roles else None,
            notes=_plan_note(item.rule_id),
            conflict_override_reason=data.conflict_override_reason,
        )
        bookings.append(await prepare(viewer, _checked(booking), now))
    await write(bookings, now)
    ids = [row.id for booking in bookings for row in booking.rows]
    return AcceptOut(created=len(ids), activity_ids=ids)


def _plan_note(rule_id: str) -> str:
    """The booked activity's note names the rule by its name (people never read rule ids)."""
    rule = default_catalogue().rules.get(rule_id)
    return f"由年度计划生成（{rule.name_zh}）" if rule else "由年度计划生成"


def _checked(booking: ActivityIn) -> ActivityIn:
    """Kind and topic arrive as plain text from the plan: validate them like a booking."""
    try:
        return msgspec.convert(msgspec.to_builtins(booking), ActivityIn)
    except msgspec.ValidationError as exc:
        # name the field ("... - at `$.kind`", "missing required field `title`"), never
        # msgspec's wording
        named = re.findall(r"`\$?\.?([A-Za-z_][\w.\[\]]*)`", str(exc))
        raise InvalidInput("invalid_input", fields=named[-1] if named else "-") from exc

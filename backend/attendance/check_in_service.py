"""Self check-in: the officer's screen shows a code that changes every 30 s; a staff member scans
it with their phone, logged in, and is marked present at that moment."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from weakref import WeakValueDictionary

from backend.activities.checks import editable_activity
from backend.activities.service import ACTIVITY_COLUMNS, visible_activity
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.check_in import (
    OPENS_BEFORE_START,
    IssuedCode,
    Window,
    check_in_window,
    make_code,
    read_code,
    read_hold,
    shown_time,
)
from backend.attendance.invitees import in_view
from backend.attendance.recording import lock_activity, mark_present
from backend.attendance.sheet_checks import on_the_list
from backend.attendance.sign_in_import import Expected, SheetRow, check_sheet, read_sheet
from backend.attendance.sign_in_sheet import SheetActivity, SheetPerson, render_sheet
from backend.attendance.tables import Attendance, Invitation
from backend.attendance.vocabulary import ATTENDED, HOLDS_A_SEAT
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.calendar_feeds.words import label
from backend.core.chinese_order import pinyin_key
from backend.core.clock import SHANGHAI
from backend.core.database import transaction
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.messages import render
from backend.staff.spreadsheet import off_the_loop
from backend.staff.tables import StaffMember


@dataclass(frozen=True)
class OfficerCode:
    issued: IssuedCode
    window: Window
    window_state: str  # message code: check_in_window_open | _later | _over
    window_params: dict[str, str]


async def officer_code(viewer: Viewer, activity_id: int, secret: str, now: datetime) -> OfficerCode:
    """The code for the screen at the venue (host's officer or admin), with the window it works in.
    Outside the window the code is still given, and the answer says when the window is."""
    row = await editable_activity(viewer, activity_id)
    window = check_in_window(row["starts_at"], row["ends_at"])
    if now < window.opens_at:
        minutes = int(OPENS_BEFORE_START.total_seconds() // 60)
        state, params = "check_in_window_later", {"opens_at": shown_time(window.opens_at),
                                                  "minutes": str(minutes)}  # fmt: skip
    elif now > window.closes_at:
        state, params = "check_in_window_over", {"closes_at": shown_time(window.closes_at)}
    else:
        state, params = "check_in_window_open", {"closes_at": shown_time(window.closes_at)}
    return OfficerCode(make_code(secret, activity_id, now), window, state, params)


@dataclass(frozen=True)
class CheckedIn:
    activity: dict  # the activity row with its host's name
    checked_in_at: datetime


async def check_in(
    viewer: Viewer, code: str, secret: str, now: datetime, hold: str = ""
) -> CheckedIn:
    """Mark the scanning staff member present, or refuse with the reason (a 4xx). `hold`: the
    scan kept while the person logged in (check_in.make_hold), instead of the code."""
    activity_id = read_hold(secret, hold, now) if hold else read_code(secret, code, now)
    if viewer.staff_member_id is None:
        raise InvalidInput("check_in_needs_staff_member")
    row = await Activity.select(*ACTIVITY_COLUMNS).where(Activity.id == activity_id).first()
    if row is None:
        raise NotFound("unknown_activity", id=activity_id)
    _open_for_check_in(row, now)
    staff_id = viewer.staff_member_id
    walk_in = await _walk_in(row, staff_id)
    async with _queue(activity_id), transaction():
        await lock_activity(activity_id)  # a second scan racing this one waits, then sees it
        await _not_yet_present(activity_id, staff_id)
        await mark_present(activity_id, staff_id, now, viewer.user_id, now, walk_in)
    return CheckedIn(row, now)


# Scans of one activity wait for each other here, first come first served, before asking the
# database for its lock. Without it, a room scanning at once on SQLite waits in SQLite's busy
# handler, which polls: latecomers overtake, and an unlucky scan waited 30 s in `drillbook bench
# check-in`. Per process; the database lock still serialises across processes.
_QUEUES: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()


def _queue(activity_id: int) -> asyncio.Lock:
    queue = _QUEUES.get(activity_id)
    if queue is None:
        queue = _QUEUES[activity_id] = asyncio.Lock()
    return queue


def _open_for_check_in(row: dict, now: datetime) -> None:
    if row["status"] == ActivityStatus.cancelled.value:
        raise Conflict("check_in_activity_cancelled")
    window = check_in_window(row["starts_at"], row["ends_at"])
    if now < window.opens_at:
        raise Conflict(
            "check_in_not_open",
            opens_at=shown_time(window.opens_at),
            starts_at=shown_time(row["starts_at"]),
        )
    if now > window.closes_at:
        raise Conflict("check_in_closed", closes_at=shown_time(window.closes_at))


async def _walk_in(row: dict, staff_id: int) -> bool:
    """False: on the invitation list; True: not on it but staff of the host institution (walk-ins
    are the host's own); anyone else is refused."""
    if staff_id in await on_the_list(row["id"]):
        return False
    host = row["host_institution"]
    if host is not None and await StaffMember.exists().where(
        (StaffMember.id == staff_id) & (StaffMember.institution == host)
    ):
        return True
    raise Forbidden("check_in_not_expected")


async def _not_yet_present(activity_id: int, staff_id: int) -> None:
    present = (
        await Attendance.select(Attendance.status, Attendance.checked_in_at, Attendance.recorded_at)
        .where((Attendance.activity == activity_id) & (Attendance.staff_member == staff_id))
        .first()
    )
    if present is None or present["status"] not in ATTENDED:
        return
    if present["checked_in_at"] is not None:
        raise Conflict("check_in_already", time=shown_time(present["checked_in_at"]))
    raise Conflict("check_in_already_recorded", time=shown_time(present["recorded_at"]))


# --- the paper sheet and its import --------------------------------------------------------


async def _people_on_the_list(activity_id: int) -> list[dict]:
    """Invited and registered people, and anyone already recorded (walk-ins), with their
    department and the drill role recorded for them."""
    on_list = await Invitation.select(Invitation.staff_member).where(
        (Invitation.activity == activity_id) & Invitation.status.is_in(sorted(HOLDS_A_SEAT))
    )
    recorded = await Attendance.select(Attendance.staff_member, Attendance.drill_role).where(
        Attendance.activity == activity_id
    )
    roles = {row["staff_member"]: row["drill_role"] for row in recorded}
    ids = {row["staff_member"] for row in on_list} | roles.keys()
    people = await StaffMember.select(
        StaffMember.id, StaffMember.name, StaffMember.staff_number, StaffMember.role,
        StaffMember.institution, StaffMember.department.name_zh.as_alias("department_name"),
    ).where(StaffMember.id.is_in(sorted(ids) or [0]))  # fmt: skip
    for person in people:
        person["drill_role"] = roles.get(person["id"], "")
    return sorted(
        people, key=lambda p: (pinyin_key(p["department_name"]), p["staff_number"], p["id"])
    )


async def sheet_file(viewer: Viewer, activity_id: int, page_url: str) -> tuple[bytes, str]:
    """(PDF bytes, file name): the host's officer and those who oversee it may print it."""
    await visible_activity(viewer, activity_id)
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    row = await Activity.select(*ACTIVITY_COLUMNS).where(Activity.id == activity_id).first()
    listed, others = in_view(viewer, row, await _people_on_the_list(activity_id))
    people = [
        SheetPerson(
            name=p["name"],
            staff_number=p["staff_number"],
            department=p["department_name"] or "",
            role=label("drill_role", p["drill_role"]) or label("staff_role", p["role"]),
        )
        for p in listed
    ]
    activity = SheetActivity(
        title=row["title"],
        host=row["host_institution_name"] or row["host_jurisdiction_name"] or "",
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        place=row["place"],
        check_in_page_url=page_url,
    )
    day = row["starts_at"].astimezone(SHANGHAI).date().isoformat()
    return render_sheet(activity, people, others), quote(f"签到表-{row['title']}-{day}.pdf")


async def _who_may_appear(row: dict) -> dict[str, list[Expected]]:
    """Staff number -> people with it: the list (any institution) and the host's staff."""
    on_list = StaffMember.id.is_in(sorted(await on_the_list(row["id"])) or [0])
    if row["host_institution"] is not None:
        on_list = on_list | (StaffMember.institution == row["host_institution"])
    people: dict[str, list[Expected]] = {}
    for person in await StaffMember.select(
        StaffMember.id, StaffMember.name, StaffMember.staff_number
    ).where(on_list):
        people.setdefault(person["staff_number"], []).append(Expected(person["id"], person["name"]))
    return people


async def import_sheet(
    viewer: Viewer, activity_id: int, content: bytes, file_name: str, now: datetime,
    dry_run: bool, lang: str,
) -> list[SheetRow]:  # fmt: skip
    """Everyone on the typed-up sheet marked present at their time, in one transaction; or,
    when any row is wrong, nothing written and every wrong row listed (400)."""
    row = await editable_activity(viewer, activity_id)
    if row["starts_at"] > now:
        raise Conflict("sign_in_before_start")
    raw = await off_the_loop(read_sheet, content, file_name)  # a big file blocks no one
    days = (
        row["starts_at"].astimezone(SHANGHAI).date(),
        row["ends_at"].astimezone(SHANGHAI).date(),
    )
    check = check_sheet(raw, await _who_may_appear(row), days, now)
    if check.errors:
        details = [
            {"row": e.row, "column": e.column, "code": e.code,
             "message": render(e.code, lang, **e.params)}
            for e in check.errors
        ]  # fmt: skip
        raise InvalidInput(
            "sign_in_rejected", details=details, count=len({e.row for e in check.errors})
        )
    if not dry_run:
        async with transaction():
            for entry in check.rows:
                await mark_present(
                    activity_id, entry.staff_id, now, actor=viewer.user_id,
                    checked_in_at=entry.checked_in_at,
                )  # fmt: skip
    return check.rows

"""Gathering the year's credit entries of many people at once: three queries, never one a person.

`Who` narrows every query the same way: some staff members, or everyone of some institutions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.tables import Attendance
from backend.core.clock import SHANGHAI, end_of_day_utc, start_of_day_utc
from backend.core.database import read_concurrently
from backend.credits.ledger import CreditEntry
from backend.credits.policy import CreditPolicy
from backend.credits.tables import CreditCertificate
from backend.staff.tables import StaffMember


@dataclass(frozen=True)
class Who:
    staff_ids: tuple[int, ...] = ()
    institution_ids: tuple[int, ...] = ()


def _people(column, who: Who):
    """`column` is a staff-member foreign key. A sub-select rather than a join, so the database
    starts from the people's own rows (indexed) instead of every row of the year."""
    if who.institution_ids:
        staff = StaffMember.select(StaffMember.id).where(
            StaffMember.institution.is_in(list(who.institution_ids))
        )
        return column.is_in(staff)
    return column.is_in(list(who.staff_ids) or [0])


async def entries_by_staff(
    who: Who, year: int, policy: CreditPolicy
) -> dict[int, list[CreditEntry]]:
    """Attendance at held sessions carrying credits, sessions presented, confirmed certificates:
    everything of the year that may earn credits, by staff member id."""
    # three independent reads at once: on SQLite each is its own connection and thread
    attended, presented, certified = await read_concurrently(
        _attended(who, year, policy), _presented(who, year, policy), _certified(who, year)
    )
    found: dict[int, list[CreditEntry]] = {}
    for staff_id, entry in [*attended, *presented, *certified]:
        found.setdefault(staff_id, []).append(entry)
    for entries in found.values():
        # the database returns rows in no promised order; the ledger (caps) and the findings
        # that list entries must not depend on it
        entries.sort(key=lambda e: (e.on, e.source, e.ref_id))
    return found


def _in_year(starts_at, year: int):
    return (starts_at >= start_of_day_utc(date(year, 1, 1))) & (
        starts_at < end_of_day_utc(date(year, 12, 31))
    )


def _session_entry(source, row: dict, prefix: str, policy: CreditPolicy, status: str = ""):
    credits = row[f"{prefix}credits"]
    if credits is None and not policy.hours_per_credit:
        return None
    starts, ends = row[f"{prefix}starts_at"], row[f"{prefix}ends_at"]
    return CreditEntry(
        source=source,
        ref_id=row[f"{prefix}id"],
        title=row[f"{prefix}title"],
        on=starts.astimezone(SHANGHAI).date(),
        credit_class=row[f"{prefix}credit_class"],
        credits=float(credits or 0),
        hours=round((ends - starts).total_seconds() / 3600, 2),
        status=status,
    )


async def _attended(who: Who, year: int, policy: CreditPolicy) -> list[tuple[int, CreditEntry]]:
    a = Attendance.activity
    rows = await Attendance.select(
        Attendance.staff_member, Attendance.status, a.id, a.title, a.starts_at, a.ends_at,
        a.credit_class, a.credits,
    ).where(
        _people(Attendance.staff_member, who)
        & (a.status == ActivityStatus.held.value)
        & (a.credit_class != "")
        & _in_year(a.starts_at, year)
    )  # fmt: skip
    found = []
    entries: dict[tuple[int, str], CreditEntry | None] = {}  # one per session and status
    for row in rows:
        key = (row["activity.id"], row["status"])
        if key not in entries:
            entries[key] = _session_entry("attendance", row, "activity.", policy, row["status"])
        if entries[key] is not None:
            found.append((row["staff_member"], entries[key]))
    return found


async def _presented(who: Who, year: int, policy: CreditPolicy) -> list[tuple[int, CreditEntry]]:
    rows = await Activity.select(
        Activity.facilitator, Activity.id, Activity.title, Activity.starts_at, Activity.ends_at,
        Activity.credit_class, Activity.credits,
    ).where(
        _people(Activity.facilitator, who)
        & (Activity.status == ActivityStatus.held.value)
        & (Activity.credit_class != "")
        & _in_year(Activity.starts_at, year)
    )  # fmt: skip
    found = []
    for row in rows:
        entry = _session_entry("presentation", row, "", policy)
        if entry is not None:
            found.append((row["facilitator"], entry))
    return found


async def _certified(who: Who, year: int) -> list[tuple[int, CreditEntry]]:
    c = CreditCertificate
    rows = await c.select(
        c.staff_member, c.id, c.title, c.earned_on, c.cme_class, c.credits
    ).where(
        _people(c.staff_member, who)
        & (c.status == "confirmed")
        & (c.earned_on >= date(year, 1, 1))
        & (c.earned_on <= date(year, 12, 31))
    )  # fmt: skip
    return [
        (row["staff_member"],
         CreditEntry("certificate", row["id"], row["title"], row["earned_on"], row["cme_class"],
                     float(row["credits"])))
        for row in rows
    ]  # fmt: skip

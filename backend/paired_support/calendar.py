"""A staff member's clinic days (坐诊) as events of their calendar feed: all-day events at the
supported institution, planned ones and held ones alike (cancelled ones leave the feed)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from backend.calendar_feeds.ics_document import CalendarEvent
from backend.core.clock import end_of_day_utc, start_of_day_utc
from backend.core.periods import local_date
from backend.paired_support.tables import ClinicDay

HISTORY = timedelta(days=180)  # as far back as the feed's activities reach


async def clinic_day_events(owner: dict, now: datetime) -> tuple[str, list[CalendarEvent]]:
    """(a fingerprint of the rows, the events) for a personal feed; nothing for an
    institution's feed."""
    if owner.get("institution") is not None or not owner.get("staff_member"):
        return "", []
    rows = await (
        ClinicDay.select(
            ClinicDay.id,
            ClinicDay.day,
            ClinicDay.status,
            ClinicDay.work,
            ClinicDay.logged_at,
            ClinicDay.confirmed_at,
            ClinicDay.agreement.supported.name_zh.as_alias("supported"),
            ClinicDay.agreement.supported.address.as_alias("address"),
            ClinicDay.agreement.supporting.name_zh.as_alias("supporting"),
            ClinicDay.agreement.specialty.as_alias("specialty"),
            ClinicDay.department.name_zh.as_alias("department"),
        )
        .where(
            (ClinicDay.staff_member == owner["staff_member"])
            & ClinicDay.status.is_in(["planned", "held"])
            & (ClinicDay.day >= local_date(now - HISTORY))
        )
        .order_by(ClinicDay.id)
    )
    digest = hashlib.sha256()
    events = []
    for row in rows:
        changed = row["confirmed_at"] or row["logged_at"]
        digest.update(f"|c{row['id']}:{row['status']}:{changed.isoformat()}".encode())
        lines = [f"对口支援坐诊（{row['specialty']}）", f"支援单位：{row['supporting']}"]
        if row["department"]:
            lines.append(f"科室：{row['department']}")
        if row["work"]:
            lines.append(row["work"])
        place = row["supported"] + (f"（{row['address']}）" if row["address"] else "")
        events.append(
            CalendarEvent(
                uid=f"clinic-day-{row['id']}",
                sequence=0 if row["status"] == "planned" else 1,
                summary=f"对口支援坐诊：{row['supported']}",
                starts_at=start_of_day_utc(row["day"]),
                ends_at=end_of_day_utc(row["day"]),
                location=place,
                description="\n".join(lines),
                last_modified=changed,
                all_day=True,
            )
        )
    return (digest.hexdigest()[:16] if rows else ""), events

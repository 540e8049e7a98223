"""Calendar files from the database: per-activity invites and secret-address subscription feeds.

A feed answers a conditional request from a fingerprint of the rows it would show (ids,
SEQUENCE, last change): a calendar app polling an unchanged feed costs one narrow query and no
rendering. Rendered feeds are remembered by that fingerprint.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from backend.activities.service import ACTIVITY_COLUMNS, hidden_from_staff, visible_activity
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.tables import Invitation
from backend.attendance.vocabulary import HOLDS_A_SEAT
from backend.auth.scope import Viewer, may_book_for
from backend.calendar_feeds.ics_document import CalendarEvent, CalendarUser, feed, invite
from backend.calendar_feeds.tables import CalendarFeed
from backend.calendar_feeds.words import label
from backend.core.clock import SHANGHAI
from backend.core.database import transaction
from backend.core.download_names import file_name
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.sqlite_reader import sqlite_reader
from backend.paired_support.calendar import clinic_day_events
from backend.staff.tables import StaffMember

# Cancelled events stay this long so subscribed calendars learn of the cancellation.
KEEP_CANCELLED = timedelta(days=30)
# How far back a feed reaches (older activities drop out of subscribed calendars).
HISTORY = timedelta(days=180)
TOKEN_BYTES = 32  # 256 bits


def _event(row: dict) -> CalendarEvent:
    kind = label("activity_kind", row["kind"])
    topic = label("drill_topic", row["topic"])
    host = row.get("host_institution_name") or row.get("host_jurisdiction_name") or ""
    lines = [f"类型：{kind}" + (f"（{topic}）" if topic else "")]
    if host:
        lines.append(f"主办：{host}")
    if row["status"] == ActivityStatus.cancelled.value and row["cancel_reason"]:
        lines.append(f"取消原因：{row['cancel_reason']}")
    if row["notes"]:
        lines.append(row["notes"])
    return CalendarEvent(
        uid=str(row["uid"]),
        sequence=row["sequence"],
        summary=row["title"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        location=row["place"],
        description="\n".join(lines),
        cancelled=row["status"] == ActivityStatus.cancelled.value,
        last_modified=row["updated_at"],
    )


# Invitation.reply -> the ATTENDEE's PARTSTAT (RFC 5545 3.2.12)
PARTSTAT = {"accepted": "ACCEPTED", "declined": "DECLINED"}


# RFC 5546 3.2.2 and 3.2.5: a REQUEST and a CANCEL name the ORGANIZER and the ATTENDEEs by a
# calendar address, and calendar apps send iTIP replies there by e-mail. drillbook takes replies
# on its own pages (a decline needs a reason, 请假事由) and hospitals have no mailbox for this, so
# every address is one nobody reads: noreply@ the host people reach drillbook at (the
# operator's own domain, so no outsider ever receives a reply), with RSVP=FALSE on the attendee.
# The CN is what calendar apps show: the host institution, and the person the file is for.
NO_DOMAIN = "drillbook.invalid"  # RFC 2606: never delivers


def mail_domain(public_host: str | None) -> str:
    """The host part of the calendar addresses: the public host, or a reserved non-domain
    (a bare IP address or localhost is no mail domain)."""
    host = (public_host or "").strip("[]")
    return host if host and "." in host and not host.replace(".", "").isdigit() else NO_DOMAIN


def organizer(row: dict, domain: str) -> CalendarUser:
    host = row.get("host_institution_name") or row.get("host_jurisdiction_name") or "drillbook"
    return CalendarUser(host, f"mailto:noreply@{domain}")


async def _attendee(viewer: Viewer, activity_id: int, domain: str) -> CalendarUser:
    if viewer.staff_member_id is None:  # an officer's own copy: the account is the attendee
        return CalendarUser(viewer.display_name, f"mailto:noreply+user-{viewer.user_id}@{domain}")
    person = (
        await StaffMember.select(StaffMember.name)
        .where(StaffMember.id == viewer.staff_member_id)
        .first()
    )
    invitation = (
        await Invitation.select(Invitation.reply)
        .where(
            (Invitation.activity == activity_id)
            & (Invitation.staff_member == viewer.staff_member_id)
        )
        .first()
    )
    reply = invitation["reply"] if invitation else ""
    return CalendarUser(
        person["name"] if person else viewer.display_name,
        f"mailto:noreply+staff-{viewer.staff_member_id}@{domain}",
        PARTSTAT.get(reply, "NEEDS-ACTION"),
    )


async def invite_file(
    viewer: Viewer, activity_id: int, public_host: str | None = None
) -> tuple[bytes, str]:
    """(.ics bytes, file name): METHOD:REQUEST, or METHOD:CANCEL once cancelled, from the host
    institution (ORGANIZER) to the viewer (ATTENDEE, with their reply as PARTSTAT)."""
    await visible_activity(viewer, activity_id)
    row = await Activity.select(*ACTIVITY_COLUMNS).where(Activity.id == activity_id).first()
    domain = mail_domain(public_host)
    event = replace(
        _event(row),
        organizer=organizer(row, domain),
        attendee=await _attendee(viewer, activity_id, domain),
    )
    day = row["starts_at"].astimezone(SHANGHAI).date().isoformat()
    return invite(event, stamp=row["updated_at"]), file_name(row["title"], day, suffix=".ics")


# --- secret addresses -----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedAddress:
    token: str
    created_at: datetime


async def _current(user_id: int, institution_id: int | None) -> dict | None:
    query = CalendarFeed.select().where(
        (CalendarFeed.user == user_id) & CalendarFeed.revoked_at.is_null()
    )
    if institution_id is None:
        query = query.where(CalendarFeed.institution.is_null())
    else:
        query = query.where(CalendarFeed.institution == institution_id)
    return await query.first()


async def _check_owner(viewer: Viewer, institution_id: int | None) -> None:
    if institution_id is None:
        if viewer.staff_member_id is None:
            raise InvalidInput("feed_needs_staff_member")
        return
    if not viewer.sees_institution(institution_id):
        raise NotFound("unknown_institution", id=institution_id)
    if not await may_book_for(viewer, institution_id, None):
        raise Forbidden("forbidden")


async def feed_address(
    viewer: Viewer, institution_id: int | None, now: datetime, rotate: bool = False
) -> FeedAddress:
    """The viewer's own feed (or an institution's, for its officer): made on first request;
    `rotate` revokes the current address and issues a new one."""
    await _check_owner(viewer, institution_id)
    async with transaction():
        current = await _current(viewer.user_id, institution_id)
        if current and not rotate:
            return FeedAddress(current["token"], current["created_at"])
        if current:
            await CalendarFeed.update({CalendarFeed.revoked_at: now}).where(
                CalendarFeed.id == current["id"]
            )
            _OWNERS.pop(current["token"], None)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        await CalendarFeed.insert(
            CalendarFeed(
                token=token, user=viewer.user_id, institution=institution_id, created_at=now
            )
        )
        return FeedAddress(token, now)


# --- the feed itself ------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedResponse:
    etag: str
    body: bytes | None  # None: the client's copy is current (304)


_RENDERED: OrderedDict[str, bytes] = OrderedDict()
_RENDERED_MAX = 512


# token -> (when read, owner row). Rotating in this process forgets the old token at once;
# another worker process may answer for a revoked address for up to OWNER_TTL seconds.
_OWNERS: dict[str, tuple[float, dict]] = {}
OWNER_TTL = 10.0


async def _feed_owner(token: str) -> dict:
    cached = _OWNERS.get(token)
    if cached and time.monotonic() - cached[0] < OWNER_TTL:
        return cached[1]
    row = await _read_owner(token)
    if len(_OWNERS) > 10_000:
        _OWNERS.clear()
    _OWNERS[token] = (time.monotonic(), row)
    return row


async def _read_owner(token: str) -> dict:
    row = await (
        CalendarFeed.select(
            CalendarFeed.id,
            CalendarFeed.institution,
            CalendarFeed.created_at,
            CalendarFeed.user.staff_member.as_alias("staff_member"),
            CalendarFeed.user.role.as_alias("role"),
            CalendarFeed.user.active.as_alias("active"),
            CalendarFeed.institution.name_zh.as_alias("institution_name"),
            CalendarFeed.user.display_name.as_alias("display_name"),
        )
        .where((CalendarFeed.token == token) & CalendarFeed.revoked_at.is_null())
        .first()
    )
    # unknown and revoked look the same: the address tells nothing about what it was
    if row is None or not row["active"]:
        raise NotFound("unknown_calendar_feed")
    return row


def _window(owner: dict, now: datetime):
    recent = (Activity.starts_at >= now - HISTORY) & (
        (Activity.status != ActivityStatus.cancelled.value)
        | (Activity.updated_at >= now - KEEP_CANCELLED)
    )
    if owner["institution"] is not None:
        return recent & (Activity.host_institution == owner["institution"])
    invited = Invitation.select(Invitation.activity).where(
        (Invitation.staff_member == (owner["staff_member"] or 0))
        & Invitation.status.is_in(sorted(HOLDS_A_SEAT))
    )
    return recent & Activity.id.is_in(invited)


def _shown(owner: dict, rows: list[dict]) -> list[dict]:
    if owner["institution"] is not None:
        return rows
    return [row for row in rows if not hidden_from_staff(row)]


def _fingerprint(owner: dict, rows: list[dict], clinic_days: str = "") -> str:
    """Changes whenever an event is added, dropped (out of the window) or changed
    (`clinic_days`: the fingerprint of the person's paired-support clinic days). Events are
    named by uid too: ids come again after a restore (or a test's wipe), uids never do, and a
    rendered feed must not be served for other events that happen to share ids and times."""
    name = f"{owner['id']}:{owner['institution_name']}:{owner['display_name']}"  # the feed's title
    digest = hashlib.sha256(name.encode() + clinic_days.encode())
    for row in rows:
        stamp = row["updated_at"].isoformat()
        digest.update(f"|{row['id']}:{row['uid']}:{row['sequence']}:{stamp}".encode())
    return f'"{digest.hexdigest()[:32]}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


_LIGHT_SQL = """
SELECT id, uid, sequence, updated_at, unannounced, status FROM activity
WHERE starts_at >= ? AND (status != 'cancelled' OR updated_at >= ?) AND {owner}
ORDER BY id
"""
_OWNER_SQL = {
    "institution": "host_institution = ?",
    "staff": "id IN (SELECT activity FROM invitation WHERE staff_member = ? AND status IN ({}))",
}


def _light_rows_sqlite(reader, owner: dict, now: datetime) -> list[dict]:
    """`_window`'s rows, narrow, on the open SQLite connection (same filter, written out)."""
    seated = sorted(HOLDS_A_SEAT)
    if owner["institution"] is not None:
        clause, key = _OWNER_SQL["institution"], owner["institution"]
    else:
        clause = _OWNER_SQL["staff"].format(", ".join("?" * len(seated)))
        key = owner["staff_member"] or 0
    params = [str(now - HISTORY), str(now - KEEP_CANCELLED), key]
    params += seated if owner["institution"] is None else []
    rows = reader.execute(_LIGHT_SQL.format(owner=clause), params).fetchall()
    return [{**dict(row), "updated_at": datetime.fromisoformat(row["updated_at"])} for row in rows]


async def _light_rows(owner: dict, now: datetime, where) -> list[dict]:
    reader = sqlite_reader()
    if reader is not None:
        return _light_rows_sqlite(reader, owner, now)
    return await (
        Activity.select(
            Activity.id,
            Activity.uid,
            Activity.sequence,
            Activity.updated_at,
            Activity.unannounced,
            Activity.status,
        )
        .where(where)
        .order_by(Activity.id)
    )


async def feed_file(
    token: str, now: datetime, if_none_match: str | None, public_host: str | None = None
) -> FeedResponse:
    """The feed's bytes, or None for a 304. Each event names its host as ORGANIZER (RFC 5546
    3.2.1 wants one in PUBLISH too); never an ATTENDEE: a feed is no personal invitation."""
    owner = await _feed_owner(token)
    where = _window(owner, now)
    light = await _light_rows(owner, now, where)
    clinic_tag, clinic_events = await clinic_day_events(owner, now)
    etag = _fingerprint(owner, _shown(owner, light), clinic_tag)
    if _matches(if_none_match, etag):
        return FeedResponse(etag, None)
    if etag in _RENDERED:
        _RENDERED.move_to_end(etag)
        return FeedResponse(etag, _RENDERED[etag])
    rows = _shown(
        owner, await Activity.select(*ACTIVITY_COLUMNS).where(where).order_by(Activity.id)
    )
    etag = _fingerprint(owner, rows, clinic_tag)  # the rows may have changed meanwhile
    stamp = max((row["updated_at"] for row in rows), default=owner["created_at"])
    name = owner["institution_name"] or f"{owner['display_name']}的日程"
    domain = mail_domain(public_host)
    events = [replace(_event(row), organizer=organizer(row, domain)) for row in rows]
    # a clinic day's organiser: the supported institution it is held at (its LOCATION)
    events += [replace(e, organizer=CalendarUser(e.location.split("（")[0],
                                                 f"mailto:noreply@{domain}"))
               for e in clinic_events]  # fmt: skip
    body = feed(events, name=f"drillbook · {name}", stamp=stamp)
    _RENDERED[etag] = body
    if len(_RENDERED) > _RENDERED_MAX:
        _RENDERED.popitem(last=False)
    return FeedResponse(etag, body)

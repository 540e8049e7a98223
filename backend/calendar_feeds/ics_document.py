"""RFC 5545 files for drills: one-event invites and subscription feeds.

Pure functions of their arguments: no database, no clock, no web. Times come in as UTC and are
written in Asia/Shanghai local time with a matching VTIMEZONE, so calendar apps show the hospital's
wall-clock time whatever zone the phone is set to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from backend.core.clock import SHANGHAI

PRODID = "-//drillbook//drillbook 1.0//ZH"
UID_DOMAIN = "drillbook"
REFRESH = "PT1H"  # how often subscribed calendars should fetch the feed again


@dataclass(frozen=True)
class CalendarUser:
    """An ORGANIZER or ATTENDEE: a name and a calendar address (a mailto: URI)."""

    name: str
    address: str
    partstat: str = ""  # ATTENDEE only: NEEDS-ACTION, ACCEPTED, DECLINED


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable for the life of the activity (a UUID string)
    sequence: int  # increases on every change of time, place or status
    summary: str
    starts_at: datetime  # timezone-aware UTC
    ends_at: datetime  # timezone-aware UTC
    location: str = ""
    description: str = ""
    cancelled: bool = False
    last_modified: datetime | None = None  # UTC
    organizer: CalendarUser | None = None
    attendee: CalendarUser | None = None  # the one person a personal invite is for
    all_day: bool = False  # a whole local day (paired-support clinic days): DATE values

    def __post_init__(self) -> None:
        for moment in (self.starts_at, self.ends_at, self.last_modified):
            # a naive time would be read as the server's local zone and shift the drill
            if moment is not None and moment.utcoffset() is None:
                raise ValueError(f"calendar times must be timezone-aware, got {moment!r}")


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped (nothing else)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _fold(line: str) -> bytes:
    """One content line, folded at 75 octets without cutting a UTF-8 character in two."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts, limit = [], 75
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:  # inside a character: step back
            cut -= 1
        parts.append(data[:cut])
        data, limit = data[cut:], 74  # continuation lines start with a space
    return b"\r\n ".join(parts) + b"\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y%m%dT%H%M%S")


_VTIMEZONE = [
    # One STANDARD rule: China has kept +0800 without daylight saving since 1991; a generated
    # VTIMEZONE would carry every historical transition.
    "BEGIN:VTIMEZONE",
    f"TZID:{SHANGHAI.key}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def invite(event: CalendarEvent, *, stamp: datetime) -> bytes:
    """A one-event file for "add to calendar"; a cancelled event is sent as METHOD:CANCEL.

    iTIP (RFC 5546 3.2.2, 3.2.5) requires ORGANIZER and ATTENDEE in a REQUEST and a CANCEL:
    give the event both (libical refuses a REQUEST without ORGANIZER)."""
    lines = _head("CANCEL" if event.cancelled else "REQUEST") + _VTIMEZONE
    return _serialise(lines + _vevent(event, _utc(stamp)))


def feed(events: Iterable[CalendarEvent], *, name: str, stamp: datetime) -> bytes:
    """A subscription feed; cancelled events stay in it with STATUS:CANCELLED."""
    lines = _head("PUBLISH") + [
        f"X-WR-CALNAME:{_escape(name)}",
        f"X-WR-TIMEZONE:{SHANGHAI.key}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
        *_VTIMEZONE,
    ]
    stamped = _utc(stamp)
    for event in _latest_per_uid(events):
        # a feed is one calendar for whoever subscribes: no per-person ATTENDEE (RFC 5546 3.2.1)
        lines += _vevent(replace(event, attendee=None), stamped)
    return _serialise(lines)


def _latest_per_uid(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    # Two VEVENTs with one UID would show the drill twice; the highest SEQUENCE is the current one.
    latest: dict[str, CalendarEvent] = {}
    for event in events:
        if event.uid not in latest or event.sequence > latest[event.uid].sequence:
            latest[event.uid] = event
    return sorted(latest.values(), key=lambda event: (event.starts_at, event.uid))


def _head(method: str) -> list[str]:
    # PRODID, VERSION and METHOD lead: some clients read METHOD only before the first component
    return [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]


def _vevent(event: CalendarEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        *_dates(event),
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        f"SUMMARY:{_escape(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_escape(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_escape(event.description)}")
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{_utc(event.last_modified)}")
    if event.organizer is not None:
        lines.append(f"ORGANIZER;CN={_quoted(event.organizer.name)}:{event.organizer.address}")
    if event.attendee is not None:
        lines.append(_attendee(event.attendee))
    lines.append("END:VEVENT")
    return lines


def _day(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y%m%d")


def _dates(event: CalendarEvent) -> list[str]:
    if event.all_day:  # RFC 5545 3.6.1: DTEND of an all-day event is the next day
        start, end = (_day(moment) for moment in (event.starts_at, event.ends_at))
        return [f"DTSTART;VALUE=DATE:{start}", f"DTEND;VALUE=DATE:{end}"]
    return [
        f"DTSTART;TZID={SHANGHAI.key}:{_local(event.starts_at)}",
        f"DTEND;TZID={SHANGHAI.key}:{_local(event.ends_at)}",
    ]


def _quoted(text: str) -> str:
    """A parameter value in double quotes (Chinese, commas and colons are fine inside); RFC 5545
    has no escape for a double quote or a line break in a parameter, so they are replaced."""
    cleaned = text.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{cleaned}"'


def _attendee(person: CalendarUser) -> str:
    # RSVP=FALSE: replies are made in drillbook (请假 needs a reason), not by calendar e-mail
    return (
        f"ATTENDEE;CN={_quoted(person.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;"
        f"PARTSTAT={person.partstat or 'NEEDS-ACTION'};RSVP=FALSE:{person.address}"
    )


def _serialise(lines: list[str]) -> bytes:
    return b"".join(_fold(line) for line in [*lines, "END:VCALENDAR"])

"""RFC 5545 files for drills: one-event invites and subscription feeds.

Pure functions of their arguments: no database, no clock, no web. Times come in as UTC and are
written in Asia/Shanghai local time with a matching VTIMEZONE, so calendar apps show the hospital's
wall-clock time whatever zone the phone is set to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneStandard, vDuration, vText

from backend.core.clock import SHANGHAI

PRODID = "-//drillbook//drillbook 1.0//ZH"
UID_DOMAIN = "drillbook"
REFRESH = timedelta(hours=1)
_CST = timedelta(hours=8)


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

    def __post_init__(self) -> None:
        for moment in (self.starts_at, self.ends_at, self.last_modified):
            # a naive time would be read as the server's local zone and shift the drill
            if moment is not None and moment.utcoffset() is None:
                raise ValueError(f"calendar times must be timezone-aware, got {moment!r}")


class _Text(vText):
    """TEXT with plain RFC 5545 escaping.

    icalendar's vText first turns a literal backslash-N in the input into a line break, so a
    location such as "C:\\New" would come back as two lines; here the backslash is kept.
    """

    __slots__ = ()

    def to_ical(self) -> bytes:
        text = self.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
        return text.encode(self.encoding)


def invite(event: CalendarEvent, *, stamp: datetime) -> bytes:
    """A one-event file for "add to calendar"; a cancelled event is sent as METHOD:CANCEL."""
    calendar = _calendar("CANCEL" if event.cancelled else "REQUEST")
    calendar.add_component(_vevent(event, stamp))
    return _serialise(calendar)


def feed(events: Iterable[CalendarEvent], *, name: str, stamp: datetime) -> bytes:
    """A subscription feed; cancelled events stay in it with STATUS:CANCELLED."""
    calendar = _calendar("PUBLISH")
    calendar.add("X-WR-CALNAME", _Text(name))
    calendar.add("X-WR-TIMEZONE", _Text(SHANGHAI.key))
    calendar.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    for event in _latest_per_uid(events):
        calendar.add_component(_vevent(event, stamp))
    return _serialise(calendar)


def _latest_per_uid(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    # Two VEVENTs with one UID would show the drill twice; the highest SEQUENCE is the current one.
    latest: dict[str, CalendarEvent] = {}
    for event in events:
        if event.uid not in latest or event.sequence > latest[event.uid].sequence:
            latest[event.uid] = event
    return sorted(latest.values(), key=lambda event: (event.starts_at, event.uid))


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    calendar.add_component(_shanghai_vtimezone())
    return calendar


def _shanghai_vtimezone() -> Timezone:
    # One STANDARD rule: China has kept +0800 without daylight saving since 1991, and
    # icalendar's generated VTIMEZONE would carry every historical transition.
    standard = TimezoneStandard()
    standard.add("DTSTART", datetime(1970, 1, 1))
    standard.add("TZOFFSETFROM", _CST)
    standard.add("TZOFFSETTO", _CST)
    standard.add("TZNAME", "CST")
    timezone = Timezone()
    timezone.add("TZID", SHANGHAI.key)
    timezone.add_component(standard)
    return timezone


def _vevent(event: CalendarEvent, stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("UID", f"{event.uid}@{UID_DOMAIN}")
    vevent.add("DTSTAMP", stamp.astimezone(UTC))
    vevent.add("DTSTART", event.starts_at.astimezone(SHANGHAI))
    vevent.add("DTEND", event.ends_at.astimezone(SHANGHAI))
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("SUMMARY", _Text(event.summary))
    if event.location:
        vevent.add("LOCATION", _Text(event.location))
    if event.description:
        vevent.add("DESCRIPTION", _Text(event.description))
    if event.last_modified is not None:
        vevent.add("LAST-MODIFIED", event.last_modified.astimezone(UTC))
    return vevent


def _serialise(calendar: Calendar) -> bytes:
    # insertion order, so PRODID/VERSION/METHOD lead and each VEVENT reads UID first
    return calendar.to_ical(sorted=False)

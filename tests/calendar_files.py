"""Reading calendar files back with two independent parsers: icalendar and the strict ical."""

from __future__ import annotations

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar


def read_with_icalendar(data: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(data)
    return [
        {
            "uid": str(event["UID"]),
            "sequence": int(event["SEQUENCE"]),
            "status": str(event["STATUS"]),
            "starts_at": event.decoded("DTSTART"),
            "ends_at": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "organizer": _icalendar_person(event.get("ORGANIZER")),
            "attendees": [_icalendar_person(a) for a in _as_list(event.get("ATTENDEE"))],
        }
        for event in calendar.walk("VEVENT")
    ]


def _as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _icalendar_person(address) -> tuple[str, str, str] | None:
    """(address, CN, PARTSTAT) of an ORGANIZER or ATTENDEE; None when absent."""
    if address is None:
        return None
    return (str(address), address.params.get("CN", ""), address.params.get("PARTSTAT", ""))


def _ical_person(address) -> tuple[str, str, str] | None:
    if address is None:
        return None
    return (address.uri, address.common_name or "", address.status or "")


def read_with_ical(data: bytes) -> list[dict[str, object]]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return [
        {
            "uid": event.uid,
            "sequence": event.sequence,
            "status": event.status.value,
            "starts_at": event.dtstart,
            "ends_at": event.dtend,
            "summary": event.summary,
            "location": event.location or "",
            "description": event.description or "",
            "organizer": _ical_person(event.organizer),
            "attendees": [_ical_person(a) for a in event.attendees],
        }
        for event in calendar.events
    ]


def read_both(data: bytes) -> list[dict[str, object]]:
    by_icalendar, by_ical = read_with_icalendar(data), read_with_ical(data)
    assert by_icalendar == by_ical
    for event in by_icalendar:
        for key in ("starts_at", "ends_at"):
            assert event[key].utcoffset() is not None  # aware, so equality with UTC is meaningful
    return by_icalendar

"""Reading calendar files back with three independent parsers: icalendar, the strict ical, and
ics (ics-py), whose reader must agree on what a calendar app shows."""

from __future__ import annotations

import ics
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


def read_with_ics(data: bytes) -> list[dict[str, object]]:
    """What a calendar shows of each event, as ics-py reads it (it has no SEQUENCE)."""
    calendar = ics.Calendar(data.decode("utf-8"))
    return [
        {
            "uid": event.uid,
            "status": event.status,
            "starts_at": event.begin.datetime,
            "ends_at": event.end.datetime,
            "summary": event.name,
            "location": event.location or "",
            "description": event.description or "",
        }
        for event in sorted(calendar.events, key=_file_order(data))
    ]


def _file_order(data: bytes):
    """ics-py keeps events in a set: put them back in the order of their UIDs in the file."""
    text = data.decode("utf-8").replace("\r\n ", "")
    return lambda event: text.index(f"UID:{event.uid}\r\n")


def read_both(data: bytes) -> list[dict[str, object]]:
    by_icalendar, by_ical = read_with_icalendar(data), read_with_ical(data)
    assert by_icalendar == by_ical
    _agree_with_ics(data, by_icalendar)
    for event in by_icalendar:
        for key in ("starts_at", "ends_at"):
            assert event[key].utcoffset() is not None  # aware, so equality with UTC is meaningful
    return by_icalendar


def _agree_with_ics(data: bytes, by_icalendar: list[dict[str, object]]) -> None:
    """ics reads the same events. A text with a backslash in it is left out: ics 0.7.3 unescapes
    "\\\\" last, so our correct "C:\\\\North" comes out as "C:\\", a line break and "orth"."""
    by_ics = read_with_ics(data)
    assert len(by_ics) == len(by_icalendar)
    for theirs, ours in zip(by_ics, by_icalendar, strict=True):
        trusted = [key for key in theirs if "\\" not in str(ours[key])]
        assert {key: theirs[key] for key in trusted} == {key: ours[key] for key in trusted}

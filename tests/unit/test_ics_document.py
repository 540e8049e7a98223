"""The iCalendar files drillbook hands to phones and desktop calendars.

Every file is produced through one drill's life (created, rescheduled, cancelled: SEQUENCE 0, 1,
2) and read back with both icalendar and the stricter ical package.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from backend.calendar_feeds.ics_document import CalendarEvent, CalendarUser, feed, invite
from tests.calendar_files import read_both as _read_both

UID = "3f2c9a4e-8b1d-4c6e-9f0a-1b2c3d4e5f60"
STAMP = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
TRICKY_TEXT = "产科，3楼; A\\B\n第二行, end"
TRICKY_ESCAPED = "产科，3楼\\; A\\\\B\\n第二行\\, end"
HOST = CalendarUser("南禾市妇幼保健院", "mailto:noreply@drillbook.example.cn")
PERSON = CalendarUser("张晓梅", "mailto:noreply+staff-7@drillbook.example.cn", "NEEDS-ACTION")

CREATED = CalendarEvent(
    uid=UID,
    sequence=0,
    summary="产后出血应急演练",
    starts_at=datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
    ends_at=datetime(2026, 3, 2, 2, 30, tzinfo=UTC),
    location="产科示教室",
    description="全体产科医护参加",
    last_modified=datetime(2026, 1, 20, 3, 0, tzinfo=UTC),
    organizer=HOST,
    attendee=PERSON,
)
RESCHEDULED = dataclasses.replace(
    CREATED,
    sequence=1,
    starts_at=datetime(2026, 3, 5, 6, 0, tzinfo=UTC),
    ends_at=datetime(2026, 3, 5, 7, 0, tzinfo=UTC),
    location=TRICKY_TEXT,
    last_modified=datetime(2026, 1, 25, 3, 0, tzinfo=UTC),
)
CANCELLED = dataclasses.replace(
    RESCHEDULED, sequence=2, cancelled=True, last_modified=datetime(2026, 1, 28, 3, 0, tzinfo=UTC)
)
LIFECYCLE = [CREATED, RESCHEDULED, CANCELLED]
STAGES = ["created", "rescheduled", "cancelled"]


def _files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for stage, event in zip(STAGES, LIFECYCLE, strict=True):
        files[f"invite-{stage}"] = invite(event, stamp=STAMP)
        files[f"feed-{stage}"] = feed([event], name="产科演练", stamp=STAMP)
    return files


FILES = _files()


def _expected(event: CalendarEvent, kind: str = "invite") -> dict[str, object]:
    people = [event.attendee] if event.attendee and kind == "invite" else []
    return {
        "uid": f"{event.uid}@drillbook",
        "sequence": event.sequence,
        "status": "CANCELLED" if event.cancelled else "CONFIRMED",
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "summary": event.summary,
        "location": event.location,
        "description": event.description,
        "organizer": (HOST.address, HOST.name, "") if event.organizer else None,
        "attendees": [(p.address, p.name, p.partstat) for p in people],
    }


def _unfolded_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def _vevent_lines(data: bytes) -> list[str]:
    lines = _unfolded_lines(data)
    start = lines.index("BEGIN:VEVENT")
    return lines[start + 1 : lines.index("END:VEVENT", start)]


@pytest.mark.parametrize("name", FILES)
def test_every_file_uses_crlf_and_lines_no_longer_than_75_octets(name):
    data = FILES[name]
    assert data.endswith(b"\r\n")
    physical = data.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line


@pytest.mark.parametrize(
    ("prefix", "boundary_inside_a_character"), [("", False), ("x", True), ("xy", True)]
)
def test_a_long_chinese_description_folds_between_characters_and_reads_back_whole(
    prefix, boundary_inside_a_character
):
    description = prefix + "产后出血抢救流程：" * 30
    content_line = f"DESCRIPTION:{description}".encode()
    cut_is_clean = content_line[:75].decode("utf-8", errors="ignore").encode() == content_line[:75]
    assert cut_is_clean is not boundary_inside_a_character  # the premise of this case

    event = dataclasses.replace(CREATED, description=description)
    data = invite(event, stamp=STAMP)

    physical = data.split(b"\r\n")
    start = next(i for i, line in enumerate(physical) if line.startswith(b"DESCRIPTION:"))
    continuations = []
    for line in physical[start + 1 :]:
        if not line.startswith(b" "):
            break
        continuations.append(line)
    assert len(continuations) >= 10
    for line in [physical[start], *continuations]:
        assert len(line) <= 75
        line.decode("utf-8")  # raises if a fold cut a character in two
    assert all(not line.startswith(b"  ") for line in continuations)
    assert [e["description"] for e in _read_both(data)] == [description]


@pytest.mark.parametrize("name", FILES)
def test_every_file_names_drillbook_and_states_its_method_before_any_event(name):
    lines = _unfolded_lines(FILES[name])
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "PRODID:-//drillbook//drillbook 1.0//ZH" in lines
    assert "VERSION:2.0" in lines
    assert "CALSCALE:GREGORIAN" in lines
    methods = [i for i, line in enumerate(lines) if line.startswith("METHOD:")]
    assert len(methods) == 1
    assert methods[0] < lines.index("BEGIN:VEVENT")


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("invite-created", "REQUEST"),
        ("invite-rescheduled", "REQUEST"),
        ("invite-cancelled", "CANCEL"),
        ("feed-created", "PUBLISH"),
        ("feed-cancelled", "PUBLISH"),
    ],
)
def test_invites_ask_for_a_reply_cancellations_remove_and_feeds_only_publish(name, method):
    assert f"METHOD:{method}" in _unfolded_lines(FILES[name])


def test_a_drill_at_0100_utc_shows_at_0900_hospital_time_on_any_phone():
    lines = _unfolded_lines(FILES["invite-created"])
    assert "DTSTART;TZID=Asia/Shanghai:20260302T090000" in lines
    assert "DTEND;TZID=Asia/Shanghai:20260302T103000" in lines
    start = lines.index("BEGIN:VTIMEZONE")
    assert lines[start : lines.index("END:VTIMEZONE") + 1] == [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


@pytest.mark.parametrize("kind", ["invite", "feed"])
@pytest.mark.parametrize(("stage", "event"), list(zip(STAGES, LIFECYCLE, strict=True)))
def test_each_stage_of_a_drill_reads_back_identically_in_strict_and_lenient_parsers(
    kind, stage, event
):
    assert _read_both(FILES[f"{kind}-{stage}"]) == [_expected(event, kind)]


@pytest.mark.parametrize("field", ["summary", "location", "description"])
def test_commas_semicolons_backslashes_and_line_breaks_in_text_survive(field):
    event = dataclasses.replace(CREATED, **{field: TRICKY_TEXT})
    data = invite(event, stamp=STAMP)
    assert f"{field.upper()}:{TRICKY_ESCAPED}" in _vevent_lines(data)
    assert _read_both(data)[0][field] == TRICKY_TEXT


def test_a_backslash_before_n_in_a_room_name_is_not_turned_into_a_line_break():
    # icalendar's own escaping reads a literal "\N" as a line break; ours must not
    event = dataclasses.replace(CREATED, location="C:\\North 北楼")
    data = invite(event, stamp=STAMP)
    assert "LOCATION:C:\\\\North 北楼" in _vevent_lines(data)
    assert _read_both(data)[0]["location"] == "C:\\North 北楼"


def test_a_rescheduled_drill_replaces_the_event_instead_of_adding_one():
    before = _read_both(FILES["feed-created"])
    after = _read_both(FILES["feed-rescheduled"])
    assert len(after) == 1
    assert after[0]["uid"] == before[0]["uid"]
    assert after[0]["sequence"] > before[0]["sequence"]
    assert after[0]["starts_at"] == RESCHEDULED.starts_at != before[0]["starts_at"]


def test_a_feed_given_old_and_new_versions_of_a_drill_shows_only_the_latest():
    data = feed([RESCHEDULED, CREATED], name="产科演练", stamp=STAMP)
    assert _read_both(data) == [_expected(RESCHEDULED, "feed")]


def test_a_cancelled_drill_is_removed_from_calendars_that_accepted_the_invite():
    events = _read_both(FILES["invite-cancelled"])
    assert events[0]["uid"] == f"{UID}@drillbook"
    assert (events[0]["sequence"], events[0]["status"]) == (2, "CANCELLED")
    assert "METHOD:CANCEL" in _unfolded_lines(FILES["invite-cancelled"])


def test_a_cancelled_drill_stays_in_the_feed_marked_cancelled():
    other = dataclasses.replace(CREATED, uid="9a8b7c6d-0000-4000-8000-000000000001", sequence=0)
    data = feed([CANCELLED, other], name="产科演练", stamp=STAMP)
    statuses = {event["uid"]: event["status"] for event in _read_both(data)}
    assert statuses == {f"{UID}@drillbook": "CANCELLED", f"{other.uid}@drillbook": "CONFIRMED"}


def test_the_feed_tells_calendar_apps_its_name_zone_and_to_refresh_hourly():
    lines = _unfolded_lines(feed([CREATED], name="产科, 演练", stamp=STAMP))
    header = lines[: lines.index("BEGIN:VTIMEZONE")]
    assert "X-WR-CALNAME:产科\\, 演练" in header
    assert "X-WR-TIMEZONE:Asia/Shanghai" in header
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in header
    assert "X-PUBLISHED-TTL:PT1H" in header


def test_dtstamp_is_the_given_moment_in_utc():
    local_stamp = STAMP.astimezone(ZoneInfo("Asia/Shanghai"))
    data = invite(CREATED, stamp=local_stamp)
    assert "DTSTAMP:20260201T080000Z" in _vevent_lines(data)
    assert "LAST-MODIFIED:20260120T030000Z" in _vevent_lines(data)
    assert Calendar.from_ical(data).events[0].decoded("DTSTAMP") == STAMP
    assert IcsCalendarStream.calendar_from_ics(data.decode()).events[0].dtstamp == STAMP


def test_the_same_drills_always_produce_byte_identical_files():
    copy = dataclasses.replace(CREATED)
    other = dataclasses.replace(CREATED, uid="9a8b7c6d-0000-4000-8000-000000000001")
    assert invite(copy, stamp=STAMP) == FILES["invite-created"]
    assert feed([CREATED, other], name="产科演练", stamp=STAMP) == feed(
        [other, CREATED], name="产科演练", stamp=STAMP
    )
    names = [line.split(":")[0].split(";")[0] for line in _vevent_lines(FILES["invite-created"])]
    assert names == [
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "LOCATION",
        "DESCRIPTION",
        "LAST-MODIFIED",
        "ORGANIZER",
        "ATTENDEE",
    ]


def test_a_time_without_a_timezone_is_refused_rather_than_shifted():
    with pytest.raises(ValueError, match="timezone-aware"):
        dataclasses.replace(CREATED, starts_at=datetime(2026, 3, 2, 9, 0))


@pytest.mark.parametrize("stage", STAGES)
def test_every_invite_names_its_organizer_and_the_person_it_is_for(stage):
    # iTIP (RFC 5546 3.2.2, 3.2.5; libical's check): a REQUEST or CANCEL without ORGANIZER is invalid
    lines = _vevent_lines(FILES[f"invite-{stage}"])
    assert 'ORGANIZER;CN="南禾市妇幼保健院":mailto:noreply@drillbook.example.cn' in lines
    (attendee,) = [line for line in lines if line.startswith("ATTENDEE")]
    assert 'CN="张晓梅"' in attendee and "PARTSTAT=NEEDS-ACTION" in attendee
    assert "RSVP=FALSE" in attendee
    assert attendee.endswith(":mailto:noreply+staff-7@drillbook.example.cn")


def test_a_declined_invitation_is_written_and_read_back_as_declined():
    declined = dataclasses.replace(
        CREATED, attendee=dataclasses.replace(PERSON, partstat="DECLINED")
    )
    (event,) = _read_both(invite(declined, stamp=STAMP))
    assert event["attendees"] == [(PERSON.address, "张晓梅", "DECLINED")]
    assert event["organizer"] == (HOST.address, "南禾市妇幼保健院", "")


def test_a_feed_carries_the_organizer_but_no_personal_attendee():
    lines = _vevent_lines(FILES["feed-created"])
    assert any(line.startswith("ORGANIZER;") for line in lines)
    assert not any(line.startswith("ATTENDEE") for line in lines)


def test_a_quote_or_line_break_in_a_name_cannot_break_the_line():
    odd = CalendarUser('第"一"医院\n产科', HOST.address)
    (event,) = _read_both(invite(dataclasses.replace(CREATED, organizer=odd), stamp=STAMP))
    assert event["organizer"] == (HOST.address, "第'一'医院 产科", "")

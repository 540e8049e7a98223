"""The audit chain the synthetic province would have if every write had gone through the app.

One entry per activity booked (and cancelled), per attendance save and per record created and
submitted, with the payloads the services write (activities/booking.py, attendance/recording.py,
drill_records/service.py), hashed here with the chain's own `canonical_json`, `entry_text` and
`chained_hash` so `drillbook audit verify` checks them like any other entries. Pure: ids and
`now` come in; the loaders have no users, so every actor is None (as for the CLI).

Entries are in time order within a city; the chain takes the cities one after another.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import msgspec

from backend.audit.chain import GENESIS, canonical_json, chained_hash, entry_text
from backend.tooling.demo_city.generate import ActivityRow, DemoCity
from backend.tooling.synthetic_province.records import DrillRecordRow

# at, action, entity, entity id, and the payload's maker: a city's events are sorted before
# they are hashed, and holding every payload (a quarter of a GB for the province) meanwhile
# would make generate-province's memory grow with a city's size
Event = tuple[datetime, str, str, int, Callable[[], Any]]


@dataclass(frozen=True)
class CityIds:
    """Database ids chosen by the writer for the city's rows, by the generator's keys."""

    activities: list[int]
    staff: list[int]
    institutions: dict[str, int]
    jurisdictions: dict[str, int]
    records: list[int]  # one per DrillRecordRow, in the same order


class AuditTrail:
    """Hashes events into chain rows, carrying seq and the last hash from one city to the next."""

    def __init__(self) -> None:
        self.seq, self.prev = 0, GENESIS

    def rows(self, events: list[Event]) -> Iterator[tuple]:
        """(seq, at, actor, action, entity, entity_id, payload, prev_hash, hash) in chain order."""
        for at, action, entity, entity_id, payload in sorted(events, key=lambda e: e[0]):
            self.seq += 1
            text = canonical_json(payload())
            line = entry_text(self.seq, at, None, action, entity, entity_id, text)
            digest = chained_hash(self.prev, line)
            yield self.seq, at, None, action, entity, entity_id, text, self.prev, digest
            self.prev = digest


def city_events(
    city: DemoCity, ids: CityIds, records: list[DrillRecordRow], now: datetime, rng: random.Random
) -> list[Event]:
    invited: dict[int, list[int]] = defaultdict(list)
    for activity, person in city.invitations:
        invited[activity].append(ids.staff[person])
    events = [_booked(a, ids, invited[a.key], now, rng) for a in city.activities]
    events += [
        (a.starts_at.astimezone(UTC) - timedelta(days=2), "activity.cancelled", "activity",
         ids.activities[a.key], partial(dict, reason=a.cancel_reason))
        for a in city.activities if a.status == "cancelled"
    ]  # fmt: skip
    events += _attendance_saves(city, ids)
    for record, record_id in zip(records, ids.records, strict=True):
        events += _record_events(record, record_id, ids.activities[record.activity])
    return events


def _booked(a: ActivityRow, ids: CityIds, invited: list[int], now: datetime,
            rng: random.Random) -> Event:  # fmt: skip
    """activities/booking.py `_booked`: booked two to six weeks ahead, never after now."""
    at = min(a.starts_at.astimezone(UTC) - timedelta(days=rng.randrange(14, 42)), now)
    payload = partial(dict,
        kind=a.kind, topic=a.topic, title=a.title,
        host_institution=ids.institutions.get(a.host_institution),
        host_jurisdiction=ids.jurisdictions.get(a.host_jurisdiction),
        starts_at=a.starts_at.astimezone(UTC), ends_at=a.ends_at.astimezone(UTC),
        place=a.place, status="planned", invited=invited,
    )  # fmt: skip
    return at, "activity.booked", "activity", ids.activities[a.key], payload


def _attendance_saves(city: DemoCity, ids: CityIds) -> list[Event]:
    """attendance/recording.py `_payload`: one save per held activity, right after it ended."""
    saved: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for activity, person, status, role, _credits in city.attendance:
        saved[activity].append((ids.staff[person], status, role))
    return [
        (city.activities[key].ends_at.astimezone(UTC) + timedelta(minutes=30),
         "attendance.saved", "activity", ids.activities[key], partial(_saved, entries))
        for key, entries in saved.items()
    ]  # fmt: skip


def _saved(entries: list[tuple[int, str, str]]) -> dict:
    return {"entries": [{"staff_member": staff, "status": status, "drill_role": role, "note": "",
                         "walk_in": False} for staff, status, role in entries]}  # fmt: skip


def _record_events(record: DrillRecordRow, record_id: int, activity_id: int) -> list[Event]:
    """drill_records/service.py: created with its content, then submitted."""

    def created() -> dict:
        content = msgspec.to_builtins(record.content)
        return {"activity": activity_id, "content": content, "actions": []}

    return [
        (record.created_at.astimezone(UTC), "drill_record.created", "drill_record", record_id,
         created),
        (record.submitted_at.astimezone(UTC), "drill_record.submitted", "drill_record", record_id,
         partial(dict, activity=activity_id, version=1)),
    ]  # fmt: skip

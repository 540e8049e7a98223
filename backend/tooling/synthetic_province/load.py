"""`drillbook generate-province`: a deterministic synthetic province for benchmarks.

City by city: the demo city's generator staffs and schedules it, the bulk sink writes it.
Everything lands in one transaction, into an empty database only.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import msgspec

from backend.competencies.holdings import PROVING_OUTCOMES, valid_until
from backend.compliance.freshness import everything_changed
from backend.core.chinese_order import person_pinyin_text, pinyin_text
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.database import current_engine
from backend.institutions.tables import Institution
from backend.tooling.competency_evidence import (
    Evidence,
    drawn_evidence,
    night_shift_keys,
    read_settings,
)
from backend.tooling.demo_city.generate import DemoCity, generate_city, read_config
from backend.tooling.synthetic_province.audit_trail import AuditTrail, CityIds, city_events
from backend.tooling.synthetic_province.bulk import RowSink, open_sink
from backend.tooling.synthetic_province.records import drill_records
from backend.tooling.synthetic_province.shape import province_cities

AUDIT_CHUNK = 5_000  # audit rows held before they go to the sink (their payloads are large)
Progress = Callable[[int, int, dict[str, int]], None]


async def generate_province(
    institutions: int,
    staff: int,
    years: int,
    seed: int = 2025,
    today: date | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    if await Institution.count() > 0:
        raise RuntimeError("generate-province writes into an empty database only")
    today = today or today_in_shanghai()
    province, cities = province_cities(institutions, staff, read_config())
    started = time.perf_counter()
    sink = await open_sink(current_engine())
    writer = _ProvinceWriter(sink)
    settings = read_settings()  # the demo's shares of night shifts and never-assessed
    try:
        writer.province(province)
        for number, config in enumerate(cities, start=1):
            city = generate_city(config, seed + number, today, date(today.year - years + 1, 1, 1))
            drawn = random.Random(f"competencies-{seed}-{number}")
            night = night_shift_keys(city, drawn, settings["night_shift_share"])
            ids = writer.city(city, night)
            writer.competencies(
                city, ids, drawn_evidence(city, drawn, today, settings["never_share"])
            )
            await writer.flush()  # before the audit trail is built: memory stays flat
            await writer.records_and_audit(city, ids, random.Random(f"province-{seed}-{number}"))
            if progress:
                progress(number, len(cities), writer.counts)
    except BaseException:
        await sink.rollback()
        raise
    await sink.commit()
    await everything_changed()  # the rows went straight to the driver, past the services
    return {**writer.counts, "seconds": round(time.perf_counter() - started, 1)}


class _ProvinceWriter:
    """Turns generated cities into table rows with ids chosen here (the database starts empty)."""

    def __init__(self, sink: RowSink) -> None:
        self.sink = sink
        self.rows: dict[str, list[tuple]] = {}
        self.next_id: dict[str, int] = {}
        self.counts = dict.fromkeys(
            ("institutions", "staff", "activities", "invitations", "attendance", "records",
             "audit_entries", "competency_assessments"), 0,
        )  # fmt: skip
        self.now = utc_now()
        self.trail = AuditTrail()
        self.province_id = 0
        self.validity: dict[tuple, date | None] = {}  # valid_until by competency and day

    def add(self, table: str, *values: Any) -> int:
        row_id = self.next_id.get(table, 1)
        self.next_id[table] = row_id + 1
        self.rows.setdefault(table, []).append((row_id, *values))
        return row_id

    async def flush(self) -> None:
        for table, rows in self.rows.items():
            await self.sink.insert(table, ("id", *COLUMNS[table]), rows)
        self.rows = {}

    def province(self, row: dict[str, Any]) -> None:
        self.province_id = self.add(
            "jurisdiction", row["code"], row["name_zh"], row["name_en"], "province", None,
            row["profile"],
        )  # fmt: skip

    def city(self, city: DemoCity, night: set[int] = frozenset()) -> CityIds:
        config = city.config
        c = config["city"]
        city_id = self.add(
            "jurisdiction", c["code"], c["name_zh"], c["name_en"], "city", self.province_id, None
        )
        jurisdictions = {c["code"]: city_id}
        for county in config["counties"]:
            jurisdictions[county["code"]] = self.add(
                "jurisdiction", county["code"], county["name_zh"], county["name_en"], "county",
                city_id, None,
            )  # fmt: skip
        institutions = {
            i["code"]: self._institution(i, jurisdictions) for i in config["institutions"]
        }
        departments = [
            self.add("department", institutions[d["institution"]], d["kind"], d["name_zh"], "")
            for d in city.departments
        ]
        staff = [self._staff(p, institutions, departments, p.key in night) for p in city.staff]
        activities = [
            self._activity(a, city, institutions, jurisdictions, staff) for a in city.activities
        ]
        for a, s in city.invitations:
            self.add("invitation", activities[a], staff[s], "invited", self.now)
        for a, s, status, role, credits in city.attendance:
            ends = city.activities[a].ends_at
            self.add("attendance", activities[a], staff[s], status, role, credits, ends)
        self.counts["institutions"] += len(institutions)
        self.counts["staff"] += len(staff)
        self.counts["activities"] += len(activities)
        self.counts["invitations"] += len(city.invitations)
        self.counts["attendance"] += len(city.attendance)
        return CityIds(activities, staff, institutions, jurisdictions, [])

    def competencies(self, city: DemoCity, ids: CityIds, evidence: list[Evidence]) -> None:
        """Generated assessments, `proves` and `valid_until` fixed by the functions
        NewAssessment.row() uses (building a Table object per row cost 0.4 ms, ~100 s at 1,000
        institutions; tests check the rows agree with NewAssessment.row())."""
        for e in evidence:
            proves = e.outcome in PROVING_OUTCOMES
            until = None
            if proves:
                key = (e.competency, e.assessed_on)
                until = self.validity.get(key) or self.validity.setdefault(
                    key, valid_until(e.competency, e.assessed_on)
                )
            self.add(
                "competency_assessment", ids.staff[e.staff_key],
                ids.institutions[city.staff[e.staff_key].institution], e.competency, e.method,
                e.outcome, e.assessed_on, e.score, proves, until, "", None, None, None, None,
                None, self.now,
            )  # fmt: skip
        self.counts["competency_assessments"] += len(evidence)

    async def records_and_audit(self, city: DemoCity, ids: CityIds, rng: random.Random) -> None:
        """Most held drills get a submitted record; every write gets its audit entry."""
        records = drill_records(city, ids.staff, rng, self.now)
        for record in records:
            record_id = self.add(
                "drill_record", ids.activities[record.activity], "submitted", 1, None,
                record.created_at, record.submitted_at, record.submitted_at,
            )  # fmt: skip
            content = msgspec.json.encode(record.content).decode()
            self.add("drill_record_version", record_id, 1, content, "", None, record.created_at)
            ids.records.append(record_id)
        await self.flush()
        first = self.trail.seq
        for row in self.trail.rows(city_events(city, ids, records, self.now, rng)):
            self.add("audit_entry", *row)  # id and seq both count from 1
            if len(self.rows["audit_entry"]) == AUDIT_CHUNK:
                await self.flush()
        await self.flush()
        self.counts["records"] += len(records)
        self.counts["audit_entries"] += self.trail.seq - first

    def _institution(self, i: dict[str, Any], jurisdictions: dict[str, int]) -> int:
        centres = i.get("centres", [])
        return self.add(
            "institution", i["code"], i["name_zh"], pinyin_text(i["name_zh"]), i["name_en"],
            i["kind"], i["level"],
            jurisdictions[i["county"]], True, "city_maternal" in centres,
            "city_neonatal" in centres, False, False, "", True,
        )  # fmt: skip

    def _staff(self, p, institutions: dict[str, int], departments: list[int], night: bool) -> int:
        row_id = self.add(
            "staff_member", institutions[p.institution], departments[p.department],
            p.staff_number, p.name, person_pinyin_text(p.name), p.role, p.title, p.position,
            p.active_from, p.active_to,
            self.now, night,
        )  # fmt: skip
        if p.leave:
            self.add("leave_period", row_id, p.leave[0], p.leave[1], "产假")
        return row_id

    def _activity(self, a, city: DemoCity, institutions, jurisdictions, staff) -> int:
        facilitator = a.facilitator
        return self.add(
            "activity", a.uid, a.kind, a.topic, a.title,
            institutions.get(a.host_institution), jurisdictions.get(a.host_jurisdiction), None,
            a.starts_at, a.ends_at, a.place,
            staff[facilitator] if facilitator is not None else None,
            city.staff[facilitator].name if facilitator is not None else "",
            None, a.status, a.cancel_reason, False, a.credit_class, a.credits,
            1 if a.status == "cancelled" else 0, None, "", self.now, self.now,
        )  # fmt: skip


# a generated assessment's columns after its staff member and institution
ASSESSMENT_FIELDS = (
    "competency", "method", "outcome", "assessed_on", "score", "proves", "valid_until", "comment",
    "record", "record_version", "exam", "certificate", "assessor", "created_at",
)  # fmt: skip

COLUMNS = {
    "jurisdiction": ("code", "name_zh", "name_en", "level", "parent", "profile"),
    "institution": (
        "code", "name_zh", "name_pinyin", "name_en", "kind", "level", "jurisdiction", "is_midwifery",
        "city_maternal_centre", "city_neonatal_centre", "county_maternal_centre",
        "county_neonatal_centre", "address", "active",
    ),
    "department": ("institution", "kind", "name_zh", "name_en"),
    "staff_member": (
        "institution", "department", "staff_number", "name", "name_pinyin", "role", "title",
        "position", "active_from", "active_to", "updated_at", "night_shifts",
    ),
    "leave_period": ("staff_member", "starts_on", "ends_on", "reason"),
    "activity": (
        "uid", "kind", "topic", "title", "host_institution", "host_jurisdiction",
        "host_department", "starts_at", "ends_at", "place", "facilitator", "facilitator_name",
        "capacity", "status", "cancel_reason", "unannounced", "credit_class", "credits",
        "sequence", "series_uid", "notes", "created_at", "updated_at",
    ),
    "invitation": ("activity", "staff_member", "status", "invited_at"),
    "attendance": (
        "activity", "staff_member", "status", "drill_role", "credits_earned", "recorded_at",
    ),
    "drill_record": (
        "activity", "status", "current_version", "created_by", "created_at", "updated_at",
        "submitted_at",
    ),
    "drill_record_version": ("record", "version", "content", "reason", "author", "created_at"),
    "competency_assessment": (
        "staff_member", "institution", *ASSESSMENT_FIELDS,
    ),
    "audit_entry": (
        "seq", "at", "actor", "action", "entity", "entity_id", "payload", "prev_hash", "hash",
    ),
}  # fmt: skip


def progress_bar(done: int, total: int, counts: dict[str, int]) -> None:
    """One line on stderr, redrawn in place: [#####.....] 5/10 cities · 30,000 staff · ..."""
    width = 30
    filled = round(width * done / total)
    figures = " · ".join(f"{v:,} {k}" for k, v in counts.items())
    end = "\n" if done == total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} cities · {figures}",
          end=end, file=sys.stderr, flush=True)  # fmt: skip

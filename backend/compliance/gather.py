"""Read the facts the engine needs for many institutions at once: a handful of set queries.

Returns plain `Subject`/`Facts` objects; nothing here decides compliance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.attendance.vocabulary import ATTENDED
from backend.competencies.facts import competency_facts
from backend.compliance.credit_facts import credits_by_staff
from backend.compliance.facts import (
    Absence,
    ActivityFact,
    CompetencyFact,
    CreditFact,
    Facts,
    InspectionFact,
    MemberFact,
    PairedSupportFact,
    SpotCheckFact,
    Subject,
)
from backend.core.clock import end_of_day_utc, start_of_day_utc
from backend.core.periods import local_date
from backend.drill_records.tables import DrillRecordVersion
from backend.inspections.facts import inspection_facts
from backend.institutions.tables import Department, Institution
from backend.paired_support.facts import paired_support_facts
from backend.spot_checks.facts import spot_check_facts
from backend.staff.tables import LeavePeriod, StaffMember

CENTRE_FLAGS = {
    "city_maternal_centre": "city_maternal",
    "city_neonatal_centre": "city_neonatal",
    "county_maternal_centre": "county_maternal",
    "county_neonatal_centre": "county_neonatal",
}


@dataclass
class InstitutionFacts:
    """One institution, its departments and staff, and what happened at each."""

    institution: Subject
    jurisdiction_id: int
    activities: list[ActivityFact] = field(default_factory=list)
    departments: list[Subject] = field(default_factory=list)
    staff: list[Subject] = field(default_factory=list)
    staff_activities: dict[int, list[ActivityFact]] = field(default_factory=dict)
    staff_credits: dict[int, list[CreditFact]] = field(default_factory=dict)
    paired_support: list[PairedSupportFact] = field(default_factory=list)  # as supporting
    inspections: list[InspectionFact] = field(default_factory=list)  # hosted (a centre's)
    spot_checks: list[SpotCheckFact] = field(default_factory=list)  # reviews a centre submitted
    staff_competencies: dict[int, list[CompetencyFact]] = field(default_factory=dict)
    department_members: dict[int, list[Subject]] = field(default_factory=dict)  # by department

    def facts(self) -> Facts:
        """One Facts for the institution, its centre duties and departments, so its per-kind
        index is built once. Read only after `gather` has filled `activities`."""
        return self._shared_facts

    @cached_property
    def _shared_facts(self) -> Facts:
        department_staff = {
            department: tuple(
                MemberFact(person, tuple(self.staff_competencies.get(person.id, ())))
                for person in sorted(members, key=lambda s: s.id)
            )
            for department, members in self.department_members.items()
        }
        return Facts(activities=tuple(self.activities), inspections=tuple(self.inspections),
                     spot_checks=tuple(self.spot_checks),
                     department_staff=department_staff)  # fmt: skip

    def facts_of_staff(self, staff_id: int) -> Facts:
        return Facts(
            activities=tuple(self.staff_activities.get(staff_id, ())),
            credits=tuple(self.staff_credits.get(staff_id, ())),
            competencies=tuple(self.staff_competencies.get(staff_id, ())),
        )


def fact_range(first: date, last: date) -> tuple[date, date]:
    """Facts for whole years (and the ISO weeks that straddle them): a quarter's view still judges
    the half-year and yearly rules on everything held in their whole period."""
    return date(first.year, 1, 1) - timedelta(days=7), date(last.year, 12, 31) + timedelta(days=7)


async def gather(
    institution_ids: list[int],
    first_day: date,
    last_day: date,
    staff_kinds: frozenset[str],
    credit_years: Iterable[int] = (),
) -> dict[int, InstitutionFacts]:
    """`staff_kinds`: the activity kinds staff-level rules count (see `staff_rule_kinds`);
    `credit_years`: the years whose CME credits staff rules judge (see `credit_rule_years`)."""
    if not institution_ids:
        return {}
    begins, ends = start_of_day_utc(first_day), end_of_day_utc(last_day)
    result = await _institutions(institution_ids)
    department_kind = await _departments(institution_ids, result)
    staff_institution = await _staff(institution_ids, result, department_kind)
    await _hosted_activities(institution_ids, begins, ends, result, department_kind)
    await _staff_attendance(institution_ids, begins, ends, staff_kinds, result)
    credits = await credits_by_staff(institution_ids, credit_years)
    for staff_id, years in credits.items():
        result[staff_institution[staff_id]].staff_credits[staff_id] = years
    for staff_id, held in (await competency_facts(institution_ids, first_day, last_day)).items():
        result[staff_institution[staff_id]].staff_competencies[staff_id] = held
    for supporting, agreements in (
        await paired_support_facts(institution_ids, first_day, last_day)
    ).items():
        result[supporting].paired_support = agreements
    hosted = await inspection_facts("institution", institution_ids, first_day, last_day)
    for host, inspections in hosted.items():
        result[host].inspections = inspections
    centres = [i for i, f in result.items() if f.institution.centre_kinds]
    for centre, reviews in (await spot_check_facts(centres, first_day, last_day)).items():
        result[centre].spot_checks = reviews
    _in_order(result.values())
    return result


def _in_order(institutions: Iterable[InstitutionFacts]) -> None:
    """Activities by day, then id: the database promises no row order (PostgreSQL's changes
    with its statistics), and a finding lists what counted in the order it meets them, so a
    judgement must not depend on it (snapshot verification compares them)."""

    def key(fact: ActivityFact) -> tuple:
        return (fact.day, fact.id)

    for facts in institutions:
        facts.activities.sort(key=key)
        for activities in facts.staff_activities.values():
            activities.sort(key=key)


async def _institutions(ids: list[int]) -> dict[int, InstitutionFacts]:
    rows = await Institution.select().where(Institution.id.is_in(ids))
    result = {}
    for row in rows:
        result[row["id"]] = InstitutionFacts(institution_subject(row), row["jurisdiction"])
    return result


def institution_subject(row: dict) -> Subject:
    """An institution row (all columns) as the subject of institution-level rules."""
    return Subject(
        kind="institution",
        id=row["id"],
        name=row["name_zh"],
        is_midwifery=row["is_midwifery"],
        centre_kinds=frozenset(name for flag, name in CENTRE_FLAGS.items() if row[flag]),
    )


async def _departments(ids: list[int], result: dict[int, InstitutionFacts]) -> dict[int, str]:
    rows = await Department.select(
        Department.id, Department.institution, Department.kind, Department.name_zh
    ).where(Department.institution.is_in(ids))
    for row in rows:
        result[row["institution"]].departments.append(
            Subject(
                kind="department",
                id=row["id"],
                name=row["name_zh"],
                department_kind=row["kind"],
                is_midwifery=result[row["institution"]].institution.is_midwifery,
            )
        )
    return {row["id"]: row["kind"] for row in rows}


async def _staff(
    ids: list[int], result: dict[int, InstitutionFacts], department_kind: dict[int, str]
) -> dict[int, int]:
    """Each staff member as a subject; returns the institution of each."""
    rows = await StaffMember.select(
        StaffMember.id,
        StaffMember.institution,
        StaffMember.department,
        StaffMember.name,
        StaffMember.role,
        StaffMember.active_from,
        StaffMember.active_to,
        StaffMember.night_shifts,
    ).where(StaffMember.institution.is_in(ids))
    leaves: dict[int, list[Absence]] = defaultdict(list)
    batch_staff = StaffMember.select(StaffMember.id).where(StaffMember.institution.is_in(ids))
    for leave in await LeavePeriod.select().where(LeavePeriod.staff_member.is_in(batch_staff)):
        leaves[leave["staff_member"]].append(Absence(leave["starts_on"], leave["ends_on"]))
    for row in rows:
        facts = result[row["institution"]]
        facts.staff.append(
            Subject(
                kind="staff_member",
                id=row["id"],
                name=row["name"],
                role=row["role"],
                department_kind=department_kind.get(row["department"], ""),
                active_from=row["active_from"],
                active_to=row["active_to"],
                absences=tuple(leaves.get(row["id"], ())),
                night_shifts=bool(row["night_shifts"]),
            )
        )
        if row["department"] is not None:
            facts.department_members.setdefault(row["department"], []).append(facts.staff[-1])
    return {row["id"]: row["institution"] for row in rows}


def activity_fact(
    row: dict, present: list[dict] = (), metrics: tuple[tuple[str, float], ...] | None = None
) -> ActivityFact:
    """`present`: the people who took part (attended), with role and department kind;
    `metrics`: what its submitted record measured (None: no submitted record)."""
    return ActivityFact(
        id=row["id"],
        kind=row["kind"],
        topic=row["topic"],
        status=row["status"],
        day=local_date(row["starts_at"]),
        host_department_kind=row.get("host_department_kind") or "",
        present_roles=frozenset(p["role"] for p in present if p["role"]),
        present_department_kinds=frozenset(
            p["department_kind"] for p in present if p["department_kind"]
        ),
        attendee_ids=frozenset(p["staff_member"] for p in present if p.get("staff_member")),
        credit_class=row["credit_class"],
        record_submitted=None if metrics is None else True,
        metrics=metrics or (),
    )


ACTIVITY_FACT_COLUMNS = (
    Activity.id,
    Activity.kind,
    Activity.topic,
    Activity.status,
    Activity.starts_at,
    Activity.credit_class,
)
_ATTENDED = Attendance.status.is_in(sorted(ATTENDED))


async def _hosted_activities(
    ids, begins, ends, result: dict[int, InstitutionFacts], department_kind: dict[int, str]
) -> None:
    """Each hosted activity with the roles and departments present: who exactly is not needed
    here (staff facts come from _staff_attendance), so the database groups the attendance.
    `department_kind`: the batch's departments (from _departments), kinds looked up here."""
    in_range = (Activity.starts_at >= begins) & (Activity.starts_at < ends)
    rows = await Activity.select(
        *ACTIVITY_FACT_COLUMNS, Activity.host_institution, Activity.host_department
    ).where(Activity.host_institution.is_in(ids) & in_range)
    hosted = sorted(row["id"] for row in rows)
    own_staff = {person.id for facts in result.values() for person in facts.staff}
    people = await _present(ids, begins, ends, department_kind, own_staff)
    measured = await _submitted_records(hosted)
    await _department_kinds({row["host_department"] for row in rows}, department_kind)
    for row in rows:
        row["host_department_kind"] = department_kind.get(row["host_department"], "")
        fact = activity_fact(row, people[row["id"]], measured.get(row["id"]))
        result[row["host_institution"]].activities.append(fact)


async def _present(
    ids, begins, ends, department_kind: dict[int, str], own_staff: set[int]
) -> dict[int, list[dict]]:
    """Activity id -> the (role, department kind) pairs of those who attended it: the batch's
    own staff (`own_staff`) in one grouped query, joined to their rows through the institution
    index; guests from elsewhere (a regional drill's), when a count says there are any, looked
    up by id."""
    hosted = (
        Attendance.activity.host_institution.is_in(ids)
        & (Attendance.activity.starts_at >= begins)
        & (Attendance.activity.starts_at < ends)
        & _ATTENDED
    )
    role = Attendance.staff_member.role.as_alias("role")
    department = Attendance.staff_member.department.as_alias("department")
    own = await (
        Attendance.select(Attendance.activity, role, department, Count().as_alias("n"))
        .where(hosted & Attendance.staff_member.institution.is_in(ids))
        .group_by(Attendance.activity, role, department)
    )
    pairs = [(row["activity"], row) for row in own]
    if sum(row["n"] for row in own) < await Attendance.count().where(hosted):
        pairs += await _guests(hosted, own_staff)
    await _department_kinds({person["department"] for _, person in pairs}, department_kind)
    people: dict[int, list[dict]] = defaultdict(list)
    seen: set[tuple] = set()
    for activity, person in pairs:
        kind = department_kind.get(person["department"], "")
        if (activity, person["role"], kind) not in seen:
            seen.add((activity, person["role"], kind))
            people[activity].append({"role": person["role"], "department_kind": kind})
    return people


async def _guests(hosted: Any, own_staff: set[int]) -> list[tuple[int, dict]]:
    """(activity, staff row) of each attendee not of the batch: their ids first (one small
    grouped query), then their attendance through the attendance.staff_member index."""
    attendees = await Attendance.select(Attendance.staff_member).where(hosted).distinct()
    guest_ids = sorted({row["staff_member"] for row in attendees} - own_staff)
    people = await _people_by_id(set(guest_ids))
    found = []
    for chunk in _chunks(guest_ids):
        rows = await Attendance.select(Attendance.activity, Attendance.staff_member).where(
            hosted & Attendance.staff_member.is_in(chunk)
        )
        found += [(row["activity"], people[row["staff_member"]]) for row in rows]
    return found


async def _people_by_id(staff_ids: set[int]) -> dict[int, dict]:
    found = {}
    for chunk in _chunks(sorted(staff_ids)):
        for row in await StaffMember.select(
            StaffMember.id, StaffMember.role, StaffMember.department
        ).where(StaffMember.id.is_in(chunk)):
            found[row["id"]] = row
    return found


async def _department_kinds(department_ids: set, known: dict[int, str]) -> None:
    """Adds the kinds of departments not yet in `known` (outside the batch's institutions)."""
    wanted = sorted(d for d in department_ids if d is not None and d not in known)
    for chunk in _chunks(wanted):
        for row in await Department.select(Department.id, Department.kind).where(
            Department.id.is_in(chunk)
        ):
            known[row["id"]] = row["kind"]


_CHUNK = 900  # SQLite's bound-parameter limit


def _chunks(values: list[int], size: int = _CHUNK) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


class _Timings(msgspec.Struct):
    timings: dict[str, float | None] = {}


_TIMINGS = msgspec.json.Decoder(_Timings)


async def _submitted_records(activity_ids: list[int]) -> dict[int, tuple[tuple[str, float], ...]]:
    """The measured values of each hosted activity's submitted record, current version: found
    by activity id (unique index on drill_record.activity), a chunk of activities per query."""
    record = DrillRecordVersion.record
    measured = {}
    for chunk in _chunks(activity_ids, 400):  # 900 ids tip PostgreSQL into a whole-table scan
        rows = await DrillRecordVersion.select(
            record.activity.as_alias("activity"),
            DrillRecordVersion.content,
        ).where(
            (record.status == "submitted")
            & (DrillRecordVersion.version == record.current_version)
            & record.activity.is_in(chunk)
        )
        for row in rows:
            timings = _TIMINGS.decode(row["content"]).timings
            measured[row["activity"]] = tuple(
                sorted((name, value) for name, value in timings.items() if value is not None)
            )
    return measured


async def _staff_attendance(
    ids, begins, ends, kinds: frozenset[str], result: dict[int, InstitutionFacts]
) -> None:
    """What each staff member took part in, wherever it was hosted (CME, regional drills).

    Only the activity kinds that staff rules count (`kinds`, from the catalogue); each activity
    becomes one fact shared by everyone who attended it."""
    if not kinds:
        return
    rows = await Attendance.select(
        Attendance.staff_member,
        Attendance.staff_member.institution.as_alias("institution"),
        Attendance.activity.id.as_alias("id"),
        Attendance.activity.kind.as_alias("kind"),
        Attendance.activity.topic.as_alias("topic"),
        Attendance.activity.status.as_alias("status"),
        Attendance.activity.starts_at.as_alias("starts_at"),
        Attendance.activity.credit_class.as_alias("credit_class"),
    ).where(
        Attendance.staff_member.institution.is_in(ids)
        & Attendance.activity.kind.is_in(sorted(kinds))
        & (Attendance.activity.starts_at >= begins)
        & (Attendance.activity.starts_at < ends)
        & _ATTENDED
    )
    people: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        people[row["id"]].append({"staff_member": row["staff_member"], "role": "",
                                  "department_kind": ""})  # fmt: skip
    facts: dict[int, ActivityFact] = {}
    for row in rows:
        if row["id"] not in facts:
            facts[row["id"]] = activity_fact(row, people[row["id"]])
        result[row["institution"]].staff_activities.setdefault(row["staff_member"], []).append(
            facts[row["id"]]
        )


def staff_rule_kinds(rule_sets: Iterable[Iterable[Any]]) -> frozenset[str]:
    """The activity kinds any staff-level rule in these rule sets counts."""
    return frozenset(
        kind
        for rules in rule_sets
        for rule in rules
        if rule.subject == "staff_member"
        for kind in rule.qualifying.kinds
    )


def credit_rule_years(rule_sets: Iterable[Iterable[Any]], year: int) -> tuple[int, ...]:
    """The year, when a rule in these rule sets judges CME credits (they cost queries)."""
    needed = any("credits" in rule.facts for rules in rule_sets for rule in rules)
    return (year,) if needed else ()

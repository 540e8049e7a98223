"""Competency assessments inside a drill record: an assessor marks each participant on the
competencies the drill's topic covers (demonstrated, needs practice, not observed), with a
comment.

Decisions:
- The marks are part of the record's content (`RecordContent.assessments`): a draft's are
  replaced in place (`PUT /api/records/{id}/assessments`), a submitted record's change only by an
  amendment, a new version with its reason, locked and audited like the rest of the record.
- Which competencies: those of the framework version in force on the drill's day (Shanghai) whose
  `drill_topics` name the drill's topic and whose methods include "drill".
- Who may be assessed: the people marked present (present, late, left early) in the drill's
  attendance, and the record's team members.
- Evidence: a draft proves nothing. When the record is submitted or amended, the
  `CompetencyAssessment` rows of the record are replaced by one per mark of the version now in
  force (`write_evidence`), in the same transaction; the institutions of everyone assessed before
  or after have their compliance facts changed.
- Reading: as the record (a guest at another host's drill sees only the people of its scope).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import msgspec

from backend.attendance.invitees import hosts
from backend.attendance.tables import Attendance
from backend.attendance.vocabulary import ATTENDED
from backend.auth.scope import Viewer
from backend.competencies.framework import Competency, default_frameworks, version_on
from backend.competencies.holdings import NewAssessment
from backend.competencies.tables import CompetencyAssessment
from backend.core.clock import SHANGHAI
from backend.core.errors import InvalidInput
from backend.core.messages import render
from backend.drill_records.schemas import AssessmentIn, RecordContent
from backend.staff.tables import StaffMember

METHOD = "drill"
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "demonstrated": ("已掌握", "demonstrated"),
    "needs_practice": ("需加强练习", "needs practice"),
    "not_observed": ("未观察到", "not observed"),
}


class AssessmentsIn(msgspec.Struct, forbid_unknown_fields=True):
    """The whole list of a draft record's marks; what is left out is no longer marked."""

    assessments: list[AssessmentIn]


class CompetencyOut(msgspec.Struct):
    id: str
    name_zh: str
    name_en: str
    domain_zh: str
    domain_en: str


class ParticipantOut(msgspec.Struct):
    staff_id: int
    name: str
    role: str
    department_name: str
    institution_name: str
    on_team: bool


class AssessmentOut(msgspec.Struct):
    staff_id: int
    name: str
    competency: str
    competency_name_zh: str
    competency_name_en: str
    outcome: str
    comment: str


class AssessmentSheetOut(msgspec.Struct):
    record_id: int
    status: str  # draft | submitted: a submitted record's marks change by amendment only
    version: int
    framework_name_zh: str
    framework_name_en: str
    competencies: list[CompetencyOut]
    participants: list[ParticipantOut]
    assessments: list[AssessmentOut]


def drill_day(activity: Mapping) -> date:
    """The drill's day in Shanghai: what the framework version and validity are read on."""
    return activity["starts_at"].astimezone(SHANGHAI).date()


def covered(topic: str | None, day: date) -> tuple[Competency, ...]:
    """The competencies a drill of `topic` held on `day` assesses."""
    if not topic:
        return ()
    return tuple(c for c in version_on(day).for_topic(topic) if METHOD in c.methods)


def competency_names() -> dict[str, tuple[str, str]]:
    """Every competency any framework version knows, by id: (zh, en), the newest naming."""
    return {c.id: (c.name_zh, c.name_en) for f in default_frameworks() for c in f.competencies}


def normalised(items: Iterable[AssessmentIn]) -> list[AssessmentIn]:
    """The same marks in one order, comments trimmed: two lists meaning the same compare equal."""
    return sorted(
        (msgspec.structs.replace(item, comment=item.comment.strip()) for item in items),
        key=lambda item: (item.staff_id, item.competency),
    )


async def _present(activity_id: int) -> set[int]:
    rows = await Attendance.select(Attendance.staff_member).where(
        (Attendance.activity == activity_id) & Attendance.status.is_in(sorted(ATTENDED))
    )
    return {row["staff_member"] for row in rows}


async def _people(staff_ids: Iterable[int]) -> dict[int, dict]:
    ids = sorted(set(staff_ids))
    if not ids:
        return {}
    rows = await StaffMember.select(
        StaffMember.id,
        StaffMember.name,
        StaffMember.role,
        StaffMember.institution,
        StaffMember.institution.name_zh.as_alias("institution_name"),
        StaffMember.department.name_zh.as_alias("department_name"),
    ).where(StaffMember.id.is_in(ids))
    return {row["id"]: row for row in rows}


async def check(activity: Mapping, content: RecordContent) -> None:
    """Every mark names a participant and a competency the topic covers, once per pair; 400 with
    the first problem as the message and every problem, by position, in `details`."""
    if not content.assessments:
        return
    participants = await _present(activity["id"]) | {m.staff_id for m in content.team}
    people = await _people(a.staff_id for a in content.assessments)
    competencies = {c.id: c for c in covered(activity["topic"], drill_day(activity))}
    known = competency_names()
    problems: list[tuple[int, str, dict]] = []
    seen: set[tuple[int, str]] = set()
    for position, item in enumerate(content.assessments, start=1):
        person = people.get(item.staff_id)
        # named only when the host knows the person: a participant or one of its own staff
        nameable = person is not None and (
            item.staff_id in participants or person["institution"] == activity["host_institution"]
        )
        if not nameable:
            problems.append((position, "assessment_unknown_person", {}))
        elif item.staff_id not in participants:
            problems.append((position, "assessment_not_present", {"name": person["name"]}))
        if item.competency not in competencies:
            if item.competency in known:
                zh, en = known[item.competency]
                name = {"competency": zh, "competency_en": en}
                problems.append((position, "assessment_not_covered", name))
            else:
                problems.append((position, "assessment_unknown_competency", {}))
        elif nameable and (item.staff_id, item.competency) in seen:
            competency = competencies[item.competency]
            name = {"name": person["name"], "competency": competency.name_zh,
                    "competency_en": competency.name_en}  # fmt: skip
            problems.append((position, "assessment_repeated", name))
        seen.add((item.staff_id, item.competency))
    if problems:
        details = [
            {"position": position, "code": code,
             "message_zh": render(code, "zh", position=position, **params),
             "message_en": render(code, "en", position=position, **params)}
            for position, code, params in problems
        ]  # fmt: skip
        position, code, params = problems[0]
        raise InvalidInput(code, details=details, position=position, **params)


async def write_evidence(
    record_id: int, version: int, activity: Mapping, content: RecordContent, assessor: int,
    now: datetime,
) -> set[int]:  # fmt: skip
    """Replace the record's evidence rows by those of the version now in force; the institutions
    of everyone assessed before or now (their compliance facts changed)."""
    before = await CompetencyAssessment.select(CompetencyAssessment.institution).where(
        CompetencyAssessment.record == record_id
    )
    await CompetencyAssessment.delete().where(CompetencyAssessment.record == record_id)
    people = await _people(a.staff_id for a in content.assessments)
    day = drill_day(activity)
    rows = [
        NewAssessment(
            staff_member=item.staff_id, institution=people[item.staff_id]["institution"],
            competency=item.competency, method=METHOD, outcome=item.outcome.value,
            assessed_on=day, comment=item.comment.strip(), assessor=assessor, record=record_id,
            record_version=version,
        ).row(now)
        for item in content.assessments
    ]  # fmt: skip
    if rows:
        await CompetencyAssessment.insert(*rows)
    return {row["institution"] for row in before} | {
        people[a.staff_id]["institution"] for a in content.assessments
    }


async def sheet(
    viewer: Viewer | None, record: Mapping, activity: Mapping, content: RecordContent
) -> AssessmentSheetOut:
    """What the page needs to mark people: the covered competencies, the participants, the
    marks of the version in force, all named; a guest sees only the people of its scope."""
    day = drill_day(activity)
    framework = version_on(day)
    competencies = covered(activity["topic"], day)
    domains = {d.id: d for d in framework.domains}
    team = {m.staff_id for m in content.team}
    participant_ids = await _present(activity["id"]) | team
    people = await _people(participant_ids | {a.staff_id for a in content.assessments})
    guest = viewer is not None and not hosts(viewer, activity)

    def shown(staff_id: int) -> bool:
        person = people.get(staff_id)
        return person is not None and (not guest or viewer.sees_institution(person["institution"]))

    participants = sorted(
        (
            ParticipantOut(
                staff_id=staff_id, name=people[staff_id]["name"], role=people[staff_id]["role"],
                department_name=people[staff_id]["department_name"] or "",
                institution_name=people[staff_id]["institution_name"] or "",
                on_team=staff_id in team,
            )
            for staff_id in participant_ids
            if shown(staff_id)
        ),
        key=lambda p: (not p.on_team, p.institution_name, p.department_name, p.name, p.staff_id),
    )  # fmt: skip
    known = competency_names()
    marks = [
        AssessmentOut(
            staff_id=a.staff_id, name=people[a.staff_id]["name"], competency=a.competency,
            competency_name_zh=known.get(a.competency, ("", ""))[0],
            competency_name_en=known.get(a.competency, ("", ""))[1],
            outcome=a.outcome.value, comment=a.comment,
        )
        for a in content.assessments
        if shown(a.staff_id)
    ]  # fmt: skip
    return AssessmentSheetOut(
        record_id=record["id"], status=record["status"], version=record["current_version"],
        framework_name_zh=framework.name_zh, framework_name_en=framework.name_en,
        competencies=[
            CompetencyOut(c.id, c.name_zh, c.name_en, domains[c.domain].name_zh,
                          domains[c.domain].name_en)
            for c in competencies
        ],
        participants=participants, assessments=marks,
    )  # fmt: skip

"""Written exams and skills stations: the officer creates one for a competency, then enters or
imports each person's score. Scores are `CompetencyAssessment` rows pointing at the exam
(method = the exam's kind, outcome passed | failed by the pass mark of the framework version in
force on the day it was held, `holdings.passed`).

Access: the exam's institution's officer and the administrator write; those who see the
institution read, except staff (403: they see their own results on their competency page).
A score list is checked whole: every bad entry is reported (`Rejected`), nothing is written.
An exam may be linked to an activity the writer sees of kind staff_exam, skills_competition or
cme_session (the exam was part of it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from backend.activities.service import visible_activity
from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, editable_institution, visible_institution
from backend.competencies import holdings
from backend.competencies.framework import Competency, version_on
from backend.competencies.tables import CompetencyAssessment, CompetencyExam
from backend.compliance.freshness import facts_changed
from backend.core.database import transaction
from backend.core.errors import DomainError, Forbidden, InvalidInput, NotFound
from backend.core.periods import day_in_range
from backend.institutions.tables import Institution
from backend.staff.tables import StaffMember

KINDS = ("written", "skills_station")
ACTIVITY_KINDS = ("staff_exam", "skills_competition", "cme_session")
MAX_SCORE_LIMIT = 1000.0
_E, _A = CompetencyExam, CompetencyAssessment


@dataclass(frozen=True)
class Problem:
    """One bad entry of a score list: where (`row` as the sheet shows it, or the entry's
    position), who, and why (a message code with its parameters)."""

    row: int
    code: str
    params: dict = field(default_factory=dict)
    staff_number: str = ""
    name: str = ""


class Rejected(DomainError):
    """A score list with bad entries; the route renders each problem in the reader's language."""

    status_code = 400

    def __init__(self, problems: list[Problem], source: str) -> None:
        super().__init__("competency_exam_scores_rejected", count=len(problems))
        self.problems = problems
        self.source = source  # "row" (a spreadsheet) | "entry" (a list sent by the page)


@dataclass(frozen=True)
class NewExam:
    institution_id: int
    competency: str
    kind: str
    title: str
    held_on: date
    max_score: float = 100.0
    activity_id: int | None = None


@dataclass(frozen=True)
class Score:
    staff_id: int
    score: float


def competency_named(competency: Competency | None, lang: str) -> str:
    if competency is None:
        return ""
    return competency.name_en if lang == "en" else competency.name_zh


def _competency_of(exam: dict) -> Competency | None:
    return version_on(exam["held_on"]).competency(exam["competency"])


async def create_exam(viewer: Viewer, new: NewExam, today: date, now: datetime) -> int:
    editable_institution(viewer, new.institution_id)
    if not await Institution.exists().where(Institution.id == new.institution_id):
        raise NotFound("unknown_institution", id=new.institution_id)
    day_in_range("held_on", new.held_on)
    if new.held_on > today:
        raise InvalidInput("competency_exam_in_future", held_on=new.held_on.isoformat())
    competency = version_on(new.held_on).competency(new.competency)
    if competency is None:
        raise InvalidInput("competency_unknown", held_on=new.held_on.isoformat())
    if new.kind not in competency.methods:
        raise InvalidInput("competency_exam_method_not_allowed", kind=new.kind,
                           name_zh=competency.name_zh, name_en=competency.name_en)  # fmt: skip
    if new.activity_id is not None:
        activity = await visible_activity(viewer, new.activity_id)
        if activity["kind"] not in ACTIVITY_KINDS:
            raise InvalidInput("competency_exam_activity_kind")
    async with transaction():
        row = CompetencyExam(
            institution=new.institution_id, competency=new.competency, kind=new.kind,
            title=new.title.strip(), held_on=new.held_on, activity=new.activity_id,
            max_score=new.max_score, created_by=viewer.user_id, created_at=now, updated_at=now,
        )  # fmt: skip
        await row.save()
        await chain.append("competency_exam.created", "competency_exam", row.id,
                           {"institution": new.institution_id, "competency": new.competency,
                            "kind": new.kind, "title": row.title, "held_on": new.held_on,
                            "max_score": new.max_score, "activity": new.activity_id},
                           actor=viewer.user_id, at=now)  # fmt: skip
    return row.id


_EXAM_COLUMNS = (_E.id, _E.institution, _E.institution.name_zh, _E.competency, _E.kind, _E.title,
                 _E.held_on, _E.max_score, _E.activity, _E.activity.title, _E.created_at)  # fmt: skip


def _reader(viewer: Viewer) -> None:
    if viewer.role == UserRole.staff:
        raise Forbidden("competency_exam_staff")


async def list_exams(viewer: Viewer, institution_id: int) -> list[dict]:
    visible_institution(viewer, institution_id)
    _reader(viewer)
    exams = await CompetencyExam.select(*_EXAM_COLUMNS).where(_E.institution == institution_id)
    counts = await _counts([e["id"] for e in exams])
    for exam in exams:
        exam["sat"], exam["passed"] = counts.get(exam["id"], (0, 0))
    return sorted(exams, key=lambda e: (e["held_on"], e["id"]), reverse=True)


async def _counts(exam_ids: list[int]) -> dict[int, tuple[int, int]]:
    found: dict[int, tuple[int, int]] = {}
    for start in range(0, len(exam_ids), 900):
        rows = await CompetencyAssessment.select(_A.exam, _A.outcome).where(
            _A.exam.is_in(exam_ids[start : start + 900])
        )
        for row in rows:
            sat, passed = found.get(row["exam"], (0, 0))
            found[row["exam"]] = (sat + 1, passed + (row["outcome"] == "passed"))
    return found


async def readable_exam(viewer: Viewer, exam_id: int) -> dict:
    """The exam's row; 404 outside the viewer's scope (like a missing one), 403 for staff."""
    exam = await CompetencyExam.select(*_EXAM_COLUMNS).where(_E.id == exam_id).first()
    if exam is None or not viewer.sees_institution(exam["institution"]):
        raise NotFound("competency_exam_unknown")
    _reader(viewer)
    return exam


async def exam_detail(viewer: Viewer, exam_id: int) -> tuple[dict, list[dict]]:
    """The exam and every person who may sit it (staff of the institution active on the day,
    and anyone already scored), with their score or None."""
    exam = await readable_exam(viewer, exam_id)
    scores = {
        row["staff_member"]: row
        for row in await CompetencyAssessment.select(_A.staff_member, _A.score, _A.outcome).where(
            _A.exam == exam_id
        )
    }
    people = await _eligible(exam["institution"], exam["held_on"])
    known = {p["id"] for p in people}
    missing = [i for i in scores if i not in known]
    if missing:
        people += await StaffMember.select(*_PERSON).where(StaffMember.id.is_in(missing))
    out = []
    for person in sorted(people, key=lambda p: (p["staff_number"], p["id"])):
        score = scores.get(person["id"])
        out.append({**person, "score": score["score"] if score else None,
                    "passed": score["outcome"] == "passed" if score else None})  # fmt: skip
    exam["sat"] = len(scores)
    exam["passed"] = sum(1 for s in scores.values() if s["outcome"] == "passed")
    return exam, out


_PERSON = (StaffMember.id, StaffMember.name, StaffMember.staff_number,
           StaffMember.department.name_zh, StaffMember.role)  # fmt: skip


async def _eligible(institution_id: int, day: date) -> list[dict]:
    return await StaffMember.select(*_PERSON).where(
        (StaffMember.institution == institution_id)
        & (StaffMember.active_from <= day)
        & (StaffMember.active_to.is_null() | (StaffMember.active_to >= day))
    )


async def writable_exam(viewer: Viewer, exam_id: int) -> dict:
    exam = await CompetencyExam.select(*_EXAM_COLUMNS).where(_E.id == exam_id).first()
    if exam is None or not viewer.sees_institution(exam["institution"]):
        raise NotFound("competency_exam_unknown")
    if not viewer.edits_people_of(exam["institution"]):
        raise Forbidden("forbidden")
    return exam


def checked_scores(
    exam: dict, entries: Iterable[tuple[int, int, float | None]], people: dict[int, dict]
) -> tuple[list[Score], list[Problem]]:
    """(position, staff id, score) entries against the exam; every problem, not the first."""
    scores, problems, seen = [], [], {}
    for position, staff_id, score in entries:
        person = people.get(staff_id)
        who = {"staff_number": person["staff_number"], "name": person["name"]} if person else {}
        if person is None:
            problems.append(Problem(position, "competency_exam_not_eligible"))
            continue
        if staff_id in seen:
            problems.append(Problem(position, "competency_exam_duplicate_person",
                                    {"first": seen[staff_id]}, **who))  # fmt: skip
            continue
        seen[staff_id] = position
        problem = score_problem(score, exam["max_score"])
        if problem:
            problems.append(Problem(position, problem[0], problem[1], **who))
            continue
        scores.append(Score(staff_id, float(score)))
    return scores, problems


def score_problem(score: float | None, max_score: float) -> tuple[str, dict] | None:
    if score is None:
        return "competency_exam_score_missing", {}
    if not 0 <= score <= max_score:
        return "competency_exam_score_out_of_range", {"score": f"{score:g}",
                                                      "max": f"{max_score:g}"}  # fmt: skip
    return None


async def people_for(exam: dict) -> dict[int, dict]:
    """Who may be scored: staff of the exam's institution active on the day it was held."""
    return {p["id"]: p for p in await _eligible(exam["institution"], exam["held_on"])}


async def replace_scores(viewer: Viewer, exam_id: int, entries: list[tuple[int, float | None]],
                         now: datetime) -> dict:  # fmt: skip
    """The page's whole list: replaces the exam's scores (the same list again writes nothing)."""
    exam = await writable_exam(viewer, exam_id)
    numbered = [(n, staff_id, score) for n, (staff_id, score) in enumerate(entries, start=1)]
    scores, problems = checked_scores(exam, numbered, await people_for(exam))
    if problems:
        raise Rejected(problems, "entry")
    return await write_scores(viewer, exam, scores, now, "competency_exam.scores_saved")


async def current_scores(exam_id: int) -> dict[int, float]:
    rows = await CompetencyAssessment.select(_A.staff_member, _A.score).where(_A.exam == exam_id)
    return {row["staff_member"]: row["score"] for row in rows}


async def write_scores(
    viewer: Viewer, exam: dict, scores: list[Score], now: datetime, action: str
) -> dict:
    """Replace the exam's assessment rows by `scores`, audited; {changed, passed, failed}."""
    wanted = {s.staff_id: s.score for s in scores}
    competency = _competency_of(exam)
    if competency is None:  # the framework no longer knows it: nothing can be judged
        raise InvalidInput("competency_unknown", held_on=exam["held_on"].isoformat())
    outcome = {i: holdings.passed(competency, s, exam["max_score"]) for i, s in wanted.items()}
    summary = {"passed": sum(outcome.values()), "failed": len(outcome) - sum(outcome.values())}
    async with transaction():
        if await current_scores(exam["id"]) == wanted:
            return {"changed": False, **summary}
        await CompetencyAssessment.delete().where(_A.exam == exam["id"])
        rows = [
            holdings.NewAssessment(
                staff_member=staff_id, institution=exam["institution"],
                competency=exam["competency"], method=exam["kind"],
                outcome="passed" if outcome[staff_id] else "failed", assessed_on=exam["held_on"],
                score=score, assessor=viewer.user_id, exam=exam["id"],
            ).row(now)
            for staff_id, score in sorted(wanted.items())
        ]  # fmt: skip
        if rows:
            await CompetencyAssessment.insert(*rows)
        await CompetencyExam.update({_E.updated_at: now}).where(_E.id == exam["id"])
        await chain.append(action, "competency_exam", exam["id"],
                           {"scores": [[i, s] for i, s in sorted(wanted.items())]},
                           actor=viewer.user_id, at=now)  # fmt: skip
        await facts_changed([exam["institution"]])
    return {"changed": True, **summary}

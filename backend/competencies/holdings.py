"""Who holds which competency as of a day: the shared reading every page, export and rule uses.

A competency is held from the newest assessment that proves it (a drill marked demonstrated, an
exam or station passed, a confirmed certificate) until that assessment's `valid_until`. States,
as of a CST day:
- current: valid beyond the expiring window;
- expiring: still valid, but ends within the framework's `expiring_within_days` (60);
- expired: every proving assessment has ended;
- never: nothing has ever proved it (needs-practice or failed attempts alone are "never").
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from piccolo.query.functions.aggregate import Max

from backend.competencies.framework import Competency, Framework, default_frameworks, version_on
from backend.competencies.tables import CompetencyAssessment

PROVING_OUTCOMES = frozenset({"demonstrated", "passed", "confirmed"})
STATES = ("current", "expiring", "expired", "never")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(
    competency_id: str, assessed_on: date, versions: tuple[Framework, ...] | None = None
) -> date | None:
    """The last day an assessment on `assessed_on` proves the competency, by the framework
    version in force that day (None if that version does not know the competency)."""
    competency = version_on(assessed_on, versions).competency(competency_id)
    if competency is None:
        return None
    return add_months(assessed_on, competency.valid_months) - timedelta(days=1)


def passed(competency: Competency, score: float, max_score: float) -> bool:
    """An exam score against the pass mark, which the framework writes out of 100."""
    return competency.pass_mark is not None and score * 100 >= competency.pass_mark * max_score


def state_of(until: date | None, today: date, framework: Framework | None = None) -> str:
    if until is None:
        return "never"
    if until < today:
        return "expired"
    window = (framework or version_on(today)).expiring_within_days
    return "expiring" if until < today + timedelta(days=window) else "current"


@dataclass(frozen=True)
class NewAssessment:
    """An assessment about to be written; `row()` fixes `proves` and `valid_until`."""

    staff_member: int
    institution: int
    competency: str
    method: str
    outcome: str
    assessed_on: date
    score: float | None = None
    comment: str = ""
    assessor: int | None = None
    record: int | None = None
    record_version: int | None = None
    exam: int | None = None
    certificate: int | None = None
    until: date | None = None  # a certificate's own expiry, when it ends before the framework's

    def row(self, now: datetime) -> CompetencyAssessment:
        proves = self.outcome in PROVING_OUTCOMES
        until = valid_until(self.competency, self.assessed_on) if proves else None
        if proves and self.until is not None:
            until = min(until, self.until) if until else self.until
        return CompetencyAssessment(
            staff_member=self.staff_member, institution=self.institution,
            competency=self.competency, method=self.method, outcome=self.outcome,
            proves=proves, assessed_on=self.assessed_on, valid_until=until, score=self.score,
            comment=self.comment, record=self.record, record_version=self.record_version,
            exam=self.exam, certificate=self.certificate, assessor=self.assessor, created_at=now,
        )  # fmt: skip


async def held_until(staff_ids: Iterable[int]) -> dict[int, dict[str, date]]:
    """Per staff member, per competency, the last day any proving assessment covers."""
    ids = sorted(set(staff_ids))
    found: dict[int, dict[str, date]] = {}
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        rows = (
            await CompetencyAssessment.select(
                CompetencyAssessment.staff_member,
                CompetencyAssessment.competency,
                Max(CompetencyAssessment.valid_until, alias="until"),
            )
            .where(
                CompetencyAssessment.staff_member.is_in(ids[start : start + 900])
                & (CompetencyAssessment.proves == True)  # noqa: E712
            )
            .group_by(CompetencyAssessment.staff_member, CompetencyAssessment.competency)
        )
        for row in rows:
            until = row["until"]
            if isinstance(until, str):  # SQLite returns aggregates as text
                until = date.fromisoformat(until)
            found.setdefault(row["staff_member"], {})[row["competency"]] = until
    return found


def states_of(held: dict[str, date], required: Iterable[Competency], today: date) -> dict[str, str]:
    """The state of each required competency for one person."""
    framework = version_on(today)
    return {c.id: state_of(held.get(c.id), today, framework) for c in required}


def framework_today(today: date) -> Framework:
    return version_on(today, default_frameworks())

"""The competency facts the compliance engine reads (compliance/measure_competencies.py).

- `competency_facts`: per staff member (a batch of institutions' staff), every proving
  assessment (proves = true) overlapping the range, as (competency, assessed_on, valid_until).
- `staff_exam_facts`: per county commission, the results of the competency exams held for its
  staff exams (staff_exam activities the commission hosted, or its institutions held), and the
  obstetric and neonatal staff of its midwifery institutions who should sit them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from backend.competencies.tables import CompetencyAssessment
from backend.compliance.facts import CompetencyFact, ExamSittingFact, Subject
from backend.institutions.tables import Institution
from backend.staff.tables import StaffMember


async def competency_facts(
    institution_ids: list[int], first_day: date, last_day: date
) -> dict[int, list[CompetencyFact]]:
    """Staff member id -> the proving assessments valid at some day of [first_day, last_day],
    of the staff of these institutions (a judging batch, fewer than SQLite's 900 parameters),
    ordered by competency, date and end (a judgement must not depend on row order). Joined
    through the staff's institution index: the database starts from the batch's staff, never
    from every assessment of the province."""
    rows = await CompetencyAssessment.select(
        CompetencyAssessment.staff_member,
        CompetencyAssessment.competency,
        CompetencyAssessment.assessed_on,
        CompetencyAssessment.valid_until,
    ).where(
        CompetencyAssessment.staff_member.institution.is_in(list(institution_ids))
        & (CompetencyAssessment.proves == True)  # noqa: E712
        & CompetencyAssessment.valid_until.is_not_null()
        & (CompetencyAssessment.valid_until >= first_day)
        & (CompetencyAssessment.assessed_on <= last_day)
    )
    found: dict[int, list[CompetencyFact]] = defaultdict(list)
    for row in rows:
        fact = CompetencyFact(row["competency"], row["assessed_on"], row["valid_until"])
        found[row["staff_member"]].append(fact)
    for facts in found.values():
        facts.sort(key=lambda f: (f.competency, f.assessed_on, f.valid_until))
    return found


async def staff_exam_facts(
    county_ids: list[int],
    first_day: date,
    last_day: date,
    department_kinds: Iterable[str],
) -> tuple[dict[int, list[ExamSittingFact]], dict[int, list[Subject]]]:
    """County id -> the exam results of its staff exams held in [first_day, last_day]; and
    county id -> the staff of `department_kinds` in its active midwifery institutions."""
    kinds, counties = sorted(set(department_kinds)), set(county_ids)
    if not county_ids or not kinds:
        return {}, {}
    institutions = await Institution.select(Institution.id, Institution.jurisdiction).where(
        Institution.jurisdiction.is_in(county_ids)
        & (Institution.is_midwifery == True)  # noqa: E712
        & (Institution.active == True)  # noqa: E712
    )
    county_of = {row["id"]: row["jurisdiction"] for row in institutions}
    examinees: dict[int, list[Subject]] = defaultdict(list)
    sittings: dict[int, list[ExamSittingFact]] = defaultdict(list)
    if county_of:
        staff = await StaffMember.select(
            StaffMember.id,
            StaffMember.institution,
            StaffMember.name,
            StaffMember.role,
            StaffMember.department.kind.as_alias("department_kind"),
            StaffMember.active_from,
            StaffMember.active_to,
        ).where(
            StaffMember.institution.is_in(sorted(county_of))
            & StaffMember.department.kind.is_in(kinds)
        )
        for row in sorted(staff, key=lambda r: r["id"]):
            examinees[county_of[row["institution"]]].append(
                Subject(
                    kind="staff_member",
                    id=row["id"],
                    name=row["name"],
                    role=row["role"],
                    department_kind=row["department_kind"] or "",
                    active_from=row["active_from"],
                    active_to=row["active_to"],
                )
            )
    exam = CompetencyAssessment.exam
    activity = exam.activity
    by_commission = activity.host_jurisdiction.is_in(county_ids)
    by_institution = exam.institution.is_in(sorted(county_of) or [0])
    rows = await CompetencyAssessment.select(
        CompetencyAssessment.staff_member,
        CompetencyAssessment.outcome,
        exam.id.as_alias("exam_id"),
        exam.held_on.as_alias("held_on"),
        exam.institution.as_alias("institution"),
        activity.host_jurisdiction.as_alias("host_jurisdiction"),
    ).where(
        CompetencyAssessment.exam.is_not_null()
        & (activity.kind == "staff_exam")
        & (activity.status != "cancelled")
        & (exam.held_on >= first_day)
        & (exam.held_on <= last_day)
        & (by_commission | by_institution)
    )
    for row in sorted(rows, key=lambda r: (r["held_on"], r["exam_id"], r["staff_member"])):
        county = row["host_jurisdiction"]
        if county not in counties:
            county = county_of.get(row["institution"])
        if county is None:
            continue
        sittings[county].append(
            ExamSittingFact(
                exam_id=row["exam_id"],
                day=row["held_on"],
                staff_id=row["staff_member"],
                passed=row["outcome"] == "passed",
            )
        )
    return dict(sittings), dict(examinees)

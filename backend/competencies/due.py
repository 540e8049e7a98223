"""Who is due for a topic: the people of an institution whose competencies that a drill of the
topic (or an exam activity) would assess are expiring, expired or never held. Booking and the
year planner suggest inviting them."""

from __future__ import annotations

from datetime import date

from backend.activities.tables import Activity
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, visible_institution
from backend.competencies import view_schemas as vs
from backend.competencies.coverage import active_on
from backend.competencies.framework import version_on
from backend.competencies.holdings import held_until, state_of
from backend.competencies.labels import role_label
from backend.competencies.person import named, renews
from backend.core.clock import today_in_shanghai
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.staff.tables import StaffMember

DUE = ("never", "expired", "expiring")  # the order people are listed in


async def due_people(
    viewer: Viewer,
    institution_id: int | None,
    topic: str | None,
    activity_id: int | None,
    as_of: date | None = None,
) -> vs.DueList:
    today = as_of or today_in_shanghai()
    kind = "drill"
    if activity_id is not None:
        activity = (
            await Activity.select(
                Activity.kind, Activity.topic, Activity.host_institution, Activity.unannounced
            )
            .where(Activity.id == activity_id)
            .first()
        )
        host = activity and activity["host_institution"]
        if activity is None or (host is not None and not viewer.sees_institution(host)):
            raise NotFound("unknown_activity", id=activity_id)
        kind, topic = activity["kind"], activity["topic"] or topic
        institution_id = institution_id or host
    if institution_id is None:
        raise InvalidInput("competency_due_needs_institution")
    visible_institution(viewer, institution_id)
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    if not topic and kind not in ("staff_exam", "skills_competition"):
        raise InvalidInput("competency_due_needs_topic")
    framework = version_on(today)
    covered = [c for c in framework.competencies if renews(c, kind, topic or "")]
    people = (
        await StaffMember.select(
            StaffMember.id,
            StaffMember.name,
            StaffMember.role,
            StaffMember.department.kind.as_alias("kind"),
            StaffMember.department.name_zh.as_alias("department_name"),
        )  # fmt: skip
        .where((StaffMember.institution == institution_id) & active_on(today))
        .order_by(StaffMember.staff_number)
    )
    held = await held_until(p["id"] for p in people)
    found = []
    for p in people:
        due = []
        for c in covered:
            if not c.required_for(p["role"], p["kind"] or ""):
                continue
            until = held.get(p["id"], {}).get(c.id)
            state = state_of(until, today, framework)
            if state in DUE:
                due.append(vs.DueCompetency(named(c), state, until))
        if due:
            zh, en = role_label(p["role"])
            found.append(vs.DuePerson(p["id"], p["name"], p["department_name"] or "", zh, en, due))
    found.sort(key=lambda p: min(DUE.index(d.state) for d in p.due))
    return vs.DueList(
        institution_id=institution_id,
        topic=topic or "",
        as_of=today,
        competencies=[named(c) for c in covered],
        people=found,
    )

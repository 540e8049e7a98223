"""A person's competencies: each one required of them (and any they hold without being required
to), its state today, the evidence behind it and the next planned activity that would renew it.
Also the framework in force, for the page that explains it."""

from __future__ import annotations

from datetime import date

from backend.activities.tables import Activity
from backend.attendance.tables import Invitation
from backend.auth.scope import Viewer, sees_staff_member
from backend.competencies import view_schemas as vs
from backend.competencies.framework import Competency, Framework, default_coverage, version_on
from backend.competencies.holdings import held_until, state_of
from backend.competencies.labels import (
    METHOD_LABELS,
    OUTCOME_LABELS,
    TOPIC_LABELS,
    domain_names,
    domain_order,
    label,
    requirement_label,
    role_label,
)
from backend.competencies.tables import CompetencyAssessment
from backend.compliance.reasons import ATTENDEE_LABELS
from backend.core.clock import SHANGHAI, shanghai_wall_time, today_in_shanghai, utc_now
from backend.core.errors import NotFound
from backend.staff.tables import StaffMember

EXAM_KINDS = ("staff_exam", "skills_competition")
_A = CompetencyAssessment


def named(c: Competency) -> vs.Named:
    return vs.Named(c.id, c.name_zh, c.name_en)


def domain_of(framework: Framework, c: Competency) -> vs.Named:
    zh, en = domain_names(framework).get(c.domain, (c.domain, c.domain))
    return vs.Named(c.domain, zh, en)


def renews(c: Competency, kind: str, topic: str) -> bool:
    """Would an activity of this kind and topic assess the competency?"""
    if topic and topic in c.drill_topics:
        return True
    return kind in EXAM_KINDS and bool({"written", "skills_station"} & set(c.methods))


async def person_competencies(
    viewer: Viewer, staff_id: int, as_of: date | None = None
) -> vs.PersonCompetencies:
    today = as_of or today_in_shanghai()
    row = (
        await StaffMember.select(
            StaffMember.id,
            StaffMember.name,
            StaffMember.role,
            StaffMember.institution,
            StaffMember.institution.name_zh.as_alias("institution_name"),
            StaffMember.department.name_zh.as_alias("department_name"),
            StaffMember.department.kind.as_alias("kind"),
        )  # fmt: skip
        .where(StaffMember.id == staff_id)
        .first()
    )
    if row is None or not sees_staff_member(viewer, staff_id, row["institution"]):
        raise NotFound("unknown_staff_member", id=staff_id)
    framework = version_on(today)
    required = framework.required_for(row["role"], row["kind"] or "")
    held = (await held_until([staff_id])).get(staff_id, {})
    extra = [framework.competency(c) for c in held if c not in {r.id for r in required}]
    shown = domain_order(framework, [*required, *(c for c in extra if c is not None)])
    evidence = await _evidence(staff_id)
    upcoming = await _upcoming(staff_id, row["institution"])
    items = []
    required_ids = {c.id for c in required}
    for c in shown:
        until = held.get(c.id)
        next_activity = next((a for a in upcoming if renews(c, a["kind"], a["topic"])), None)
        items.append(
            vs.PersonCompetency(
                competency=named(c),
                domain=domain_of(framework, c),
                required=c.id in required_ids,
                state=state_of(until, today, framework),
                valid_until=until,
                evidence=evidence.get(c.id, []),
                next_activity=next_activity
                and vs.ActivityLink(
                    next_activity["id"],
                    next_activity["title"],
                    shanghai_wall_time(next_activity["starts_at"]),
                ),
            )
        )
    role_zh, role_en = role_label(row["role"])
    return vs.PersonCompetencies(
        staff_id=staff_id,
        name=row["name"],
        institution_name=row["institution_name"] or "",
        department_name=row["department_name"] or "",
        role_zh=role_zh,
        role_en=role_en,
        as_of=today,
        framework=vs.Named(framework.id, framework.name_zh, framework.name_en),
        expiring_within_days=framework.expiring_within_days,
        items=items,
    )


async def _evidence(staff_id: int) -> dict[str, list[vs.Evidence]]:
    """Every assessment of the person, newest first; of a drill record only its current version's."""
    rows = (
        await _A.select(
            _A.competency,
            _A.method,
            _A.outcome,
            _A.proves,
            _A.assessed_on,
            _A.valid_until,
            _A.score,
            _A.comment,
            _A.record,
            _A.record_version,
            _A.record.current_version.as_alias("record_current"),
            _A.record.activity.as_alias("activity_id"),
            _A.record.activity.title.as_alias("drill_title"),
            _A.record.activity.starts_at.as_alias("drill_starts"),
            _A.exam.title.as_alias("exam_title"),
            _A.exam.activity.as_alias("exam_activity"),
            _A.exam.max_score.as_alias("max_score"),
            _A.certificate.issuer.as_alias("issuer"),
        )  # fmt: skip
        .where(_A.staff_member == staff_id)
        .order_by(_A.assessed_on, ascending=False)
        .order_by(_A.id, ascending=False)
    )
    found: dict[str, list[vs.Evidence]] = {}
    for r in rows:
        if r["record"] is not None and r["record_version"] not in (None, r["record_current"]):
            continue  # superseded by an amendment
        source_zh, source_en, activity = _source(r)
        method_zh, method_en = label(METHOD_LABELS, r["method"])
        outcome_zh, outcome_en = label(OUTCOME_LABELS, r["outcome"])
        found.setdefault(r["competency"], []).append(
            vs.Evidence(
                method=r["method"],
                method_zh=method_zh,
                method_en=method_en,
                assessed_on=r["assessed_on"],
                outcome=r["outcome"],
                outcome_zh=outcome_zh,
                outcome_en=outcome_en,
                proves=r["proves"],
                valid_until=r["valid_until"],
                source_zh=source_zh,
                source_en=source_en,
                activity_id=activity,
                score=r["score"],
                max_score=r["max_score"] if r["score"] is not None else None,
                comment=r["comment"] or "",
            )  # fmt: skip
        )
    return found


def _source(r: dict) -> tuple[str, str, int | None]:
    if r["drill_title"]:
        day = r["drill_starts"].astimezone(SHANGHAI).date().isoformat()
        return (
            f"演练：{r['drill_title']}（{day}）",
            f"Drill: {r['drill_title']} ({day})",
            r["activity_id"],
        )
    if r["exam_title"]:
        return f"考核：{r['exam_title']}", f"Assessment: {r['exam_title']}", r["exam_activity"]
    if r["issuer"]:
        return f"证书：{r['issuer']}", f"Certificate: {r['issuer']}", None
    return "", "", None


async def _upcoming(staff_id: int, institution_id: int) -> list[dict]:
    """Planned activities ahead, hosted by the person's institution or to which they are invited,
    soonest first. Unannounced drills are never suggested (nobody may know of them)."""
    invited = Invitation.select(Invitation.activity).where(Invitation.staff_member == staff_id)
    return (
        await Activity.select(
            Activity.id, Activity.title, Activity.kind, Activity.topic, Activity.starts_at
        )
        .where(
            (Activity.status == "planned")
            & (Activity.unannounced == False)  # noqa: E712
            & (Activity.starts_at > utc_now())
            & ((Activity.host_institution == institution_id) | Activity.id.is_in(invited))
        )
        .order_by(Activity.starts_at)
        .limit(200)
    )


def framework_view(as_of: date | None = None) -> vs.FrameworkOut:
    framework = version_on(as_of or today_in_shanghai())

    def pair(codes, table=None):
        words = [requirement_label(c) if table is None else label(table, c) for c in codes]
        return [w[0] for w in words], [w[1] for w in words]

    competencies = []
    for c in domain_order(framework, list(framework.competencies)):
        req_zh, req_en = pair(c.required_of)
        met_zh, met_en = pair(c.methods, METHOD_LABELS)
        top_zh, top_en = pair(c.drill_topics, TOPIC_LABELS)
        competencies.append(
            vs.FrameworkCompetency(
                competency=named(c),
                domain=domain_of(framework, c),
                required_of_zh=req_zh,
                required_of_en=req_en,
                methods_zh=met_zh,
                methods_en=met_en,
                drill_topics_zh=top_zh,
                drill_topics_en=top_en,
                valid_months=c.valid_months,
                pass_mark=c.pass_mark,
                source_document=c.source.document,
                source_clause=c.source.clause,
                local_choice=c.source.local_choice,
            )  # fmt: skip
        )
    thresholds = []
    for t in default_coverage().thresholds:
        c = framework.competency(t.competency)
        if c is None:
            continue
        kinds = [label(ATTENDEE_LABELS, k) for k in t.department_kinds]
        thresholds.append(
            vs.FrameworkThreshold(
                competency=named(c),
                department_kinds_zh=[k[0] for k in kinds],
                department_kinds_en=[k[1] for k in kinds],
                min_current=t.min_current,
                night_shifts_only=t.night_shifts_only,
                source_document=t.source.document,
                source_clause=t.source.clause,
            )  # fmt: skip
        )
    return vs.FrameworkOut(
        framework=vs.Named(framework.id, framework.name_zh, framework.name_en),
        effective_from=framework.effective_from,
        expiring_within_days=framework.expiring_within_days,
        domains=[vs.Named(d.id, d.name_zh, d.name_en) for d in framework.domains],
        competencies=competencies,
        thresholds=thresholds,
    )

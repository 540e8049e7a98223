"""Paired support (对口支援): agreements, their rosters and clinic days (坐诊).

Who may do what (issue 13):
- see an agreement: the administrator; anyone whose scope holds the supporting or the supported
  institution (officers, centres, commissions); a staff member only the agreements they are on
  the roster of. Anything else answers 404 like a missing id.
- create an agreement and keep its roster: the administrator, the supporting institution's own
  officer (or centre account), and a commission whose area holds both institutions.
- clinic days: the supported institution's officer logs them (held or planned); the supporting
  institution's officer may plan them ahead; only the supporting institution's officer (or the
  administrator) confirms a held day.
Every write runs in one transaction, tells the compliance engine (facts_changed: both
institutions) and appends to the audit chain last.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, subtree
from backend.compliance.evaluate import assess_period, conclude
from backend.compliance.facts import Facts, Subject
from backend.compliance.freshness import facts_changed
from backend.compliance.profiles import jurisdiction_tree, profile_for
from backend.core.database import transaction
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.periods import period_containing, periods_between
from backend.institutions.tables import Department, Institution, Jurisdiction
from backend.paired_support import schemas
from backend.paired_support.facts import paired_support_facts
from backend.paired_support.tables import (
    ClinicDay,
    PairedSupportAgreement,
    PairedSupportRosterMember,
)
from backend.paired_support.weeks import TITLE_ORDER, on_roster, title_at_least
from backend.rules.catalogue import Catalogue, Rule, default_catalogue
from backend.staff.tables import StaffMember

RULE_ID = "paired-support"
TITLE_LABELS = {
    "none": ("无职称", "no title"),
    "junior": ("初级", "junior"),
    "intermediate": ("中级", "intermediate"),
    "associate_senior": ("副高", "associate senior"),
    "senior": ("正高", "senior"),
}
STATUS_LABELS = {"planned": "计划", "held": "已坐诊", "cancelled": "已取消"}
WEEKS_BACK, WEEKS_AHEAD = 52, 4  # the weekly grid of an agreement's page (newest first)


def title_label(title: str, lang: int = 0) -> str:
    return TITLE_LABELS.get(title, (title, title))[lang]


# --- the rule ---------------------------------------------------------------------------------


async def rule_for(supporting_id: int, catalogue: Catalogue | None = None) -> Rule:
    """The paired-support rule as the supporting institution's profile has it, else the base
    rule (bounds still apply to a roster whose profile does not judge it)."""
    catalogue = catalogue or default_catalogue()
    row = (
        await Institution.select(Institution.jurisdiction)
        .where(Institution.id == supporting_id)
        .first()
    )
    if row is not None:
        profile = profile_for(await jurisdiction_tree(), row["jurisdiction"])
        for rule in catalogue.rules_of(profile):
            if rule.id == RULE_ID:
                return rule
    return catalogue.rules[RULE_ID]


def _bounds(rule: Rule) -> schemas.RosterRule:
    p = rule.parameters
    minimum = p.roster_min_title or "none"
    qualifying = [title for title in TITLE_ORDER if title_at_least(title, minimum)]
    return schemas.RosterRule(p.roster_min_size or 0, p.roster_max_size, minimum,
                              title_label(minimum), qualifying)  # fmt: skip


# --- who may do what --------------------------------------------------------------------------


def _acts_for(viewer: Viewer, institution_id: int) -> bool:
    """The institution's own officer (a centre's account counts as its officer)."""
    if viewer.is_admin:
        return True
    return (
        viewer.role in (UserRole.officer, UserRole.reviewer)
        and viewer.institution_id == institution_id
    )


def _manages(viewer: Viewer, supporting: int, supported: int) -> bool:
    if _acts_for(viewer, supporting):
        return True
    return (
        viewer.role == UserRole.commission
        and viewer.sees_institution(supporting)
        and viewer.sees_institution(supported)
    )


async def _rostered(viewer: Viewer, agreement_id: int) -> bool:
    if viewer.staff_member_id is None:
        return False
    return await PairedSupportRosterMember.exists().where(
        (PairedSupportRosterMember.agreement == agreement_id)
        & (PairedSupportRosterMember.staff_member == viewer.staff_member_id)
    )


async def _sees(viewer: Viewer, row: dict) -> bool:
    if viewer.role == UserRole.staff:
        return await _rostered(viewer, row["id"])
    return viewer.sees_institution(row["supporting"]) or viewer.sees_institution(row["supported"])


_AGREEMENT_COLUMNS = (
    PairedSupportAgreement.id,
    PairedSupportAgreement.supporting,
    PairedSupportAgreement.supported,
    PairedSupportAgreement.supporting.name_zh.as_alias("supporting_name"),
    PairedSupportAgreement.supported.name_zh.as_alias("supported_name"),
    PairedSupportAgreement.starts_on,
    PairedSupportAgreement.ends_on,
    PairedSupportAgreement.specialty,
    PairedSupportAgreement.note,
)


async def visible_agreement(viewer: Viewer, agreement_id: int) -> dict:
    row = (
        await PairedSupportAgreement.select(*_AGREEMENT_COLUMNS)
        .where(PairedSupportAgreement.id == agreement_id)
        .first()
    )
    if row is None or not await _sees(viewer, row):
        raise NotFound("unknown_agreement", id=agreement_id)
    return row


async def _lock(agreement_id: int) -> None:
    """Touch the agreement's row first: concurrent roster edits wait for each other."""
    await PairedSupportAgreement.update(
        {PairedSupportAgreement.specialty: PairedSupportAgreement.specialty}
    ).where(PairedSupportAgreement.id == agreement_id)


async def _announce(viewer: Viewer, action: str, entity: str, entity_id: int, agreement: dict,
                    payload: dict[str, Any], now: datetime) -> None:  # fmt: skip
    await facts_changed([agreement["supporting"], agreement["supported"]])
    await chain.append(action, entity, entity_id, {"agreement": agreement["id"], **payload},
                       actor=viewer.user_id, at=now)  # fmt: skip


# --- agreements -------------------------------------------------------------------------------


async def create_agreement(viewer: Viewer, data: schemas.AgreementIn, now: datetime) -> int:
    if not viewer.sees_institution(data.supporting_id):
        raise NotFound("unknown_institution", id=data.supporting_id)
    rows = await Institution.select(Institution.id).where(
        Institution.id.is_in([data.supporting_id, data.supported_id])
    )
    found = {row["id"] for row in rows}
    for institution in (data.supporting_id, data.supported_id):
        if institution not in found:
            raise NotFound("unknown_institution", id=institution)
    if not _manages(viewer, data.supporting_id, data.supported_id):
        raise Forbidden("forbidden")
    if data.supporting_id == data.supported_id:
        raise InvalidInput("agreement_same_institution")
    if data.ends_on < data.starts_on:
        raise InvalidInput("agreement_dates", starts_on=data.starts_on.isoformat(),
                           ends_on=data.ends_on.isoformat())  # fmt: skip
    async with transaction():
        inserted = await PairedSupportAgreement.insert(
            PairedSupportAgreement(
                supporting=data.supporting_id, supported=data.supported_id,
                starts_on=data.starts_on, ends_on=data.ends_on, specialty=data.specialty.strip(),
                note=data.note, created_by=viewer.user_id, created_at=now,
            )
        ).returning(PairedSupportAgreement.id)  # fmt: skip
        agreement_id = inserted[0]["id"]
        agreement = {"id": agreement_id, "supporting": data.supporting_id,
                     "supported": data.supported_id}  # fmt: skip
        payload = {"supporting": data.supporting_id, "supported": data.supported_id,
                   "starts_on": data.starts_on.isoformat(), "ends_on": data.ends_on.isoformat(),
                   "specialty": data.specialty}  # fmt: skip
        await _announce(viewer, "paired_support.agreement_created", "paired_support_agreement",
                        agreement_id, agreement, payload, now)  # fmt: skip
    return agreement_id


async def list_agreements(
    viewer: Viewer, institution_id: int | None, today: date
) -> list[schemas.AgreementOut]:
    if institution_id is not None and not viewer.sees_institution(institution_id):
        raise NotFound("unknown_institution", id=institution_id)
    query = PairedSupportAgreement.select(*_AGREEMENT_COLUMNS).order_by(PairedSupportAgreement.id)
    if institution_id is not None:
        query = query.where(
            (PairedSupportAgreement.supporting == institution_id)
            | (PairedSupportAgreement.supported == institution_id)
        )
    elif viewer.institution_ids is not None and viewer.role != UserRole.staff:
        ids = sorted(viewer.institution_ids) or [0]
        query = query.where(
            PairedSupportAgreement.supporting.is_in(ids)
            | PairedSupportAgreement.supported.is_in(ids)
        )
    if viewer.role == UserRole.staff:
        mine = PairedSupportRosterMember.select(PairedSupportRosterMember.agreement).where(
            PairedSupportRosterMember.staff_member == (viewer.staff_member_id or 0)
        )
        query = query.where(PairedSupportAgreement.id.is_in(mine))
    rows = [row for row in await query if await _sees(viewer, row)]
    return [await _agreement_out(viewer, row, today) for row in rows]


async def _roster_rows(agreement_id: int) -> list[dict]:
    return (
        await PairedSupportRosterMember.select(
            PairedSupportRosterMember.id,
            PairedSupportRosterMember.staff_member,
            PairedSupportRosterMember.joined_on,
            PairedSupportRosterMember.left_on,
            PairedSupportRosterMember.staff_member.name.as_alias("name"),
            PairedSupportRosterMember.staff_member.title.as_alias("title"),
            PairedSupportRosterMember.staff_member.department.name_zh.as_alias("department"),
        )
        .where(PairedSupportRosterMember.agreement == agreement_id)
        .order_by(PairedSupportRosterMember.id)
    )


def _current_size(roster: list[dict], day: date, min_title: str) -> int:
    return sum(
        1
        for m in roster
        if m["joined_on"] <= day
        and (m["left_on"] is None or m["left_on"] >= day)
        and title_at_least(m["title"], min_title)
    )


def _roster_day(row: dict, today: date) -> date:
    """The day the roster's size is shown for: today, clipped to the agreement."""
    return min(max(today, row["starts_on"]), row["ends_on"])


async def _agreement_out(
    viewer: Viewer, row: dict, today: date, rows: list[dict] | None = None, cls=None, **extra
):
    rule = await rule_for(row["supporting"])
    bounds = _bounds(rule)
    rows = rows if rows is not None else await _roster_rows(row["id"])
    size = _current_size(rows, _roster_day(row, today), bounds.min_title)
    return (cls or schemas.AgreementOut)(
        id=row["id"],
        supporting=schemas.InstitutionBrief(row["supporting"], row["supporting_name"]),
        supported=schemas.InstitutionBrief(row["supported"], row["supported_name"]),
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        specialty=row["specialty"],
        note=row["note"],
        roster_size=size,
        roster_short=size < bounds.min_size,
        rule=bounds,
        may_edit_roster=_manages(viewer, row["supporting"], row["supported"]),
        may_log=_acts_for(viewer, row["supported"]),
        may_plan=_acts_for(viewer, row["supported"]) or _acts_for(viewer, row["supporting"]),
        may_confirm=_acts_for(viewer, row["supporting"]),
        **extra,
    )


async def agreement_detail(
    viewer: Viewer, agreement_id: int, today: date
) -> schemas.AgreementDetail:
    row = await visible_agreement(viewer, agreement_id)
    roster = await _roster_rows(agreement_id)
    days = await _clinic_day_rows(ClinicDay.agreement == agreement_id)
    return await _agreement_out(
        viewer, row, today, roster, cls=schemas.AgreementDetail,
        roster=[_member_out(m) for m in roster],
        clinic_days=[_day_out(d) for d in days],
        weeks=await weeks_of(row, today),
    )  # fmt: skip


def _member_out(m: dict) -> schemas.RosterMemberOut:
    return schemas.RosterMemberOut(
        id=m["id"], staff_id=m["staff_member"], name=m["name"], title=m["title"],
        title_label=title_label(m["title"]), department=m["department"] or "",
        joined_on=m["joined_on"], left_on=m["left_on"],
    )  # fmt: skip


async def weeks_of(row: dict, today: date) -> list[schemas.WeekOut]:
    """The weekly grid, newest first: the last WEEKS_BACK weeks and the next WEEKS_AHEAD inside
    the agreement (the page shows the recent ones, the rest folded),
    judged by the compliance engine's own measure on fresh facts."""
    first = max(row["starts_on"], today - timedelta(weeks=WEEKS_BACK))
    last = min(row["ends_on"], today + timedelta(weeks=WEEKS_AHEAD))
    if last < first:
        return []
    rule = await rule_for(row["supporting"])
    gathered = await paired_support_facts([row["supporting"]], first - timedelta(days=7),
                                          last + timedelta(days=7))  # fmt: skip
    fact = next(f for f in gathered.get(row["supporting"], []) if f.agreement_id == row["id"])
    subject = Subject(kind="paired_support_rotation", id=row["id"], name=fact.name)
    facts = Facts(paired_support=(fact,), recorded=Facts().recorded | {"paired_support"})
    weeks = []
    for period in reversed(periods_between("week", first, last)):
        a = assess_period(rule, subject, facts, period)
        finding = conclude(a, today)
        weeks.append(
            schemas.WeekOut(
                week=period.label, starts_on=period.start, status=finding.status.value,
                holiday=a.settled == "paired_holiday_week", clinic_days=len(a.counted),
                reason_zh=finding.reason_zh, reason_en=finding.reason_en,
            )
        )  # fmt: skip
    return weeks


# --- roster -----------------------------------------------------------------------------------


async def _staff_row(staff_id: int) -> dict | None:
    return (
        await StaffMember.select(
            StaffMember.id,
            StaffMember.name,
            StaffMember.title,
            StaffMember.institution,
            StaffMember.active_from,
            StaffMember.active_to,
        )
        .where(StaffMember.id == staff_id)
        .first()
    )


async def add_member(
    viewer: Viewer, agreement_id: int, data: schemas.RosterMemberIn, today: date, now: datetime
) -> schemas.RosterMemberOut:
    row = await visible_agreement(viewer, agreement_id)
    if not _manages(viewer, row["supporting"], row["supported"]):
        raise Forbidden("forbidden")
    person = await _staff_row(data.staff_id)
    if person is None or person["institution"] != row["supporting"]:
        # a person of another institution is not named: they may lie outside the viewer's scope
        raise InvalidInput("roster_not_staff_of_supporting", name=f"#{data.staff_id}",
                           institution=row["supporting_name"])  # fmt: skip
    rule = await rule_for(row["supporting"])
    bounds = _bounds(rule)
    if not title_at_least(person["title"], bounds.min_title):
        raise InvalidInput(
            "roster_title_too_low", name=person["name"], title=title_label(person["title"]),
            title_en=title_label(person["title"], 1), minimum=bounds.min_title_label,
            minimum_en=title_label(bounds.min_title, 1),
        )  # fmt: skip
    joined = data.joined_on or _roster_day(row, today)
    if not row["starts_on"] <= joined <= row["ends_on"]:
        raise InvalidInput("roster_date_outside", day=joined.isoformat(),
                           starts_on=row["starts_on"].isoformat(),
                           ends_on=row["ends_on"].isoformat())  # fmt: skip
    async with transaction():
        await _lock(agreement_id)
        roster = await _roster_rows(agreement_id)
        existing = next((m for m in roster if m["staff_member"] == data.staff_id), None)
        if existing and (existing["left_on"] is None or existing["left_on"] >= joined):
            raise Conflict("roster_already_on", name=person["name"])
        size = _current_size(roster, joined, bounds.min_title)
        if bounds.max_size is not None and size >= bounds.max_size:
            raise InvalidInput("roster_full", size=size, maximum=bounds.max_size)
        if existing:  # back on the roster after leaving it: one row per person and agreement
            await PairedSupportRosterMember.update(
                {PairedSupportRosterMember.joined_on: joined,
                 PairedSupportRosterMember.left_on: None}
            ).where(PairedSupportRosterMember.id == existing["id"])  # fmt: skip
            member_id = existing["id"]
        else:
            inserted = await PairedSupportRosterMember.insert(
                PairedSupportRosterMember(agreement=agreement_id, staff_member=data.staff_id,
                                          joined_on=joined)
            ).returning(PairedSupportRosterMember.id)  # fmt: skip
            member_id = inserted[0]["id"]
        await _announce(viewer, "paired_support.roster_added", "paired_support_roster_member",
                        member_id, row, {"staff_member": data.staff_id,
                                         "joined_on": joined.isoformat()}, now)  # fmt: skip
    roster = await _roster_rows(agreement_id)
    return _member_out(next(m for m in roster if m["id"] == member_id))


async def remove_member(
    viewer: Viewer, agreement_id: int, staff_id: int, today: date, now: datetime
) -> None:
    """Off the roster from today: on it until yesterday (a member who had not started yet is
    taken off altogether)."""
    row = await visible_agreement(viewer, agreement_id)
    if not _manages(viewer, row["supporting"], row["supported"]):
        raise Forbidden("forbidden")
    async with transaction():
        await _lock(agreement_id)
        member = next(
            (m for m in await _roster_rows(agreement_id) if m["staff_member"] == staff_id), None
        )
        if member is None or (member["left_on"] is not None and member["left_on"] < today):
            raise NotFound("roster_not_on")
        left = today - timedelta(days=1)
        if left < member["joined_on"]:
            await PairedSupportRosterMember.delete().where(
                PairedSupportRosterMember.id == member["id"]
            )
        else:
            await PairedSupportRosterMember.update({PairedSupportRosterMember.left_on: left}).where(
                PairedSupportRosterMember.id == member["id"]
            )
        await _announce(viewer, "paired_support.roster_removed", "paired_support_roster_member",
                        member["id"], row, {"staff_member": staff_id,
                                            "left_on": left.isoformat()}, now)  # fmt: skip


# --- clinic days ------------------------------------------------------------------------------


async def _clinic_day_rows(where) -> list[dict]:
    return (
        await ClinicDay.select(
            ClinicDay.all_columns(),
            ClinicDay.staff_member.name.as_alias("staff_name"),
            ClinicDay.department.name_zh.as_alias("department_name"),
        )
        .where(where)
        .order_by(ClinicDay.day)
        .order_by(ClinicDay.id)
    )


def _day_out(d: dict) -> schemas.ClinicDayOut:
    return schemas.ClinicDayOut(
        id=d["id"], agreement_id=d["agreement"], day=d["day"],
        week=period_containing("week", d["day"]).label, staff_id=d["staff_member"],
        staff_name=d["staff_name"], department_id=d["department"],
        department=d["department_name"] or "", work=d["work"], status=d["status"],
        confirmed=d["confirmed_at"] is not None, confirmed_at=d["confirmed_at"],
        logged_at=d["logged_at"],
    )  # fmt: skip


async def log_clinic_day(
    viewer: Viewer, agreement_id: int, data: schemas.ClinicDayIn, today: date, now: datetime
) -> tuple[schemas.ClinicDayOut, bool]:
    """(the day, created?): a held day logged for a person's planned day turns that plan into
    the held day rather than adding a second one."""
    row = await visible_agreement(viewer, agreement_id)
    held = data.status == schemas.ClinicDayStatus.held
    if held and not _acts_for(viewer, row["supported"]):
        if _acts_for(viewer, row["supporting"]):
            raise Forbidden("clinic_day_supporting_plans_only")
        raise Forbidden("forbidden")
    if not (_acts_for(viewer, row["supported"]) or _acts_for(viewer, row["supporting"])):
        raise Forbidden("forbidden")
    if not row["starts_on"] <= data.day <= row["ends_on"]:
        raise InvalidInput("clinic_day_outside_agreement", day=data.day.isoformat(),
                           starts_on=row["starts_on"].isoformat(),
                           ends_on=row["ends_on"].isoformat())  # fmt: skip
    if held and data.day > today:
        raise InvalidInput("clinic_day_held_in_future", day=data.day.isoformat())
    roster = await _roster_rows(agreement_id)
    member = next((m for m in roster if m["staff_member"] == data.staff_id), None)
    if member is None or not on_roster(_as_fact(member), data.day):
        person = await _staff_row(data.staff_id)
        named = person["name"] if person and person["institution"] == row["supporting"] else ""
        raise InvalidInput("clinic_day_not_on_roster", name=named or f"#{data.staff_id}",
                           day=data.day.isoformat())  # fmt: skip
    if data.department_id is not None:
        department = (
            await Department.select(Department.institution)
            .where(Department.id == data.department_id)
            .first()
        )
        if department is None or department["institution"] != row["supported"]:
            raise InvalidInput("clinic_day_department", institution=row["supported_name"])
    async with transaction():
        await _lock(agreement_id)
        plan = None
        if held:
            plan = await ClinicDay.select(ClinicDay.id).where(
                (ClinicDay.agreement == agreement_id) & (ClinicDay.day == data.day)
                & (ClinicDay.staff_member == data.staff_id) & (ClinicDay.status == "planned")
            ).first()  # fmt: skip
        values = {
            ClinicDay.department: data.department_id, ClinicDay.work: data.work,
            ClinicDay.status: data.status.value, ClinicDay.logged_by: viewer.user_id,
            ClinicDay.logged_at: now,
        }  # fmt: skip
        if plan:
            await ClinicDay.update(values).where(ClinicDay.id == plan["id"])
            day_id = plan["id"]
        else:
            inserted = await ClinicDay.insert(
                ClinicDay(agreement=agreement_id, day=data.day, staff_member=data.staff_id,
                          department=data.department_id, work=data.work,
                          status=data.status.value, logged_by=viewer.user_id, logged_at=now)
            ).returning(ClinicDay.id)  # fmt: skip
            day_id = inserted[0]["id"]
        await _announce(viewer, "paired_support.clinic_day_logged", "clinic_day", day_id, row,
                        {"day": data.day.isoformat(), "staff_member": data.staff_id,
                         "status": data.status.value}, now)  # fmt: skip
    (day,) = await _clinic_day_rows(ClinicDay.id == day_id)
    return _day_out(day), plan is None


def _as_fact(member: dict):
    from backend.compliance.facts import RosterFact

    return RosterFact(member["staff_member"], member["title"], member["joined_on"],
                      member["left_on"])  # fmt: skip


async def confirm_clinic_day(viewer: Viewer, day_id: int, now: datetime) -> schemas.ClinicDayOut:
    found = await ClinicDay.select(ClinicDay.agreement).where(ClinicDay.id == day_id).first()
    if found is None:
        raise NotFound("unknown_clinic_day", id=day_id)
    try:
        row = await visible_agreement(viewer, found["agreement"])
    except NotFound:
        raise NotFound("unknown_clinic_day", id=day_id) from None
    if not _acts_for(viewer, row["supporting"]):
        raise Forbidden("forbidden")
    async with transaction():
        await _lock(row["id"])
        (day,) = await _clinic_day_rows(ClinicDay.id == day_id)
        if day["status"] != "held":
            raise Conflict("clinic_day_not_held", status=STATUS_LABELS.get(day["status"], ""))
        if day["confirmed_at"] is not None:
            raise Conflict("clinic_day_already_confirmed")
        await ClinicDay.update(
            {ClinicDay.confirmed_by: viewer.user_id, ClinicDay.confirmed_at: now}
        ).where(ClinicDay.id == day_id)
        await _announce(viewer, "paired_support.clinic_day_confirmed", "clinic_day", day_id, row,
                        {"day": day["day"].isoformat()}, now)  # fmt: skip
    (day,) = await _clinic_day_rows(ClinicDay.id == day_id)
    return _day_out(day)


async def cancel_clinic_day(viewer: Viewer, day_id: int, now: datetime) -> schemas.ClinicDayOut:
    """A planned day off the plan, by either side's officer who may plan it; a held day stays
    (400: it happened), an already cancelled one answers 409."""
    found = await ClinicDay.select(ClinicDay.agreement).where(ClinicDay.id == day_id).first()
    if found is None:
        raise NotFound("unknown_clinic_day", id=day_id)
    try:
        row = await visible_agreement(viewer, found["agreement"])
    except NotFound:
        raise NotFound("unknown_clinic_day", id=day_id) from None
    if not (_acts_for(viewer, row["supported"]) or _acts_for(viewer, row["supporting"])):
        raise Forbidden("forbidden")
    async with transaction():
        await _lock(row["id"])
        (day,) = await _clinic_day_rows(ClinicDay.id == day_id)
        if day["status"] == "held":
            raise InvalidInput("clinic_day_cancel_held", day=day["day"].isoformat())
        if day["status"] != "planned":
            raise Conflict("clinic_day_already_cancelled", day=day["day"].isoformat())
        await ClinicDay.update({ClinicDay.status: "cancelled"}).where(ClinicDay.id == day_id)
        await _announce(viewer, "paired_support.clinic_day_cancelled", "clinic_day", day_id, row,
                        {"day": day["day"].isoformat(),
                         "staff_member": day["staff_member"]}, now)  # fmt: skip
    (day,) = await _clinic_day_rows(ClinicDay.id == day_id)
    return _day_out(day)


# --- the agreement form's choices (helper H) ---------------------------------------------------

_MCH_FIRST = ("mch_hospital",)


async def supported_candidates(viewer: Viewer, supporting_id: int) -> list[schemas.CandidateOut]:
    """The institutions an agreement of `supporting_id` may name as supported, for those who may
    create one: those the viewer sees, and for the supporting institution's own officer (who
    sees only their own) the active institutions of its city. MCH hospitals first."""
    if not viewer.sees_institution(supporting_id):
        raise NotFound("unknown_institution", id=supporting_id)
    supporting = (
        await Institution.select(Institution.id, Institution.jurisdiction)
        .where(Institution.id == supporting_id)
        .first()
    )
    if supporting is None:
        raise NotFound("unknown_institution", id=supporting_id)
    if not (_acts_for(viewer, supporting_id) or (
        viewer.role == UserRole.commission and viewer.sees_institution(supporting_id)
    )):  # fmt: skip
        raise Forbidden("forbidden")
    query = Institution.select(
        Institution.id, Institution.name_zh, Institution.kind, Institution.code,
        Institution.jurisdiction.name_zh.as_alias("jurisdiction_name"),
    ).where((Institution.active == True) & (Institution.id != supporting_id))  # noqa: E712  # fmt: skip
    if viewer.institution_ids is not None:
        allowed = set(viewer.institution_ids)
        if _acts_for(viewer, supporting_id):
            allowed |= await _city_institutions(supporting["jurisdiction"])
        query = query.where(Institution.id.is_in(sorted(allowed) or [0]))
    rows = await query
    rows.sort(key=lambda r: (r["kind"] not in _MCH_FIRST, r["code"]))
    return [
        schemas.CandidateOut(r["id"], r["name_zh"], r["kind"], r["jurisdiction_name"] or "")
        for r in rows
    ]


async def _city_institutions(jurisdiction_id: int) -> set[int]:
    """Every institution under the city (or, lacking one, the top jurisdiction) that holds
    `jurisdiction_id`."""
    tree = {
        r["id"]: (r["parent"], r["level"])
        for r in await Jurisdiction.select(Jurisdiction.id, Jurisdiction.parent, Jurisdiction.level)
    }
    top = jurisdiction_id
    while tree.get(top, (None, ""))[1] not in ("city", "province") and tree.get(top, (None,))[0]:
        top = tree[top][0]
    below = subtree({k: v[0] for k, v in tree.items()}, top)
    rows = await Institution.select(Institution.id).where(
        Institution.jurisdiction.is_in(sorted(below) or [0])
    )
    return {r["id"] for r in rows}

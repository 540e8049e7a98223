"""What a record's content and actions must satisfy before anything is written; each failure is a
400 naming the field as a person knows it, and nothing is written."""

from __future__ import annotations

import msgspec

from backend.attendance.tables import Attendance
from backend.attendance.vocabulary import ATTENDED
from backend.competencies import drill_assessments
from backend.core.errors import InvalidInput
from backend.core.sent_fields import sent_fields
from backend.drill_records import judging
from backend.drill_records.schemas import ActionIn, ContentPatch, RecordContent
from backend.drill_records.tables import CorrectiveAction
from backend.drill_records.topics import TopicSheet
from backend.staff.tables import StaffMember

_PARTS = ("scenario", "team", "timings", "debrief", "problems", "assessments")


def merged(content: RecordContent, patch: ContentPatch) -> RecordContent:
    """The content with the parts the patch sends replaced."""
    return msgspec.structs.replace(content, **sent_fields(patch, among=_PARTS))


def drill_minutes(activity: dict) -> float:
    return (activity["ends_at"] - activity["starts_at"]).total_seconds() / 60


async def content_fits(activity: dict, sheet: TopicSheet, content: RecordContent) -> None:
    template_id = content.scenario.template_id
    if template_id and sheet.template(template_id) is None:
        raise InvalidInput("record_unknown_template")
    minutes = drill_minutes(activity)
    for measure_id, value in content.timings.items():
        measure = sheet.measure(measure_id)
        problem = judging.timing_problem(measure, value, minutes)
        if problem:
            name = measure.name_zh if measure else measure_id
            raise InvalidInput(problem, measure=name, value=f"{value:g}", minutes=f"{minutes:g}")
    await _team_attended(activity["id"], [m.staff_id for m in content.team])
    await drill_assessments.check(activity, content)


async def _team_attended(activity_id: int, staff_ids: list[int]) -> None:
    if not staff_ids:
        return
    rows = await Attendance.select(Attendance.staff_member).where(
        (Attendance.activity == activity_id) & Attendance.status.is_in(sorted(ATTENDED))
    )
    present = {row["staff_member"] for row in rows}
    seen: set[int] = set()
    for staff_id in staff_ids:
        if staff_id in seen:
            raise InvalidInput("record_team_repeated", name=await _name(staff_id))
        if staff_id not in present:
            raise InvalidInput("record_team_not_present", name=await _name(staff_id))
        seen.add(staff_id)


async def _name(staff_id: int) -> str:
    row = await StaffMember.select(StaffMember.name).where(StaffMember.id == staff_id).first()
    return row["name"] if row else "所选人员"


async def actions_fit(activity: dict, record_id: int | None, actions: list[ActionIn]) -> None:
    """Each action has a description and an owner of the host; ids are this record's actions."""
    known: set[int] = set()
    if record_id is not None:
        rows = await CorrectiveAction.select(CorrectiveAction.id).where(
            CorrectiveAction.record == record_id
        )
        known = {row["id"] for row in rows}
    owners = {a.owner_staff_id for a in actions if a.owner_staff_id is not None}
    host_staff: set[int] = set()
    if owners and activity["host_institution"] is not None:
        rows = await StaffMember.select(StaffMember.id).where(
            StaffMember.id.is_in(sorted(owners))
            & (StaffMember.institution == activity["host_institution"])
        )
        host_staff = {row["id"] for row in rows}
    for action in actions:
        if not action.description.strip():
            raise InvalidInput("action_needs_description")
        if action.id is not None and action.id not in known:
            raise InvalidInput("unknown_action")
        if action.owner_staff_id is not None and action.owner_staff_id not in host_staff:
            raise InvalidInput("action_owner_not_of_host")
        if action.owner_staff_id is None and not action.owner_name.strip():
            raise InvalidInput("action_needs_owner", description=action.description.strip())

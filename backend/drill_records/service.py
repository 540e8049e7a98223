"""Drill records: create the draft of a held drill, edit it, submit (lock) it, amend it.

Decisions:
- Lifecycle: draft -> submitted. A submitted record is locked: an edit answers 409
  `record_locked`; a change is an amendment, a new version with reason, author and time, in
  force at once. Versions are never changed or deleted (version 1 is edited in place only while
  the record is a draft). A spot-check points at (record id, version).
- Who: the host's officer or admin writes (activities.checks.editable_activity); anyone who sees
  the activity reads, except staff, who get 403.
- Records exist only for held drills (kinds drill and regional_drill); one per activity.
- Every write runs in one transaction that first touches the record (or activity) row, calls
  compliance.freshness.facts_changed([host]) and appends to the audit chain.
- Competency assessments are part of the content (competencies/drill_assessments.py): submitting
  and amending write their evidence rows from the version in force, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import msgspec

from backend.activities.checks import TOPIC_KINDS, editable_activity
from backend.activities.service import visible_activity
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.attendance.invitees import hosts
from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, may_book_for
from backend.competencies import drill_assessments
from backend.compliance.freshness import facts_changed
from backend.core.database import is_unique_violation, transaction
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.sent_fields import sent_fields
from backend.drill_records import checks, judging
from backend.drill_records.actions import actions_of, replace_actions
from backend.drill_records.evidence import evidence_of
from backend.drill_records.schemas import (
    ActivitySummary,
    AmendmentIn,
    AssessmentIn,
    RecordContent,
    RecordOut,
    RecordPatch,
    TeamMemberOut,
    TemplateOut,
)
from backend.drill_records.tables import DrillRecord, DrillRecordVersion
from backend.drill_records.topics import TopicSheet, sheet_of
from backend.staff.tables import StaffMember

SUBMITTED = "submitted"


async def readable_activity(viewer: Viewer, activity_id: int) -> dict:
    """The activity, if the viewer may read its record: 404 outside scope, 403 for staff (a
    record is the officers' and reviewers' business; staff see their own line elsewhere)."""
    row = await visible_activity(viewer, activity_id)
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    return row


async def readable_record(viewer: Viewer, record_id: int) -> tuple[dict, dict]:
    """(record, activity); 404 when the viewer may not read it."""
    record = await DrillRecord.select().where(DrillRecord.id == record_id).first()
    if record is None:
        raise NotFound("unknown_record")
    try:
        activity = await visible_activity(viewer, record["activity"])
    except NotFound:
        raise NotFound("unknown_record") from None
    if viewer.role == UserRole.staff:  # in scope, but not theirs to read: 403
        raise Forbidden("forbidden")
    return record, activity


async def writable_record(viewer: Viewer, record_id: int) -> tuple[dict, dict]:
    record, activity = await readable_record(viewer, record_id)
    if not await may_book_for(viewer, activity["host_institution"], activity["host_jurisdiction"]):
        raise Forbidden("forbidden")
    return record, activity


async def record_of_activity(viewer: Viewer, activity_id: int) -> int:
    await readable_activity(viewer, activity_id)
    row = (
        await DrillRecord.select(DrillRecord.id).where(DrillRecord.activity == activity_id).first()
    )
    if row is None:
        raise NotFound("record_not_for_activity")
    return row["id"]


async def _content(record_id: int, version: int) -> RecordContent:
    row = (
        await DrillRecordVersion.select(DrillRecordVersion.content)
        .where((DrillRecordVersion.record == record_id) & (DrillRecordVersion.version == version))
        .first()
    )
    return msgspec.json.decode(row["content"], type=RecordContent)


async def content_in_force(record: dict) -> RecordContent:
    return await _content(record["id"], record["current_version"])


async def _locked(record_id: int) -> dict:
    """The record's row, locked for this transaction (PostgreSQL row lock; SQLite holds the
    write lock since BEGIN)."""
    await DrillRecord.update({DrillRecord.status: DrillRecord.status}).where(
        DrillRecord.id == record_id
    )
    return await DrillRecord.select().where(DrillRecord.id == record_id).first()


async def _announce(viewer: Viewer, action: str, record_id: int, activity: dict, payload: dict,
                    now: datetime, assessed: Iterable[int] = ()) -> None:  # fmt: skip
    """`assessed`: the institutions of people whose competency evidence the write changed (one
    facts_changed call: its scopes are locked in one sorted order)."""
    await facts_changed([activity["host_institution"], *assessed])
    await chain.append(action, "drill_record", record_id, {"activity": activity["id"], **payload},
                       actor=viewer.user_id, at=now)  # fmt: skip


def _encoded(content: RecordContent) -> str:
    return msgspec.json.encode(content).decode()


def _complete(sheet: TopicSheet, content: RecordContent) -> None:
    missing = judging.missing_for_submission(sheet, content)
    if missing:
        fields = "、".join(m.label_zh for m in missing)
        details = [msgspec.structs.asdict(m) for m in missing]
        raise InvalidInput("record_incomplete", details=details, fields=fields)


async def create_record(viewer: Viewer, activity_id: int, data: RecordPatch, now: datetime) -> int:
    await readable_activity(viewer, activity_id)
    activity = await editable_activity(viewer, activity_id)
    if activity["kind"] not in TOPIC_KINDS or activity["status"] != ActivityStatus.held.value:
        raise Conflict("record_needs_held_drill")
    content = checks.merged(RecordContent(), data)
    await checks.content_fits(activity, sheet_of(activity["topic"]), content)
    actions = sent_fields(data).get("actions", [])
    await checks.actions_fit(activity, None, actions)
    try:
        async with transaction():
            await Activity.update({Activity.status: Activity.status}).where(
                Activity.id == activity_id
            )
            if await DrillRecord.exists().where(DrillRecord.activity == activity_id):
                raise Conflict("record_exists")
            rows = await DrillRecord.insert(
                DrillRecord(activity=activity_id, status="draft", current_version=1,
                            created_by=viewer.user_id, created_at=now, updated_at=now)
            ).returning(DrillRecord.id)  # fmt: skip
            record_id = rows[0]["id"]
            await DrillRecordVersion.insert(
                DrillRecordVersion(record=record_id, version=1, content=_encoded(content),
                                   author=viewer.user_id, created_at=now)
            )  # fmt: skip
            written = await replace_actions(record_id, actions, now)
            payload = {"content": msgspec.to_builtins(content), "actions": written}
            await _announce(viewer, "drill_record.created", record_id, activity, payload, now)
    except Exception as exc:
        if is_unique_violation(exc):
            raise Conflict("record_exists") from None
        raise
    return record_id


async def patch_record(viewer: Viewer, record_id: int, data: RecordPatch, now: datetime) -> None:
    _, activity = await writable_record(viewer, record_id)
    sheet = sheet_of(activity["topic"])
    async with transaction():
        record = await _locked(record_id)
        if record["status"] == SUBMITTED:
            raise Conflict("record_locked")
        content = checks.merged(await _content(record_id, 1), data)
        await checks.content_fits(activity, sheet, content)
        payload: dict = {"content": msgspec.to_builtins(content)}
        if "actions" in sent_fields(data):
            await checks.actions_fit(activity, record_id, data.actions)
            payload["actions"] = await replace_actions(record_id, data.actions, now)
        await DrillRecordVersion.update({DrillRecordVersion.content: _encoded(content)}).where(
            (DrillRecordVersion.record == record_id) & (DrillRecordVersion.version == 1)
        )
        await DrillRecord.update({DrillRecord.updated_at: now}).where(DrillRecord.id == record_id)
        await _announce(viewer, "drill_record.edited", record_id, activity, payload, now)


async def submit_record(viewer: Viewer, record_id: int, now: datetime) -> None:
    _, activity = await writable_record(viewer, record_id)
    sheet = sheet_of(activity["topic"])
    async with transaction():
        record = await _locked(record_id)
        if record["status"] == SUBMITTED:
            raise Conflict("record_already_submitted")
        content = await _content(record_id, 1)
        _complete(sheet, content)
        await checks.content_fits(activity, sheet, content)
        await DrillRecord.update(
            {DrillRecord.status: SUBMITTED, DrillRecord.submitted_at: now,
             DrillRecord.updated_at: now}
        ).where(DrillRecord.id == record_id)  # fmt: skip
        assessed = await drill_assessments.write_evidence(
            record_id, 1, activity, content, viewer.user_id, now)  # fmt: skip
        await _announce(viewer, "drill_record.submitted", record_id, activity, {"version": 1}, now,
                        assessed)  # fmt: skip


async def amend_record(viewer: Viewer, record_id: int, data: AmendmentIn, now: datetime) -> None:
    reason = data.reason.strip()
    if not reason:
        raise InvalidInput("amendment_needs_reason")
    _, activity = await writable_record(viewer, record_id)
    sheet = sheet_of(activity["topic"])
    async with transaction():
        record = await _locked(record_id)
        if record["status"] != SUBMITTED:
            raise Conflict("record_not_submitted")
        current = record["current_version"]
        content = checks.merged(await _content(record_id, current), data.content)
        _complete(sheet, content)
        await checks.content_fits(activity, sheet, content)
        await DrillRecordVersion.insert(
            DrillRecordVersion(record=record_id, version=current + 1, content=_encoded(content),
                               reason=reason, author=viewer.user_id, created_at=now)
        )  # fmt: skip
        await DrillRecord.update(
            {DrillRecord.current_version: current + 1, DrillRecord.updated_at: now}
        ).where(DrillRecord.id == record_id)
        assessed = await drill_assessments.write_evidence(
            record_id, current + 1, activity, content, viewer.user_id, now)  # fmt: skip
        payload = {"version": current + 1, "reason": reason,
                   "content": msgspec.to_builtins(content)}  # fmt: skip
        await _announce(viewer, "drill_record.amended", record_id, activity, payload, now,
                        assessed)  # fmt: skip


async def replace_assessments(
    viewer: Viewer, record_id: int, items: list[AssessmentIn], now: datetime
) -> None:
    """The draft's whole list of competency marks; a submitted record answers 409
    `record_locked` (amend it). The same marks again write nothing."""
    _, activity = await writable_record(viewer, record_id)
    async with transaction():
        record = await _locked(record_id)
        if record["status"] == SUBMITTED:
            raise Conflict("record_locked")
        stored = await _content(record_id, 1)
        await drill_assessments.check(activity, msgspec.structs.replace(stored, assessments=items))
        marks = drill_assessments.normalised(items)
        if marks == drill_assessments.normalised(stored.assessments):
            return
        content = msgspec.structs.replace(stored, assessments=marks)
        await DrillRecordVersion.update({DrillRecordVersion.content: _encoded(content)}).where(
            (DrillRecordVersion.record == record_id) & (DrillRecordVersion.version == 1)
        )
        await DrillRecord.update({DrillRecord.updated_at: now}).where(DrillRecord.id == record_id)
        payload = {"assessments": msgspec.to_builtins(marks)}
        await _announce(viewer, "drill_record.assessed", record_id, activity, payload, now)


async def staff_names(staff_ids: set[int], viewer: Viewer | None = None) -> dict[int, str]:
    """Names by id; with a viewer, only of people in the viewer's scope (a guest at another
    host's drill does not learn who came from institutions it cannot see)."""
    if not staff_ids:
        return {}
    rows = await StaffMember.select(
        StaffMember.id, StaffMember.name, StaffMember.institution
    ).where(StaffMember.id.is_in(sorted(staff_ids)))
    return {
        row["id"]: row["name"]
        for row in rows
        if viewer is None or viewer.sees_institution(row["institution"])
    }


async def _summary(activity_id: int) -> tuple[ActivitySummary, dict]:
    """The activity as a record shows it, and its host columns (`host_institution`,
    `host_jurisdiction`) for `hosts`."""
    row = await Activity.select(
        Activity.all_columns(),
        Activity.host_institution.name_zh.as_alias("host_institution_name"),
        Activity.host_jurisdiction.name_zh.as_alias("host_jurisdiction_name"),
    ).where(Activity.id == activity_id).first()  # fmt: skip
    summary = ActivitySummary(
        id=row["id"], title=row["title"], kind=row["kind"], topic=row["topic"],
        status=row["status"], starts_at=row["starts_at"], ends_at=row["ends_at"],
        host_institution_id=row["host_institution"],
        host_name=row["host_institution_name"] or row["host_jurisdiction_name"] or "",
    )  # fmt: skip
    host = {key: row[key] for key in ("host_institution", "host_jurisdiction")}
    return summary, host


async def record_out(record_id: int, today: date, viewer: Viewer | None = None) -> RecordOut:
    """The record as `viewer` may read it: a viewer who does not host the drill sees the team
    members of institutions in its scope only (the others are left out of `team`)."""
    record = await DrillRecord.select().where(DrillRecord.id == record_id).first()
    activity, host = await _summary(record["activity"])
    content = await _content(record_id, record["current_version"])
    guest = viewer if viewer is not None and not hosts(viewer, host) else None
    names = await staff_names({m.staff_id for m in content.team}, guest)
    team = [m for m in content.team if guest is None or m.staff_id in names]
    if guest is not None:
        assessed = await staff_names({a.staff_id for a in content.assessments}, guest)
        content = msgspec.structs.replace(
            content,
            team=team,
            assessments=[a for a in content.assessments if a.staff_id in assessed],
        )
    return RecordOut(
        id=record_id, activity=activity, status=record["status"],
        version=record["current_version"],
        versions=await DrillRecordVersion.count().where(DrillRecordVersion.record == record_id),
        content=content,
        team=[TeamMemberOut(m.staff_id, names.get(m.staff_id, ""), m.drill_role.value)
              for m in team],
        targets=judging.targets(sheet_of(activity.topic), content.timings),
        actions=await actions_of(record_id, today), evidence=await evidence_of(record_id),
        created_at=record["created_at"], updated_at=record["updated_at"],
        submitted_at=record["submitted_at"],
        templates=[TemplateOut(t.id, t.name_zh, t.name_en, t.description_zh)
                   for t in sheet_of(activity.topic).templates],
    )  # fmt: skip

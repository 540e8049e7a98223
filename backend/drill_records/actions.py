"""Corrective actions: written with the draft record, then followed up on their own.

While the record is a draft its actions are replaced with the list the officer sends. After
submission only an action's status and follow-up change (`PATCH /api/actions/{id}`), audited.
Overdue: open and due before today in Shanghai. Actions are not compliance facts.
"""

from __future__ import annotations

from datetime import date, datetime

from backend.activities.service import visible_activity
from backend.audit import chain
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, may_book_for, visible_institution
from backend.core.database import transaction
from backend.core.errors import Forbidden, NotFound
from backend.core.sent_fields import sent_fields
from backend.drill_records.schemas import ActionIn, ActionOut, ActionPatch, ActionStatus
from backend.drill_records.tables import CorrectiveAction

_COLUMNS = (
    CorrectiveAction.all_columns(),
    CorrectiveAction.record.activity.as_alias("activity_id"),
    CorrectiveAction.record.activity.title.as_alias("activity_title"),
    CorrectiveAction.record.activity.host_institution.as_alias("institution_id"),
    CorrectiveAction.record.activity.host_jurisdiction.as_alias("jurisdiction_id"),
    CorrectiveAction.owner.name.as_alias("owner_staff_name"),
)


def action_out(row: dict, today: date) -> ActionOut:
    return ActionOut(
        id=row["id"], record_id=row["record"], activity_id=row["activity_id"],
        activity_title=row["activity_title"], institution_id=row["institution_id"],
        description=row["description"], owner_staff_id=row["owner"],
        owner_name=row["owner_staff_name"] or row["owner_name"], due_on=row["due_on"],
        status=row["status"], follow_up=row["follow_up"],
        overdue=row["status"] == ActionStatus.open.value and row["due_on"] < today,
        closed_at=row["closed_at"],
    )  # fmt: skip


async def actions_of(record_id: int, today: date) -> list[ActionOut]:
    rows = (
        await CorrectiveAction.select(*_COLUMNS)
        .where(CorrectiveAction.record == record_id)
        .order_by(CorrectiveAction.id)
    )
    return [action_out(row, today) for row in rows]


def _closed_at(status: str, now: datetime) -> datetime | None:
    return None if status == ActionStatus.open.value else now


async def replace_actions(record_id: int, actions: list[ActionIn], now: datetime) -> list[dict]:
    """The draft's actions become exactly this list (checked beforehand by checks.actions_fit)."""
    kept = [a.id for a in actions if a.id is not None]
    await CorrectiveAction.delete().where(
        (CorrectiveAction.record == record_id) & CorrectiveAction.id.not_in(kept or [0])
    )
    written = []
    for action in actions:
        values = {
            "description": action.description.strip(), "owner": action.owner_staff_id,
            "owner_name": action.owner_name.strip(), "due_on": action.due_on,
            "status": action.status.value, "follow_up": action.follow_up.strip(),
            "closed_at": _closed_at(action.status.value, now),
        }  # fmt: skip
        if action.id is None:
            await CorrectiveAction.insert(
                CorrectiveAction(record=record_id, created_at=now, **values)
            )
        else:
            await CorrectiveAction.update(values).where(CorrectiveAction.id == action.id)
        written.append({**values, "id": action.id, "due_on": action.due_on.isoformat()})
    return written


async def list_actions(
    viewer: Viewer,
    institution_id: int | None,
    status: str | None,
    overdue: bool,
    today: date,
) -> list[ActionOut]:
    """Actions of the records the viewer may read; an officer's own institution by default."""
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    if institution_id is None and viewer.role == UserRole.officer:
        institution_id = viewer.institution_id
    where = []
    if institution_id is not None:
        visible_institution(viewer, institution_id)
        where.append(CorrectiveAction.record.activity.host_institution == institution_id)
    elif viewer.institution_ids is not None:
        hosts = CorrectiveAction.record.activity.host_institution
        clause = hosts.is_in(sorted(viewer.institution_ids) or [0])
        if viewer.jurisdiction_ids:
            juris = CorrectiveAction.record.activity.host_jurisdiction
            clause = clause | juris.is_in(sorted(viewer.jurisdiction_ids))
        where.append(clause)
    if overdue:
        status = ActionStatus.open.value
        where.append(CorrectiveAction.due_on < today)
    if status:
        where.append(CorrectiveAction.status == status)
    query = CorrectiveAction.select(*_COLUMNS).order_by(CorrectiveAction.due_on)
    if where:
        query = query.where(*where)
    return [action_out(row, today) for row in await query]


async def _action(viewer: Viewer, action_id: int) -> dict:
    row = await CorrectiveAction.select(*_COLUMNS).where(CorrectiveAction.id == action_id).first()
    if row is None:
        raise NotFound("unknown_action")
    try:
        await visible_activity(viewer, row["activity_id"])
    except NotFound:
        raise NotFound("unknown_action") from None
    if not await may_book_for(viewer, row["institution_id"], row["jurisdiction_id"]):
        raise Forbidden("forbidden")
    return row


async def patch_action(
    viewer: Viewer, action_id: int, data: ActionPatch, now: datetime, today: date
) -> ActionOut:
    """Status and follow-up, at any time; appended to the audit chain."""
    row = await _action(viewer, action_id)
    sent = sent_fields(data)
    values: dict = {}
    if "status" in sent:
        values["status"] = sent["status"].value
        values["closed_at"] = _closed_at(sent["status"].value, now)
    if "follow_up" in sent:
        values["follow_up"] = sent["follow_up"].strip()
    if values:
        async with transaction():
            await CorrectiveAction.update(values).where(CorrectiveAction.id == action_id)
            shown = {k: v for k, v in values.items() if k != "closed_at"}
            await chain.append("corrective_action.updated", "corrective_action", action_id,
                               {"record": row["record"], **shown}, actor=viewer.user_id, at=now)  # fmt: skip
    updated = await CorrectiveAction.select(*_COLUMNS).where(CorrectiveAction.id == action_id)
    return action_out(updated[0], today)

"""Results awaiting confirmation (结果待确认): activities that ended while still `planned`.

Nobody recorded whether they took place, so they count as not held until the officer records
the attendance or cancels them with a reason.
"""

from __future__ import annotations

from datetime import datetime

from backend.activities.schemas import ActivityOut
from backend.activities.service import ACTIVITY_COLUMNS, activities_out
from backend.activities.tables import Activity
from backend.activities.vocabulary import ActivityStatus
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, jurisdictions_below, visible_institution
from backend.core.errors import Forbidden

LIMIT = 500  # a year of forgotten activities of a whole county fits; more is a data problem


async def _hosts_clause(viewer: Viewer):
    """Activities the viewer hosts or oversees: institutions in scope, and for a commission the
    jurisdictions it acts for. None: everything (admin)."""
    if viewer.institution_ids is None:
        return None
    clause = Activity.host_institution.is_in(sorted(viewer.institution_ids) or [0])
    if viewer.role == UserRole.commission and viewer.jurisdiction_id:
        below = await jurisdictions_below(viewer.jurisdiction_id)
        clause = clause | Activity.host_jurisdiction.is_in(sorted(below))
    return clause


async def awaiting_results(
    viewer: Viewer, now: datetime, institution_id: int | None = None
) -> list[ActivityOut]:
    """Oldest first."""
    if viewer.role == UserRole.staff:
        raise Forbidden("forbidden")
    query = (
        Activity.select(*ACTIVITY_COLUMNS)
        .where(Activity.status == ActivityStatus.planned.value)
        .where(Activity.ends_at < now)
        .order_by(Activity.starts_at)
        .order_by(Activity.id)
        .limit(LIMIT)
    )
    clause = await _hosts_clause(viewer)
    if clause is not None:
        query = query.where(clause)
    if institution_id is not None:
        visible_institution(viewer, institution_id)
        query = query.where(Activity.host_institution == institution_id)
    return await activities_out(await query)

"""The activities a finding links to, named: what a matrix cell's detail lists (title, time,
status) in the same answer as the finding, instead of one request per activity."""

from __future__ import annotations

import msgspec

from backend.activities.service import sees_activity
from backend.activities.tables import Activity
from backend.auth.scope import Viewer
from backend.compliance import schemas

_COLUMNS = (
    Activity.id,
    Activity.title,
    Activity.starts_at,
    Activity.ends_at,
    Activity.status,
    Activity.host_institution,
    Activity.host_jurisdiction,
    Activity.unannounced,
)


async def with_activities(
    viewer: Viewer, findings: list[schemas.FindingOut]
) -> list[schemas.FindingOut]:
    """Each institution or department finding with the activities it counted, nearly counted
    or plans, those this viewer may read (a person's own findings are left as they are)."""
    linking = [f for f in findings if f.subject_kind != "staff_member"]
    ids = {i for f in linking for i in (*f.counted, *f.nearly, *f.planned)}
    rows = await Activity.select(*_COLUMNS).where(Activity.id.is_in(list(ids))) if ids else []
    named = {
        row["id"]: schemas.FindingActivity(
            row["id"], row["title"], row["starts_at"], row["ends_at"], row["status"]
        )
        for row in rows
        if sees_activity(viewer, row)
    }
    return [
        msgspec.structs.replace(f, activities=_named(f, named))
        if f.subject_kind != "staff_member"
        else f
        for f in findings
    ]


def _named(
    finding: schemas.FindingOut, named: dict[int, schemas.FindingActivity]
) -> list[schemas.FindingActivity]:
    ids = dict.fromkeys((*finding.counted, *finding.nearly, *finding.planned))
    return [named[i] for i in ids if i in named]

"""Write the demo city's drill records in bulk, inside the loader's transaction.

Not audited: the demo is a seed, not a person's write, like the rest of the loader's rows (the
audit chain stays empty and `drillbook audit verify` passes). Compliance hears of the records
through the loader's everything_changed() in the same transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, time, timedelta

import msgspec
from piccolo.table import Table

from backend.credits.tables import CreditCertificate
from backend.drill_records.schemas import RecordContent
from backend.drill_records.tables import CorrectiveAction, DrillRecord, DrillRecordVersion
from backend.tooling.demo_city.certificates import DemoCertificate
from backend.tooling.demo_city.records import DemoRecords, content_with_staff_ids

Insert = Callable[[type[Table], Sequence[Table]], Awaitable[list[int]]]


async def write_records(
    insert: Insert,
    records: DemoRecords,
    activity_ids: list[int],
    staff_ids: list[int],
    officer_id: int | None,
) -> dict[str, int]:
    """Records, their versions and corrective actions; the counts written."""
    record_ids = await insert(
        DrillRecord,
        [
            DrillRecord(
                activity=activity_ids[r.activity],
                status=r.status,
                current_version=2 if r.amendment else 1,
                created_by=officer_id if r.by_officer else None,
                created_at=r.created_at,
                updated_at=r.updated_at,
                submitted_at=r.submitted_at,
            )
            for r in records.records
        ],
    )
    versions = []
    for r in records.records:
        author = officer_id if r.by_officer else None
        versions.append(_version(record_ids[r.key], 1, r.content, staff_ids, "", author,
                                 r.created_at))  # fmt: skip
        if r.amendment:
            versions.append(_version(record_ids[r.key], 2, r.amendment.content, staff_ids,
                                     r.amendment.reason, officer_id, r.amendment.at))  # fmt: skip
    await insert(DrillRecordVersion, versions)
    await insert(
        CorrectiveAction,
        [
            CorrectiveAction(
                record=record_ids[a.record],
                description=a.description,
                owner=staff_ids[a.owner],
                due_on=a.due_on,
                status=a.status,
                follow_up=a.follow_up,
                created_at=a.created_at,
                closed_at=a.closed_at,
            )
            for a in records.actions
        ],
    )
    return {"records": len(record_ids), "actions": len(records.actions)}


def _version(
    record_id: int,
    version: int,
    content: RecordContent,
    staff_ids: list[int],
    reason: str,
    author: int | None,
    at: datetime,
) -> DrillRecordVersion:
    stored = content_with_staff_ids(content, staff_ids)
    return DrillRecordVersion(
        record=record_id,
        version=version,
        content=msgspec.json.encode(stored).decode(),
        reason=reason,
        author=author,
        created_at=at,
    )


async def write_certificates(
    insert: Insert,
    certificates: list[DemoCertificate],
    staff_ids: list[int],
    officer_id: int | None,
) -> int:
    """Certificates as staff claimed them; decided ones by the demo officer (or no one named)."""
    rows = []
    for c in certificates:
        submitted = datetime.combine(c.earned_on, time(10), tzinfo=UTC) + timedelta(days=3)
        decided = c.status != "pending"
        rows.append(
            CreditCertificate(
                staff_member=staff_ids[c.staff], title=c.title, cme_class=c.cme_class,
                credits=c.credits, earned_on=c.earned_on, status=c.status,
                decision_note=c.note, submitted_at=submitted,
                decided_by=officer_id if decided and c.by_officer else None,
                decided_at=submitted + timedelta(days=2) if decided else None,
            )
        )  # fmt: skip
    await insert(CreditCertificate, rows)
    return len(rows)

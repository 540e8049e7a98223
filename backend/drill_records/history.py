"""A record's versions, oldest first, each with what changed from the one before."""

from __future__ import annotations

import msgspec

from backend.competencies.drill_assessments import competency_names
from backend.drill_records.judging import differences
from backend.drill_records.schemas import RecordContent, VersionOut
from backend.drill_records.service import staff_names
from backend.drill_records.tables import DrillRecordVersion
from backend.drill_records.topics import sheet_of


async def versions_of(record_id: int, topic: str) -> list[VersionOut]:
    rows = (
        await DrillRecordVersion.select(
            DrillRecordVersion.version,
            DrillRecordVersion.content,
            DrillRecordVersion.reason,
            DrillRecordVersion.created_at,
            DrillRecordVersion.author.display_name.as_alias("author_name"),
        )
        .where(DrillRecordVersion.record == record_id)
        .order_by(DrillRecordVersion.version)
    )
    contents = [msgspec.json.decode(row["content"], type=RecordContent) for row in rows]
    names = await staff_names(
        {m.staff_id for c in contents for m in c.team}
        | {a.staff_id for c in contents for a in c.assessments}
    )
    competencies = competency_names()
    sheet = sheet_of(topic)
    found, before = [], None
    for row, content in zip(rows, contents, strict=True):
        found.append(
            VersionOut(
                version=row["version"],
                author_name=row["author_name"] or "",
                created_at=row["created_at"],
                reason=row["reason"],
                changes=differences(before, content, sheet, names, competencies),
            )
        )
        before = content
    return found

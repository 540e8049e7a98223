"""Applying a checked roster, and the import jobs the upload page follows.

An import is all or nothing: the file is read and checked first; any bad row rejects it and nothing
is written. A good file is applied in one transaction, matched by staff number (工号) within the
institution: new numbers are created, changed rows updated, identical rows left alone. Staff who
are not in the file are left untouched.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from backend.auth.scope import Viewer, editable_institution
from backend.compliance.freshness import facts_changed, hosts_attended_by
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.database import transaction
from backend.core.errors import NotFound
from backend.institutions.tables import Department, Institution
from backend.staff.roster_import import (
    RosterCheck,
    RosterRow,
    RowError,
    read_roster,
    validate_roster,
)
from backend.staff.tables import StaffMember

log = logging.getLogger("drillbook.roster")
CHUNK = 100
_FIELDS = ("name", "department", "role", "title", "position", "active_from")


@dataclass
class RosterResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updated_ids: list[int] = field(default_factory=list)


@dataclass
class RosterJob:
    id: str
    institution_id: int
    file_name: str
    state: str  # validating | applying | done | rejected | failed
    total_rows: int
    processed_rows: int = 0
    result: RosterResult | None = None
    errors: list[RowError] = field(default_factory=list)


# Jobs live in this process: a restart forgets them (the staff they wrote stay).
JOBS: dict[str, RosterJob] = {}
_RUNNING: set[asyncio.Task] = set()


async def departments_by_name(institution_id: int) -> dict[str, tuple[int, str]]:
    rows = await Department.select(Department.id, Department.name_zh, Department.kind).where(
        Department.institution == institution_id
    )
    return {row["name_zh"]: (row["id"], row["kind"]) for row in rows}


async def check_roster(institution_id: int, content: bytes, file_name: str) -> RosterCheck:
    rows = read_roster(content, file_name)
    return validate_roster(rows, await departments_by_name(institution_id), today_in_shanghai())


async def apply_roster(
    institution_id: int, rows: list[RosterRow], progress: Callable[[int], None] = lambda n: None
) -> RosterResult:
    result = RosterResult()
    async with transaction():
        existing = {
            row["staff_number"]: row
            for row in await StaffMember.select().where(StaffMember.institution == institution_id)
        }
        now = utc_now()
        for start in range(0, len(rows), CHUNK):
            await _apply_chunk(institution_id, rows[start : start + CHUNK], existing, result, now)
            progress(min(start + CHUNK, len(rows)))
            await asyncio.sleep(0)  # let progress be read while a long file is applied
        # updated people's roles and departments are facts of activities they attended elsewhere
        elsewhere = await hosts_attended_by(result.updated_ids)
        await facts_changed({institution_id} | elsewhere)
    return result


async def _apply_chunk(institution_id, rows, existing, result: RosterResult, now) -> None:
    new = []
    for row in rows:
        wanted = {
            "name": row.name,
            "department": row.department_id,
            "role": row.role,
            "title": row.title,
            "position": row.position,
            "active_from": row.active_from,
        }
        current = existing.get(row.staff_number)
        if current is None:
            new.append(
                StaffMember(
                    institution=institution_id,
                    staff_number=row.staff_number,
                    updated_at=now,
                    **wanted,
                )
            )
            result.created += 1
        elif any(current[name] != wanted[name] for name in _FIELDS):
            await StaffMember.update({**wanted, "updated_at": now}, force=True).where(
                StaffMember.id == current["id"]
            )
            result.updated += 1
            result.updated_ids.append(current["id"])
        else:
            result.unchanged += 1
    if new:
        await StaffMember.insert(*new)


# --- jobs --------------------------------------------------------------------------------------


async def start_import(
    viewer: Viewer, institution_id: int, file_name: str, content: bytes
) -> RosterJob:
    """Read the file now (unreadable files answer at once); check and apply in the background."""
    editable_institution(viewer, institution_id)
    if not await Institution.exists().where(Institution.id == institution_id):
        raise NotFound("unknown_institution", id=institution_id)
    rows = read_roster(content, file_name)
    job = RosterJob(uuid.uuid4().hex, institution_id, file_name, "validating", len(rows))
    JOBS[job.id] = job
    task = asyncio.create_task(_run(job, rows))
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return job


async def _run(job: RosterJob, rows) -> None:
    try:
        departments = await departments_by_name(job.institution_id)
        check = validate_roster(rows, departments, today_in_shanghai())
        if check.errors:
            job.errors, job.state = check.errors, "rejected"
            return
        job.state = "applying"

        def progress(done: int) -> None:
            job.processed_rows = done

        job.result = await apply_roster(job.institution_id, check.rows, progress)
        job.state = "done"
    except Exception:
        log.exception("roster import %s failed", job.id)
        job.state = "failed"


def get_job(viewer: Viewer, job_id: str) -> RosterJob:
    job = JOBS.get(job_id)
    if job is None or not viewer.sees_institution(job.institution_id):
        raise NotFound("roster_import_unknown")
    return job

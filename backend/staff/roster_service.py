"""Applying a checked roster, and the import jobs the upload page follows.

An import is all or nothing: the file is read and checked first; any bad row rejects it and nothing
is written. A good file is applied in one transaction, matched by staff number (工号) within the
institution: new numbers are created, changed rows updated, identical rows left alone. Staff who
are not in the file are left untouched.

A job is a row of roster_import_job, so a poll landing on any worker process finds it and a
restart remembers it. It runs in the worker that received the upload; a job whose worker died
reads as interrupted (its transaction rolled back, so nothing of it was written).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine

from backend.auth.scope import Viewer, editable_institution
from backend.compliance.freshness import facts_changed, hosts_attended_by
from backend.core.chinese_order import person_pinyin_text
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.database import current_engine, transaction
from backend.core.errors import Forbidden, NotFound
from backend.institutions.tables import Department, Institution
from backend.staff.roster_import import (
    RosterCheck,
    RosterRow,
    RowError,
    read_roster,
    validate_roster,
)
from backend.staff.spreadsheet import off_the_loop
from backend.staff.tables import RosterImportJob, StaffMember

log = logging.getLogger("drillbook.roster")
CHUNK = 100


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
    state: str  # validating | applying | done | rejected | failed | interrupted
    total_rows: int
    processed_rows: int = 0
    result: RosterResult | None = None
    errors: list[RowError] = field(default_factory=list)


RUNNING = ("validating", "applying")
PROGRESS_EVERY = 500  # rows between two progress writes
HEARTBEAT_SECONDS = 15
STALE_AFTER = timedelta(seconds=60)  # no heartbeat for this long: the worker is gone
# SQLite has one writer: while the import's transaction holds it no heartbeat can land, so there
# the owner's process id decides (SQLite is always on this host) and the age only backs it up.
SQLITE_STALE_AFTER = timedelta(minutes=30)
KEEP_FOR = timedelta(days=7)

_RUNNING: set[asyncio.Task] = set()
# Rows applied so far by the jobs this process runs: on SQLite the only live progress there is.
_LIVE_PROGRESS: dict[str, int] = {}


async def departments_by_name(institution_id: int) -> dict[str, tuple[int, str]]:
    rows = await Department.select(Department.id, Department.name_zh, Department.kind).where(
        Department.institution == institution_id
    )
    return {row["name_zh"]: (row["id"], row["kind"]) for row in rows}


async def check_roster(institution_id: int, content: bytes, file_name: str) -> RosterCheck:
    rows = await off_the_loop(read_roster, content, file_name)
    departments = await departments_by_name(institution_id)
    return await off_the_loop(validate_roster, rows, departments, today_in_shanghai())


Progress = Callable[[int], Awaitable[None]]
Applied = Callable[[RosterResult], Awaitable[None]]


async def _no_progress(done: int) -> None:
    pass


async def apply_roster(
    institution_id: int,
    rows: list[RosterRow],
    progress: Progress = _no_progress,
    applied: Applied | None = None,
) -> RosterResult:
    """`applied` runs inside the transaction, so what it writes lands with the staff or not at
    all."""
    result = RosterResult()
    async with transaction():
        existing = {
            row["staff_number"]: row
            for row in await StaffMember.select().where(StaffMember.institution == institution_id)
        }
        now = utc_now()
        for start in range(0, len(rows), CHUNK):
            await _apply_chunk(institution_id, rows[start : start + CHUNK], existing, result, now)
            await progress(min(start + CHUNK, len(rows)))
            await asyncio.sleep(0)  # let progress be read while a long file is applied
        # updated people's roles and departments are facts of activities they attended elsewhere
        elsewhere = await hosts_attended_by(result.updated_ids)
        await facts_changed({institution_id} | elsewhere)
        if applied is not None:
            await applied(result)
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
        if row.night_shifts is not None:  # a roster without the 夜班 column keeps what was set
            wanted["night_shifts"] = row.night_shifts
        current = existing.get(row.staff_number)
        written = {**wanted, "name_pinyin": person_pinyin_text(row.name)}
        if current is None:
            new.append(
                StaffMember(
                    institution=institution_id,
                    staff_number=row.staff_number,
                    updated_at=now,
                    **written,
                )
            )
            result.created += 1
        elif any(current[name] != wanted[name] for name in wanted):
            await StaffMember.update({**written, "updated_at": now}, force=True).where(
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
    rows = await off_the_loop(read_roster, content, file_name)
    job = RosterJob(uuid.uuid4().hex, institution_id, file_name, "validating", len(rows))
    now = utc_now()
    async with transaction():
        await RosterImportJob.delete().where(RosterImportJob.created_at < now - KEEP_FOR)
        await RosterImportJob.insert(
            RosterImportJob(
                id=job.id,
                institution=institution_id,
                file_name=file_name,
                state=job.state,
                total_rows=job.total_rows,
                processed_rows=0,
                errors="[]",
                worker=_this_worker(),
                started_by=viewer.user_id,
                created_at=now,
                updated_at=now,
            )
        )
    task = asyncio.create_task(_run(job, rows))
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return job


async def _run(job: RosterJob, rows: list[RosterRow]) -> None:
    heartbeat = asyncio.create_task(_beat(job.id)) if _writes_beside_the_import() else None
    try:
        departments = await departments_by_name(job.institution_id)
        check = await off_the_loop(validate_roster, rows, departments, today_in_shanghai())
        if check.errors:
            await _record(job.id, state="rejected", errors=_errors_json(check.errors))
            return
        await _record(job.id, state="applying")
        await apply_roster(job.institution_id, check.rows, _progress_of(job), _done_of(job))
    except Exception:
        log.exception("roster import %s failed", job.id)
        await _record_failure(job.id)
    finally:
        if heartbeat is not None:
            heartbeat.cancel()
        _LIVE_PROGRESS.pop(job.id, None)


def _progress_of(job: RosterJob) -> Progress:
    """Every row count for this process, every PROGRESS_EVERY rows for the others (a write of
    its own, committed at once, while the import's transaction stays open)."""
    written = 0

    async def progress(done: int) -> None:
        nonlocal written
        _LIVE_PROGRESS[job.id] = done
        if _writes_beside_the_import() and done - written >= PROGRESS_EVERY:
            written = done
            await _beside_the_import(_record(job.id, processed_rows=done))

    return progress


def _done_of(job: RosterJob) -> Applied:
    async def done(result: RosterResult) -> None:
        await _record(
            job.id,
            state="done",
            processed_rows=job.total_rows,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
        )

    return done


async def _record(job_id: str, **values: Any) -> None:
    await RosterImportJob.update({**values, "updated_at": utc_now()}, force=True).where(
        RosterImportJob.id == job_id
    )


async def _record_failure(job_id: str) -> None:
    try:
        await _record(job_id, state="failed")
    except Exception:  # the database itself is failing: the job reads as interrupted later
        log.exception("roster import %s: could not record the failure", job_id)


async def _beat(job_id: str) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        try:
            await RosterImportJob.update({"updated_at": utc_now()}, force=True).where(
                (RosterImportJob.id == job_id) & RosterImportJob.state.is_in(list(RUNNING))
            )
        except Exception:  # a missed beat is retried at the next one
            log.warning("roster import %s: heartbeat failed", job_id, exc_info=True)


def _writes_beside_the_import() -> bool:
    """SQLite has one writer at a time: a write beside the import would wait for its end."""
    return not isinstance(current_engine(), SQLiteEngine)


async def _beside_the_import(write: Awaitable[None]) -> None:
    async def detached() -> None:
        current_engine().current_transaction.set(None)  # in this task's own copy of the context
        await write

    await asyncio.create_task(detached())


def _errors_json(errors: list[RowError]) -> str:
    return json.dumps([asdict(error) for error in errors], ensure_ascii=False, default=str)


def _this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def get_job(viewer: Viewer, job_id: str) -> RosterJob:
    row = await RosterImportJob.select().where(RosterImportJob.id == job_id).first()
    if row is None or not viewer.sees_institution(row["institution"]):
        raise NotFound("roster_import_unknown")
    if not viewer.edits_people_of(row["institution"]):  # a roster is the officer's business
        raise Forbidden("forbidden")
    return _job_from(row, utc_now())


def _job_from(row: dict[str, Any], now: datetime) -> RosterJob:
    job = RosterJob(
        id=row["id"],
        institution_id=row["institution"],
        file_name=row["file_name"],
        state=row["state"],
        total_rows=row["total_rows"],
        processed_rows=max(row["processed_rows"], _LIVE_PROGRESS.get(row["id"], 0)),
        errors=[RowError(**error) for error in json.loads(row["errors"])],
    )
    if job.state == "done":
        job.result = RosterResult(
            row["created_count"], row["updated_count"], row["unchanged_count"]
        )
    elif job.state in RUNNING and _abandoned(row["worker"], row["updated_at"], now):
        job.state = "interrupted"
        job.errors = [RowError(0, "", "roster_import_interrupted")]
    return job


def _abandoned(worker: str, heartbeat: datetime, now: datetime) -> bool:
    """The worker running the job is gone: a dead process of this host, or a silent heartbeat."""
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _process_alive(int(pid)):
        return True
    stale_after = STALE_AFTER if _writes_beside_the_import() else SQLITE_STALE_AFTER
    return now - heartbeat > stale_after


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, under another user
        return True
    return True

"""kill -9 of the real server in the middle of a write: after a restart the write has fully
happened or not at all, and the audit chain still verifies."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime

import asyncpg
import httpx

from backend.attendance.tables import Attendance
from backend.audit.tables import AuditEntry
from backend.staff.tables import StaffMember
from backend.tooling.local_server import ROOT
from tests.attendance_activities import book, started
from tests.rosters import build_roster_csv
from tests.system.killable_server import KillableServer

ROSTER_ROWS = 4000  # long enough an apply that a poll lands in its first half on a busy machine
SHEET_PEOPLE = 400


def audit_verifies() -> str:
    """`drillbook audit verify` as an administrator would run it after the crash."""
    done = subprocess.run(
        [sys.executable, "-m", "backend.cli", "audit", "verify"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# --- roster import ------------------------------------------------------------------------------


def roster(round_no: int) -> list[list[str]]:
    return [
        [f"王{chr(0x4E00 + i)}{chr(0x4E00 + round_no)}", f"K{round_no}-{i:05d}", "产科",
         "产科医师", "主治医师", "2019-07-01"]
        for i in range(ROSTER_ROWS)
    ]  # fmt: skip


def imported(world, round_no: int) -> list[tuple]:
    rows = (
        StaffMember.select(
            StaffMember.name, StaffMember.staff_number, StaffMember.department,
            StaffMember.role, StaffMember.title, StaffMember.active_from,
        )
        .where(StaffMember.staff_number.like(f"K{round_no}-%"))
        .order_by(StaffMember.staff_number)
        .run_sync()
    )  # fmt: skip
    return [tuple(r.values()) for r in rows]


def import_then_kill(server: KillableServer, world, round_no: int) -> tuple[str, str]:
    """Starts the import and kills the server: the first round as soon as the job reports rows
    applied but not all (inside its transaction), later rounds after a random delay. Returns
    where the kill landed and the job's id."""
    client = server.client()
    body = build_roster_csv(roster(round_no))
    response = client.post(
        f"/api/institutions/{world.hosp_a}/roster-imports",
        files={"file": ("花名册.csv", body, "text/csv")},
    )
    assert response.status_code == 202, response.text
    job_id, deadline = response.json()["id"], time.monotonic() + random.uniform(0.2, 3.0)
    seen = "validating"
    while not (round_no == 0 and seen == "mid-apply") and time.monotonic() < deadline + 60 * (
        round_no == 0
    ):
        job = client.get(f"/api/roster-imports/{job_id}").json()
        seen = job["state"]
        # in the first half: the rest of the apply outlasts the kill (a kill sent at 1,400 of
        # 1,500 rows once landed after the commit)
        if seen == "applying" and 0 < job["processed_rows"] <= job["total_rows"] // 2:
            seen = "mid-apply"
        if seen in ("done", "failed", "rejected"):
            break
        time.sleep(0.01)
    server.kill()
    return seen, job_id


def job_after_restart(client: httpx.Client, job_id: str, rows_kept: bool) -> str:
    """The job as the page reads it after the restart: done with the rows it wrote, or
    interrupted with nothing written (its worker is gone), never still running."""
    job = client.get(f"/api/roster-imports/{job_id}").json()
    if rows_kept:
        assert job["state"] == "done", job
        assert job["result"]["created"] == ROSTER_ROWS
    else:
        assert job["state"] == "interrupted", job
        assert job["errors"][0]["message"].startswith("导入中断，未写入任何人员")
    return job["state"]


def test_a_roster_import_killed_mid_way_leaves_all_of_it_or_none(world):
    staff_before = StaffMember.count().where(StaffMember.institution == world.hosp_a).run_sync()
    expected_total, seen, jobs = staff_before, [], []
    for round_no in range(2):
        server = KillableServer()  # round 1: the restart after round 0's kill
        if round_no:
            listed = server.client().get(f"/api/staff?institution={world.hosp_a}").json()
            assert listed["total"] == expected_total
        where, job_id = import_then_kill(server, world, round_no)
        seen.append(where)
        rows = imported(world, round_no)
        jobs.append((job_id, bool(rows)))
        assert len(rows) in (0, ROSTER_ROWS), f"round {round_no}: {len(rows)} rows half-written"
        if seen[-1] == "mid-apply":
            assert rows == [], "killed inside the transaction, yet rows were kept"
        if rows:
            assert rows == [
                (name, number, world.obstetrics_a, "obstetrician", "intermediate", date(2019, 7, 1))
                for name, number, *_ in roster(round_no)
            ]
        expected_total += len(rows)
        total = StaffMember.count().where(StaffMember.institution == world.hosp_a).run_sync()
        assert total == expected_total
    assert seen[0] == "mid-apply"
    restarted = KillableServer()
    try:
        client = restarted.client()
        listed = client.get(f"/api/staff?institution={world.hosp_a}")
        assert listed.status_code == 200, listed.text
        assert listed.json()["total"] == expected_total
        after = [job_after_restart(client, job_id, kept) for job_id, kept in jobs]
    finally:
        restarted.stop()
    print(f"\nroster rounds (where the kill landed): {seen}; the jobs after a restart: {after}")
    assert after[0] == "interrupted"
    assert "chain intact" in audit_verifies()


# --- attendance ---------------------------------------------------------------------------------


def crowd(world) -> list[int]:
    now = datetime.now(UTC)
    people = [
        StaffMember(institution=world.hosp_a, department=world.obstetrics_a,
                    staff_number=f"W{i:04d}", name=f"护士{i}", role="nurse", title="junior",
                    active_from=date(2020, 1, 1), updated_at=now)
        for i in range(SHEET_PEOPLE)
    ]  # fmt: skip
    StaffMember.insert(*people).run_sync()
    rows = StaffMember.select(StaffMember.id).where(StaffMember.staff_number.like("W%")).run_sync()
    return [r["id"] for r in rows]


STATUSES = ["present", "late", "left_early", "absent", "excused"]


def sheet(people: list[int], round_no: int) -> list[dict]:
    return [
        {"staff_id": s, "status": STATUSES[(i + round_no) % 5], "note": f"第{round_no}轮"}
        for i, s in enumerate(people)
    ]


def as_recorded(activity_id: int) -> list[tuple]:
    rows = Attendance.select().where(Attendance.activity == activity_id).run_sync()
    return sorted((r["staff_member"], r["status"], r["note"]) for r in rows)


def as_sent(entries: list[dict]) -> list[tuple]:
    return sorted((e["staff_id"], e["status"], e["note"]) for e in entries)


def save_in_background(client: httpx.Client, path: str, entries: list[dict]) -> threading.Thread:
    def save() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the server is killed under it
            client.put(path, json={"entries": entries})

    thread = threading.Thread(target=save, daemon=True)
    thread.start()
    return thread


def saving_now(activity_id: int) -> bool:
    """True while a save holds the activity's write lock (its transaction is open)."""
    url = os.environ["DRILLBOOK_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        connection = sqlite3.connect(url[len("sqlite:///") :], timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            connection.close()

    async def row_locked() -> bool:
        connection = await asyncpg.connect(url)
        try:
            async with connection.transaction():
                await connection.execute(
                    "SELECT id FROM activity WHERE id = $1 FOR UPDATE NOWAIT", activity_id
                )
            return False
        except asyncpg.exceptions.LockNotAvailableError:
            return True
        finally:
            await connection.close()

    return asyncio.run(row_locked())


def save_then_kill(server: KillableServer, path: str, lists: list[list[dict]], probe: bool) -> str:
    """Saves the first list whole (timing a warm save), then kills the server during the second:
    as soon as the probe sees its transaction open, or after a random part of the warm time."""
    client = server.client()
    begun = time.perf_counter()
    assert client.put(path, json={"entries": lists[0]}).status_code == 200
    seconds = time.perf_counter() - begun
    activity_id = int(path.split("/")[3])
    thread = save_in_background(client, path, lists[1])
    when = f"after {seconds:.2f} s x random"
    if probe:
        deadline = time.monotonic() + 60
        while thread.is_alive() and not saving_now(activity_id) and time.monotonic() < deadline:
            time.sleep(0.005)
        when = "inside the transaction" if thread.is_alive() else "after the save"
    else:
        time.sleep(random.uniform(0.1, 0.9) * seconds)
    server.kill()
    thread.join(timeout=10)
    return when


def test_an_attendance_save_killed_mid_way_leaves_one_whole_list(world, api):
    people = crowd(world)
    activity = book(api("officer"))
    started(activity["id"])
    path = f"/api/activities/{activity['id']}/attendance"
    outcomes = []
    for round_no in (1, 2):
        lists = [sheet(people, 10 * round_no), sheet(people, 10 * round_no + 1)]
        server = KillableServer()  # the restart after the previous round's kill
        if round_no == 2:
            shown = server.client().get(path).json()["entries"]
            assert len([e for e in shown if e["status"]]) == SHEET_PEOPLE
        entries_before = AuditEntry.count().run_sync() + 1  # the warm save's entry
        when = save_then_kill(server, path, lists, probe=round_no == 1)
        recorded, entries = as_recorded(activity["id"]), AuditEntry.count().run_sync()
        assert recorded in (as_sent(lists[0]), as_sent(lists[1])), "a mixture of two lists"
        landed = "all" if recorded == as_sent(lists[1]) else "none"
        assert entries == entries_before + (landed == "all"), "audit entries do not match"
        if when == "inside the transaction":
            assert landed == "none", "killed inside the transaction, yet the list was kept"
        outcomes.append(f"{when}: {landed}")
    print(f"\nattendance kills ({SHEET_PEOPLE} people): {outcomes}")
    assert outcomes[0].startswith("inside the transaction")
    assert "chain intact" in audit_verifies()

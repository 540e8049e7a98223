"""Roster import jobs live in the database: a poll answered by another worker process finds the
job, a job whose worker died reads as interrupted, and a week-old job is cleared away."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta

from backend.core.clock import utc_now
from backend.staff.tables import RosterImportJob
from tests.rosters import SAMPLE_ROWS, build_roster_xlsx
from tests.system.killable_server import KillableServer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTERRUPTED_ZH = "导入中断，未写入任何人员，请重新上传"


def upload(client, institution: int):
    response = client.post(
        f"/api/institutions/{institution}/roster-imports",
        files={"file": ("花名册.xlsx", build_roster_xlsx(SAMPLE_ROWS), XLSX)},
    )
    assert response.status_code == 202, response.text
    return response.json()


def followed_to_the_end(client, job_id: str) -> dict:
    for _ in range(500):
        response = client.get(f"/api/roster-imports/{job_id}")
        assert response.status_code == 200, response.text
        if response.json()["state"] not in ("validating", "applying"):
            return response.json()
        time.sleep(0.02)
    raise AssertionError(f"import never finished: {response.json()}")


def dead_process_id() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its id names no process now
    return child.pid


def job_row(institution: int, worker: str, age: timedelta = timedelta(0), state="applying") -> str:
    job_id, at = uuid.uuid4().hex, utc_now() - age
    RosterImportJob.insert(
        RosterImportJob(
            id=job_id, institution=institution, file_name="花名册.xlsx", state=state,
            total_rows=1500, processed_rows=0, errors="[]", worker=worker,
            created_at=at, updated_at=at,
        )
    ).run_sync()  # fmt: skip
    return job_id


def test_an_import_uploaded_to_one_process_is_followed_from_another(world, api):
    officer = api("officer")
    server = KillableServer()  # a separate `drillbook serve` process on the same database
    try:
        elsewhere = server.client("officer")
        here = upload(officer, world.hosp_a)
        there = followed_to_the_end(elsewhere, here["id"])
        assert there["state"] == "done"
        assert there["result"] == {"created": 5, "updated": 0, "unchanged": 0}
        assert there["processed_rows"] == there["total_rows"] == 5
        uploaded_there = upload(elsewhere, world.hosp_a)
        followed_here = followed_to_the_end(officer, uploaded_there["id"])
        assert followed_here["result"] == {"created": 0, "updated": 0, "unchanged": 5}
    finally:
        server.stop()


def test_a_job_whose_worker_process_died_reads_as_interrupted(world, api):
    job_id = job_row(world.hosp_a, f"{socket.gethostname()}:{dead_process_id()}")
    job = api("officer").get(f"/api/roster-imports/{job_id}").json()
    assert job["state"] == "interrupted"
    assert job["result"] is None
    assert [e["message"] for e in job["errors"]] == [INTERRUPTED_ZH + "。"]
    english = api("officer").get(f"/api/roster-imports/{job_id}", headers={"Accept-Language": "en"})
    assert "interrupted" in english.json()["errors"][0]["message"]


def test_a_job_whose_heartbeat_went_silent_reads_as_interrupted(world, api):
    silent = job_row(world.hosp_a, "another-host:4242", age=timedelta(hours=1))
    beating = job_row(world.hosp_a, "another-host:4243", age=timedelta(seconds=5))
    officer = api("officer")
    assert officer.get(f"/api/roster-imports/{silent}").json()["state"] == "interrupted"
    assert officer.get(f"/api/roster-imports/{beating}").json()["state"] == "applying"


def test_jobs_older_than_a_week_are_cleared_when_a_new_import_starts(world, api):
    officer = api("officer")
    worker = f"{socket.gethostname()}:{dead_process_id()}"
    old = job_row(world.hosp_a, worker, age=timedelta(days=8), state="done")
    recent = job_row(world.hosp_a, worker, age=timedelta(days=6), state="done")
    assert officer.get(f"/api/roster-imports/{old}").status_code == 200
    followed_to_the_end(officer, upload(officer, world.hosp_a)["id"])
    assert officer.get(f"/api/roster-imports/{old}").status_code == 404
    assert officer.get(f"/api/roster-imports/{recent}").status_code == 200

"""Figures for issue 12 (not a test): time and peak memory to refuse hostile spreadsheets, and
how /api/health answers while a 5,000-row roster is read. Uses a throwaway SQLite database.

    .venv/bin/python scripts/measure_upload_limits.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DRILLBOOK_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/measure.sqlite3"
os.environ.setdefault("DRILLBOOK_SECRET", "measure-upload-limits")

REFUSE_ONE = """
import resource, sys, time
sys.path.insert(0, {root!r})
from backend.staff.spreadsheet import spreadsheet_cells
import openpyxl  # imported once by a running server: not part of the figure
content = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    spreadsheet_cells(content, "bomb.xlsx")
    outcome = "read"
except Exception as exc:
    outcome = getattr(exc, "code", type(exc).__name__)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{{len(content) / 1024:8.1f}} KB  {{outcome:32}} {{took * 1000:7.1f}} ms  "
      f"peak RSS {{peak / 1024:6.1f}} MB (+{{(peak - before) / 1024:.1f}} MB while refusing)")
"""


def bombs(folder: Path) -> list[Path]:
    from tests.spreadsheet_bombs import whitespace_bomb, whole_grid

    files = {
        "whole-grid.xlsx": whole_grid(),
        "bomb-60MB.xlsx": whitespace_bomb(60),
        "bomb-1800MB.xlsx": whitespace_bomb(1800),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return [folder / name for name in files]


def refusals() -> None:
    print("refusing hostile files, each in a fresh process:")
    with tempfile.TemporaryDirectory() as folder:
        for path in bombs(Path(folder)):
            code = REFUSE_ONE.format(root=str(ROOT), path=str(path))
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            print(f"  {path.name:18} {out.stdout.strip() or out.stderr.strip()[-300:]}")


def big_roster(rows: int) -> bytes:
    from tests.rosters import build_roster_xlsx

    people = [
        [f"员工{n}", f"M{n:05d}", "产科", "助产士", "主管助产师", "2021-03-15"] for n in range(rows)
    ]
    return build_roster_xlsx(people)


def health_during_upload(rows: int = 5000) -> None:
    import httpx
    import uvicorn

    from backend.app import create_app
    from backend.core.database import migrate
    from tests.world import PASSWORD, build_world

    asyncio.run(migrate())
    world = asyncio.run(build_world())
    server = uvicorn.Server(uvicorn.Config(create_app(), port=8765, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base, content = "http://127.0.0.1:8765", big_roster(rows)
    officer = httpx.Client(base_url=base, timeout=60)
    officer.post("/api/session", json={"username": "officer", "password": PASSWORD})
    latencies, uploading = [], threading.Event()

    def watch() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while uploading.is_set():
                start = time.perf_counter()
                client.get("/api/health").raise_for_status()
                latencies.append(time.perf_counter() - start)
                time.sleep(0.02)

    uploading.set()
    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(0.3)
    start = time.perf_counter()
    response = officer.post(
        f"/api/institutions/{world.hosp_a}/roster-imports",
        files={"file": ("名册.xlsx", content, "application/octet-stream")},
    )
    answered = time.perf_counter() - start
    uploading.clear()
    watcher.join()
    server.should_exit = True
    print(f"{rows}-row roster ({len(content) / 1024:.0f} KB): {response.status_code} in "
          f"{answered * 1000:.0f} ms; /api/health meanwhile: {len(latencies)} answers, "
          f"median {statistics.median(latencies) * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    refusals()
    health_during_upload()

"""Tooling lives in backend/tooling/ and the product never imports it; working days are decided in
one module, for the year planner, the paired-support weeks and the demo city alike."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from backend.core import working_days
from backend.core.working_days import is_working_day, work_calendar

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "backend"


def test_the_product_runs_without_importing_any_tooling():
    probe = (
        "import sys, backend.app; "
        "print(sorted(m for m in sys.modules if m.startswith('backend.tooling')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_no_tooling_module_is_left_among_the_domain_folders():
    left = sorted(
        str(path.relative_to(ROOT))
        for path in DOMAIN.rglob("*.py")
        if "tooling" not in path.parts
        and (
            path.name in ("bench.py", "local_server.py", "synthetic.py")
            or {"demo_city", "synthetic_province", "load_bench"} & set(path.parts)
        )
    )
    assert left == []


def test_the_demo_and_the_year_plan_agree_on_every_day_of_2026_and_2027():
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        assert is_working_day(day) == work_calendar(day.year).is_working_day(day), day
        day += timedelta(days=1)
    assert not is_working_day(date(2026, 10, 1))  # National Day
    assert is_working_day(date(2026, 2, 28))  # a Saturday worked for the Spring Festival
    assert not is_working_day(date(2027, 10, 2))  # unknown year: weekends still off
    assert is_working_day(date(2027, 10, 1))  # ... and a weekday counts as worked


def test_a_supplied_holiday_schedule_reaches_the_demo_generator_too(tmp_path, monkeypatch):
    (tmp_path / "2027.toml").write_text(
        'year = 2027\nsource = "国务院办公厅通知"\n'
        "holidays = [2027-10-01]\nmakeup_workdays = [2027-09-26]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(working_days, "HOLIDAYS_DIR", tmp_path)
    working_days._cached_calendar.cache_clear()
    try:
        assert not is_working_day(date(2027, 10, 1))  # the supplied holiday
        assert is_working_day(date(2027, 9, 26))  # a Sunday worked
    finally:
        working_days._cached_calendar.cache_clear()

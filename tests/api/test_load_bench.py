"""`drillbook bench load` on a small synthetic province: every kind of request is answered and
nothing fails. Timings are printed, never asserted."""

from __future__ import annotations

import asyncio
import json

import pytest

from backend.auth.tables import User
from backend.tooling.benchmarks.load import bench_load
from backend.tooling.benchmarks.load.accounts import NotABenchDatabase, prepare_cast
from backend.tooling.synthetic_province.load import generate_province
from tests.world import wipe

KINDS = {"book_activity", "save_attendance", "check_in_code", "check_in", "feed", "matrix"}


@pytest.fixture
def small_province():
    asyncio.run(wipe())
    asyncio.run(generate_province(4, 120, 1, seed=3))
    yield
    asyncio.run(wipe())


def test_a_short_mixed_load_reports_figures_for_every_kind_and_no_errors(small_province):
    figures = asyncio.run(bench_load([8], seconds=3.0, workers=1))
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    (level,) = figures["levels"]
    assert level["clients"] == 8 and level["errors"] == 0
    assert set(level["kinds"]) == KINDS
    for kind, answers in level["kinds"].items():
        assert answers["requests"] > 0 and answers["p95_ms"] >= answers["p50_ms"] > 0, kind
        assert all(status.startswith("2") for status in answers["statuses"]), (kind, answers)
    assert level["requests_per_second"] > 0
    # the logins it made are the bench's own, and a second run reuses them
    bench_users = User.count().where(User.username.like("bench-%")).run_sync()
    asyncio.run(prepare_cast())
    assert User.count().run_sync() == bench_users > 0


def test_it_refuses_a_database_with_real_logins(world):
    before = User.count().run_sync()
    with pytest.raises(NotABenchDatabase):
        asyncio.run(prepare_cast())
    assert User.count().run_sync() == before

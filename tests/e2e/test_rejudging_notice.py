"""After an upgrade the matrix is shown at once from the old judgements, with a notice, and the
page brings itself up to date when the background re-judging is done.

Its own server and database: the test makes every snapshot stale (as an upgrade would) and holds
the re-judging lease for a few seconds, as a busy worker would, so the notice stays long enough to
be seen; then the lease expires, the page's polling starts the run, and the page reloads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from backend.tooling.local_server import served
from tests.conftest import new_database_url
from tests.e2e.conftest import ROOT, _drillbook, _new_page, log_in, screenshot

UPGRADE = """
import asyncio
from datetime import UTC, datetime, timedelta
from backend.compliance.rejudging import lease_name
from backend.compliance.tables import ComplianceSnapshot, JudgingLease
from backend.core.clock import today_in_shanghai

async def upgrade():
    # judged by the release before: another basis, nothing found, on 1 October at 10:30 Shanghai
    await ComplianceSnapshot.update({
        ComplianceSnapshot.basis: "release-before",
        ComplianceSnapshot.cells: "[]",
        ComplianceSnapshot.assessments: "[]",
        ComplianceSnapshot.computed_at: datetime(2026, 10, 1, 2, 30, tzinfo=UTC),
    }, force=True)
    await JudgingLease.insert(JudgingLease(
        name=lease_name(today_in_shanghai().year), holder="another-worker",
        expires_at=datetime.now(UTC) + timedelta(seconds=6)))

asyncio.run(upgrade())
"""


@pytest.fixture(scope="module")
def own_server():
    made: list[str] = []
    # a PostgreSQL database is made with asyncio: not on Playwright's loop in this thread
    maker = threading.Thread(target=lambda: made.append(new_database_url("rejudging")))
    maker.start()
    maker.join()
    env = {**os.environ, "DRILLBOOK_DATABASE_URL": made[0], "DRILLBOOK_SECRET": "e2e-secret"}
    _drillbook(env, "migrate")
    _drillbook(env, "seed-demo")
    try:
        with served(env, quiet=True) as base:
            yield base, env
    finally:
        if made[0].startswith("sqlite:///"):
            Path(made[0][len("sqlite:///") :]).unlink(missing_ok=True)


def _upgrade(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-c", UPGRADE], cwd=ROOT, env=env, check=True)


def _sees_the_update_through(page: Page, name: str) -> None:
    notice = page.get_by_test_id("judgements-updating")
    expect(notice).to_contain_text("评估结果正在更新（显示的是 2026/10/01 10:30 的评估）")
    screenshot(page, f"{name}-updating")
    expect(notice).to_have_count(0, timeout=30_000)  # the lease expires, the run, the reload


def test_the_matrix_shows_the_old_judgements_then_the_new_ones(browser, own_server):
    base, env = own_server
    page = _new_page(browser, base, viewport={"width": 1280, "height": 860})
    log_in(page, "commission")
    page.get_by_test_id("nav-matrix").click()
    cell = page.get_by_test_id("matrix-cell-nh-mch-asphyxia-drill")
    expect(cell).not_to_have_class("mcell st-not_applicable")
    before = cell.get_attribute("class")
    _upgrade(env)
    page.reload()
    expect(cell).to_have_class("mcell st-not_applicable")  # what the release before said
    _sees_the_update_through(page, "h3-matrix-desktop")
    expect(cell).to_have_class(before)
    screenshot(page, "h3-matrix-desktop-updated")
    page.context.close()


def test_the_institution_page_on_a_phone_too(browser, own_server):
    base, env = own_server
    phone = _new_page(browser, base, viewport={"width": 390, "height": 844}, is_mobile=True)
    log_in(phone, "officer")
    expect(phone.get_by_test_id("who")).not_to_be_empty()
    session = phone.evaluate("fetch('/api/session').then((r) => r.json())")
    _upgrade(env)
    phone.goto(f"/#/institutions/{session['institution_id']}/compliance")
    grid = phone.get_by_test_id("compliance-grid")
    expect(grid.locator(".rule-row")).to_have_count(0)  # the release before found nothing
    _sees_the_update_through(phone, "h3-institution-phone")
    expect(grid.locator(".rule-row").first).to_be_visible()
    screenshot(phone, "h3-institution-phone-updated")
    phone.context.close()


def test_the_commission_landing_page_too(browser, own_server):
    base, env = own_server
    page = _new_page(browser, base, viewport={"width": 1280, "height": 860})
    log_in(page, "commission")
    expect(page.get_by_test_id("who")).not_to_be_empty()
    session = page.evaluate("fetch('/api/session').then((r) => r.json())")
    page.evaluate(f"location.hash = '#/commission/{session['jurisdiction_id']}'")
    expect(page.get_by_test_id("commission-home")).to_be_visible()
    _upgrade(env)
    page.reload()
    expect(page.get_by_test_id("commission-home")).to_be_visible()
    _sees_the_update_through(page, "h3-commission-home")
    expect(page.get_by_test_id("commission-home")).to_contain_text("南禾市")
    screenshot(page, "h3-commission-home-updated")
    page.context.close()

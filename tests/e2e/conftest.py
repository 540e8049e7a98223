"""The real server on a free port against a fresh database with the demo city, and Chromium.

Debian's /usr/bin/chromium is driven through Playwright (its own browser download cannot work
here). Screenshots go to tests/e2e/screenshots/ (git-ignored; CI keeps the folder).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from backend.tooling.local_server import served
from tests.conftest import TEST_DB, new_database_url

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
EN_DICTIONARY = ROOT / "frontend_static" / "i18n" / "en.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "drillbook-demo"


def _drillbook(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "backend.cli", *args], cwd=ROOT, env=env, check=True)


@pytest.fixture(scope="session")
def server():
    url = new_database_url("e2e")
    env = {**os.environ, "DRILLBOOK_DATABASE_URL": url, "DRILLBOOK_SECRET": "e2e-secret"}
    _drillbook(env, "migrate")
    _drillbook(env, "seed-demo")
    try:
        with served(env) as base:
            yield base
    finally:
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///") :]).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def browser(server):
    # after `server`: creating a PostgreSQL database needs asyncio, which cannot run inside
    # Playwright's event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _new_page(browser: Browser, server: str, **context) -> Page:
    context = browser.new_context(base_url=server, locale="zh-CN", **context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(browser, server):
    page = _new_page(browser, server, viewport={"width": 1280, "height": 860})
    yield page
    page.context.close()


@pytest.fixture
def phone(browser, server):
    page = _new_page(browser, server, viewport={"width": 390, "height": 844}, is_mobile=True)
    yield page
    page.context.close()


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/#/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()


def screenshot(page: Page, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_load_state("networkidle")
    # networkidle only counts page loads; the app marks its own API calls on <body data-busy>
    page.wait_for_function("() => (document.body.dataset.busy || '0') === '0'")
    page.screenshot(path=str(SCREENSHOTS / f"{TEST_DB}-{name}.png"), full_page=full_page)

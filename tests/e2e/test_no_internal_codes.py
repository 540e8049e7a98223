"""No internal codes in front of users (issue 15): every page the five demo users reach from their
menus shows rules by name, profiles by name and 文号, citations by document title and clause;
never a rule id, a profile id, a seed path or a seed file name.

The ids come from the loaded seeds, so the test stays true when the catalogue grows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from backend.rules.catalogue import load_catalogue
from tests.e2e.conftest import log_in
from tests.e2e.menu import open_menu_entry

_CATALOGUE = load_catalogue()
CODES = sorted({*_CATALOGUE.rules, *_CATALOGUE.profiles}, key=len, reverse=True)
INTERNAL = re.compile(
    r"(?<![\w-])(" + "|".join(map(re.escape, CODES)) + r")(?![\w-])"
    r"|seeds/"
    r"|[\w.-]+\.(?:txt|toml)\b"
)
USERS = ["admin", "officer", "staff", "reviewer", "commission"]


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => (document.body.dataset.busy || '0') === '0'")


def _visible_text(page: Page) -> str:
    """What a reader sees: the page text and the choices of every drop-down."""
    return page.evaluate(
        "() => [document.body.innerText,"
        " ...[...document.querySelectorAll('option')].map((o) => o.textContent)].join('\\n')"
    )


def _internal_codes(page: Page) -> list[str]:
    return sorted({m.group(0) for m in INTERNAL.finditer(_visible_text(page))})


def _open_first(page: Page, selector: str) -> None:
    """Click the first of these (a matrix or compliance cell) to show its detail panel."""
    cells = page.locator(selector)
    if cells.count():
        cells.first.click()
        _settled(page)


@pytest.mark.parametrize("username", USERS)
def test_no_page_in_a_demo_users_menu_shows_an_internal_code(page, username):
    log_in(page, username)
    expect(page.get_by_test_id("logout")).to_be_visible()
    _settled(page)
    links = page.get_by_test_id("nav").locator("a")
    targets = [
        (links.nth(i).inner_text(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    assert len(targets) >= 4
    shown: dict[str, list[str]] = {}
    for name, href in targets:
        page.goto(f"/{href}")
        _settled(page)
        shown[name] = _internal_codes(page)
        # the detail panels: a compliance cell's reason and citations, a matrix cell's findings
        _open_first(page, "[data-testid^=cell-]")
        _open_first(page, "[data-testid^=matrix-cell-]")
        shown[name] += _internal_codes(page)
    leaks = {name: codes for name, codes in shown.items() if codes}
    assert leaks == {}, f"internal codes shown: {leaks}"


def test_the_rules_page_names_rules_profiles_and_documents(page):
    log_in(page, "officer")
    open_menu_entry(page, "nav-rules")
    rule = page.get_by_test_id("rule-asphyxia-drill")
    expect(rule).to_contain_text("新生儿窒息复苏专项技能培训和急救演练")
    # the profile by its name and 文号, the citation by its document's title and clause
    expect(rule).to_contain_text("国卫妇幼发〔2018〕9号")
    expect(rule).to_contain_text("母婴安全行动计划 四（四）15 强化专业技能培训")
    expect(page.get_by_test_id("rules-profile")).to_contain_text("汴卫〔2022〕38号")
    assert _internal_codes(page) == []

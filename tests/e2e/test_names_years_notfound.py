"""Issue 15 in the browser: pinyin order, year pickers from the data, the favicon, and a
not-found page that leads home."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from backend.core.chinese_order import by_pinyin
from tests.e2e.conftest import log_in, screenshot

SHOTS = Path("/work/shots")


def _shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"h3-{name}.png"), full_page=True)


def test_chromium_sorts_by_pinyin_and_the_matrix_lists_counties_so(page):
    log_in(page, "commission")
    expect(page.get_by_test_id("commission-home")).to_be_visible()
    ordered = page.evaluate(
        """() => ["张", "安", "李", "王"].sort(new Intl.Collator("zh-Hans-CN-u-co-pinyin").compare)"""
    )
    assert ordered == ["安", "李", "王", "张"]
    page.get_by_test_id("commission-home").get_by_role("link").first.click()
    counties = page.get_by_test_id("matrix-county").locator("option")
    expect(counties.first).to_be_attached()
    names = counties.all_inner_texts()[1:]  # after "all counties"
    assert len(names) > 1 and names == by_pinyin(names)
    institutions = page.get_by_test_id("matrix").locator("tbody tr")
    expect(institutions.first).to_be_visible()


def test_the_year_pickers_offer_the_years_that_hold_data(page):
    log_in(page, "commission")
    expect(page.get_by_test_id("commission-home")).to_be_visible()
    offered = page.evaluate("() => fetch('/api/years').then((r) => r.json())")
    picker = page.get_by_test_id("commission-year").locator("option")
    assert [int(y) for y in picker.all_inner_texts()] == offered["years"]
    assert offered["current"] in offered["years"] and len(offered["years"]) >= 2
    page.get_by_test_id("commission-home").get_by_role("link").first.click()
    matrix_years = page.get_by_test_id("matrix-year").locator("option")
    expect(matrix_years.first).to_be_attached()
    assert [int(y) for y in matrix_years.all_inner_texts()] == offered["years"]
    _shot(page, "matrix-years")


def test_the_not_found_page_leads_back_home_and_the_favicon_is_there(page, phone):
    log_in(page, "officer")
    expect(page.get_by_test_id("institution-page")).to_be_visible()
    icon = page.locator("link[rel=icon]")
    assert icon.get_attribute("href") == "/favicon.svg"
    statuses = page.evaluate(
        "() => Promise.all(['/favicon.svg', '/favicon.ico'].map((p) => fetch(p).then((r) => r.status)))"
    )
    assert statuses == [200, 200]
    page.goto("/#/no-such-page")
    expect(page.get_by_test_id("not-found")).to_contain_text("找不到该页面")
    _shot(page, "not-found")
    page.get_by_test_id("not-found-home").click()
    expect(page.get_by_test_id("institution-page")).to_be_visible()

    log_in(phone, "staff")
    expect(phone.get_by_test_id("me-page")).to_be_visible()
    phone.goto("/#/no-such-page")
    expect(phone.get_by_test_id("not-found-home")).to_have_text("返回首页")
    _shot(phone, "not-found-phone")
    phone.get_by_test_id("not-found-home").click()
    expect(phone.get_by_test_id("me-page")).to_be_visible()

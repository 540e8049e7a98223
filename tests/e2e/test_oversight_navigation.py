"""Getting around the oversight pages, on the demo city: the spot-check list filtered by zone and
quarter (kept in the address, so it survives a reload and can be shared), the administrator's menu
link to it, and a gap count on the zone page opening the matrix with that institution's row marked
and in view."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, screenshot

SAMPLE_CARDS = "section.sample"


def _draw_an_older_quarter(page: Page) -> str:
    """A second quarter with a sample, so a quarter filter has something to leave out."""
    page.goto("/#/spot-checks")
    expect(page.get_by_test_id("spot-form")).to_be_visible()
    zone = page.get_by_test_id("spot-zone").input_value()
    quarter = page.get_by_test_id("spot-quarter").locator("option").nth(5).get_attribute("value")
    response = page.request.post(
        "/api/spot-checks/samples", data={"zone": int(zone), "quarter": quarter, "size": 30}
    )
    # drawn now, or already drawn by another test against the same server
    assert response.status in (201, 409), response.text()
    return quarter


def test_the_spot_check_list_filters_by_quarter_and_keeps_it_on_reload(page):
    log_in(page, "reviewer")
    expect(page.get_by_test_id("nav-my_zone")).to_be_visible()
    quarter = _draw_an_older_quarter(page)
    page.reload()
    expect(page.locator(SAMPLE_CARDS).first).to_be_visible()
    every = page.locator(SAMPLE_CARDS).count()
    quarters = set(page.locator(f"{SAMPLE_CARDS} h2").all_inner_texts())
    assert any(quarter in q for q in quarters) and len(quarters) >= 2, quarters

    page.get_by_test_id("spot-filter-quarter").select_option(quarter)
    expect(page).to_have_url(re.compile(rf"#/spot-checks\?quarter={quarter}$"))
    expect(page.locator(SAMPLE_CARDS).first).to_contain_text(quarter)
    shown = page.locator(f"{SAMPLE_CARDS} h2").all_inner_texts()
    assert shown and all(quarter in title for title in shown), shown
    assert len(shown) < every

    page.reload()
    expect(page.get_by_test_id("spot-filter-quarter")).to_have_value(quarter)
    expect(page.locator(SAMPLE_CARDS)).to_have_count(len(shown))
    screenshot(page, "spot-checks-filtered")

    # a quarter without a sample: said so, not an empty page
    empty = page.get_by_test_id("spot-filter-quarter").locator("option").nth(8)
    page.get_by_test_id("spot-filter-quarter").select_option(empty.get_attribute("value"))
    expect(page.get_by_test_id("spot-empty")).to_contain_text("该片区、该季度暂无抽查")
    page.get_by_test_id("spot-filter-clear").click()
    expect(page.locator(SAMPLE_CARDS)).to_have_count(every)
    expect(page.get_by_test_id("spot-filter-quarter")).to_have_value("")


def test_the_administrator_reaches_spot_checks_from_the_menu_and_filters_by_zone(page):
    log_in(page, "admin")
    page.get_by_test_id("nav-spot_checks").click()
    expect(page.get_by_test_id("spot-checks-page")).to_be_visible()
    zone = page.get_by_test_id("spot-filter-zone")
    expect(zone.locator("option")).not_to_have_count(1)  # "all zones" and the city's zones
    first = zone.locator("option").nth(1)
    name, ident = first.inner_text(), first.get_attribute("value")
    zone.select_option(ident)
    expect(page).to_have_url(re.compile(rf"#/spot-checks\?zone={ident}$"))
    cards = page.locator(f"{SAMPLE_CARDS} h2")
    expect(cards.first.or_(page.get_by_test_id("spot-empty"))).to_be_visible()
    assert all(title.startswith(name) for title in cards.all_inner_texts())
    page.reload()
    expect(page.get_by_test_id("spot-filter-zone")).to_have_value(ident)


def _open_the_last_gap_count(page: Page) -> str:
    log_in(page, "reviewer")
    links = page.locator("[data-testid^=zone-matrix-]")
    expect(links.first).to_be_visible()
    last = links.last
    code = last.get_attribute("data-testid").removeprefix("zone-matrix-")
    last.click()
    expect(page.get_by_test_id("matrix-page")).to_be_visible()
    return code


def test_a_gap_count_opens_the_matrix_with_that_row_marked_and_in_view(page):
    code = _open_the_last_gap_count(page)
    assert re.search(r"#/matrix/\d+/\d{4}/Q[1-4]\?institution=\d+$", page.url), page.url
    row = page.get_by_test_id(f"matrix-row-{code}")
    expect(row).to_have_class(re.compile(r"\bmatrix-target\b"))
    expect(row).to_be_in_viewport()
    expect(page.locator("tr.matrix-target")).to_have_count(1)
    screenshot(page, "matrix-marked-row", full_page=False)
    # an old-style link (no institution) still opens the matrix, with nothing marked
    page.goto(page.url.split("?")[0])
    expect(page.get_by_test_id("matrix")).to_be_visible()
    expect(page.locator("tr.matrix-target")).to_have_count(0)


def test_the_marked_matrix_row_is_in_view_on_a_phone(phone):
    code = _open_the_last_gap_count(phone)
    row = phone.get_by_test_id(f"matrix-row-{code}")
    expect(row).to_have_class(re.compile(r"\bmatrix-target\b"))
    expect(row.locator("td").first).to_be_in_viewport()
    screenshot(phone, "phone-matrix-marked-row", full_page=False)


def test_the_filtered_spot_check_list_fits_a_phone(phone):
    log_in(phone, "reviewer")
    expect(phone.get_by_test_id("nav-my_zone")).to_be_attached()
    phone.goto("/#/spot-checks")
    expect(phone.get_by_test_id("spot-filters")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-spot-checks-filters", full_page=False)

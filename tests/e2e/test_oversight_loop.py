"""The zone page and the commission's landing page in the browser, on the demo city."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import _new_page, log_in, screenshot


def test_the_reviewer_lands_on_the_zone_league_table_and_can_change_quarter(page):
    log_in(page, "reviewer")
    zone = page.get_by_test_id("zone-page")
    expect(zone).to_contain_text("南禾市北片区")
    league = page.get_by_test_id("zone-league")
    expect(league).to_be_visible()
    expect(league.locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("zone-trend")).to_be_visible()
    download = page.get_by_test_id("zone-download")
    quarter = page.get_by_test_id("zone-quarter")
    current = quarter.input_value()
    assert current in download.get_attribute("href")
    screenshot(page, "zone-page")
    # the previous quarter: the address and the download follow the choice
    previous = quarter.locator("option").nth(1).get_attribute("value")
    quarter.select_option(previous)
    page.wait_for_function("(q) => location.hash.endsWith(q)", arg=previous)
    expect(page.get_by_test_id("zone-download")).to_have_attribute(
        "href",
        f"/api/zones/{page.evaluate('location.hash').split('/')[2]}/overview.xlsx?quarter={previous}",
    )
    response = page.request.get(page.get_by_test_id("zone-download").get_attribute("href"))
    assert response.status == 200 and response.body()[:2] == b"PK"  # an .xlsx is a zip file
    screenshot(page, "zone-page-previous-quarter")


def test_a_gap_count_opens_the_matrix_on_the_institutions_county(page):
    log_in(page, "reviewer")
    first = page.get_by_test_id("zone-league").locator("tbody tr").first
    name = first.locator("td").nth(1).inner_text()
    first.locator("td").nth(3).get_by_role("link").click()
    expect(page.get_by_test_id("matrix-page")).to_be_visible()
    expect(page.get_by_test_id("matrix")).to_contain_text(name)
    assert re.search(r"/Q[1-4]\?institution=\d+$", page.evaluate("location.hash"))
    expect(page.locator(".matrix-target")).to_contain_text(name)


def test_the_zone_page_fits_a_phone_with_its_tables_scrolling(phone):
    log_in(phone, "reviewer")
    expect(phone.get_by_test_id("zone-league")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-zone-page")


def test_the_commission_lands_on_its_summary(page, phone):
    log_in(page, "commission")
    home = page.get_by_test_id("commission-home")
    expect(home).to_contain_text("南禾市")
    expect(page.get_by_test_id("commission-top")).to_be_visible()
    expect(page.get_by_test_id("nav-commission_home")).to_be_visible()
    screenshot(page, "commission-home")
    log_in(phone, "commission")
    expect(phone.get_by_test_id("commission-home")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-commission-home")
    zones = page.get_by_test_id("commission-zones")
    if zones.count():  # zones led from the city: their pages open for the commission too
        zones.get_by_role("link").first.click()
        expect(page.get_by_test_id("zone-league")).to_be_visible()


def test_the_whole_oversight_loop_ends_closed_on_the_zone_page(page, browser, server):
    """The reviewer draws a sample, reviews the officer's hospital's record and raises a finding;
    the officer answers; the reviewer accepts; the zone page shows the order closed."""
    log_in(page, "reviewer")
    expect(page.get_by_test_id("zone-page")).to_be_visible()
    page.goto("/#/spot-checks")
    quarter_select = page.get_by_test_id("spot-quarter")
    quarter = quarter_select.locator("option").nth(1).get_attribute("value")  # one with no sample
    quarter_select.select_option(quarter)
    page.get_by_test_id("spot-size").fill("14")  # at least one per hospital with records
    page.get_by_test_id("spot-draw").click()
    sample = (
        page.locator("[data-testid^='sample-']", has_text=quarter)
        .filter(has=page.locator("[data-testid^='draws-']"))
        .first
    )
    expect(sample).to_be_visible()
    row = sample.locator("tr", has_text=HOSPITAL).first
    row.locator("[data-testid^='open-draw-']").click()
    expect(page.get_by_test_id("spot-draw-page")).to_contain_text(HOSPITAL)
    for select in page.locator("[data-testid^='check-']").all():
        select.select_option("no")
    page.get_by_test_id("review-rating").select_option(index=4)  # the last rating: poor
    page.get_by_test_id("review-comment").fill("计时记录不全，复盘未落实到人。")
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id("finding-form")).to_be_visible()
    page.get_by_test_id("finding-text").fill(FINDING)
    page.get_by_test_id("finding-send").click()
    order = page.get_by_test_id("finding-list").locator("[data-testid^='order-']", has_text=FINDING)
    order_id = order.first.get_attribute("data-testid").split("-")[-1]
    screenshot(page, "oversight-review-finding")

    officer = _new_page(browser, server, viewport={"width": 1280, "height": 860})
    try:
        log_in(officer, "officer")
        expect(officer.get_by_test_id("institution-page")).to_be_visible()
        officer.goto("/#/rectification")
        officer.get_by_test_id(f"order-open-{order_id}").click()
        officer.get_by_test_id(f"answer-note-{order_id}").fill(
            "已补记首剂宫缩剂时间，复盘责任人已明确。"
        )
        officer.get_by_test_id(f"answer-send-{order_id}").click()
        expect(officer.get_by_test_id(f"order-status-{order_id}")).to_contain_text("已")
    finally:
        officer.context.close()

    page.goto("/#/rectification")
    page.get_by_test_id(f"order-open-{order_id}").click()
    page.get_by_test_id(f"accept-{order_id}").click()
    expect(page.get_by_test_id(f"order-status-{order_id}")).to_be_visible()

    page.goto("/#/zone")
    expect(page.get_by_test_id("zone-league")).to_be_visible()
    page.get_by_test_id("zone-quarter").select_option(quarter)
    expect(page.get_by_test_id("zone-name")).to_be_visible()
    closed = page.get_by_test_id(f"zone-order-{order_id}")
    expect(closed).to_contain_text("已通过")
    expect(page.get_by_test_id("zone-orders")).to_contain_text(FINDING)
    code_row = page.get_by_test_id("zone-league").locator("tr", has_text=HOSPITAL)
    expect(code_row).to_contain_text("本季度已通过 1")
    screenshot(page, "oversight-zone-closed")


HOSPITAL = "南禾市妇幼保健院"
FINDING = "补记首剂宫缩剂给药时间并完善复盘责任人"

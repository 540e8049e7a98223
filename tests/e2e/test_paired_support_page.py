"""The demo city's paired support in the browser: the supporting officer's rotations, the weekly
grid with its missed and holiday weeks, confirming last week's clinic day."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.e2e.menu import open_menu_entry


def test_the_supporting_officer_sees_the_weeks_and_confirms_a_clinic_day(page):
    log_in(page, "officer")
    open_menu_entry(page, "nav-paired_support")
    expect(page.get_by_test_id("agreements")).to_contain_text("柳溪县妇幼保健院")
    page.locator("[data-testid^=agreement-]").first.click()
    grid = page.get_by_test_id("week-grid")
    expect(grid).to_contain_text("未达标")  # the missed week
    expect(grid).to_contain_text("等待支援单位确认")  # last week's day
    expect(page.get_by_test_id("roster")).to_contain_text("副高")
    page.get_by_test_id("earlier-weeks").locator("summary").click()
    screenshot(page, "paired-support-agreement")
    page.locator("[data-testid^=confirm-]").first.click()
    expect(page.locator("[data-testid^=confirm-]")).to_have_count(0)
    expect(page.get_by_test_id("clinic-days")).not_to_contain_text("待确认")


def test_the_paired_support_page_on_a_phone(phone):
    log_in(phone, "officer")
    phone.goto("/#/paired-support")
    phone.locator("[data-testid^=agreement-]").first.click()
    expect(phone.get_by_test_id("week-grid")).to_be_visible()
    screenshot(phone, "paired-support-phone")


def test_the_supporting_officer_creates_an_agreement_rosters_a_senior_and_cancels_a_plan(page):
    from datetime import timedelta

    from backend.core.clock import today_in_shanghai

    log_in(page, "officer")
    page.goto("/#/paired-support")
    form = page.get_by_test_id("new-agreement-form")
    expect(page.get_by_test_id("new-agreement-supporting")).to_have_text("南禾市妇幼保健院")
    supported = page.get_by_test_id("new-agreement-supported")
    # MCH hospitals come first; the supporting hospital does not support itself
    expect(supported.locator("optgroup").first).to_have_attribute("label", "妇幼保健院")
    expect(supported).not_to_contain_text("南禾市妇幼保健院")
    choice = supported.locator("optgroup").first.locator("option").first
    supported.select_option(choice.get_attribute("value"))
    page.get_by_test_id("new-agreement-specialty").fill("新生儿科")
    page.get_by_test_id("new-agreement-note").fill("新生儿复苏带教")
    today = today_in_shanghai()
    page.get_by_test_id("new-agreement-ends").fill((today - timedelta(days=30)).isoformat())
    screenshot(page, "paired-support-new-agreement")
    page.get_by_test_id("new-agreement-create").click()
    expect(page.get_by_test_id("new-agreement-error")).to_contain_text("结束日期")
    page.get_by_test_id("new-agreement-ends").fill((today + timedelta(days=200)).isoformat())
    form.get_by_test_id("new-agreement-create").click()
    expect(page.get_by_test_id("agreement-page")).to_contain_text("新生儿科")
    expect(page.get_by_test_id("roster-empty")).to_be_visible()
    # the roster's choices: only associate-senior staff or above, with the rule's bounds
    adding = page.get_by_test_id("add-member")
    expect(page.get_by_test_id("add-member-hint")).to_contain_text("副高及以上")
    expect(page.get_by_test_id("add-member-hint")).to_contain_text("3-5")
    options = adding.locator("select option")
    assert options.count() > 0
    for text in options.all_inner_texts():
        assert text.endswith("副高") or text.endswith("正高"), text
    adding.locator("button[type=submit]").click()
    expect(page.get_by_test_id("roster")).to_be_visible()
    # plan next week's clinic day, then call it off
    planning = page.get_by_test_id("clinic-day-form")
    planning.locator("input[name=day]").fill((today + timedelta(days=7)).isoformat())
    planning.locator("button[type=submit]").click()
    days = page.get_by_test_id("clinic-days")
    expect(days).to_contain_text("计划")
    days.locator("[data-testid^=cancel-]").first.click()
    expect(days).to_contain_text("已取消")
    expect(days.locator("[data-testid^=cancel-]")).to_have_count(0)
    screenshot(page, "paired-support-new-agreement-page")


def test_the_new_agreement_form_on_a_phone(phone):
    log_in(phone, "officer")
    phone.goto("/#/paired-support")
    expect(phone.get_by_test_id("new-agreement-form")).to_be_visible()
    screenshot(phone, "paired-support-new-agreement-phone")

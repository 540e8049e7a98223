"""Issue 15: every demo user's menu fits on one line at 1280 px; less used entries sit in
drop-down groups that open by mouse or keyboard, close after a choice or on Escape; on a phone
the ☰ menu still shows every entry."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot

USERS = ["admin", "officer", "staff", "reviewer", "commission"]


def _one_line(page) -> None:
    nav = page.get_by_test_id("nav")
    items = nav.locator(":scope > a, :scope > .nav-group > .nav-group-toggle")
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} lines"
    item_height = items.first.bounding_box()["height"]
    assert nav.bounding_box()["height"] <= item_height + 2


@pytest.mark.parametrize("username", USERS)
def test_the_menu_is_one_line_and_every_entry_opens_its_page(page, username):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, username)
    expect(page.get_by_test_id("logout")).to_be_visible()
    _one_line(page)
    links = page.get_by_test_id("nav").locator("a")
    entries = [
        (links.nth(i).get_attribute("data-testid"), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    assert len(entries) >= 6
    screenshot(page, f"h8-nav-{username}-desktop-closed", full_page=False)
    for testid, href in entries:
        page.goto("/#/no-such-page")
        expect(page.get_by_test_id("not-found")).to_be_visible()
        link = page.get_by_test_id(testid)
        if not link.is_visible():
            group = page.locator(".nav-group").filter(has=link)
            toggle = group.locator(".nav-group-toggle")
            expect(toggle).to_have_attribute("aria-expanded", "false")
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
        link.click()
        assert page.evaluate("location.hash") == href
        expect(page.get_by_test_id("not-found")).to_have_count(0)
        expect(page.locator(".nav-group.open")).to_have_count(0)
    # in English too
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _one_line(page)
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_a_menu_group_works_from_the_keyboard(page):
    log_in(page, "officer")
    expect(page.get_by_test_id("institution-page")).to_be_visible()
    toggle = page.get_by_test_id("nav-group-records")
    expect(toggle).to_have_text("记录与考核 ▾")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("nav-credit_register")).to_be_visible()
    screenshot(page, "h8-nav-officer-desktop", full_page=False)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_test_id("nav-credit_register")).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("nav-credit_register")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("nav-competency_exams")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("exams-page")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_class("nav-group-toggle active")


def test_on_a_phone_the_menu_shows_every_entry_of_every_group(phone):
    log_in(phone, "officer")
    expect(phone.get_by_test_id("institution-page")).to_be_visible()
    expect(phone.get_by_test_id("nav")).to_be_hidden()
    phone.get_by_test_id("menu-toggle").click()
    for testid in ["nav-calendar", "nav-corrective_actions", "nav-credit_register", "nav-rules"]:
        expect(phone.get_by_test_id(testid)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "h8-nav-officer-phone", full_page=False)
    phone.get_by_test_id("nav-credit_register").click()
    expect(phone.get_by_test_id("nav")).to_be_hidden()
    assert phone.evaluate("location.hash").endswith("/credits")


def test_on_a_phone_the_commissions_menu_opens_and_leads_to_the_rules(phone):
    log_in(phone, "commission")
    expect(phone.get_by_test_id("commission-home")).to_be_visible()
    phone.get_by_test_id("menu-toggle").click()
    expect(phone.get_by_test_id("nav-rules")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "h8-nav-commission-phone", full_page=False)
    phone.get_by_test_id("nav-rules").click()
    expect(phone.get_by_test_id("rules-list")).to_be_visible()

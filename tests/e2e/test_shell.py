"""Every demo role logs in and lands on its page; language switch; wrong password; phone width."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import EN_DICTIONARY, log_in, screenshot
from tests.e2e.menu import open_menu_entry

# A dictionary key shown instead of its text, e.g. "institution.kind".
_GROUPS = {key.split(".")[0] for key in json.loads(EN_DICTIONARY.read_text(encoding="utf-8"))}
DICTIONARY_KEY = re.compile(rf"\b({'|'.join(sorted(_GROUPS))})\.[a-z_]+\b")

LANDINGS = {
    "admin": ("institutions-page", "南禾市妇幼保健院"),
    "officer": ("institution-page", "南禾市妇幼保健院"),
    "staff": ("me-page", "南禾市妇幼保健院"),
    "reviewer": ("zone-page", "南禾市北片区"),
    "commission": ("commission-home", "南禾市"),
}


@pytest.mark.parametrize("username", list(LANDINGS))
def test_each_demo_role_lands_on_its_own_page(page, username):
    testid, text = LANDINGS[username]
    log_in(page, username)
    landing = page.get_by_test_id(testid)
    expect(landing).to_be_visible()
    expect(landing).to_contain_text(text)
    expect(page.get_by_test_id("logout")).to_be_visible()
    screenshot(page, f"landing-{username}")


def test_a_visitor_without_a_session_is_sent_to_the_login_page(page):
    page.goto("/#/institutions/2/roster")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    assert page.evaluate("location.hash") == "#/login"
    expect(page.get_by_test_id("nav").locator("a")).to_have_count(0)
    expect(page.get_by_test_id("logout")).to_be_hidden()


def test_logging_out_ends_the_session_and_shows_the_login_page(page):
    log_in(page, "admin")
    expect(page.get_by_test_id("institutions-page")).to_be_visible()
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-form")).to_be_visible()
    assert page.request.get("/api/session").status == 401
    page.goto("/#/institutions")
    expect(page.get_by_test_id("login-form")).to_be_visible()


def test_a_session_that_ended_on_the_server_leads_back_to_the_login_page(page):
    log_in(page, "officer")
    expect(page.get_by_test_id("institution-page")).to_be_visible()
    page.context.clear_cookies()
    open_menu_entry(page, "nav-rules")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_be_hidden()
    log_in(page, "officer")
    expect(page.get_by_test_id("institution-page")).to_be_visible()


def test_the_officer_sees_departments_and_staff_of_her_hospital_only(page):
    log_in(page, "officer")
    expect(page.get_by_test_id("institution-name")).to_contain_text("南禾市妇幼保健院")
    expect(page.get_by_test_id("departments")).to_contain_text("产科")
    expect(page.get_by_test_id("staff-table").locator("tbody tr")).to_have_count(25)
    page.get_by_test_id("staff-role").select_option("midwife")
    page.get_by_test_id("staff-filters").locator("button").click()
    expect(page.get_by_test_id("staff-table")).to_contain_text("助产士")
    expect(page.get_by_test_id("staff-table")).not_to_contain_text("麻醉医师")
    expect(page.get_by_test_id("nav")).not_to_contain_text("机构")


def test_a_page_still_loading_does_not_overwrite_the_page_the_reader_moved_to(page):
    # Hold the institution page's departments until the reader has opened the rules page.
    held = []
    page.route("**/api/institutions/*/departments", lambda route: held.append(route))
    with page.expect_request("**/api/institutions/*/departments"):
        log_in(page, "officer")
    open_menu_entry(page, "nav-rules")
    expect(page.get_by_test_id("rules-list").locator("article")).not_to_have_count(0)
    for route in held:
        route.continue_()
    page.wait_for_function("() => (document.body.dataset.busy || '0') === '0'")
    expect(page.get_by_test_id("rules-list")).to_be_visible()
    expect(page.get_by_test_id("institution-page")).to_have_count(0)


def test_the_staff_member_sees_her_schedule_with_attendance(page):
    log_in(page, "staff")
    expect(page.get_by_test_id("me-past")).to_contain_text("出席")
    expect(page.get_by_test_id("me-past")).to_contain_text("南禾市妇幼保健院")


def test_the_commission_sees_its_counties_and_every_institution_below(page):
    log_in(page, "commission")
    expect(page.get_by_test_id("commission-home")).to_be_visible()  # its landing page
    page.get_by_test_id("nav-my_jurisdiction").click()
    children = page.get_by_test_id("jurisdiction-children")
    for county in ("禾城区", "东湖区", "柳溪县", "石桥县"):
        expect(children).to_contain_text(county)
    # every institution in its scope (24 in the demo, more once another test added one)
    total = page.request.get("/api/institutions", params={"page_size": 1}).json()["total"]
    assert total >= 24
    expect(page.get_by_test_id("pager")).to_contain_text(f"共 {total} 条")
    children.get_by_role("link", name="柳溪县").click()
    expect(page.get_by_test_id("jurisdiction-name")).to_have_text("柳溪县")
    expect(page.get_by_test_id("institutions-table")).to_contain_text("柳溪县中医院")
    screenshot(page, "jurisdiction-county")


def test_a_wrong_password_shows_a_chinese_error_and_logs_nobody_in(page):
    log_in(page, "officer", "not-the-password")
    expect(page.get_by_test_id("login-error")).to_have_text("用户名或密码不正确。")
    screenshot(page, "login-wrong-password")
    assert page.request.get("/api/session").status == 401
    log_in(page, "nobody-at-all", "whatever")
    expect(page.get_by_test_id("login-error")).to_have_text("用户名或密码不正确。")


def test_switching_to_english_changes_the_pages_and_survives_a_reload(page):
    log_in(page, "officer")
    expect(page.get_by_test_id("nav")).to_contain_text("本院")
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_test_id("nav")).to_contain_text("My hospital")
    expect(page.get_by_test_id("institution-page")).to_contain_text("Departments")
    expect(page.get_by_test_id("institution-facts")).to_contain_text("MCH hospital")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert not DICTIONARY_KEY.search(page.inner_text("body"))
    screenshot(page, "institution-english")
    page.reload()
    expect(page.get_by_test_id("nav")).to_contain_text("Import roster")
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_test_id("nav")).to_contain_text("导入花名册")


def test_two_quick_clicks_on_the_language_switch_end_where_they_started(page):
    """The second click lands while the first language is still loading: it must toggle from
    the language asked for, not the one still shown (the page once stayed in English)."""
    log_in(page, "officer")
    expect(page.get_by_test_id("nav")).to_contain_text("本院")
    page.route("**/i18n/en*.json", lambda route: (page.wait_for_timeout(300), route.continue_()))
    page.get_by_test_id("lang-switch").click()
    page.get_by_test_id("lang-switch").click()
    page.wait_for_timeout(1000)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_test_id("nav")).to_contain_text("本院")


def test_on_a_phone_the_institution_page_fits_and_the_menu_opens(phone):
    log_in(phone, "officer")
    expect(phone.get_by_test_id("staff-table")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.get_by_test_id("nav")).to_be_hidden()
    screenshot(phone, "phone-institution", full_page=False)
    phone.get_by_test_id("menu-toggle").click()
    expect(phone.get_by_test_id("nav")).to_be_visible()
    screenshot(phone, "phone-menu", full_page=False)
    open_menu_entry(phone, "nav-roster")
    expect(phone.get_by_test_id("roster-page")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_login_page_and_the_admin_list_on_a_phone(phone):
    phone.goto("/")
    expect(phone.get_by_test_id("login-form")).to_be_visible()
    screenshot(phone, "phone-login")
    log_in(phone, "admin")
    expect(phone.get_by_test_id("institutions-table")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-institutions", full_page=False)


@pytest.mark.parametrize("username", list(LANDINGS))
def test_each_landing_page_fits_a_phone_in_both_languages(phone, username):
    testid, text = LANDINGS[username]
    log_in(phone, username)
    expect(phone.get_by_test_id(testid)).to_contain_text(text)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, f"phone-landing-{username}", full_page=False)
    phone.get_by_test_id("lang-switch").click()
    expect(phone.get_by_test_id("lang-switch")).to_have_text("中文")
    expect(phone.get_by_test_id(testid)).to_contain_text(text)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not DICTIONARY_KEY.search(phone.inner_text("body"))
    screenshot(phone, f"phone-landing-{username}-english", full_page=False)

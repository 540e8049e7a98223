"""The administrator sets up a hospital from the pages (issue 15): a new institution, its
department, an officer's login; the officer forgets her password, the administrator sets a new
one, and she logs in with it to her new hospital. Profiles are chosen by name and 文号."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot

FIRST_PASSWORD = "liuxi-first-2026"
NEW_PASSWORD = "liuxi-again-2026"


def test_admin_creates_a_hospital_its_department_and_officer_who_logs_in(page):
    log_in(page, "admin")
    page.get_by_test_id("nav-admin").click()
    # the institution
    page.get_by_test_id("new-institution-name").fill("柳溪县城东医院")
    page.get_by_test_id("new-institution-code").fill("nh-lx-2")
    page.get_by_test_id("new-institution-county").select_option(label="柳溪县")
    page.get_by_test_id("new-institution-kind").select_option(label="综合医院")
    screenshot(page, "admin-new-institution")
    page.get_by_test_id("new-institution-create").click()
    expect(page.get_by_test_id("admin-institution-name")).to_have_text("柳溪县城东医院")
    expect(page.get_by_test_id("admin-department-list-empty")).to_be_visible()
    # the same code again is refused with a sentence, nothing created
    page.get_by_test_id("admin-tab-institutions").click()
    page.get_by_test_id("new-institution-name").fill("柳溪县城西医院")
    page.get_by_test_id("new-institution-code").fill("nh-lx-2")
    page.get_by_test_id("new-institution-county").select_option(label="柳溪县")
    page.get_by_test_id("new-institution-create").click()
    expect(page.get_by_test_id("admin-error")).to_contain_text("编码“nh-lx-2”已被使用")
    page.get_by_test_id("admin-institution-q").fill("城东")
    page.get_by_test_id("admin-institution-search").get_by_role("button").click()
    expect(page.get_by_test_id("admin-institutions").get_by_role("link")).to_have_count(1)
    expect(page.get_by_test_id("admin-institutions")).not_to_contain_text("城西")
    page.get_by_test_id("admin-institutions").get_by_role("link").click()
    # its department
    page.get_by_test_id("new-department-name").fill("产科")
    page.get_by_test_id("new-department-kind").select_option(label="产科")
    page.get_by_test_id("new-department-create").click()
    expect(page.get_by_test_id("admin-department-list")).to_contain_text("产科")
    screenshot(page, "admin-departments")

    # the officer's login: a weak password is refused first
    page.get_by_test_id("admin-tab-users").click()
    page.get_by_test_id("new-user-username").fill("lx2.officer")
    page.get_by_test_id("new-user-display-name").fill("周老师")
    page.get_by_test_id("new-user-role").select_option(label="科教科专干")
    page.get_by_test_id("new-user-institution").select_option(label="柳溪县城东医院（柳溪县）")
    page.get_by_test_id("new-user-password").evaluate("input => input.removeAttribute('minlength')")
    page.get_by_test_id("new-user-password").fill("short")
    page.get_by_test_id("new-user-create").click()
    expect(page.get_by_test_id("admin-error")).to_contain_text("密码至少 12 个字符")
    page.get_by_test_id("new-user-password").fill(FIRST_PASSWORD)
    page.get_by_test_id("new-user-create").click()
    expect(page.get_by_test_id("admin-notice")).to_contain_text("已创建账号 lx2.officer")
    page.get_by_test_id("user-q").fill("lx2")
    page.get_by_test_id("user-filters").get_by_role("button").click()
    expect(page.get_by_test_id("users-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("users-table")).to_contain_text("柳溪县城东医院")

    # she forgot it: a new one from the administrator
    page.get_by_test_id("reset-lx2.officer").click()
    page.get_by_test_id("reset-password").fill(NEW_PASSWORD)
    screenshot(page, "admin-users")
    page.get_by_test_id("reset-save").click()
    expect(page.get_by_test_id("admin-notice")).to_contain_text(
        "已为 周老师（lx2.officer）设置新密码"
    )

    page.get_by_test_id("logout").click()
    log_in(page, "lx2.officer", FIRST_PASSWORD)
    expect(page.get_by_test_id("login-error")).to_be_visible()
    log_in(page, "lx2.officer", NEW_PASSWORD)
    expect(page.get_by_test_id("institution-name")).to_contain_text("柳溪县城东医院")
    expect(page.get_by_test_id("departments")).to_contain_text("产科")


def test_admin_sets_a_county_profile_by_its_name_and_document_number(page):
    log_in(page, "admin")
    page.goto("/#/admin/profiles")
    select = page.get_by_test_id("profile-select-nh-sq")
    expect(select).to_contain_text("汴卫〔2022〕38号")
    expect(select).not_to_contain_text("chongqing-2020")
    select.select_option(label=select.locator("option", has_text="渝卫发").inner_text())
    page.get_by_test_id("profile-save-nh-sq").click()
    expect(page.get_by_test_id("admin-notice")).to_contain_text("石桥县 现执行《重庆市")
    screenshot(page, "admin-profiles")
    select.select_option("")  # back to what the city follows (开封市), for the other tests
    page.get_by_test_id("profile-save-nh-sq").click()
    expect(page.get_by_test_id("admin-notice")).to_contain_text("石桥县 现执行《开封市")


def test_the_admin_pages_on_a_phone(phone):
    log_in(phone, "admin")
    phone.goto("/#/admin/users")
    expect(phone.get_by_test_id("users-table")).to_contain_text("officer")
    screenshot(phone, "admin-users-phone")
    phone.goto("/#/admin/profiles")
    expect(phone.get_by_test_id("profiles-table")).to_contain_text("南禾市")
    screenshot(phone, "admin-profiles-phone")

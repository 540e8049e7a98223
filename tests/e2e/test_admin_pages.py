"""The administrator sets up a hospital from the pages (issue 15): a new institution, its
department, an officer's login; the officer forgets her password, the administrator sets a new
one, and she logs in with it to her new hospital. Profiles are chosen by name and 文号."""

from __future__ import annotations

import math

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import log_in, screenshot

FIRST_PASSWORD = "liuxi-first-2026"
NEW_PASSWORD = "liuxi-again-2026"
MANY = 25  # more than a page (20) of institutions, all sorting (安 an) before 竹 (zhu)
FAR_NAME = "竹林镇中心卫生院"


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
    page.get_by_test_id("new-user-institution-q").fill("城东")
    page.get_by_test_id("new-user-institution").get_by_label("柳溪县城东医院（柳溪县）").check()
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
    # a refused password costs a full argon2 check (0.1-0.3 s quiet, seconds on a loaded machine)
    expect(page.get_by_test_id("login-error")).to_be_visible(timeout=20_000)
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
    phone.get_by_test_id("new-user-institution-q").fill("柳溪")
    choices = phone.get_by_test_id("new-user-institution-choices").get_by_role("radio")
    expect(choices.first).to_be_visible()
    screenshot(phone, "admin-users-phone")
    phone.goto("/#/admin/institutions")
    expect(
        phone.get_by_test_id("admin-institution-results").get_by_test_id("pager")
    ).to_be_visible()
    screenshot(phone, "admin-institutions-phone")
    phone.goto("/#/admin/profiles")
    expect(phone.get_by_test_id("profiles-table")).to_contain_text("南禾市")
    screenshot(phone, "admin-profiles-phone")


def _created_institution(page: Page, county_id: int, code: str, name: str) -> dict:
    body = {
        "code": code,
        "name_zh": name,
        "kind": "township_health_centre",
        "level": "primary",
        "jurisdiction_id": county_id,
    }
    response = page.request.post("/api/institutions", data=body)
    assert response.status == 201, response.text()
    return response.json()


def _many_institutions(page: Page) -> dict:
    """MANY institutions named 紫和… and one 竹林…, all sorting after the demo city's names (the
    e2e server is shared: later tests still find the demo's hospitals on page 1); the one
    returned is past the first page."""
    [county] = [
        j for j in page.request.get("/api/jurisdictions").json() if j["name_zh"] == "柳溪县"
    ]
    for n in range(1, MANY + 1):
        _created_institution(page, county["id"], f"h7-zihe-{n:02d}", f"紫和第{n:02d}卫生院")
    return _created_institution(page, county["id"], "h7-zhulin", FAR_NAME)


def test_a_province_admin_pages_through_institutions_and_links_a_login_to_a_far_one(
    page: Page, browser: Browser, server: str
):
    log_in(page, "admin")
    expect(page.get_by_test_id("nav-admin")).to_be_visible()
    far = _many_institutions(page)
    everyone = page.request.get("/api/institutions", params={"page_size": 500}).json()
    total = everyone["total"]
    far_page = 1 + [i["id"] for i in everyone["items"]].index(far["id"]) // 20
    assert far_page > 1

    # the institutions page: page 1 shows 20 of them, the pager walks to the far one
    page.goto("/#/admin/institutions")
    pager = page.get_by_test_id("admin-institution-results").get_by_test_id("pager")
    pages = math.ceil(total / 20)
    expect(pager).to_contain_text(f"第 1 / {pages} 页，共 {total} 条")
    expect(page.get_by_test_id("admin-institutions").locator("tbody tr")).to_have_count(20)
    expect(page.get_by_test_id("admin-institutions")).not_to_contain_text(FAR_NAME)
    for shown in range(2, far_page + 1):
        pager.get_by_role("button", name="下一页").click()
        expect(pager).to_contain_text(f"第 {shown} / {pages} 页")
    expect(page.get_by_test_id(f"admin-departments-{far['id']}")).to_be_visible()
    screenshot(page, "admin-institutions-page-2")
    # a search starts again at its own page 1: 25 紫和 over two pages
    page.get_by_test_id("admin-institution-q").fill("紫和")
    page.get_by_test_id("admin-institution-q").press("Enter")
    expect(pager).to_contain_text(f"第 1 / 2 页，共 {MANY} 条")
    pager.get_by_role("button", name="下一页").click()
    expect(page.get_by_test_id("admin-institutions").locator("tbody tr")).to_have_count(MANY - 20)
    expect(pager.get_by_role("button", name="下一页")).to_be_disabled()

    # a login for the far institution, found by typing part of its name, chosen by keyboard
    page.get_by_test_id("admin-tab-users").click()
    page.get_by_test_id("new-user-username").fill("zhulin.officer")
    page.get_by_test_id("new-user-display-name").fill("竹林专干")
    page.get_by_test_id("new-user-role").select_option(label="科教科专干")
    search = page.get_by_test_id("new-user-institution-q")
    status = page.get_by_test_id("new-user-institution-status")
    search.fill("没有这家医院")
    expect(status).to_have_text("没有名称或编码含“没有这家医院”的机构，请换几个字再查。")
    search.fill("紫和")
    expect(status).to_have_text(f"只列出前 20 个（共 {MANY} 个），请多输入几个字缩小范围。")
    search.fill("林镇中心")
    search.press("Enter")  # looks it up at once, does not send the form
    expect(status).to_have_text("找到 1 个机构，请选一个。")
    expect(page.get_by_test_id("admin-error")).to_have_count(0)
    search.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_test_id(f"new-user-institution-{far['id']}")).to_be_checked()
    page.get_by_test_id("new-user-password").fill(FIRST_PASSWORD)
    screenshot(page, "admin-new-user-far-institution")
    page.get_by_test_id("new-user-create").click()
    expect(page.get_by_test_id("admin-notice")).to_contain_text("已创建账号 zhulin.officer")
    expect(page.get_by_test_id("new-user-institution-choices").get_by_role("radio")).to_have_count(
        0
    )

    # the new login works, and belongs to the far institution
    context = browser.new_context(base_url=server)
    try:
        answer = context.request.post(
            "/api/session", data={"username": "zhulin.officer", "password": FIRST_PASSWORD}
        )
        assert answer.status == 200, answer.text()
        session = context.request.get("/api/session").json()
        assert (session["institution_id"], session["institution_name"]) == (far["id"], FAR_NAME)
    finally:
        context.close()

"""The compliance pages as people use them: a matrix cell opens its finding, the institution
column stays put on a phone, one colour per status, counts that agree, landing summaries."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def open_matrix(page, year="2025", period="Q3"):
    log_in(page, "commission")
    page.get_by_test_id("nav-matrix").wait_for(state="attached")  # behind the menu on a phone
    page.evaluate("location.hash = '#/matrix'")
    expect(page.get_by_test_id("matrix")).to_be_visible()
    page.get_by_test_id("matrix-year").select_option(year)
    page.get_by_test_id("matrix-period").select_option(period)
    expect(page.get_by_test_id("matrix-period")).to_have_value(period)


def test_a_matrix_cell_opens_its_finding_with_the_reason_and_the_activities(page):
    open_matrix(page)
    page.wait_for_load_state("networkidle")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.get_by_test_id("matrix-cell-nh-lx-tcm-asphyxia-drill").click()
    detail = page.get_by_test_id("matrix-cell-detail")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("柳溪县中医院")
    expect(detail.get_by_test_id("matrix-detail-2025-Q3")).to_contain_text("未达标")
    expect(detail.get_by_test_id("finding-reason")).to_contain_text("本周期已结束")
    # a met cell lists the drills that counted, each a link to the activity on the calendar
    page.get_by_test_id("matrix-cell-nh-mch-pph-drill").click()
    expect(detail).to_contain_text("南禾市妇幼保健院")
    links = detail.get_by_test_id("finding-activities").locator("a")
    expect(links.first).to_contain_text("产后出血")
    expect(links.first).to_have_attribute(
        "href", re.compile(r"^#/calendar/week/2025-0[7-9]-\d\d/\d+$")
    )
    expect(links.first).to_contain_text(re.compile(r"2025[/-]0[7-9][/-]\d\d \d\d:\d\d"))
    screenshot(page, "matrix-cell-detail")
    # one answer per cell carries the finding and its activities' names: no request per activity
    assert [u for u in asked if "/api/activities" in u] == []
    assert len([u for u in asked if "/api/compliance?" in u]) == 2, asked
    links.first.click()
    expect(page.get_by_test_id("activity-panel")).to_contain_text("产后出血")


def test_on_a_phone_a_matrix_cell_lists_its_activities_by_name(phone):
    open_matrix(phone)
    phone.get_by_test_id("matrix-cell-nh-mch-pph-drill").click()
    links = phone.get_by_test_id("matrix-cell-detail").get_by_test_id("finding-activities")
    expect(links.locator("a").first).to_contain_text("产后出血")
    links.scroll_into_view_if_needed()
    screenshot(phone, "matrix-cell-detail-phone", full_page=False)


def test_on_a_phone_the_institution_column_stays_while_the_matrix_scrolls(phone):
    open_matrix(phone, period="year")
    first = phone.get_by_test_id("matrix").locator("tbody tr").first.locator("td").first
    wrap = phone.locator(".matrix-wrap").first
    before = first.bounding_box()
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # there is something to scroll
    wrap.evaluate("e => { e.scrollLeft = 400; }")
    assert wrap.evaluate("e => e.scrollLeft") > 100
    after = first.bounding_box()
    assert abs(after["x"] - before["x"]) <= 1 and after["width"] == before["width"]
    # the cells did move under it
    screenshot(phone, "matrix-phone-scrolled", full_page=False)


def test_planned_has_one_colour_in_the_legend_and_on_activities(page):
    open_matrix(page)
    legend = page.locator(".legend .st-planned").first
    expect(legend).to_be_visible()
    colours = page.evaluate(
        """() => {
          const probe = document.createElement("span");
          probe.className = "status status-planned";  // an activity's status, as pages show it
          document.body.append(probe);
          const activity = getComputedStyle(probe).color;
          probe.remove();
          return [getComputedStyle(document.querySelector(".legend .st-planned")).color, activity];
        }"""
    )
    assert colours[0] == colours[1]


def test_a_cells_count_and_its_detail_count_the_same_subjects(page):
    log_in(page, "officer")
    page.get_by_test_id("nav-compliance").click()
    grid = page.get_by_test_id("compliance-grid")
    expect(grid).to_be_visible()
    # a per-department rule: most departments are not obstetric, and are counted in neither
    cell = grid.get_by_test_id(re.compile(r"^cell-competency-coverage-")).first
    met, total = map(int, re.search(r"(\d+)/(\d+)", cell.inner_text()).groups())
    cell.click()
    subjects = page.get_by_test_id("finding-detail").get_by_test_id("finding-subjects")
    expect(subjects).to_contain_text(f"共 {total} 个对象")
    expect(subjects).to_contain_text(f"其中 {total - met} 个")


def test_the_commission_landing_summarises_gaps_the_worst_and_overdue(page):
    log_in(page, "commission")
    summary = page.get_by_test_id("landing-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_test_id("summary-with-gaps")).to_contain_text(
        re.compile(r"\d+ 家机构有缺口")
    )
    worst = summary.get_by_test_id("summary-worst").locator("a")
    assert 1 <= worst.count() <= 5
    first_top = page.get_by_test_id("commission-top").locator("tbody tr").first.locator("a").first
    expect(worst.first).to_have_text(first_top.inner_text())
    # the demo's officer hospital always has an overdue rectification order
    overdue = summary.get_by_test_id("summary-overdue")
    expect(overdue).to_contain_text(re.compile(r"逾期未整改 [1-9]\d* 项"))
    screenshot(page, "commission-summary")
    worst.first.click()
    expect(page.get_by_test_id("compliance-page")).to_be_visible()


def test_the_zone_page_summarises_its_members(phone):
    log_in(phone, "reviewer")
    summary = phone.get_by_test_id("landing-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_test_id("summary-with-gaps")).to_contain_text("家机构有缺口")
    expect(summary.get_by_test_id("summary-overdue")).to_be_visible()
    screenshot(phone, "zone-summary", full_page=False)


def test_an_institution_page_cell_names_its_activities_from_one_answer(page):
    open_matrix(page)
    page.get_by_test_id("matrix-row-nh-mch").get_by_role("link").click()
    expect(page.get_by_test_id("compliance-page")).to_contain_text("南禾市妇幼保健院")
    page.wait_for_load_state("networkidle")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.get_by_test_id("cell-pph-drill-2025-Q3").click()
    links = page.get_by_test_id("finding-detail").get_by_test_id("finding-activities").locator("a")
    expect(links.first).to_contain_text("产后出血")
    expect(links.first).to_contain_text(re.compile(r"2025[/-]0[7-9][/-]\d\d \d\d:\d\d"))
    screenshot(page, "compliance-institution-cell-activities")
    # the rule's one answer names them: no request per activity
    assert [u for u in asked if "/api/activities" in u] == []
    assert len([u for u in asked if "/api/compliance?" in u and "rule=pph-drill" in u]) == 1

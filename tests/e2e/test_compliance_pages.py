"""The commission finds the demo city's missed asphyxia drill in the matrix and reads why."""

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.e2e.menu import open_menu_entry

TCM_HOSPITALS = 4  # seeds/demo/city.toml: kind = "tcm_hospital"


def test_the_commission_drills_from_the_matrix_into_a_missed_drill(page, tmp_path):
    log_in(page, "commission")
    page.get_by_test_id("nav-matrix").click()
    expect(page.get_by_test_id("matrix")).to_be_visible()
    page.get_by_test_id("matrix-year").select_option("2025")
    page.get_by_test_id("matrix-period").select_option("Q3")
    cell = page.get_by_test_id("matrix-cell-nh-lx-tcm-asphyxia-drill")
    expect(cell).to_have_class("mcell st-gap")
    expect(page.get_by_test_id("matrix-cell-nh-mch-asphyxia-drill")).to_have_class("mcell st-met")
    page.get_by_test_id("matrix-kind").select_option("tcm_hospital")
    rows = page.get_by_test_id("matrix").locator("tbody tr")
    expect(rows).to_have_count(TCM_HOSPITALS)
    expect(rows.filter(has_text="中医")).to_have_count(TCM_HOSPITALS)
    # downloads follow the filters on screen
    expect(page.get_by_test_id("download-xlsx")).to_have_attribute(
        "href", re.compile(r"kind=tcm_hospital")
    )
    # the filters survive switching the language
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("matrix-kind")).to_have_value("tcm_hospital")
    expect(page.get_by_test_id("matrix").locator("tbody tr")).to_have_count(TCM_HOSPITALS)
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_test_id("matrix-kind")).to_have_value("tcm_hospital")
    page.get_by_test_id("matrix-kind").select_option("")
    page.get_by_test_id("heatmap").locator("summary").click()
    image = page.get_by_test_id("heatmap-image")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 400
    screenshot(page, "matrix-2025-q3")
    with page.expect_download() as download:
        page.get_by_test_id("download-xlsx").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = load_workbook(saved)
    assert book.sheetnames == ["合规矩阵", "未达标清单", "季度趋势", "热力图"]
    assert any(row[0].value == "柳溪县中医院" for row in book["未达标清单"].iter_rows(min_row=2))
    assert download.value.suggested_filename == "南禾市-2025-Q3-合规矩阵.xlsx"

    duties = page.get_by_test_id("commission-duties")
    expect(duties).to_contain_text("卫生健康委本级职责")
    county = duties.locator("tbody tr").nth(1)  # the city first, then its counties
    county.locator("[data-testid$='-county-meeting']").click()
    expect(page.get_by_test_id("commission-detail")).to_contain_text("每月召开母婴安全工作例会")

    page.get_by_test_id("matrix-row-nh-lx-tcm").get_by_role("link").click()
    expect(page.get_by_test_id("compliance-page")).to_contain_text("柳溪县中医院")
    page.get_by_test_id("cell-asphyxia-drill-2025-Q3").click()
    detail = page.get_by_test_id("finding-detail")
    expect(detail).to_contain_text("本周期已结束")
    expect(detail).to_contain_text("每季度至少开展1次")
    screenshot(page, "compliance-institution")


def test_a_joint_meeting_without_icu_names_the_icu(page):
    log_in(page, "commission")
    page.get_by_test_id("nav-matrix").click()
    page.get_by_test_id("matrix-year").select_option("2025")
    expect(page.get_by_test_id("matrix-period")).to_have_value("year")
    page.get_by_test_id("matrix-row-nh-dh-people").get_by_role("link").click()
    expect(page.get_by_test_id("compliance-page")).to_contain_text("东湖区人民医院 2025")
    page.get_by_test_id("cell-joint-meeting-2025-H2").click()
    expect(page.get_by_test_id("finding-detail")).to_contain_text("重症医学科")
    expect(page.get_by_test_id("finding-detail")).to_contain_text("部分达标")


def test_the_rules_page_quotes_the_policy_texts(page):
    log_in(page, "officer")
    open_menu_entry(page, "nav-rules")
    expect(page.get_by_test_id("rules-list").locator("article")).to_have_count(21)
    credits = page.get_by_test_id("rule-cme-credits")
    expect(credits).to_contain_text("继续医学教育学分授予与管理办法")  # the policy, by its title
    expect(credits).not_to_contain_text("credit-policy")
    expect(credits).not_to_contain_text("至少 0 次")
    page.get_by_test_id("rules-profile").select_option("fujian-2021")
    expect(page.get_by_test_id("rule-warning-education")).to_contain_text("不少于2次")
    screenshot(page, "rules")


def test_staff_see_what_is_due_for_them_this_year(page):
    log_in(page, "staff")
    expect(page.get_by_test_id("me-due")).to_contain_text("继续医学教育")

"""An officer uploads her Excel roster: a bad row is named with its row number; a good file imports."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.rosters import build_roster_xlsx

GOOD = [
    ["林小雨", "E2E01", "产科", "助产士", "主管助产师", "2022-03-01"],
    ["郑文博", "E2E02", "新生儿科", "新生儿科医师", "主治医师", "2020-09-01"],
]
BAD = [GOOD[0], ["郑文博", "E2E02", "新生儿科", "新生儿科医师", "教授", "2020-09-01"]]


def upload(page, tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(build_roster_xlsx(rows))
    page.get_by_test_id("roster-file").set_input_files(str(path))
    page.get_by_test_id("roster-submit").click()


def test_a_roster_with_a_bad_row_lists_it_and_a_fixed_one_imports(page, tmp_path):
    log_in(page, "officer")
    page.get_by_test_id("roster-link").click()
    expect(page.get_by_test_id("roster-page")).to_be_visible()
    screenshot(page, "roster-empty")

    upload(page, tmp_path, "花名册-有误.xlsx", BAD)
    expect(page.get_by_test_id("roster-file-name")).to_have_text("花名册-有误.xlsx")
    errors = page.get_by_test_id("roster-errors")
    expect(errors).to_be_visible()
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("3")
    expect(errors).to_contain_text("职称")
    expect(errors).to_contain_text("教授")
    expect(page.get_by_test_id("roster-rejected")).to_contain_text("未导入任何数据")
    screenshot(page, "roster-rejected")

    upload(page, tmp_path, "花名册.xlsx", GOOD)
    expect(page.get_by_test_id("roster-done")).to_contain_text("新增 2 人")
    screenshot(page, "roster-done")

    upload(page, tmp_path, "花名册.xlsx", GOOD)
    expect(page.get_by_test_id("roster-done")).to_contain_text("新增 0 人，更新 0 人，未变 2 人")

    page.get_by_test_id("nav-my_institution").click()
    page.get_by_test_id("staff-q").fill("E2E0")
    page.get_by_test_id("staff-filters").locator("button").click()
    expect(page.get_by_test_id("staff-table").locator("tbody tr")).to_have_count(2)


def test_a_file_that_is_not_excel_gets_a_clear_message(page, tmp_path):
    log_in(page, "officer")
    page.get_by_test_id("roster-link").click()
    path = tmp_path / "名册.pdf"
    path.write_bytes(b"%PDF-1.4 a scanned roster")
    page.get_by_test_id("roster-file").set_input_files(str(path))
    page.get_by_test_id("roster-submit").click()
    expect(page.get_by_test_id("roster-error")).to_contain_text("不是 Excel")


def test_in_english_the_row_errors_are_in_english_and_fit_a_phone(phone, tmp_path):
    log_in(phone, "officer")
    phone.get_by_test_id("lang-switch").click()
    phone.get_by_test_id("roster-link").click()
    expect(phone.get_by_test_id("roster-file-name")).to_have_text("No file chosen")
    bad_date = ["王芳", "E2E03", "产科", "助产士", "初级", "2022-13-01"]
    upload(phone, tmp_path, "roster.xlsx", [*BAD, bad_date])
    errors = phone.get_by_test_id("roster-errors")
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(errors.locator("tbody tr").nth(0)).to_contain_text("unknown professional title")
    expect(errors.locator("tbody tr").nth(1)).to_contain_text("4")
    expect(errors.locator("tbody tr").nth(1)).to_contain_text("is not a date")
    expect(phone.get_by_test_id("roster-rejected")).to_contain_text("nothing was imported")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-roster-rejected-english")

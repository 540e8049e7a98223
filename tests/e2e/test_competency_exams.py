"""Exams and certificates in the browser, on the demo city: the officer records a written exam,
imports a score sheet with one bad row (the row is named, nothing saved), fixes it and sees who
passed; a staff member uploads a certificate, the officer confirms it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.conftest import TEST_DB
from tests.e2e.conftest import SCREENSHOTS, log_in, screenshot
from tests.e2e.menu import open_menu_entry

SHOTS = Path("/work/shots")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip


def _keep(name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(SCREENSHOTS / f"{TEST_DB}-{name}.png", SHOTS / f"{TEST_DB}-{name}.png")


def _sheet(rows: list[list]) -> dict:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return {"name": "成绩.xlsx", "mimeType": "application/octet-stream", "buffer": out.getvalue()}


def test_the_officer_records_an_exam_and_imports_scores(page):
    log_in(page, "officer")
    open_menu_entry(page, "nav-competency_exams")
    expect(page.get_by_test_id("exams-page")).to_be_visible()
    page.get_by_test_id("exam-kind").select_option("written")
    page.get_by_test_id("exam-title").fill("2025年度全员理论考试")
    page.get_by_test_id("exam-create").click()
    expect(page.get_by_test_id("exam-page")).to_be_visible()
    expect(page.get_by_test_id("exam-pass")).to_contain_text("60 分")
    numbers = [
        testid.removeprefix("score-")
        for testid in page.locator("[data-testid^=score-]").evaluate_all(
            "els => els.map(e => e.dataset.testid)"
        )
        if testid != "score-table"
    ][:3]
    assert len(numbers) == 3
    bad = [["工号", "姓名", "成绩"], [numbers[0], "", 92], [numbers[1], "", 59],
           ["Z99999", "查无此人", 70], [numbers[2], "", 60]]  # fmt: skip
    page.get_by_test_id("import-file").set_input_files(_sheet(bad))
    page.get_by_test_id("import-submit").click()
    rows = page.get_by_test_id("exam-error-rows")
    expect(rows).to_contain_text("第 4 行")
    expect(rows).to_contain_text("Z99999")
    expect(page.get_by_test_id("exam-counts")).to_contain_text("0 人参考")
    screenshot(page, "competency-exam-import-rejected", full_page=False)
    _keep("competency-exam-import-rejected")
    page.get_by_test_id("import-file").set_input_files(_sheet([bad[0], bad[1], bad[2], bad[4]]))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("exam-flash")).to_contain_text("已导入 3 人")
    expect(page.get_by_test_id("exam-counts")).to_contain_text("3 人参考，2 人合格")
    expect(page.get_by_test_id(f"result-{numbers[0]}")).to_have_text("合格")
    expect(page.get_by_test_id(f"result-{numbers[1]}")).to_have_text("不合格")
    expect(page.get_by_test_id(f"result-{numbers[2]}")).to_have_text("合格")
    screenshot(page, "competency-exam-scores", full_page=False)
    _keep("competency-exam-scores")
    # typing a score beyond the maximum is refused with the person named
    page.get_by_test_id(f"score-{numbers[1]}").fill("120")
    page.get_by_test_id("scores-save").click()
    expect(page.get_by_test_id("exam-error-rows")).to_contain_text("超出范围")


def test_staff_upload_a_certificate_and_the_officer_confirms_it(browser, server, page):
    log_in(page, "staff")
    open_menu_entry(page, "nav-competency_certificates")
    expect(page.get_by_test_id("ccert-page")).to_be_visible()
    page.get_by_test_id("ccert-competency").select_option(label="新生儿正压通气")
    page.get_by_test_id("ccert-issuer").fill("东岚省新生儿复苏培训中心")
    page.get_by_test_id("ccert-number").fill("NRP-E2E-001")
    page.get_by_test_id("ccert-issued").fill("2025-09-01")
    page.get_by_test_id("ccert-expires").fill("2025-08-01")
    page.get_by_test_id("ccert-file").set_input_files(
        {"name": "证书.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_test_id("ccert-submit").click()
    expect(page.get_by_test_id("ccert-error")).to_contain_text("早于")
    page.get_by_test_id("ccert-expires").fill("2027-08-31")
    page.get_by_test_id("ccert-submit").click()
    expect(page.get_by_test_id("ccert-flash")).to_be_visible()
    expect(page.get_by_test_id("ccert-mine")).to_contain_text("待审核")
    screenshot(page, "competency-certificate-staff")
    _keep("competency-certificate-staff")

    officer = browser.new_context(base_url=server, locale="zh-CN").new_page()
    log_in(officer, "officer")
    open_menu_entry(officer, "nav-competency_certificates")
    row = officer.locator("tr", has_text="NRP-E2E-001")
    expect(row).to_contain_text("新生儿正压通气")
    screenshot(officer, "competency-certificate-queue")
    _keep("competency-certificate-queue")
    row.locator("[data-testid^=ccert-confirm-]").click()
    expect(officer.locator("tr", has_text="NRP-E2E-001")).to_have_count(0)  # left the queue
    officer.get_by_test_id("ccert-filter").select_option("confirmed")
    expect(officer.locator("tr", has_text="NRP-E2E-001")).to_contain_text("已确认")
    officer.context.close()

"""The officer reads the competency rules on her hospital's compliance page: the obstetrics
department is short of night-shift team leads (the demo's lapsed evidence), and each person's
competency year names what is missing."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def test_the_officer_sees_which_competency_her_night_shifts_lack(page):
    log_in(page, "officer")
    page.get_by_test_id("nav-compliance").click()
    expect(page.get_by_test_id("compliance-page")).to_be_visible()
    coverage = page.get_by_test_id("compliance-competency-coverage-department")
    expect(coverage).to_contain_text("科室胜任力人员覆盖")
    coverage.locator("button.cell").last.click()
    detail = page.get_by_test_id("finding-detail")
    expect(detail).to_contain_text("产后出血抢救团队指挥：夜班人员中当前持有 0 人，少于 1 人")
    expect(detail).not_to_contain_text("pph-team-lead")
    screenshot(page, "competency-coverage-finding")
    staff = page.get_by_test_id("compliance-competencies-current-staff_member")
    expect(staff).to_contain_text("岗位胜任力全员有效")
    staff.locator("button.cell").last.click()
    expect(page.get_by_test_id("finding-detail")).to_contain_text("尚缺：")
    screenshot(page, "competencies-current-finding")

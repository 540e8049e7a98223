"""Spot-checks in the browser, on the demo city: the reviewer sees the quarter's sample with the
institutions without records, draws an earlier quarter, and reviews a drawn record (the exact
version drawn beside the checklist), saving then submitting."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def test_the_reviewer_draws_a_sample_and_submits_a_review(page):
    log_in(page, "reviewer")
    expect(page.get_by_test_id("nav-spot_checks")).to_be_visible()
    page.get_by_test_id("nav-spot_checks").click()
    expect(page.get_by_test_id("spot-checks-page")).to_be_visible()
    demo = page.locator("[data-testid^=sample-state-]").first
    expect(demo).to_have_text("当前有效")
    screenshot(page, "spot-checks")
    # an earlier quarter than the demo's: a new, current sample
    quarter = page.get_by_test_id("spot-quarter")
    earlier = quarter.locator("option").nth(2).get_attribute("value")
    quarter.select_option(earlier)
    page.get_by_test_id("spot-size").fill("30")
    page.get_by_test_id("spot-draw").click()
    card = page.locator("[data-testid^=sample-]", has_text=earlier).first
    expect(card).to_be_visible()
    expect(card.locator("[data-testid^=draws-]")).to_be_visible()
    # review its first draw: the record drawn, then the checklist
    card.locator("[data-testid^=open-draw-]").first.click()
    expect(page.get_by_test_id("spot-draw-page")).to_be_visible()
    expect(page.get_by_test_id("drawn-record")).to_contain_text("演练情景")
    for item in ("scenario_realism", "required_roles_present", "timings_within_target",
                 "debrief_quality", "corrective_actions_concrete"):  # fmt: skip
        page.get_by_test_id(f"check-{item}").select_option("yes")
    page.get_by_test_id("review-rating").select_option("good")
    page.get_by_test_id("review-save").click()
    expect(page.get_by_test_id("review-state")).to_contain_text("草稿")
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("点评")  # the 点评 is still empty
    page.get_by_test_id("review-comment").fill("团队配合默契，复盘深入。")
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id("review-state")).to_contain_text("已提交")
    expect(page.get_by_test_id("review-submit")).to_have_count(0)  # locked
    expect(page.get_by_test_id("review-findings")).to_be_attached()
    screenshot(page, "spot-check-review")


def test_the_review_page_fits_a_phone(phone):
    log_in(phone, "reviewer")
    phone.goto("/#/spot-checks")
    phone.locator("[data-testid^=open-draw-]").first.click()
    expect(phone.get_by_test_id("review-form")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-spot-check-review")

"""A county left on the national 2018 plan is told on its page that the plan ended, with the
successor by name; the administrator switches it there."""

import shutil
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import TEST_DB
from tests.e2e.conftest import SCREENSHOTS, log_in, screenshot

SHOTS = Path("/work/shots")
NOTICE = "本辖区采用的《国家母婴安全行动计划（2018-2020年）》已于 2020-12-31 到期"
SUCCESSOR = "继任方案：《母婴安全行动提升计划（2021-2025年）》"


def _shot(page, name):
    screenshot(page, name)
    if SHOTS.is_dir():
        shutil.copy(SCREENSHOTS / f"{TEST_DB}-{name}.png", SHOTS / f"F-{name}.png")


def _county(page, code="nh-lx"):
    return next(j for j in page.request.get("/api/jurisdictions").json() if j["code"] == code)


def test_the_administrator_sees_the_ended_plan_and_switches_to_its_successor(page):
    log_in(page, "admin")
    expect(page.get_by_test_id("who")).not_to_have_text("")
    county = _county(page)
    try:
        assert page.request.patch(
            f"/api/jurisdictions/{county['id']}", data={"profile": "national-2018"}
        ).ok
        page.goto(f"/#/jurisdictions/{county['id']}")
        notice = page.get_by_test_id("profile-expired")
        expect(notice).to_contain_text(NOTICE)
        expect(notice).to_contain_text(SUCCESSOR)
        expect(notice).not_to_contain_text("national-")  # names, never ids
        _shot(page, "jurisdiction-expired-desktop")
        page.get_by_test_id("profile-switch").click()
        expect(page.get_by_test_id("profile-expired")).to_have_count(0)
        ended = page.get_by_test_id("profile-plan-ended")  # 2021-2025 is over, nothing follows it
        expect(ended).to_contain_text(
            "《母婴安全行动提升计划（2021-2025年）》的方案期已于 2025-12-31 结束"
        )
        _shot(page, "jurisdiction-plan-ended-desktop")
        assert _county(page)["profile"] == "national-2021"
    finally:
        page.request.patch(f"/api/jurisdictions/{county['id']}", data={"profile": None})


def test_the_commission_reads_the_notice_on_a_phone_and_is_told_whom_to_ask(page, phone):
    log_in(page, "admin")
    expect(page.get_by_test_id("who")).not_to_have_text("")
    county = _county(page)
    try:
        assert page.request.patch(
            f"/api/jurisdictions/{county['id']}", data={"profile": "national-2018"}
        ).ok
        log_in(phone, "commission")
        expect(phone.get_by_test_id("who")).not_to_have_text("")
        phone.goto(f"/#/jurisdictions/{county['id']}")
        notice = phone.get_by_test_id("profile-expired")
        expect(notice).to_contain_text(SUCCESSOR)
        expect(notice).to_contain_text("请联系系统管理员")
        expect(phone.get_by_test_id("profile-switch")).to_have_count(0)
        _shot(phone, "jurisdiction-expired-phone")
    finally:
        page.request.patch(f"/api/jurisdictions/{county['id']}", data={"profile": None})

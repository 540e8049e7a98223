"""Issue 15: booking the same drill twice on a phone shows one short line per clashing activity
and says plainly that it looks like a duplicate."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, screenshot
from tests.e2e.menu import open_menu_entry
from tests.e2e.test_scheduling_pages import shanghai_today, signed_in, wall


def _book_the_drill(page, day) -> None:
    page.goto(f"/#/book/{day}")
    page.get_by_test_id("booking-kind").select_option("drill")
    page.get_by_test_id("booking-topic").select_option("pph")
    # the rules' suggestion ticks whom to invite: book once it has arrived
    expect(page.get_by_test_id("invite-suggestion")).to_contain_text("要求参加")
    page.get_by_test_id("booking-title").fill("E2E 重复预约的产后出血演练")
    page.get_by_test_id("booking-starts").fill(wall(day, "09:00"))
    page.get_by_test_id("booking-ends").fill(wall(day, "11:00"))
    page.get_by_test_id("booking-place").fill("E2E 产房")
    page.get_by_test_id("booking-submit").click()


def test_a_duplicate_booking_on_a_phone_is_one_short_line(phone):
    day = shanghai_today() + timedelta(days=61)
    signed_in(phone, "officer")
    _book_the_drill(phone, day)
    expect(phone.get_by_test_id("calendar-flash")).to_contain_text("E2E 重复预约的产后出血演练")

    _book_the_drill(phone, day)

    conflicts = phone.get_by_test_id("conflicts")
    expect(conflicts).to_contain_text("看起来与已有活动重复")
    expect(conflicts.locator("li")).to_have_count(1)
    line = conflicts.locator("li").first
    expect(line).to_contain_text("E2E 重复预约的产后出血演练")
    expect(line).to_contain_text("人（")
    expect(line).to_contain_text("场地「E2E 产房」")
    screenshot(phone, "h4-conflict-phone")
    conflicts.screenshot(path=str(SCREENSHOTS / "h4-conflict-box-phone.png"))
    assert conflicts.bounding_box()["height"] < 700


def test_the_calendar_names_hosts_and_a_held_drill_is_not_rescheduled(page, phone):
    day = shanghai_today() - timedelta(days=2)
    signed_in(page, "officer")
    held = page.request.post(
        "/api/activities",
        data={
            "kind": "drill",
            "topic": "pph",
            "title": "E2E 已举办的演练",
            "starts_at": wall(day, "14:00"),
            "ends_at": wall(day, "15:00"),
            "place": "E2E 示教室",
            "allow_past": True,
            "confirm_duplicate": True,  # the demo may hold a drill like it
        },
    )
    assert held.status == 201, held.text()
    held_id = held.json()["activity"]["id"]
    page.goto(f"/#/calendar/month/{day}/{held_id}")
    expect(page.get_by_test_id("panel-edit")).to_have_text("更正活动信息")
    expect(page.get_by_test_id("panel-record")).to_be_visible()
    # the staff list opens a person's page
    page.get_by_test_id("nav-my_institution").click()
    expect(page.get_by_test_id("staff-table")).to_contain_text("入职日期")
    page.get_by_test_id("staff-table").locator("tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"#/staff/\d+/competencies$"))
    screenshot(page, "h4-person-from-staff-list")

    signed_in(phone, "admin")
    phone.goto(f"/#/calendar/week/{day}")
    expect(phone.get_by_test_id(f"cal-event-host-{held_id}")).to_have_text("南禾市妇幼保健院")
    screenshot(phone, "h4-calendar-all-phone")


def test_staff_have_the_calendar_in_their_menu(page):
    signed_in(page, "staff")
    page.get_by_test_id("nav-calendar").click()
    expect(page.get_by_test_id("calendar-page")).to_be_visible()
    expect(page.get_by_test_id("cal-institution")).to_have_count(0)
    screenshot(page, "h4-calendar-staff")


def test_the_roster_page_offers_the_template(page):
    signed_in(page, "officer")
    open_menu_entry(page, "nav-roster")
    link = page.get_by_test_id("roster-template")
    expect(link).to_contain_text("下载名单模板")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "h4-roster")

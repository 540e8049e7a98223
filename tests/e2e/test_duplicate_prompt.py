"""Issue 15: a booking that repeats an existing one (same kind and topic, same hospital, overlapping
hours) is named before it is made, even when nothing clashes; booking it anyway takes a second,
deliberate click."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_scheduling_pages import shanghai_today, signed_in, wall

TITLE = "E2E 疑似重复的子痫演练"


def _book(page, day, start: str, end: str, place: str) -> None:
    page.goto(f"/#/book/{day}")
    page.get_by_test_id("booking-kind").select_option("drill")
    page.get_by_test_id("booking-topic").select_option("eclampsia")
    page.get_by_test_id("booking-title").fill(TITLE)
    page.get_by_test_id("booking-starts").fill(wall(day, start))
    page.get_by_test_id("booking-ends").fill(wall(day, end))
    page.get_by_test_id("booking-place").fill(place)
    page.get_by_test_id("booking-submit").click()


def _activities_count(page) -> int:
    return page.request.get("/api/activities").json()["total"]


def test_the_same_drill_at_overlapping_hours_asks_first_then_books_on_confirmation(page, phone):
    day = shanghai_today() + timedelta(days=73)
    signed_in(page, "officer")
    _book(page, day, "09:00", "10:00", "E2E 一号示教室")
    expect(page.get_by_test_id("calendar-flash")).to_contain_text(TITLE)
    before = _activities_count(page)

    # overlapping hours, another room, nobody invited: no clash, still the same drill
    _book(page, day, "09:30", "10:30", "E2E 二号示教室")

    prompt = page.get_by_test_id("duplicate-prompt")
    expect(prompt).to_contain_text("看起来与已有活动重复")
    expect(prompt.get_by_role("link")).to_have_text(f"「{TITLE}」")
    expect(prompt).to_contain_text("E2E 一号示教室")
    expect(page.get_by_test_id("conflicts").filter(has_text="时间冲突")).to_have_count(0)
    assert _activities_count(page) == before  # nothing booked yet
    screenshot(page, "h8-duplicate-prompt-desktop", full_page=False)

    page.get_by_test_id("confirm-duplicate").click()
    expect(page.get_by_test_id("calendar-flash")).to_contain_text(TITLE)
    assert _activities_count(page) == before + 1

    # on a phone the prompt fits and its link opens the activity already booked
    signed_in(phone, "officer")
    _book(phone, day, "09:40", "09:50", "E2E 三号示教室")  # overlaps both
    prompt = phone.get_by_test_id("duplicate-prompt")
    expect(prompt.get_by_role("link")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    prompt.scroll_into_view_if_needed()
    screenshot(phone, "h8-duplicate-prompt-phone", full_page=False)
    prompt.get_by_role("link").first.click()
    expect(phone).to_have_url(re.compile(rf"#/calendar/month/{day}/\d+$"))

"""Scheduling in the browser: booking, the calendar, the staff member's feed, the year planner."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.conftest import _new_page, log_in, screenshot

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOSPITAL = "南禾市妇幼保健院"  # the demo officer's and the demo staff member's hospital


def shanghai_today() -> date:
    return datetime.now(SHANGHAI).date()


def wall(day: date, clock: str) -> str:
    return f"{day.isoformat()}T{clock}"


def events_with_uid(feed: str, uid: str) -> list[str]:
    """The VEVENT blocks of a feed carrying this UID (lines unfolded)."""
    text = feed.replace("\r\n ", "").replace("\r\n", "\n")
    blocks = re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", text, re.S)
    pattern = re.compile(rf"^UID:{re.escape(uid)}(@\S*)?$", re.M)
    return [b for b in blocks if pattern.search(b)]


def booked_through_api(page: Page, activity: dict, confirm_duplicate: bool = False) -> dict:
    """Book with the page's session (setting up what a test then does through the pages).
    `confirm_duplicate`: the e2e server's database is shared by the tests, so a test booking a
    drill at a time another test's same drill overlaps says it means a second one."""
    body = {**activity, "confirm_duplicate": True} if confirm_duplicate else activity
    response = page.request.post("/api/activities", data=body)
    assert response.status == 201, response.text()
    return response.json()


def signed_in(page: Page, username: str) -> None:
    """Log in and wait for the landing page, so a following goto is not overtaken by it."""
    log_in(page, username)
    page.wait_for_function("() => !['', '#/', '#/login'].includes(location.hash)")


def opened_activity(page: Page) -> int:
    """The activity whose panel the calendar shows (its id ends the address)."""
    page.wait_for_function("() => /#\\/calendar\\/month\\/[\\d-]+\\/\\d+$/.test(location.hash)")
    return int(page.evaluate("location.hash").rsplit("/", 1)[1])


def test_a_booked_drill_reaches_the_staff_feed_and_follows_its_changes(page, browser, server):
    # evenings, six weeks out: clear of the demo city's sessions and of the planner's proposals
    day = shanghai_today() + timedelta(days=45)
    log_in(page, "officer")
    page.get_by_test_id("nav-calendar").click()
    expect(page.get_by_test_id("calendar-month")).to_be_visible()
    expect(page.get_by_test_id("calendar-legend")).to_contain_text("技能培训与演练")
    screenshot(page, "calendar")

    page.get_by_test_id("cal-book").click()
    page.get_by_test_id("booking-kind").select_option("drill")
    page.get_by_test_id("booking-topic").select_option("pph")
    expect(page.get_by_test_id("booking-title")).to_have_value("产后出血专项技能培训和急救演练")
    # the rule asks for obstetricians and midwives: both come ticked, and the rule is named
    expect(page.get_by_test_id("invite-rule-pph-drill")).to_contain_text("产后出血")
    expect(page.get_by_test_id("invite-role-obstetrician")).to_be_checked()
    expect(page.get_by_test_id("invite-role-midwife")).to_be_checked()
    for extra in ("nurse", "anaesthetist"):  # suggested, not required: leave them out
        page.get_by_test_id(f"invite-role-{extra}").uncheck()
    expect(page.get_by_test_id("invite-count")).to_contain_text(re.compile(r"将邀请 \d+ 人"))
    page.get_by_test_id("booking-title").fill("E2E 产后出血急救演练")
    page.get_by_test_id("booking-starts").fill(wall(day, "19:00"))
    page.get_by_test_id("booking-ends").fill(wall(day, "20:30"))
    page.get_by_test_id("booking-place").fill("产房示教室")
    screenshot(page, "booking-form")
    page.get_by_test_id("booking-submit").click()

    expect(page.get_by_test_id("calendar-flash")).to_contain_text("E2E 产后出血急救演练")
    activity_id = opened_activity(page)
    expect(page.get_by_test_id(f"cal-event-{activity_id}")).to_be_visible()
    panel = page.get_by_test_id("activity-panel")
    expect(panel.get_by_test_id("panel-title")).to_have_text("E2E 产后出血急救演练")
    expect(panel.get_by_test_id("panel-invitations")).to_contain_text("产科医师")
    expect(panel.get_by_test_id("panel-warnings")).to_have_count(0)
    screenshot(page, "calendar-booked")
    uid = page.request.get(f"/api/activities/{activity_id}").json()["activity"]["uid"]

    # an obstetrician of the hospital subscribes to her schedule
    staff = _new_page(browser, server, viewport={"width": 1280, "height": 860})
    try:
        log_in(staff, "staff")
        expect(staff.get_by_test_id("me-upcoming")).to_contain_text("E2E 产后出血急救演练")
        expect(staff.get_by_test_id(f"ics-{activity_id}")).to_have_attribute(
            "href", f"/api/activities/{activity_id}/invite.ics"
        )
        feed_url = staff.get_by_test_id("feed-url").input_value()
        assert re.fullmatch(r"https?://.+/calendar/[\w-]+\.ics", feed_url)
        expect(staff.get_by_test_id("feed-webcal")).to_have_attribute(
            "href", re.compile(r"^webcal://")
        )
        qr = staff.get_by_test_id("feed-qr")
        expect(qr).to_have_js_property("complete", True)
        assert qr.evaluate("img => img.naturalWidth") > 50
        screenshot(staff, "me-feed")
        [event] = events_with_uid(staff.request.get(feed_url).text(), uid)
        assert "SEQUENCE:0" in event

        # the officer moves it to the next evening: still one event, SEQUENCE raised
        page.goto(f"/#/activities/{activity_id}/edit")
        expect(page.get_by_test_id("booking-title")).to_have_value("E2E 产后出血急救演练")
        next_day = day + timedelta(days=1)
        page.get_by_test_id("booking-starts").fill(wall(next_day, "19:00"))
        page.get_by_test_id("booking-ends").fill(wall(next_day, "20:30"))
        screenshot(page, "booking-edit")
        page.get_by_test_id("booking-submit").click()
        expect(page.get_by_test_id("calendar-flash")).to_be_visible()
        assert opened_activity(page) == activity_id
        expect(page.get_by_test_id(f"cal-day-{next_day}")).to_contain_text("E2E 产后出血急救演练")
        [event] = events_with_uid(staff.request.get(feed_url).text(), uid)
        assert "SEQUENCE:1" in event
        assert f"DTSTART;TZID=Asia/Shanghai:{next_day:%Y%m%d}T190000" in event

        # and cancels it with a reason: the feed keeps the event, marked cancelled
        page.get_by_test_id("panel-cancel").click()
        page.get_by_test_id("cancel-confirm").click()
        expect(page.get_by_test_id("cancel-error")).to_be_visible()  # a reason is needed
        page.get_by_test_id("cancel-reason").fill("产房收治危重孕妇，演练改期")
        page.get_by_test_id("cancel-confirm").click()
        expect(page.get_by_test_id("calendar-flash")).to_contain_text("已取消 1 次活动")
        expect(page.get_by_test_id("panel-status")).to_have_text("已取消")
        expect(page.get_by_test_id(f"cal-event-{activity_id}")).to_have_class(
            re.compile(r"ev-cancelled")
        )
        expect(page.get_by_test_id("panel-edit")).to_have_count(0)
        [event] = events_with_uid(staff.request.get(feed_url).text(), uid)
        assert "STATUS:CANCELLED" in event
        assert "SEQUENCE:2" in event
        screenshot(page, "calendar-cancelled")
    finally:
        staff.context.close()


def test_a_double_booking_is_listed_and_can_be_overridden_with_a_reason(page):
    day = shanghai_today() + timedelta(days=50)
    signed_in(page, "officer")
    booked_through_api(
        page,
        {
            "kind": "cme_session",
            "title": "E2E 继续教育讲座",
            "starts_at": wall(day, "19:00"),
            "ends_at": wall(day, "21:00"),
            "place": "E2E 会议室",
        },
    )

    page.goto(f"/#/book/{day}")
    page.get_by_test_id("booking-kind").select_option("joint_meeting")
    expect(page.get_by_test_id("booking-title")).to_have_value("多学科联席会议")
    expect(page.get_by_test_id("invite-rule-joint-meeting")).to_contain_text("重症医学科")
    page.get_by_test_id("booking-starts").fill(wall(day, "20:00"))
    page.get_by_test_id("booking-ends").fill(wall(day, "19:00"))
    page.get_by_test_id("booking-place").fill("E2E 会议室")
    # leave the ICU out: the booking goes through, with a warning naming the rule and the ICU
    icu = page.get_by_test_id("invite-departments").locator("label", has_text="重症医学科")
    icu.locator("input").uncheck()
    page.get_by_test_id("booking-submit").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("结束时间")

    page.get_by_test_id("booking-ends").fill(wall(day, "21:00"))
    page.get_by_test_id("booking-submit").click()
    conflicts = page.get_by_test_id("conflicts")
    expect(conflicts).to_contain_text("E2E 继续教育讲座")
    expect(conflicts).to_contain_text("场地")
    expect(page.get_by_test_id("book-anyway")).to_be_disabled()
    page.get_by_test_id("conflict-reason").fill("讲座结束后在同一会议室接着开会")
    screenshot(page, "booking-conflict")
    page.get_by_test_id("book-anyway").click()
    expect(page.get_by_test_id("calendar-flash")).to_contain_text("多学科联席会议")
    expect(page.get_by_test_id("flash-warnings")).to_contain_text("重症医学科")
    expect(page.get_by_test_id(f"cal-day-{day}")).to_contain_text("多学科联席会议")


def test_a_series_is_changed_and_cancelled_from_one_occurrence_on(page):
    day = shanghai_today() + timedelta(days=60)
    signed_in(page, "officer")
    booked = booked_through_api(
        page,
        {
            "kind": "self_assessment",
            "title": "E2E 每周自我评估",
            "starts_at": wall(day, "19:00"),
            "ends_at": wall(day, "20:00"),
            "place": "E2E 系列教室",
            "repeat": {"every": "week", "count": 3},
        },
    )
    first, second, third = booked["series_activity_ids"]

    page.goto(f"/#/activities/{second}/edit")
    expect(page.get_by_test_id("booking-scope")).to_contain_text("这次及以后")
    page.get_by_test_id("scope-following").check()
    week_later = day + timedelta(days=7)
    page.get_by_test_id("booking-starts").fill(wall(week_later, "18:30"))
    page.get_by_test_id("booking-ends").fill(wall(week_later, "19:30"))
    page.get_by_test_id("booking-submit").click()
    expect(page.get_by_test_id("calendar-flash")).to_contain_text("2 次活动")
    starts = [
        page.request.get(f"/api/activities/{i}").json()["activity"]["starts_at"]
        for i in (first, second, third)
    ]
    assert [s[11:16] for s in starts] == ["11:00", "10:30", "10:30"]  # UTC

    page.get_by_test_id("panel-cancel").click()
    page.get_by_test_id("cancel-scope-following").check()
    page.get_by_test_id("cancel-reason").fill("评估改为每月一次")
    page.get_by_test_id("cancel-confirm").click()
    expect(page.get_by_test_id("calendar-flash")).to_contain_text("已取消 2 次活动")
    statuses = [
        page.request.get(f"/api/activities/{i}").json()["activity"]["status"]
        for i in (first, second, third)
    ]
    assert statuses == ["planned", "cancelled", "cancelled"]


def test_the_planner_says_when_holidays_are_unknown_and_books_what_is_accepted(page):
    # two years ahead: no holiday schedule for it in seeds/holidays/ or in chinesecalendar
    year = shanghai_today().year + 2
    log_in(page, "officer")
    page.get_by_test_id("nav-planner").click()
    expect(page.get_by_test_id("planner-page")).to_be_visible()
    page.get_by_test_id("planner-year").select_option(str(year))
    note = page.get_by_test_id("planner-calendar-note")
    # nobody knows that year's public holidays yet: the planner says it only avoided weekends
    expect(note).to_have_attribute("data-source", "weekends_only")
    expect(note).to_contain_text(str(year))
    expect(note).to_contain_text("周末")
    expect(page.get_by_test_id(f"plan-period-{year}-Q1")).to_contain_text("产后出血")
    screenshot(page, "planner-weekends-only")

    page.get_by_test_id("planner-pick-all").uncheck()
    expect(page.get_by_test_id("planner-accept")).to_be_disabled()
    rows = page.get_by_test_id(f"plan-period-{year}-Q1").locator("tr[data-testid^=plan-row-]")
    titles = [rows.nth(i).locator("input[type=text]").first.input_value() for i in range(2)]
    for i in range(2):
        rows.nth(i).locator("input[type=checkbox]").check()
    rows.nth(0).locator("input[data-testid^=plan-place-]").fill("产房示教室")
    expect(page.get_by_test_id("planner-count")).to_contain_text("已选 2")
    page.get_by_test_id("planner-accept").click()
    expect(page.get_by_test_id("planner-result")).to_contain_text("已创建 2 项活动")
    expect(rows.nth(0).locator("input[type=checkbox]")).to_be_disabled()
    screenshot(page, "planner-accepted")

    page.get_by_test_id("planner-calendar-link").click()
    expect(page.get_by_test_id("calendar-month")).to_contain_text(titles[0])
    expect(page.get_by_test_id("activity-panel")).to_contain_text("产房示教室")


def test_staff_register_for_an_open_session_and_withdraw(page, browser, server):
    day = shanghai_today() + timedelta(days=55)
    signed_in(page, "officer")
    booked = booked_through_api(
        page,
        {
            "kind": "cme_session",
            "title": "E2E 开放报名讲座",
            "starts_at": wall(day, "19:00"),
            "ends_at": wall(day, "20:00"),
            "capacity": 30,
            "credit_class": "city",
            "credits": 2,
        },
    )
    activity_id = booked["activity"]["id"]

    staff = _new_page(browser, server, viewport={"width": 1280, "height": 860})
    try:
        log_in(staff, "staff")
        row = staff.get_by_test_id("me-open").locator("tr", has_text="E2E 开放报名讲座")
        expect(row).to_contain_text("已占 0/30")
        staff.get_by_test_id(f"register-{activity_id}").click()
        expect(staff.get_by_test_id(f"reg-status-{activity_id}")).to_have_text(
            "已报名（已占 1/30）"
        )
        staff.get_by_test_id(f"withdraw-{activity_id}").click()
        expect(staff.get_by_test_id(f"reg-status-{activity_id}")).to_contain_text("已退出")
        expect(staff.get_by_test_id(f"register-{activity_id}")).to_be_visible()
    finally:
        staff.context.close()


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_pages_fit_a_phone_and_speak_english(page, phone):
    log_in(phone, "staff")
    expect(phone.get_by_test_id("feed-qr")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "phone-me")
    phone.get_by_test_id("logout").click()
    signed_in(phone, "officer")
    phone.goto("/#/calendar")
    expect(phone.get_by_test_id("calendar-month")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "phone-calendar")
    phone.goto("/#/book")
    expect(phone.get_by_test_id("invite-role-obstetrician")).to_be_checked()
    no_sideways_scroll(phone)
    screenshot(phone, "phone-booking")

    signed_in(page, "officer")
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_test_id("lang-switch")).to_have_text("中文")
    page.goto("/#/book")
    expect(page.get_by_test_id("booking-page")).to_contain_text("Invite")
    expect(page.get_by_test_id("booking-title")).to_have_value(
        "Postpartum haemorrhage skills training and drill"
    )
    screenshot(page, "booking-english")
    page.goto("/#/calendar/week/" + shanghai_today().isoformat())
    expect(page.get_by_test_id("calendar-week")).to_be_visible()
    expect(page.get_by_test_id("cal-title")).not_to_be_empty()
    screenshot(page, "calendar-week-english")

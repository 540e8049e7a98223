"""Attendance in the browser: the phone roster, the check-in screen and a scanned code, replies to
invitations, and results awaiting confirmation."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import _new_page, screenshot
from tests.e2e.test_scheduling_pages import booked_through_api, no_sideways_scroll, signed_in

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 860}}


def wall(moment: datetime) -> str:
    """A Shanghai wall-clock time as the booking API takes it."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def session_of(page: Page) -> dict:
    return page.request.get("/api/session").json()


def colleagues(page: Page, institution_id: int, count: int) -> list[dict]:
    """Some staff of the officer's hospital (other than the demo staff member)."""
    found = page.request.get(
        "/api/staff", params={"institution": institution_id, "role": "midwife", "page_size": 20}
    ).json()["items"]
    return found[:count]


def drill_around_now(
    page: Page, title: str, invited: list[int], *, minutes_ago: int, minutes_long: int
) -> int:
    """A PPH drill of the officer's hospital starting `minutes_ago` before now. Every test here
    that calls this books such a drill on the shared e2e server at overlapping times, so each
    says it means another one (the likely-duplicate question is not what they test)."""
    starts = datetime.now(SHANGHAI) - timedelta(minutes=minutes_ago)
    booked = booked_through_api(
        page,
        {
            "kind": "drill",
            "topic": "pph",
            "title": title,
            "starts_at": wall(starts),
            "ends_at": wall(starts + timedelta(minutes=minutes_long)),
            "allow_past": True,
            # the demo city keeps people busy; the test is not about double bookings
            "conflict_override_reason": "端到端测试",
            "invite": {"staff_ids": invited},
        },
        confirm_duplicate=True,
    )
    return booked["activity"]["id"]


def staff_member_id(browser, server) -> int:
    staff = _new_page(browser, server, **DESKTOP)
    try:
        signed_in(staff, "staff")
        return session_of(staff)["staff_member_id"]
    finally:
        staff.context.close()


def test_an_officer_takes_attendance_on_a_phone_and_finds_it_after_reloading(phone, page):
    signed_in(phone, "officer")
    hospital = session_of(phone)["institution_id"]
    first, second, third = colleagues(phone, hospital, 3)
    activity_id = drill_around_now(
        phone, "E2E 出勤产后出血演练", [p["id"] for p in (first, second, third)],
        minutes_ago=60, minutes_long=90,
    )  # fmt: skip

    phone.goto(f"/#/activities/{activity_id}/attendance")
    expect(phone.get_by_test_id("attendance-title")).to_contain_text("E2E 出勤产后出血演练")
    expect(phone.get_by_test_id("roster-summary")).to_contain_text("未记录 3")
    phone.get_by_test_id(f"status-{first['id']}-present").click()
    phone.get_by_test_id(f"status-{second['id']}-late").click()
    phone.get_by_test_id(f"status-{third['id']}-absent").click()
    phone.get_by_test_id(f"drill-role-{first['id']}").select_option("team_leader")
    phone.get_by_test_id(f"note-{second['id']}").fill("交班后到达")
    expect(phone.get_by_test_id(f"status-{second['id']}-late")).to_have_attribute(
        "aria-pressed", "true"
    )
    no_sideways_scroll(phone)
    screenshot(phone, "phone-attendance", full_page=False)  # the save bar stays at the bottom
    phone.get_by_test_id("attendance-save").click()
    expect(phone.get_by_test_id("attendance-saved")).to_contain_text("实际参加 2 人")
    expect(phone.get_by_test_id("attendance-activity-status")).to_have_text("已举办")

    phone.reload()
    expect(phone.get_by_test_id(f"status-{first['id']}-present")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(phone.get_by_test_id(f"status-{second['id']}-late")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(phone.get_by_test_id(f"status-{third['id']}-absent")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(phone.get_by_test_id(f"drill-role-{first['id']}")).to_have_value("team_leader")
    expect(phone.get_by_test_id(f"note-{second['id']}")).to_have_value("交班后到达")
    expect(phone.get_by_test_id("attendance-activity-status")).to_have_text("已举办")

    # the calendar panel of a started activity leads with taking attendance
    signed_in(page, "officer")
    page.goto(f"/#/calendar/month/{datetime.now(SHANGHAI).date()}/{activity_id}")
    panel = page.get_by_test_id("activity-panel")
    expect(panel.get_by_test_id("panel-attendance")).to_have_text("记录签到")
    expect(panel.get_by_test_id("panel-qr")).to_have_text("签到二维码")
    expect(panel.get_by_test_id("panel-sheet")).to_have_attribute(
        "href", f"/api/activities/{activity_id}/sign-in-sheet.pdf"
    )
    screenshot(page, "calendar-panel-attendance")
    panel.get_by_test_id("panel-attendance").click()
    expect(page.get_by_test_id(f"drill-role-{first['id']}")).to_have_value("team_leader")
    screenshot(page, "attendance")


def test_a_logged_out_staff_member_scans_the_code_logs_in_and_is_checked_in(page, browser, server):
    own = staff_member_id(browser, server)
    signed_in(page, "officer")
    activity_id = drill_around_now(
        page, "E2E 扫码签到演练", [own], minutes_ago=10, minutes_long=120
    )
    page.goto(f"/#/activities/{activity_id}/check-in-screen")
    expect(page.get_by_test_id("checkin-qr").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("checkin-window")).to_contain_text("签到进行中")
    expect(page.get_by_test_id("checkin-count")).to_contain_text("应到 1 人")
    screenshot(page, "check-in-screen")
    url = page.get_by_test_id("checkin-url").inner_text()
    assert "/#/check-in?code=" in url

    staff = _new_page(browser, server, **PHONE)
    try:
        staff.goto(url[url.index("/#/") :])
        expect(staff.get_by_test_id("login-form")).to_be_visible()
        staff.get_by_test_id("login-username").fill("staff")
        staff.get_by_test_id("login-password").fill("drillbook-demo")
        staff.get_by_test_id("login-submit").click()
        expect(staff.get_by_test_id("scan-success")).to_contain_text("签到成功")
        expect(staff.get_by_test_id("scan-activity")).to_have_text("E2E 扫码签到演练")
        # the scan was kept while she logged in: she came back with the hold, not the code
        assert "#/check-in?hold=" in staff.evaluate("location.hash")
        no_sideways_scroll(staff)
        screenshot(staff, "phone-check-in-success")
        # scanning twice says so, kindly
        staff.reload()
        expect(staff.get_by_test_id("scan-already")).to_contain_text("已于")
    finally:
        staff.context.close()

    # the screen's live count sees the check-in (it polls the sheet)
    expect(page.get_by_test_id("checkin-count")).to_contain_text("1", timeout=15_000)
    expect(page.get_by_test_id("checkin-names")).to_contain_text(":")
    page.goto(f"/#/activities/{activity_id}/attendance")
    expect(page.get_by_test_id(f"status-{own}-present")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id(f"checked-in-{own}")).to_contain_text("扫码签到")


def test_a_forged_code_is_refused_in_big_friendly_words(phone, page):
    signed_in(phone, "staff")
    phone.goto("/#/check-in?code=1.2.AAAAAAAAAAAAAAAAAAAAAA")
    expect(phone.get_by_test_id("scan-refused")).to_contain_text("无法识别这个签到二维码")
    no_sideways_scroll(phone)
    screenshot(phone, "phone-check-in-refused")
    # the paper sheet's code opens a page that sends people to the screen
    phone.goto("/#/activities/1/check-in")
    expect(phone.get_by_test_id("paper-check-in")).to_contain_text("现场屏幕")
    screenshot(phone, "phone-paper-check-in")

    signed_in(page, "staff")
    page.goto("/#/check-in?code=1.2.AAAAAAAAAAAAAAAAAAAAAA")
    expect(page.get_by_test_id("scan-refused")).to_be_visible()
    screenshot(page, "check-in-refused")


def test_a_declined_invitation_shows_its_reason_on_the_officers_roster(page, browser, server):
    own = staff_member_id(browser, server)
    signed_in(page, "officer")
    starts = datetime.now(SHANGHAI) + timedelta(days=40)
    booked = booked_through_api(
        page,
        {
            "kind": "drill",
            "topic": "pph",
            "title": "E2E 请假演练",
            "starts_at": wall(starts.replace(hour=19, minute=0)),
            "ends_at": wall(starts.replace(hour=20, minute=0)),
            "conflict_override_reason": "端到端测试",
            "invite": {"staff_ids": [own]},
        },
    )
    activity_id = booked["activity"]["id"]

    staff = _new_page(browser, server, **PHONE)
    try:
        signed_in(staff, "staff")
        expect(staff.get_by_test_id(f"reply-answer-{activity_id}")).to_have_text("尚未回复")
        staff.get_by_test_id(f"reply-decline-{activity_id}").click()
        staff.get_by_test_id(f"reply-decline-confirm-{activity_id}").click()
        expect(staff.get_by_test_id(f"reply-error-{activity_id}")).to_contain_text("事由")
        staff.get_by_test_id(f"reply-reason-{activity_id}").fill("当晚产房值班")
        staff.get_by_test_id(f"reply-decline-confirm-{activity_id}").click()
        expect(staff.get_by_test_id(f"reply-answer-{activity_id}")).to_have_text(
            "已请假：当晚产房值班"
        )
        staff.get_by_test_id(f"reply-{activity_id}").scroll_into_view_if_needed()
        no_sideways_scroll(staff)
        screenshot(staff, "phone-me-reply", full_page=False)
    finally:
        staff.context.close()
    desktop = _new_page(browser, server, **DESKTOP)
    try:
        signed_in(desktop, "staff")
        expect(desktop.get_by_test_id(f"reply-answer-{activity_id}")).to_have_text(
            "已请假：当晚产房值班"
        )
        screenshot(desktop, "me-replies")
    finally:
        desktop.context.close()

    page.goto(f"/#/activities/{activity_id}/attendance")
    expect(page.get_by_test_id(f"reply-{own}")).to_have_text("已请假：当晚产房值班")
    expect(page.get_by_test_id(f"status-{own}-excused")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("attendance-locked")).to_contain_text("尚未开始")
    page.goto(f"/#/calendar/month/{starts.date()}/{activity_id}")
    expect(page.get_by_test_id("panel-replies")).to_contain_text("请假 1 人")
    expect(page.get_by_test_id("panel-declined")).to_contain_text("当晚产房值班")


def test_an_activity_left_planned_after_it_ended_awaits_its_result_until_cancelled(page, phone):
    signed_in(page, "officer")
    hospital = session_of(page)["institution_id"]
    # booked while it was under way, then nobody said what happened: it ended still planned
    now = datetime.now(SHANGHAI)
    booked = booked_through_api(
        page,
        {
            "kind": "joint_meeting",
            "title": "E2E 待确认联席会议",
            "starts_at": wall(now - timedelta(hours=3)),
            "ends_at": wall(now + timedelta(hours=1)),
            "allow_past": True,
            "conflict_override_reason": "端到端测试",
        },
    )
    activity_id = booked["activity"]["id"]
    moved = page.request.patch(
        f"/api/activities/{activity_id}",
        data={"ends_at": wall(now - timedelta(hours=2)), "allow_past": True,
              "conflict_override_reason": "端到端测试"},
    )  # fmt: skip
    assert moved.ok and moved.json()["activity"]["status"] == "planned", moved.text()
    page.goto(f"/#/institutions/{hospital}")
    page.reload()  # her landing page: it was showing before the booking
    item = page.get_by_test_id(f"awaiting-{activity_id}")
    expect(item).to_contain_text("E2E 待确认联席会议")
    expect(item.get_by_test_id(f"awaiting-record-{activity_id}")).to_have_attribute(
        "href", f"#/activities/{activity_id}/attendance"
    )
    screenshot(page, "institution-awaiting", full_page=False)
    signed_in(phone, "officer")  # lands on her hospital's page
    expect(phone.get_by_test_id(f"awaiting-{activity_id}")).to_be_visible()
    no_sideways_scroll(phone)
    phone.get_by_test_id("awaiting-results").scroll_into_view_if_needed()
    screenshot(phone, "phone-institution-awaiting", full_page=False)

    item.get_by_test_id(f"awaiting-cancel-{activity_id}").click()
    item.get_by_test_id(f"awaiting-reason-{activity_id}").fill("专家临时停诊，改期举行")
    item.get_by_test_id(f"awaiting-cancel-confirm-{activity_id}").click()
    expect(page.get_by_test_id("awaiting-cancelled")).to_contain_text("E2E 待确认联席会议")
    page.reload()
    expect(page.get_by_test_id("institution-page")).to_be_visible()
    expect(page.get_by_test_id(f"awaiting-{activity_id}")).to_have_count(0)


def test_the_check_in_screen_and_roster_fit_a_phone_and_speak_english(phone):
    signed_in(phone, "officer")
    hospital = session_of(phone)["institution_id"]
    [person] = colleagues(phone, hospital, 1)
    activity_id = drill_around_now(
        phone, "E2E phone screen drill", [person["id"]], minutes_ago=5, minutes_long=60
    )
    phone.goto(f"/#/activities/{activity_id}/check-in-screen")
    qr = phone.get_by_test_id("checkin-qr")
    expect(qr.locator("svg")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "phone-check-in-screen")
    # a new code within half a minute: a photo of the old one soon stops working
    shown = qr.get_attribute("data-code")
    expect(qr).not_to_have_attribute("data-code", shown, timeout=35_000)
    phone.get_by_test_id("lang-switch").click()
    expect(phone.get_by_test_id("lang-switch")).to_have_text("中文")
    phone.goto(f"/#/activities/{activity_id}/attendance")
    expect(phone.get_by_test_id(f"status-{person['id']}-left_early")).to_have_text("Left early")
    phone.get_by_test_id("attendance-all-present").click()
    expect(phone.get_by_test_id(f"status-{person['id']}-present")).to_have_attribute(
        "aria-pressed", "true"
    )
    no_sideways_scroll(phone)
    screenshot(phone, "phone-attendance-english")


def sign_in_sheet(folder: Path, rows: list[tuple[str, str]]) -> Path:
    """The typed-up paper sheet: a title row, then 姓名 / 工号 / 签到时间 (times left blank)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["签到表"])
    sheet.append(["姓名", "工号", "签到时间"])
    for name, number in rows:
        sheet.append([name, number, None])
    path = folder / f"sign-in-{len(rows)}.xlsx"
    book.save(path)
    return path


def test_a_walk_in_is_added_and_the_typed_up_sheet_imports_all_or_nothing(page, tmp_path):
    signed_in(page, "officer")
    hospital = session_of(page)["institution_id"]
    invited, walk_in = colleagues(page, hospital, 6)[4:6]
    activity_id = drill_around_now(
        page, "E2E 导入签到表演练", [invited["id"]], minutes_ago=30, minutes_long=60
    )
    page.goto(f"/#/activities/{activity_id}/attendance")
    page.get_by_test_id("walk-in-q").fill(walk_in["staff_number"])
    page.get_by_test_id("walk-in-search").click()
    page.get_by_test_id(f"walk-in-add-{walk_in['id']}").click()
    expect(page.get_by_test_id(f"walk-in-{walk_in['id']}")).to_have_text("临时参加")
    page.get_by_test_id("attendance-save").click()
    expect(page.get_by_test_id("attendance-saved")).to_contain_text("记录 1 人")
    page.reload()
    expect(page.get_by_test_id(f"status-{walk_in['id']}-present")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_test_id(f"status-{invited['id']}-present")).to_have_attribute(
        "aria-pressed", "false"
    )

    page.get_by_test_id("import").locator("summary").click()
    wrong = sign_in_sheet(
        tmp_path, [(invited["name"], invited["staff_number"]), ("无名氏", "X-404")]
    )
    page.get_by_test_id("import-file").set_input_files(wrong)
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-error")).to_contain_text("未记录任何签到")
    expect(page.get_by_test_id("import-errors")).to_contain_text("X-404")
    expect(page.get_by_test_id(f"status-{invited['id']}-present")).to_have_attribute(
        "aria-pressed", "false"
    )
    screenshot(page, "attendance-import-errors")

    right = sign_in_sheet(tmp_path, [(invited["name"], invited["staff_number"])])
    page.get_by_test_id("import-file").set_input_files(right)
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("attendance-imported")).to_contain_text("1 人")
    expect(page.get_by_test_id(f"status-{invited['id']}-present")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_a_save_the_server_refuses_shows_why_and_keeps_the_marks(page):
    signed_in(page, "officer")
    hospital = session_of(page)["institution_id"]
    [person] = colleagues(page, hospital, 7)[6:7]
    activity_id = drill_around_now(
        page, "E2E 被取消的演练", [person["id"]], minutes_ago=10, minutes_long=60
    )
    page.goto(f"/#/activities/{activity_id}/attendance")
    page.get_by_test_id(f"status-{person['id']}-present").click()
    # a colleague cancels it while the roster is open
    cancelled = page.request.post(
        f"/api/activities/{activity_id}/cancel", data={"reason": "设备检修，改期举行"}
    )
    assert cancelled.ok, cancelled.text()
    page.get_by_test_id("attendance-save").click()
    expect(page.get_by_test_id("attendance-error")).to_contain_text("该活动已取消")
    expect(page.get_by_test_id(f"status-{person['id']}-present")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_test_id("attendance-locked")).to_contain_text("cancelled")

"""Drill records, corrective actions and CME credits in the browser: an officer records a held PPH
drill, submits it, is refused an edit and amends it instead; a staff member finds a session's
credit in her ledger; the officer's credit register and certificates to confirm."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.conftest import _new_page, screenshot
from tests.e2e.test_scheduling_pages import booked_through_api, signed_in

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 860}}


def wall(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def session_of(page: Page) -> dict:
    return page.request.get("/api/session").json()


def held_activity(page: Page, kind: dict, days_ago: int, attendance: list[dict]) -> int:
    """An activity of the officer's hospital that took place `days_ago` days ago, 19:00-20:30,
    with its attendance recorded through the API."""
    starts = datetime.now(SHANGHAI).replace(hour=19, minute=0) - timedelta(days=days_ago)
    booked = booked_through_api(
        page,
        {
            **kind,
            "starts_at": wall(starts),
            "ends_at": wall(starts + timedelta(minutes=90)),
            "allow_past": True,
            "conflict_override_reason": "端到端测试",
        },
    )
    activity_id = booked["activity"]["id"]
    saved = page.request.put(
        f"/api/activities/{activity_id}/attendance", data={"entries": attendance}
    )
    assert saved.ok, saved.text()
    return activity_id


def drill_team(page: Page, institution_id: int) -> list[dict]:
    def some(role: str, count: int) -> list[dict]:
        query = {"institution": institution_id, "role": role, "page_size": 5}
        return page.request.get("/api/staff", params=query).json()["items"][:count]

    leader, *others = some("obstetrician", 2) + some("midwife", 2)
    return [
        {"staff_id": leader["id"], "status": "present", "drill_role": "team_leader"},
        *({"staff_id": p["id"], "status": "present", "drill_role": "member"} for p in others),
    ]


def fill_pph_timings(page: Page, first_uterotonic: str) -> None:
    for measure, value in {
        "minutes_to_recognition": "3",
        "minutes_to_call_for_help": "1",
        "minutes_to_first_uterotonic": first_uterotonic,
        "measured_blood_loss_ml": "1200",
    }.items():
        page.get_by_test_id(f"timing-{measure}").fill(value)
    page.get_by_test_id("timing-blood_loss_measured").select_option("1")


def test_an_officer_records_a_pph_drill_submits_it_and_amends_it_with_a_reason(browser, server):
    page = _new_page(browser, server, **DESKTOP)
    signed_in(page, "officer")
    institution_id = session_of(page)["institution_id"]
    team = drill_team(page, institution_id)
    drill = {"kind": "drill", "topic": "pph", "title": "E2E 记录产后出血演练"}
    activity_id = held_activity(page, drill, days_ago=3, attendance=team)
    day = (datetime.now(SHANGHAI) - timedelta(days=3)).date()

    # the held drill's panel leads to its record, which starts empty
    page.goto(f"/#/calendar/month/{day}/{activity_id}")
    page.get_by_test_id("activity-panel").get_by_test_id("panel-record").click()
    expect(page.get_by_test_id("record-none")).to_be_visible()
    page.get_by_test_id("record-start").click()
    expect(page.get_by_test_id("record-status")).to_have_text("草稿")
    record_id = int(page.evaluate("location.hash").rsplit("/", 1)[1])

    page.get_by_test_id("record-template").select_option("pph-atony-vaginal")
    expect(page.get_by_test_id("record-title")).to_have_value("阴道分娩后宫缩乏力性产后出血")
    for member in team:
        page.get_by_test_id(f"team-{member['staff_id']}").check()
    expect(page.get_by_test_id(f"team-role-{team[0]['staff_id']}")).to_have_value("team_leader")
    # each timing shows its target and where the target comes from
    row = page.get_by_test_id("timing-row-minutes_to_first_uterotonic")
    expect(row).to_contain_text("目标：≤ 5 分钟")
    expect(row).to_contain_text("WHO recommendations")
    expect(row).not_to_contain_text(".toml")
    fill_pph_timings(page, first_uterotonic="8")
    for part, text in {
        "reactions": "团队紧张但有序",
        "description": "出血 10 分钟后启动抢救流程",
        "analysis": "宫缩剂取药耗时过长",
    }.items():
        page.get_by_test_id(f"debrief-{part}").fill(text)
    page.get_by_test_id("record-problems").fill("宫缩剂不在产房急救车内")
    page.get_by_test_id("action-add").click()
    page.get_by_test_id("action-description-0").fill("产房急救车常备缩宫素")
    page.get_by_test_id("action-owner-0").select_option(str(team[1]["staff_id"]))
    yesterday = datetime.now(SHANGHAI).date() - timedelta(days=1)
    page.get_by_test_id("action-due-0").fill(yesterday.isoformat())

    # without a summary the server refuses, naming what is missing
    page.get_by_test_id("record-submit").click()
    expect(page.get_by_test_id("record-error")).to_contain_text("复盘：总结")
    page.get_by_test_id("record-save").click()
    expect(page.get_by_test_id("record-flash")).to_have_text("草稿已保存。")
    expect(page.get_by_test_id("record-missed")).to_contain_text("首剂宫缩剂")
    screenshot(page, "record-draft")

    # a colleague's tab still holds the draft when the record is submitted
    stale = page.context.new_page()
    stale.goto(f"/#/records/{record_id}")
    expect(stale.get_by_test_id("record-save")).to_be_visible()

    page.get_by_test_id("debrief-summary").fill("宫缩剂应在 5 分钟内给予")
    page.get_by_test_id("record-submit").click()
    expect(page.get_by_test_id("record-status")).to_contain_text("已提交")
    expect(page.get_by_test_id("record-locked-note")).to_be_visible()
    missed = page.get_by_test_id("outcome-minutes_to_first_uterotonic")
    expect(missed).to_contain_text("未达标")
    expect(missed).to_contain_text("≤ 5 分钟")
    expect(missed).to_have_css("color", "rgb(197, 48, 48)")
    expect(page.get_by_test_id("outcome-minutes_to_recognition")).to_have_text("达标")
    expect(page.get_by_test_id("view-actions")).to_contain_text("产房急救车常备缩宫素")
    screenshot(page, "record-submitted")

    # the stale tab's edit is refused; the page offers a correction instead
    stale.get_by_test_id("timing-minutes_to_first_uterotonic").fill("4")
    stale.get_by_test_id("record-save").click()
    expect(stale.get_by_test_id("record-locked")).to_contain_text("锁定")
    stale.get_by_test_id("amend-submit").click()
    expect(stale.get_by_test_id("amend-error")).to_have_text("请填写更正原因。")
    stale.get_by_test_id("amend-reason").fill("核对监护记录，首剂宫缩剂实为 4 分钟")
    stale.get_by_test_id("amend-submit").click()
    expect(stale.get_by_test_id("record-status")).to_contain_text("第 2 版")
    stale.close()

    page.reload()
    expect(page.get_by_test_id("outcome-minutes_to_first_uterotonic")).to_have_text("达标")
    versions = page.get_by_test_id("record-versions")
    expect(versions.get_by_test_id("version-1")).to_be_visible()
    expect(versions.get_by_test_id("version-reason-2")).to_contain_text("首剂宫缩剂实为 4 分钟")
    changes = versions.get_by_test_id("version-changes-2")
    expect(changes).to_contain_text("首剂宫缩剂")
    expect(changes.locator(".before")).to_have_text("8 分钟")
    expect(changes.locator(".after")).to_have_text("4 分钟")
    screenshot(page, "record-versions")

    # the action is overdue: the officer closes it with a follow-up
    page.goto("/#/actions")
    overdue = page.get_by_test_id("overdue-actions")
    expect(overdue).to_contain_text("产房急救车常备缩宫素")
    action_id = page.request.get(f"/api/records/{record_id}").json()["actions"][0]["id"]
    screenshot(page, "actions-overdue")
    page.get_by_test_id(f"follow-up-{action_id}").fill("已在每辆急救车放置缩宫素并每班核对")
    page.get_by_test_id(f"action-done-{action_id}").click()
    expect(page.get_by_test_id(f"follow-up-{action_id}")).to_have_count(0)
    page.goto(f"/#/records/{record_id}")
    expect(page.get_by_test_id(f"action-status-{action_id}")).to_have_text("已完成")
    expect(page.get_by_test_id("view-actions")).to_contain_text("每班核对")

    phone = _new_page(browser, server, **PHONE)
    try:
        signed_in(phone, "officer")
        phone.goto(f"/#/records/{record_id}")
        expect(phone.get_by_test_id("record-versions")).to_be_visible()
        screenshot(phone, "phone-record")
        phone.goto("/#/actions/open")
        expect(phone.get_by_test_id("actions-page")).to_be_visible()
        screenshot(phone, "phone-actions")
    finally:
        phone.context.close()
        page.context.close()


def test_a_staff_member_finds_a_sessions_credit_in_her_ledger(browser, server):
    officer = _new_page(browser, server, **DESKTOP)
    staff = _new_page(browser, server, **DESKTOP)
    try:
        signed_in(staff, "staff")
        own = session_of(staff)["staff_member_id"]
        signed_in(officer, "officer")
        institution_id = session_of(officer)["institution_id"]
        session = {
            "kind": "cme_session",
            "title": "E2E 学分讲座",
            "credit_class": "city",
            "credits": 2,
            "invite": {"staff_ids": [own]},
        }
        held_activity(
            officer, session, days_ago=2, attendance=[{"staff_id": own, "status": "late"}]
        )

        staff.goto("/#/me")
        expect(staff.get_by_test_id("me-credits")).to_contain_text("学分")
        staff.get_by_test_id("me-credits-link").click()
        entries = staff.get_by_test_id("credit-entries")
        expect(entries).to_contain_text("E2E 学分讲座")
        expect(entries).to_contain_text("Ⅱ类")
        expect(staff.get_by_test_id("credit-class-I")).to_contain_text("Ⅰ类学分")
        expect(staff.get_by_test_id("credit-policy")).to_contain_text(
            "继续医学教育学分授予与管理办法"
        )

        # a course taken elsewhere: claimed with its certificate, confirmed by the officer
        staff.get_by_test_id("cert-title").fill("E2E 省级产科急救培训班")
        staff.get_by_test_id("cert-class").select_option("I")
        staff.get_by_test_id("cert-credits").fill("4")
        staff.get_by_test_id("cert-earned-on").fill(datetime.now(SHANGHAI).date().isoformat())
        staff.get_by_test_id("cert-submit").click()
        expect(staff.get_by_test_id("cert-flash")).to_be_visible()
        expect(staff.get_by_test_id("my-certificates")).to_contain_text("E2E 省级产科急救培训班")
        screenshot(staff, "credits-ledger")

        officer.goto(f"/#/institutions/{institution_id}/credits")
        expect(officer.get_by_test_id("credit-register")).to_contain_text("工号")
        pending = officer.get_by_test_id("pending-certificates")
        expect(pending).to_contain_text("E2E 省级产科急救培训班")
        xlsx = officer.get_by_test_id("register-xlsx").get_attribute("href")
        download = officer.request.get(xlsx)
        assert download.ok and download.body()[:2] == b"PK"
        screenshot(officer, "credit-register", full_page=False)
        certificate = next(
            c
            for c in officer.request.get(
                "/api/credits/certificates", params={"institution": institution_id}
            ).json()
            if c["title"] == "E2E 省级产科急救培训班"
        )
        officer.get_by_test_id(f"confirm-{certificate['id']}").click()
        expect(officer.get_by_test_id(f"confirm-{certificate['id']}")).to_have_count(0)

        staff.reload()
        expect(staff.get_by_test_id("credit-entries")).to_contain_text("E2E 省级产科急救培训班")

        phone = _new_page(browser, server, **PHONE)
        try:
            signed_in(phone, "staff")
            phone.goto("/#/me/credits")
            expect(phone.get_by_test_id("credit-entries")).to_be_visible()
            screenshot(phone, "phone-credits-ledger")
        finally:
            phone.context.close()
        phone = _new_page(browser, server, **PHONE)
        try:
            signed_in(phone, "officer")
            phone.goto(f"/#/institutions/{institution_id}/credits")
            expect(phone.get_by_test_id("credit-register")).to_be_visible()
            screenshot(phone, "phone-credit-register", full_page=False)
        finally:
            phone.context.close()
    finally:
        officer.context.close()
        staff.context.close()

"""A commission invites hospitals by kind and role to its regional drill; a centre lists the
institutions its quality inspection visited, on the activity's page, desktop and phone."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_scheduling_pages import no_sideways_scroll, signed_in


def _inspection(page: Page, title: str) -> int:
    found = page.request.get("/api/activities", params={"kind": "quality_inspection",
                                                        "page_size": 50}).json()["items"]  # fmt: skip
    return next(a["id"] for a in found if a["title"] == title)


def test_a_commission_invites_the_obstetricians_of_the_mch_hospitals(page):
    signed_in(page, "commission")
    page.goto("/#/book/2031-04-07")
    page.get_by_test_id("booking-kind").select_option("regional_drill")
    expect(page.get_by_test_id("duty-invite")).to_be_visible()
    page.get_by_test_id("duty-kind-mch_hospital").check()
    page.get_by_test_id("duty-role-obstetrician").check()
    expect(page.get_by_test_id("duty-invite-count")).to_contain_text("家机构")
    screenshot(page, "duty-invite")
    with page.expect_response(
        lambda r: r.url.endswith("/api/activities") and r.request.method == "POST"
    ) as booked:
        page.get_by_test_id("booking-submit").click()
    body = booked.value.json()
    assert booked.value.status == 201, body
    assert body["invited"] > 0 and body["activity"]["host_jurisdiction_id"] is not None
    detail = page.request.get(f"/api/activities/{body['activity']['id']}").json()
    assert {i["role"] for i in detail["invitations"]} == {"obstetrician"}


def test_the_centre_names_the_institutions_its_inspection_visited(page, phone):
    signed_in(page, "reviewer")
    activity = _inspection(page, "市级产科质量检查（东湖区）")
    page.goto(f"/#/activities/{activity}/attendance")
    expect(page.get_by_test_id("visited-list")).to_contain_text("东湖区人民医院")
    page.get_by_test_id("visits-editor").locator("summary").click()
    liuxi = page.get_by_test_id("visits-editor").get_by_text("柳溪县中医院")
    liuxi.click()
    page.get_by_test_id("visits-save").click()
    expect(page.get_by_test_id("visits-saved")).to_be_visible()
    expect(page.get_by_test_id("visited-summary")).to_contain_text("2 个区县")
    expect(page.get_by_test_id("visited-list")).to_contain_text("柳溪县中医院")
    screenshot(page, "inspection-visits")
    signed_in(phone, "reviewer")
    phone.goto(f"/#/activities/{activity}/attendance")
    expect(phone.get_by_test_id("visited-list")).to_contain_text("柳溪县中医院")
    no_sideways_scroll(phone)
    screenshot(phone, "phone-inspection-visits")

"""The institution page's staff list says who takes night shifts (值夜班), as the demo sets it."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def test_the_officer_sees_who_takes_night_shifts_in_the_staff_list(page):
    log_in(page, "officer")
    table = page.get_by_test_id("staff-table")
    expect(table).to_be_visible()
    expect(table.locator("thead")).to_contain_text("值夜班")
    night = table.locator("tbody tr").filter(has=page.locator("td", has_text="是"))
    expect(night.first).to_be_visible()
    assert 0 < night.count() < table.locator("tbody tr").count()
    screenshot(page, "staff-night-shifts")

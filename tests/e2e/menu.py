"""Open a menu entry by its test id: entries in a drop-down group (整改 ▾, 记录与考核 ▾, 更多 ▾)
are reached by opening their group first, as a person would."""

from playwright.sync_api import Page


def open_menu_entry(page: Page, testid: str) -> None:
    link = page.get_by_test_id(testid)
    link.wait_for(state="attached")  # the menu is drawn once the session is known
    group = page.locator(".nav-group").filter(has=link)
    if not link.is_visible() and group.count():
        group.locator(".nav-group-toggle").click()
    link.click()

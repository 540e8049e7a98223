"""A roster import whose server stopped mid-way: the page says so, asks for the file again and
lets the officer upload once more instead of polling for ever."""

import json

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.rosters import build_roster_xlsx

ROWS = [["林小雨", "E2E91", "产科", "助产士", "主管助产师", "2022-03-01"]]


def test_an_interrupted_import_is_shown_and_the_upload_can_be_retried(page, tmp_path):
    def interrupted(route):  # what any worker answers once the one running it has died
        job = json.loads(route.fetch().text())
        job.update(state="interrupted", processed_rows=0, result=None)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(job))

    log_in(page, "officer")
    page.get_by_test_id("roster-link").click()
    page.route("**/api/roster-imports/*", interrupted)
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(build_roster_xlsx(ROWS))
    page.get_by_test_id("roster-file").set_input_files(str(path))
    page.get_by_test_id("roster-submit").click()
    expect(page.get_by_test_id("roster-interrupted")).to_contain_text(
        "导入中断，未写入任何人员，请重新上传"
    )
    expect(page.get_by_test_id("roster-progress")).to_contain_text("导入中断")
    expect(page.get_by_test_id("roster-submit")).to_be_enabled()
    screenshot(page, "roster-interrupted")

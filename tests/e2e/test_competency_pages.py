"""The competency pages in the browser: a staff member's own competencies (state as words and
colour, valid until, evidence), the department matrix with coloured cells and the night-shift
warning, the commission's coverage, and the booking form's suggested invitees."""

import asyncio
import re
import shutil
import sqlite3
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect

from backend.competencies.holdings import add_months
from backend.core.clock import today_in_shanghai, utc_now
from tests.conftest import POSTGRES_SERVER, RUN_ID, TEST_DB
from tests.e2e.conftest import SCREENSHOTS, log_in, screenshot

SHOTS = Path("/work/shots")
ASSESSED = today_in_shanghai() - timedelta(days=10)
UNTIL = add_months(ASSESSED, 12) - timedelta(days=1)
COLUMNS = ("staff_member, institution, competency, method, outcome, proves, assessed_on, "
           "valid_until, score, comment, created_at")  # fmt: skip


def _shot(page, name):
    screenshot(page, name)
    if SHOTS.is_dir():
        shutil.copy(SCREENSHOTS / f"{TEST_DB}-{name}.png", SHOTS / f"H3-{name}.png")


def _assess(staff_id: int, institution: int, competency: str, on) -> None:
    """Evidence written straight into the e2e server's database (the same name conftest gives
    it), as a skills station passed on `on`."""
    until = add_months(on, 12) - timedelta(days=1)
    values = (staff_id, institution, competency, "skills_station", "passed", True, on, until,
              92.0, "技能站考核合格", utc_now())  # fmt: skip
    name = f"drillbook_test_{RUN_ID}_e2e"
    if TEST_DB == "postgresql":
        import asyncpg

        async def run():
            connection = await asyncpg.connect(f"{POSTGRES_SERVER.rsplit('/', 1)[0]}/{name}")
            try:
                await connection.execute(
                    f"INSERT INTO competency_assessment ({COLUMNS}) VALUES "
                    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", *values)  # fmt: skip
            finally:
                await connection.close()

        with ThreadPoolExecutor(1) as pool:  # Playwright's loop runs in this thread
            pool.submit(asyncio.run, run()).result()
        return
    with sqlite3.connect(Path(tempfile.gettempdir()) / f"{name}.sqlite3") as connection:
        connection.execute(
            f"INSERT INTO competency_assessment ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in values),
        )


def _session(page) -> dict:
    return page.request.get("/api/session").json()


def test_a_staff_member_sees_their_competencies(page):
    log_in(page, "staff")
    expect(page.get_by_test_id("who")).not_to_have_text("")
    session = _session(page)
    _assess(session["staff_member_id"], session["institution_id"], "neonatal-ppv", ASSESSED)
    page.get_by_test_id("nav-my_competencies").click()
    state = page.get_by_test_id("comp-state-neonatal-ppv")
    expect(state).to_contain_text("有效")
    expect(state).to_contain_text(UNTIL.isoformat().replace("-", "/"))
    item = page.get_by_test_id("comp-item-neonatal-ppv")
    expect(item).to_contain_text("新生儿正压通气")
    expect(item).to_contain_text("技能站考核")
    expect(item).to_contain_text("技能站考核合格")
    team_lead = page.get_by_test_id("comp-state-pph-team-lead")  # the demo's own evidence
    expect(team_lead).to_have_text(re.compile("^(有效|即将到期|已过期|未考核)"))
    expect(page.get_by_test_id("my-competencies")).not_to_contain_text("neonatal-ppv")  # no ids
    _shot(page, "my-competencies")
    page.get_by_test_id("framework-link").click()
    expect(page.get_by_test_id("competency-framework")).to_contain_text("新生儿科护士")
    _shot(page, "competency-framework")


def _obstetrics(page, institution: int) -> dict:
    departments = page.request.get(f"/api/institutions/{institution}/departments").json()
    return next(d for d in departments if d["kind"] == "obstetrics")


def test_the_officer_reads_the_department_matrix(page):
    log_in(page, "officer")
    expect(page.get_by_test_id("who")).not_to_have_text("")
    institution = _session(page)["institution_id"]
    department = _obstetrics(page, institution)
    people = page.request.get(
        f"/api/staff?institution={institution}&department={department['id']}&page_size=5"
    ).json()["items"]
    holder = next(p for p in people if p["role"] in ("midwife", "obstetrician"))
    _assess(holder["id"], institution, "neonatal-ppv", ASSESSED)
    page.goto(f"/#/institutions/{institution}")
    page.get_by_test_id(f"department-competencies-{department['id']}").click()
    cell = page.locator(f"td[data-staff='{holder['id']}'][data-competency='neonatal-ppv']")
    expect(cell).to_have_attribute("data-state", "current")
    expect(cell).to_have_text("有效")
    never = page.locator("td[data-competency='pph-team-lead'][data-state='never']").first
    colours = [c.evaluate("e => getComputedStyle(e).backgroundColor") for c in (cell, never)]
    assert colours[0] != colours[1]
    expect(page.get_by_test_id("thresholds")).to_contain_text("值夜班人员中")
    expect(page.get_by_test_id("coverage-table")).to_contain_text("新生儿正压通气")
    _shot(page, "competency-matrix")
    page.get_by_test_id("matrix-role").select_option("midwife")
    expect(page.locator("tr[data-staff]").first).to_contain_text("助产士")
    with page.expect_download() as download:
        page.get_by_test_id("matrix-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_the_officer_is_told_whom_to_invite_when_booking(page):
    log_in(page, "officer")
    expect(page.get_by_test_id("who")).not_to_have_text("")
    page.goto("/#/book")
    page.get_by_test_id("booking-kind").select_option("drill")
    page.get_by_test_id("booking-topic").select_option("neonatal_asphyxia")
    box = page.get_by_test_id("suggested-invitees")
    expect(box).to_contain_text("建议邀请")
    expect(box).to_contain_text("新生儿正压通气")
    named = page.get_by_test_id("invite-people").locator("li")
    expect(named).to_have_count(0)
    page.get_by_test_id("suggested-add-all").click()
    expect(named.first).to_be_visible()
    assert named.count() == box.locator("li").count()
    _shot(page, "booking-suggested-invitees")


def test_the_commission_sees_coverage_by_institution(page):
    log_in(page, "commission")
    expect(page.get_by_test_id("who")).not_to_have_text("")
    page.get_by_test_id("nav-competency_coverage").click()
    expect(page.get_by_test_id("coverage-lowest")).to_contain_text("新生儿正压通气")
    expect(page.get_by_test_id("coverage-grid")).to_be_visible()
    _shot(page, "competency-coverage")

"""Competency assessment in the browser: an officer opens a held neonatal-resuscitation drill's
record, marks three participants on positive-pressure ventilation, submits the record; the marks
are then read-only on the record, and the department's competency matrix shows the three as
current."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import TEST_DB
from tests.e2e.conftest import SCREENSHOTS, _new_page, screenshot
from tests.e2e.test_record_pages import DESKTOP, held_activity, session_of
from tests.e2e.test_scheduling_pages import signed_in

PPV = "neonatal-ppv"
SHOTS = Path("/work/shots")


def _matrix_states(page: Page, department_id: int) -> dict[int, str]:
    """staff id -> state of positive-pressure ventilation in the department's matrix."""
    data = page.request.get(f"/api/departments/{department_id}/competency-matrix").json()
    return {
        row["staff_id"]: cell["state"]
        for row in data["rows"]
        for cell in row["cells"]
        if cell["competency_id"] == PPV
    }


def three_not_yet_current(page: Page, institution_id: int) -> tuple[int, list[dict]]:
    """Three obstetricians or midwives of one department of the officer's hospital who do not
    hold positive-pressure ventilation today (so the matrix can only show it from this drill)."""
    by_department: dict[int, list[dict]] = defaultdict(list)
    for role in ("midwife", "obstetrician"):
        query = {"institution": institution_id, "role": role, "page_size": 100}
        for person in page.request.get("/api/staff", params=query).json()["items"]:
            if person["department_id"] and not person["active_to"]:
                by_department[person["department_id"]].append(person)
    for department_id, people in sorted(by_department.items(), key=lambda d: -len(d[1])):
        states = _matrix_states(page, department_id)
        chosen = [p for p in people if states.get(p["id"]) in ("never", "expired")][:3]
        if len(chosen) == 3:
            return department_id, chosen
    raise AssertionError("no department with three people lacking positive-pressure ventilation")


def save_shot(page: Page, name: str, **kwargs) -> None:
    screenshot(page, name, **kwargs)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(SCREENSHOTS / f"{TEST_DB}-{name}.png", SHOTS / f"{TEST_DB}-{name}.png")


def test_an_officer_marks_three_participants_and_the_matrix_shows_them_current(browser, server):
    page = _new_page(browser, server, **DESKTOP)
    signed_in(page, "officer")
    institution_id = session_of(page)["institution_id"]
    department_id, people = three_not_yet_current(page, institution_id)
    attendance = [{"staff_id": p["id"], "status": "present", "drill_role": "member"}
                  for p in people]  # fmt: skip
    drill = {"kind": "drill", "topic": "neonatal_asphyxia", "title": "E2E 新生儿复苏能力评估演练"}
    activity_id = held_activity(page, drill, days_ago=2, attendance=attendance)

    page.goto(f"/#/activities/{activity_id}/record")
    page.get_by_test_id("record-start").click()
    expect(page.get_by_test_id("record-status")).to_have_text("草稿")
    section = page.get_by_test_id("record-assessments")
    expect(section).to_contain_text("能力评估")
    expect(section).to_contain_text("新生儿正压通气")
    expect(section).to_contain_text("团队沟通（SBAR 交接与闭环沟通）")
    expect(section).not_to_contain_text(PPV)  # names, never ids

    page.get_by_test_id("record-template").select_option("asphyxia-meconium-term")
    for person in people:
        page.get_by_test_id(f"team-{person['id']}").check()
    page.get_by_test_id("timing-minutes_to_effective_ventilation").fill("1")
    page.get_by_test_id("timing-heart_rate_reassessed").select_option("1")
    page.get_by_test_id("debrief-summary").fill("黄金一分钟内建立有效通气。")

    first, second, third = (p["id"] for p in people)
    for staff_id in (first, second, third):
        page.get_by_test_id(f"assess-{staff_id}-{PPV}").select_option("demonstrated")
    comment = page.get_by_test_id(f"assess-comment-{first}-{PPV}")
    expect(comment).to_be_visible()
    comment.fill("面罩密闭良好，通气频率正确")
    page.get_by_test_id(f"assess-{second}-neonatal-chest-compressions").select_option(
        "needs_practice"
    )
    page.get_by_test_id("assess-save").click()
    expect(page.get_by_test_id("assess-saved")).to_have_text("能力评估已保存。")
    save_shot(page, "competency-assessment-draft", full_page=False)
    section.screenshot(path=str(SCREENSHOTS / f"{TEST_DB}-competency-assessment-grid.png"))
    shutil.copy(SCREENSHOTS / f"{TEST_DB}-competency-assessment-grid.png", SHOTS)

    # a change made after saving still goes in with the submission
    page.get_by_test_id(f"assess-{third}-team-communication").select_option("not_observed")
    page.get_by_test_id("record-submit").click()
    expect(page.get_by_test_id("record-status")).to_contain_text("已提交")
    view = page.get_by_test_id("record-assessments")
    expect(view.get_by_test_id(f"assess-view-{first}-{PPV}")).to_have_text("已掌握")
    expect(view.get_by_test_id(f"assess-view-{second}-neonatal-chest-compressions")).to_have_text(
        "需加强练习"
    )
    expect(view.get_by_test_id(f"assess-view-{third}-team-communication")).to_have_text("未观察到")
    expect(view).to_contain_text("面罩密闭良好，通气频率正确")
    expect(view.locator("select")).to_have_count(0)  # locked with the record
    view.scroll_into_view_if_needed()
    section_shot = SCREENSHOTS / f"{TEST_DB}-competency-assessment-submitted.png"
    page.wait_for_function("() => (document.body.dataset.busy || '0') === '0'")
    view.screenshot(path=str(section_shot))
    shutil.copy(section_shot, SHOTS)

    # the department's matrix now shows the three as current holders
    page.goto(f"/#/departments/{department_id}/competencies")
    for staff_id in (first, second, third):
        cell = page.locator(f'td[data-staff="{staff_id}"][data-competency="{PPV}"]')
        expect(cell).to_have_attribute("data-state", "current")
    save_shot(page, "competency-assessment-matrix", full_page=False)

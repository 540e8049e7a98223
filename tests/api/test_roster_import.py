"""Officers upload their Excel roster: all or nothing, every bad row named, re-import changes nothing."""

import asyncio
import time

from backend.staff.roster_cli import import_roster_file
from backend.staff.tables import StaffMember
from tests.rosters import (
    SAMPLE_ROWS,
    SAMPLE_ROWS_WITH_ONE_BAD_ROW,
    build_roster_csv,
    build_roster_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, institution, content, name="花名册.xlsx", headers=None):
    return client.post(
        f"/api/institutions/{institution}/roster-imports",
        files={"file": (name, content, XLSX)},
        headers=headers or {},
    )


def finished(client, job, headers=None):
    for _ in range(200):
        if job["state"] in ("done", "rejected", "failed"):
            return job
        time.sleep(0.02)
        job = client.get(f"/api/roster-imports/{job['id']}", headers=headers or {}).json()
    raise AssertionError(f"import never finished: {job}")


def staff_numbers(institution):
    rows = StaffMember.select(StaffMember.staff_number).where(
        StaffMember.institution == institution
    )
    return sorted(r["staff_number"] for r in rows.run_sync())


def test_an_officer_imports_a_roster_and_the_staff_appear(world, api):
    officer = api("officer")
    response = upload(officer, world.hosp_a, build_roster_xlsx(SAMPLE_ROWS))
    assert response.status_code == 202, response.text
    job = finished(officer, response.json())
    assert job["state"] == "done"
    assert job["result"] == {"created": 5, "updated": 0, "unchanged": 0}
    assert job["processed_rows"] == job["total_rows"] == 5
    listed = officer.get("/api/staff", params={"institution": world.hosp_a, "q": "R00"}).json()
    assert listed["total"] == 5
    midwife = next(s for s in listed["items"] if s["staff_number"] == "R002")
    assert (midwife["role"], midwife["title"], midwife["active_from"]) == (
        "midwife",
        "intermediate",
        "2021-03-15",
    )


def test_importing_the_same_file_again_changes_nothing_and_a_changed_row_updates(world, api):
    officer = api("officer")
    content = build_roster_xlsx(SAMPLE_ROWS)
    finished(officer, upload(officer, world.hosp_a, content).json())
    again = finished(officer, upload(officer, world.hosp_a, content).json())
    assert again["result"] == {"created": 0, "updated": 0, "unchanged": 5}
    promoted = [
        *SAMPLE_ROWS[:2],
        ["刘海燕", "R003", "产科", "护士", "主管护师", "2023-09-01"],
        *SAMPLE_ROWS[3:],
    ]
    changed = finished(officer, upload(officer, world.hosp_a, build_roster_xlsx(promoted)).json())
    assert changed["result"] == {"created": 0, "updated": 1, "unchanged": 4}


def test_one_bad_row_rejects_the_file_lists_the_row_and_writes_nothing(world, api):
    officer = api("officer")
    before = staff_numbers(world.hosp_a)
    job = finished(
        officer,
        upload(officer, world.hosp_a, build_roster_xlsx(SAMPLE_ROWS_WITH_ONE_BAD_ROW)).json(),
    )
    assert job["state"] == "rejected"
    assert [(e["row"], e["column"]) for e in job["errors"]] == [(4, "职称")]
    assert "教授" in job["errors"][0]["message"]
    assert staff_numbers(world.hosp_a) == before


def test_row_errors_come_in_english_when_asked(world, api):
    officer = api("officer")
    english = {"Accept-Language": "en"}
    job = upload(
        officer, world.hosp_a, build_roster_xlsx(SAMPLE_ROWS_WITH_ONE_BAD_ROW), headers=english
    ).json()
    job = finished(officer, job, headers=english)
    assert job["errors"][0]["message"].startswith("unknown professional title")


def test_a_csv_roster_imports_too(world, api):
    officer = api("officer")
    response = officer.post(
        f"/api/institutions/{world.hosp_a}/roster-imports",
        files={"file": ("名册.csv", build_roster_csv(SAMPLE_ROWS), "text/csv")},
    )
    assert finished(officer, response.json())["result"]["created"] == 5


def test_a_file_that_is_not_a_spreadsheet_gets_415_with_a_message(world, api):
    officer = api("officer")
    response = upload(officer, world.hosp_a, b"%PDF-1.4", name="名册.pdf")
    assert response.status_code == 415
    assert response.json()["error"] == "roster_not_spreadsheet"
    assert "Excel" in response.json()["message"]


def test_missing_columns_get_400_naming_them(world, api):
    officer = api("officer")
    response = upload(officer, world.hosp_a, build_roster_xlsx([["王丽娟"]], headers=["姓名"]))
    assert response.status_code == 400
    assert "工号" in response.json()["message"]


def test_an_oversize_upload_gets_413_with_the_limit(world, api):
    officer = api("officer")
    response = upload(officer, world.hosp_a, b"x" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["error"] == "upload_too_large"
    assert "5 MB" in response.json()["message"]


def test_an_upload_without_a_file_gets_400(world, api):
    officer = api("officer")
    response = officer.post(f"/api/institutions/{world.hosp_a}/roster-imports", data={"other": "x"})
    assert response.status_code == 400


def test_staff_and_other_institutions_officers_cannot_import(world, api):
    content = build_roster_xlsx(SAMPLE_ROWS)
    assert upload(api("staff"), world.hosp_a, content).status_code == 403
    assert upload(api("officer"), world.hosp_b, content).status_code == 404
    assert upload(api("reviewer"), world.hosp_a, content).status_code == 403
    assert staff_numbers(world.hosp_a) == ["A001"]


def test_an_import_into_another_institution_cannot_be_followed(world, api):
    admin = api("admin")
    job = upload(admin, world.hosp_b, build_roster_xlsx(SAMPLE_ROWS)).json()
    assert admin.get(f"/api/roster-imports/{job['id']}").status_code == 200
    for outsider in ("officer", "commission"):  # both see only hosp_a's county
        response = api(outsider).get(f"/api/roster-imports/{job['id']}")
        assert response.status_code == 404
        assert response.json()["error"] == "roster_import_unknown"
    assert api("officer").get("/api/roster-imports/0123456789abcdef").status_code == 404


def test_the_command_line_imports_and_rejects_like_the_page(world, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(build_roster_xlsx(SAMPLE_ROWS))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(build_roster_xlsx(SAMPLE_ROWS_WITH_ONE_BAD_ROW))
    assert asyncio.run(import_roster_file(str(bad), "hosp-a")) == 1
    assert "第 4 行 职称" in capsys.readouterr().out
    assert asyncio.run(import_roster_file(str(good), "hosp-a")) == 0
    assert "新增 5 人" in capsys.readouterr().out
    assert asyncio.run(import_roster_file(str(good), "no-such-code")) == 2

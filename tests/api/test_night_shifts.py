"""Who takes night shifts (值夜班): set in the staff API or by the roster's optional 夜班 column;
department coverage thresholds count only these people."""

from backend.staff.tables import StaffMember
from tests.api.test_roster_import import finished, upload
from tests.rosters import HEADERS, SAMPLE_ROWS, build_roster_xlsx

NIGHT_HEADERS = [*HEADERS, "夜班"]


def night_shifts(institution) -> dict[str, bool]:
    rows = StaffMember.select(StaffMember.staff_number, StaffMember.night_shifts).where(
        StaffMember.institution == institution
    )
    return {r["staff_number"]: bool(r["night_shifts"]) for r in rows.run_sync()}


def with_night(values):
    return [[*row, value] for row, value in zip(SAMPLE_ROWS, values, strict=True)]


def test_an_officer_sets_and_clears_night_shifts_and_the_staff_list_shows_it(world, api):
    officer = api("officer")
    created = officer.post(
        f"/api/institutions/{world.hosp_a}/staff",
        json={"staff_number": "NS01", "name": "夜班甲", "role": "midwife", "title": "junior",
              "active_from": "2024-01-01", "night_shifts": True},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.json()["night_shifts"] is True
    staff_id = created.json()["id"]
    patched = officer.patch(f"/api/staff/{staff_id}", json={"night_shifts": False})
    assert patched.status_code == 200 and patched.json()["night_shifts"] is False
    listed = officer.get("/api/staff", params={"institution": world.hosp_a, "q": "NS01"}).json()
    assert [s["night_shifts"] for s in listed["items"]] == [False]


def test_a_new_staff_member_takes_no_night_shifts_unless_said(world, api):
    response = api("officer").post(
        f"/api/institutions/{world.hosp_a}/staff",
        json={"staff_number": "NS02", "name": "夜班乙", "role": "nurse", "title": "junior",
              "active_from": "2024-01-01"},
    )  # fmt: skip
    assert response.json()["night_shifts"] is False


def test_the_roster_night_column_accepts_yes_no_in_the_ways_officers_write_them(world, api):
    officer = api("officer")
    content = build_roster_xlsx(with_night(["是", "否", "Y", "n", 1]), NIGHT_HEADERS)
    job = finished(officer, upload(officer, world.hosp_a, content).json())
    assert job["state"] == "done", job
    found = night_shifts(world.hosp_a)
    assert [found[n] for n in ("R001", "R002", "R003", "R004", "R005")] == [
        True, False, True, False, True,
    ]  # fmt: skip


def test_a_roster_without_the_column_or_with_a_blank_cell_keeps_what_was_set(world, api):
    officer = api("officer")
    first = build_roster_xlsx(with_night(["是", "是", "否", "否", "是"]), NIGHT_HEADERS)
    finished(officer, upload(officer, world.hosp_a, first).json())
    again = finished(officer, upload(officer, world.hosp_a, build_roster_xlsx(SAMPLE_ROWS)).json())
    assert again["result"] == {"created": 0, "updated": 0, "unchanged": 5}
    blank = build_roster_xlsx(with_night(["", "否", "", "", ""]), NIGHT_HEADERS)
    changed = finished(officer, upload(officer, world.hosp_a, blank).json())
    assert changed["result"] == {"created": 0, "updated": 1, "unchanged": 4}
    found = night_shifts(world.hosp_a)
    assert [found[n] for n in ("R001", "R002", "R003", "R004", "R005")] == [
        True, False, False, False, True,
    ]  # fmt: skip


def test_an_unknown_night_value_rejects_the_file_naming_the_row_and_writes_nothing(world, api):
    officer = api("officer")
    before = night_shifts(world.hosp_a)
    content = build_roster_xlsx(with_night(["是", "否", "偶尔", "否", "是"]), NIGHT_HEADERS)
    job = finished(officer, upload(officer, world.hosp_a, content).json())
    assert job["state"] == "rejected"
    assert [(e["row"], e["column"]) for e in job["errors"]] == [(4, "夜班")]
    message = job["errors"][0]["message"]
    assert "偶尔" in message and "是" in message and "否" in message
    assert night_shifts(world.hosp_a) == before

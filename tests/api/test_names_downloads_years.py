"""Issue 15: lists in pinyin order, downloads named after what they hold, year pickers offering
the years that hold data, and a favicon that is served."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

from backend.activities.tables import Activity
from backend.core.clock import today_in_shanghai
from backend.institutions.tables import Department
from backend.staff.tables import StaffMember

NOW = datetime.now(UTC)


def _saved_name(response) -> str:
    """The name a browser saves the download under (RFC 5987 wins over the ASCII one)."""
    disposition = response.headers["content-disposition"]
    assert (
        'filename="' in disposition and disposition.split('filename="')[1].split('"')[0].isascii()
    )
    return unquote(disposition.split("filename*=UTF-8''")[1])


def _colleague(world, department: int, number: str, name: str) -> None:
    StaffMember(
        institution=world.hosp_a, department=department, staff_number=number, name=name,
        role="midwife", title="junior", active_from=date(2020, 1, 1), updated_at=NOW,
    ).save().run_sync()  # fmt: skip


def test_the_credit_register_lists_departments_in_pinyin_order(world, api):
    # code points put 新 (U+65B0) before 重 (U+91CD) before 麻 (U+9EBB); pinyin reads ma, xin, zhong
    for number, department_name in (("A101", "重症医学科"), ("A102", "麻醉科")):
        department = Department(institution=world.hosp_a, kind="other", name_zh=department_name)
        department.save().run_sync()
        _colleague(world, department.id, number, f"{department_name}医师")
    _colleague(world, world.neonatology_a, "A103", "王丽")
    response = api("officer").get(f"/api/credits/register?institution={world.hosp_a}&year=2025")
    assert response.status_code == 200, response.text
    departments = [row["department"] for row in response.json()["rows"]]
    assert departments == ["产科", "麻醉科", "新生儿科", "重症医学科"]


def test_the_compliance_download_names_the_area_year_and_filters(world, api):
    client = api("city_commission")
    base = f"/api/compliance/report?jurisdiction={world.city}&year=2025&as_of=2026-01-10"
    assert _saved_name(client.get(base)) == "南禾市-2025-合规矩阵.xlsx"
    narrowed = client.get(f"{base}&format=csv&county=禾城区&kind=general_hospital&status=gap")
    assert narrowed.status_code == 200
    assert _saved_name(narrowed) == "南禾市-2025-合规矩阵-禾城区-综合医院-未达标.csv"
    quarter = client.get(f"{base}&period=2025-Q3&format=png")
    assert quarter.headers["content-disposition"].startswith("inline;")
    assert _saved_name(quarter) == "南禾市-2025-Q3-合规矩阵.png"


def test_the_zone_matrix_and_invite_downloads_say_what_they_hold(world, api):
    quarter = f"{today_in_shanghai().year}-Q1"
    zone = api("reviewer").get(
        f"/api/zones/{world.zone}/overview.xlsx", params={"quarter": quarter}
    )
    assert zone.status_code == 200, zone.text
    assert _saved_name(zone) == f"第一片区-{quarter}-季度报告.xlsx"

    officer = api("officer")
    matrix = officer.get(f"/api/departments/{world.obstetrics_a}/competency-matrix.xlsx")
    assert matrix.status_code == 200, matrix.text
    saved = _saved_name(matrix)
    assert saved.startswith("禾城区人民医院-产科-能力矩阵-") and saved.endswith(".xlsx")

    body = {"kind": "drill", "topic": "pph", "title": "产后出血急救演练",
            "starts_at": "2031-04-08T09:00", "ends_at": "2031-04-08T10:30", "place": "产房"}  # fmt: skip
    drill = officer.post("/api/activities", json=body).json()["activity"]
    invite = officer.get(f"/api/activities/{drill['id']}/invite.ics")
    assert _saved_name(invite) == "产后出血急救演练-2031-04-08.ics"


def test_the_year_picker_offers_the_years_that_hold_data_and_this_year(world, api):
    this_year = today_in_shanghai().year
    starts = datetime(2022, 5, 10, 1, 0, tzinfo=UTC)
    Activity(
        uid=uuid.uuid4(), kind="cme_session", title="旧讲座", host_institution=world.hosp_a,
        starts_at=starts, ends_at=starts + timedelta(hours=2), status="held",
        created_at=NOW, updated_at=NOW,
    ).save().run_sync()  # fmt: skip
    response = api("staff").get("/api/years")
    assert response.status_code == 200, response.text
    years = response.json()
    assert years["current"] == this_year
    assert years["years"] == list(range(2022, max(years["years"]) + 1))
    assert this_year in years["years"]


def test_the_favicon_is_served_under_both_names(anonymous):
    for path in ("/favicon.ico", "/favicon.svg"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in response.content

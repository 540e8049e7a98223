"""Compliance through the API: per institution, per staff member, the matrix; scoped and checked."""

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.compliance.freshness import attendees_institutions, facts_changed
from backend.staff.tables import StaffMember


def held(host, starts_at, kind="drill", topic="pph", status="held", present=()):
    row = Activity(
        uid=uuid.uuid4(), kind=kind, topic=topic, title="活动", host_institution=host,
        starts_at=starts_at, ends_at=starts_at, status=status, created_at=starts_at, updated_at=starts_at,
    )  # fmt: skip
    row.save().run_sync()
    for staff in present:
        Attendance(
            activity=row.id, staff_member=staff, status="present", recorded_at=starts_at
        ).save().run_sync()
    # written past the services, so say what changed as they do
    asyncio.run(_announce(row.id, host))
    return row.id


async def _announce(activity_id, host):
    await facts_changed({host} | await attendees_institutions([activity_id]))


@pytest.fixture
def midwife(world):
    row = StaffMember(
        institution=world.hosp_a, department=world.obstetrics_a, staff_number="A002", name="陈思雨",
        role="midwife", title="junior", active_from=datetime(2019, 1, 1).date(), updated_at=datetime.now(UTC),
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def findings(body, rule_id, kind="institution"):
    return {
        f["period"]: f
        for f in body["findings"]
        if f["rule_id"] == rule_id and f["subject_kind"] == kind
    }


def test_an_institution_sees_each_quarter_of_its_pph_drill_rule_with_the_clause(
    world, api, midwife
):
    held(world.hosp_a, datetime(2025, 2, 10, 2, tzinfo=UTC), present=[world.s_a, midwife])
    body = (
        api("officer")
        .get(f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-10")
        .json()
    )
    assert body["profile"] == "kaifeng-2022"  # inherited from the city
    pph = findings(body, "pph-drill")
    assert [pph[q]["status"] for q in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")] == [
        "met",
        "gap",
        "gap",
        "gap",
    ]
    assert any("快速反应团队急救演练" in c["quote"] for c in pph["2025-Q1"]["citations"])
    assert pph["2025-Q2"]["reason_zh"].startswith("本周期已结束")


def test_a_drill_without_a_midwife_is_partly_met_and_names_her(world, api):
    drill = held(world.hosp_a, datetime(2025, 5, 10, 2, tzinfo=UTC), present=[world.s_a])
    body = (
        api("officer")
        .get(f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-10")
        .json()
    )
    q2 = findings(body, "pph-drill")["2025-Q2"]
    assert (q2["status"], q2["missing"], q2["nearly"]) == ("partly_met", ["midwife"], [drill])


def test_the_open_quarter_is_planned_when_a_drill_is_booked(world, api):
    held(world.hosp_a, datetime(2026, 12, 3, 2, tzinfo=UTC), status="planned")
    body = (
        api("officer")
        .get(f"/api/compliance?institution={world.hosp_a}&year=2026&as_of=2026-11-23")
        .json()
    )
    pph = findings(body, "pph-drill")
    assert pph["2026-Q4"]["status"] == "planned"
    assert findings(body, "asphyxia-drill")["2026-Q4"]["status"] == "due_soon"


def test_a_staff_member_without_cme_has_a_gap_until_she_attends_one(world, api):
    path = f"/api/staff/{world.s_a}/compliance?year=2025&as_of=2026-01-05"
    assert _cme_annual(api("staff").get(path).json())["status"] == "gap"
    held(
        world.hosp_b,
        datetime(2025, 9, 6, 1, tzinfo=UTC),
        kind="cme_session",
        topic="",
        present=[world.s_a],
    )
    assert _cme_annual(api("staff").get(path).json())["status"] == "met"


def _cme_annual(body):
    (finding,) = [f for f in body["findings"] if f["rule_id"] == "cme-annual"]
    return finding


def test_the_city_commission_matrix_has_a_row_per_institution_in_pinyin_order(world, api):
    held(world.hosp_a, datetime(2025, 2, 10, 2, tzinfo=UTC), present=[world.s_a])
    body = (
        api("city_commission")
        .get(f"/api/compliance/matrix?jurisdiction={world.city}&year=2025&as_of=2026-01-10")
        .json()
    )
    # 禾城区 (he), 柳溪县 (liu), 南禾市 (nan)
    assert [r["institution"]["code"] for r in body["rows"]] == ["hosp-a", "hosp-b", "centre"]
    assert "pph-drill" in body["rules"] and "zone-meeting" in body["rules"]
    row = body["rows"][0]
    cell = next(c for c in row["cells"] if c["rule_id"] == "pph-drill")
    # the cell shows the worst quarter; the counts say how the four went
    assert cell["status"] == "gap"
    assert (cell["counts"]["partly_met"], cell["counts"]["gap"]) == (1, 3)
    assert row["gaps"] >= 1


def test_a_county_commission_sees_its_county_only(world, api):
    county = api("commission")
    assert (
        county.get(f"/api/compliance/matrix?jurisdiction={world.city}&year=2025").status_code == 403
    )
    body = county.get(f"/api/compliance/matrix?jurisdiction={world.county_a}&year=2025").json()
    assert {r["institution"]["code"] for r in body["rows"]} == {"centre", "hosp-a"}
    assert county.get(f"/api/compliance?institution={world.hosp_b}&year=2025").status_code == 404


@pytest.mark.parametrize(
    ("query", "status", "error"),
    [
        ("institution={hosp_a}&year=1800", 400, "year_out_of_range"),
        ("institution={hosp_a}&year=2025&as_of=2025-13-01", 400, "invalid_input"),
        ("institution={hosp_a}&year=twenty", 400, "invalid_input"),
        ("institution=999999&year=2025", 404, "unknown_institution"),
        ("year=2025", 400, "invalid_input"),
    ],
)
def test_bad_compliance_queries_get_a_clear_4xx(world, api, query, status, error):
    response = api("admin").get("/api/compliance?" + query.format(hosp_a=world.hosp_a))
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["message"]


def test_a_malformed_matrix_period_is_refused(world, api):
    response = api("admin").get(
        f"/api/compliance/matrix?jurisdiction={world.city}&year=2025&period=2025-Q9"
    )
    assert response.status_code == 400
    assert "period" in response.json()["message"]


def test_a_quarter_view_still_judges_the_half_year_on_the_whole_half(world, api):
    # joint meeting held in November: the Q3 view must not call the second half a gap
    held(world.hosp_a, datetime(2025, 11, 12, 2, tzinfo=UTC), kind="joint_meeting", topic="")
    body = (
        api("city_commission")
        .get(
            f"/api/compliance/matrix?jurisdiction={world.city}&year=2025&period=2025-Q3&as_of=2026-01-10"
        )
        .json()
    )
    row = next(r for r in body["rows"] if r["institution"]["code"] == "hosp-a")
    cell = next(c for c in row["cells"] if c["rule_id"] == "joint-meeting")
    assert (
        cell["counts"]["gap"] == 0 and cell["status"] == "partly_met"
    )  # held, but without the departments


def test_the_commission_downloads_the_matrix_as_excel_and_csv(world, api):
    import io

    from openpyxl import load_workbook

    client = api("city_commission")
    response = client.get(
        f"/api/compliance/report?jurisdiction={world.city}&year=2025&as_of=2026-01-10"
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["合规矩阵", "未达标清单", "季度趋势", "热力图"]
    assert [c.value for c in book["合规矩阵"][1]][:3] == ["机构", "区县", "未达标项数"]
    assert len(book["热力图"]._images) == 1
    png = client.get(f"/api/compliance/report?jurisdiction={world.city}&year=2025&format=png")
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    csv = client.get(f"/api/compliance/report?jurisdiction={world.city}&year=2025&format=csv")
    assert csv.content.startswith("\ufeff机构".encode())
    assert (
        client.get(
            f"/api/compliance/report?jurisdiction={world.city}&year=2025&format=pdf"
        ).status_code
        == 400
    )


def test_the_report_command_writes_the_file_and_refuses_unknown_places(world, tmp_path, capsys):
    from backend.cli import main

    out = tmp_path / "report.xlsx"
    assert (
        main(["report", "compliance", "--jurisdiction", "nh", "--year", "2025", "--out", str(out)])
        == 0
    )
    assert out.read_bytes().startswith(b"PK")
    assert "3 institutions" in capsys.readouterr().out
    image = tmp_path / "heatmap.png"
    args = ["report", "compliance", "--jurisdiction", "nh", "--year", "2025", "--out"]
    assert main([*args, str(image)]) == 0
    assert image.read_bytes().startswith(b"\x89PNG")
    assert main([*args, str(tmp_path / "report.pdf")]) == 2
    assert (
        main(
            [
                "report",
                "compliance",
                "--jurisdiction",
                "nowhere",
                "--year",
                "2025",
                "--out",
                str(out),
            ]
        )
        == 2
    )


def test_a_download_keeps_only_the_rows_the_page_filters_show(world, api):
    import csv
    import io

    client = api("city_commission")
    base = f"/api/compliance/report?jurisdiction={world.city}&year=2025&format=csv"

    def institutions(query: str = "") -> list[str]:
        text = client.get(base + query).content.decode("utf-8-sig")
        return [row["机构"] for row in csv.DictReader(io.StringIO(text))]

    everyone = institutions()
    assert len(everyone) == 3
    assert institutions("&county=柳溪县") == ["柳溪县人民医院"]
    assert institutions("&kind=tcm_hospital") == []


def test_a_county_commission_is_judged_on_its_own_monthly_work_meeting(world, api):
    import uuid
    from datetime import UTC, datetime

    from backend.activities.tables import Activity

    held = datetime(2025, 3, 12, 2, 0, tzinfo=UTC)
    Activity(
        uid=uuid.uuid4(),
        kind="work_meeting",
        title="三月母婴安全工作例会",
        host_jurisdiction=world.county_a,
        starts_at=held,
        ends_at=held.replace(hour=4),
        status="held",
        created_at=held,
        updated_at=held,
    ).save().run_sync()
    response = api("city_commission").get(
        f"/api/compliance/commissions?jurisdiction={world.city}&year=2025&as_of=2026-01-10"
    )
    assert response.status_code == 200, response.text
    body = response.json()
    # the city first, then its counties in pinyin order (禾 he before 柳 liu)
    assert [r["name_zh"] for r in body["rows"]] == ["南禾市", "禾城区", "柳溪县"]
    county = next(r for r in body["rows"] if r["name_zh"] == "禾城区")
    meetings = {
        f["period"]: f["status"] for f in county["findings"] if f["rule_id"] == "county-meeting"
    }
    assert meetings["2025-03"] == "met" and meetings["2025-04"] == "gap"
    cell = next(c for c in county["cells"] if c["rule_id"] == "county-meeting")
    assert cell["status"] == "gap" and cell["counts"]["met"] == 1
    other = next(r for r in body["rows"] if r["name_zh"] == "柳溪县")
    assert next(c for c in other["cells"] if c["rule_id"] == "county-meeting")["counts"]["met"] == 0
    refused = api("commission").get(
        f"/api/compliance/commissions?jurisdiction={world.city}&year=2025"
    )
    # issue 12 (policy point 7): above its own subtree a commission learns nothing, not a 403
    assert refused.status_code == 404


def test_one_rules_findings_name_their_activities_for_a_matrix_cell(world, api, midwife):
    """A matrix cell's detail asks for one rule and gets its activities' titles and times in the
    same answer (the page makes no request per activity); the full answer stays as it was."""
    counted = held(world.hosp_a, datetime(2025, 2, 10, 2, tzinfo=UTC), present=[world.s_a, midwife])
    nearly = held(world.hosp_a, datetime(2025, 5, 10, 2, tzinfo=UTC), present=[world.s_a])
    Activity.update({Activity.title: "产后出血演练（一季度）"}).where(
        Activity.id == counted
    ).run_sync()
    path = f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-10"
    cell = api("commission").get(path + "&rule=pph-drill").json()
    assert {f["rule_id"] for f in cell["findings"]} == {"pph-drill"}
    pph = findings(cell, "pph-drill")
    (q1,) = pph["2025-Q1"]["activities"]
    assert (q1["id"], q1["title"], q1["status"]) == (counted, "产后出血演练（一季度）", "held")
    assert (q1["starts_at"], q1["ends_at"]) == ("2025-02-10T02:00:00Z", "2025-02-10T02:00:00Z")
    assert [a["id"] for a in pph["2025-Q2"]["activities"]] == [nearly]
    assert pph["2025-Q3"]["activities"] == []
    whole = api("commission").get(path).json()
    assert {f["rule_id"] for f in whole["findings"]} > {"pph-drill", "asphyxia-drill"}
    assert all(f["activities"] is None for f in whole["findings"])
    assert api("commission").get(path + "&rule=no-such-rule").json()["findings"] == []

"""The zone page: a centre's zone for a quarter, from samples, reviews and orders put straight into
their tables; who may read it; its Excel report."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pytest
from openpyxl import load_workbook

from backend.activities.tables import Activity
from backend.auth.tables import User
from backend.compliance.freshness import facts_changed
from backend.core.clock import SHANGHAI, today_in_shanghai
from backend.core.periods import PeriodKind, period_containing
from backend.drill_records.tables import DrillRecord
from backend.institutions.tables import Institution, Zone, ZoneMembership
from backend.rectification.tables import RectificationOrder
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample
from tests.world import PASSWORD, World


# Read the clock when a test runs, not when the module is imported: a run that crosses midnight
# in Shanghai (16:00 UTC) must not compare yesterday's dates with today's answers.
def this_quarter():
    return period_containing(PeriodKind.quarter, today_in_shanghai())


def last_quarter():
    return period_containing(PeriodKind.quarter, this_quarter().start - timedelta(days=1))


DRILL_TITLE = "产后出血快速反应团队演练"


@dataclass
class Oversight:
    world: World
    zone_b: int
    centre_b: int
    overdue: int
    answered: int
    accepted: int


async def _save(row) -> int:
    await row.save()
    return row.id


async def _drill(world: World, institution: int, title: str) -> tuple[int, int]:
    """A held drill of last quarter with a submitted record: (activity, record)."""
    now = datetime.now(UTC)
    starts = datetime.combine(last_quarter().start + timedelta(days=20), time(9), SHANGHAI)
    activity = await _save(
        Activity(
            kind="drill",
            topic="pph",
            title=title,
            host_institution=institution,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            status="held",
            created_at=now,
            updated_at=now,
        )  # fmt: skip
    )
    record = await _save(
        DrillRecord(
            activity=activity,
            status="submitted",
            current_version=1,
            created_at=now,
            updated_at=now,
            submitted_at=now,
        )  # fmt: skip
    )
    return activity, record


async def _sample(zone: int, institution: int, record: int, superseded=False) -> int:
    now = datetime.now(UTC)
    sample = await _save(
        SpotCheckSample(
            zone=zone,
            quarter=last_quarter().label,
            size=1,
            seed=7,
            inputs="{}",
            drawn_at=now,
            superseded=superseded,
        )  # fmt: skip
    )
    return await _save(
        SpotCheckDraw(
            sample=sample,
            position=1,
            institution=institution,
            record=record,
            version=1,
            drawn_for="coverage",
        )  # fmt: skip
    )


async def _order(review: int, institution: int, finding: str, due_in: int, status: str) -> int:
    now = datetime.now(UTC)
    return await _save(
        RectificationOrder(
            review=review,
            institution=institution,
            finding=finding,
            due_on=today_in_shanghai() + timedelta(days=due_in),
            status=status,
            raised_at=now,
            closed_at=now if status == "accepted" else None,
        )  # fmt: skip
    )


async def _build(world: World) -> Oversight:
    # a second city centre in county B leading zone B with hospital B, and its reviewer
    centre_b = await _save(
        Institution(
            code="centre-b",
            name_zh="柳溪县中心医院",
            kind="general_hospital",
            level="tertiary",
            jurisdiction=world.county_b,
            city_maternal_centre=True,
        )  # fmt: skip
    )
    zone_b = await _save(Zone(code="zone-b", name_zh="第二片区", lead_institution=centre_b))
    await ZoneMembership.insert(ZoneMembership(zone=zone_b, institution=world.hosp_b))
    hashed = (await User.select(User.password_hash).where(User.username == "reviewer").first())[
        "password_hash"
    ]
    await User.insert(User(username="reviewer_b", password_hash=hashed, display_name="reviewer_b",
                           role="reviewer", institution=centre_b))  # fmt: skip

    _, record_a = await _drill(world, world.hosp_a, DRILL_TITLE)
    _, record_b = await _drill(world, world.hosp_b, "新生儿复苏演练")
    await _sample(world.zone, world.hosp_a, record_a, superseded=True)  # replaced by a redraw
    draw_a = await _sample(world.zone, world.hosp_a, record_a)
    draw_b = await _sample(zone_b, world.hosp_b, record_b)
    now = datetime.now(UTC)
    review_a = await _save(
        SpotCheckReview(
            draw=draw_a,
            rating="fail",
            comment="计时未记录",
            status="submitted",
            created_at=now,
            submitted_at=now,
        )  # fmt: skip
    )
    review_b = await _save(
        SpotCheckReview(
            draw=draw_b, rating="good", status="submitted", created_at=now, submitted_at=now
        )  # fmt: skip
    )
    overdue = await _order(review_a, world.hosp_a, "补记首剂宫缩剂时间", -3, "open")
    answered = await _order(review_a, world.hosp_a, "复盘记录补充责任人", 10, "answered")
    accepted = await _order(review_a, world.hosp_a, "补签到表", -1, "accepted")
    await _order(review_b, world.hosp_b, "乙院逾期整改事项", -5, "returned")
    await facts_changed([world.centre, centre_b, world.hosp_a, world.hosp_b])
    return Oversight(world, zone_b, centre_b, overdue, answered, accepted)


async def _join(zone: int, institution: int) -> None:
    await ZoneMembership.insert(ZoneMembership(zone=zone, institution=institution))
    await facts_changed([institution])


@pytest.fixture
def oversight(world) -> Oversight:
    built = asyncio.run(_build(world))
    assert PASSWORD  # the second reviewer logs in with the world's password
    return built


def overview(client, zone: int, quarter: str | None = "last"):
    quarter = last_quarter().label if quarter == "last" else quarter
    params = {"quarter": quarter} if quarter else {}
    return client.get(f"/api/zones/{zone}/overview", params=params)


def test_the_reviewer_sees_each_member_with_its_sample_review_rating_and_orders(oversight, api):
    world = oversight.world
    response = overview(api("reviewer"), world.zone)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["zone"]["name_zh"] == "第一片区"
    assert page["quarter"] == last_quarter().label
    (row,) = page["institutions"]  # the zone's one member; hospital B is another zone's
    assert (row["rank"], row["name_zh"]) == (1, "禾城区人民医院")
    # the superseded sample's draw does not count
    assert row["sample"] == {"drawn": True, "draws": 1, "reviewed": 1, "drafts": 0}
    assert row["ratings"] == [
        {"rating": "fail", "name_zh": "不合格", "name_en": "Fail", "poor": True, "count": 1}
    ]
    assert row["poor_ratings"] == 1
    assert row["orders"] == {"open": 2, "overdue": 1, "accepted": 1}
    (draw,) = page["draws"]
    assert (draw["activity_title"], draw["review_status"], draw["rating_name_zh"]) == (
        DRILL_TITLE,
        "submitted",
        "不合格",
    )
    by_id = {o["id"]: o for o in page["orders"]}
    assert set(by_id) == {oversight.overdue, oversight.answered, oversight.accepted}
    assert by_id[oversight.overdue]["overdue"] and by_id[oversight.overdue]["days_overdue"] == 3
    assert not by_id[oversight.answered]["overdue"]
    assert not by_id[oversight.accepted]["overdue"]  # closed late is not overdue
    assert "乙院逾期整改事项" not in response.text


def test_gaps_and_rule_statuses_are_the_matrix_of_the_quarter(oversight, api):
    world = oversight.world
    page = overview(api("reviewer"), world.zone).json()
    matrix = (
        api("admin")
        .get(
            "/api/compliance/matrix",
            params={
                "jurisdiction": world.county_a,
                "year": last_quarter().start.year,
                "period": last_quarter().label,
            },  # fmt: skip
        )
        .json()
    )
    (matrix_row,) = [r for r in matrix["rows"] if r["institution"]["id"] == world.hosp_a]
    (row,) = page["institutions"]
    assert row["gaps"] == matrix_row["gaps"] > 0
    assert row["cells"] == [
        {"rule_id": c["rule_id"], "status": c["status"]} for c in matrix_row["cells"]
    ]
    assert [r["id"] for r in page["rules"]] == matrix["rules"]
    assert all(r["name_zh"] and r["name_zh"] != r["id"] for r in page["rules"])
    # the trend: four quarters ending with the one asked for, the last one the quarter's gaps
    assert [p["quarter"] for p in row["trend"]] == page["quarters"]
    assert page["quarters"][-1] == last_quarter().label and len(page["quarters"]) == 4
    assert row["trend"][-1]["gaps"] == row["gaps"]
    assert page["trend_totals"][-1]["gaps"] == row["gaps"]


def test_without_a_quarter_the_current_one_is_shown_with_earlier_orders_still_open(oversight, api):
    page = overview(api("reviewer"), oversight.world.zone, quarter=None).json()
    assert page["quarter"] == this_quarter().label
    (row,) = page["institutions"]
    assert row["sample"] == {"drawn": False, "draws": 0, "reviewed": 0, "drafts": 0}
    assert row["ratings"] == [] and row["poor_ratings"] == 0
    # last quarter's open orders are still open now; its accepted one belongs to last quarter
    assert row["orders"] == {"open": 2, "overdue": 1, "accepted": 0}
    assert {o["id"] for o in page["orders"]} == {oversight.overdue, oversight.answered}


def test_league_table_puts_most_gaps_first_then_poor_ratings(oversight, api):
    world = oversight.world
    # the city commission reads both zones; zone B's member has its own poor-free rating
    page = overview(api("city_commission"), oversight.zone_b).json()
    (row,) = page["institutions"]
    assert row["name_zh"] == "柳溪县人民医院" and row["poor_ratings"] == 0
    assert row["orders"] == {"open": 1, "overdue": 1, "accepted": 0}
    # put the centre into zone A too: two members, ranked by gaps, then poor ratings, then name
    asyncio.run(_join(world.zone, world.centre))
    page = overview(api("reviewer"), world.zone).json()
    rows = page["institutions"]
    assert [r["rank"] for r in rows] == [1, 2]
    keys = [(-r["gaps"], -r["poor_ratings"], -r["orders"]["overdue"], r["name_zh"]) for r in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("username", "zone", "status"),
    [
        ("admin", "a", 200),
        ("admin", "b", 200),
        ("reviewer", "a", 200),
        ("reviewer", "b", 404),  # another centre's zone: as if it did not exist
        ("reviewer_b", "a", 404),
        ("reviewer_b", "b", 200),
        ("commission", "a", 200),  # county A holds zone A's lead centre
        ("commission", "b", 404),
        ("city_commission", "a", 200),
        ("city_commission", "b", 200),
        ("officer", "a", 403),  # its hospital is a member: it knows the zone, may not read it
        ("officer", "b", 404),
        ("staff", "a", 403),
        ("staff", "b", 404),
        ("admin", "missing", 404),
        ("reviewer", "missing", 404),
    ],
)
def test_who_reads_which_zone(oversight, api, username, zone, status):
    zone_id = {"a": oversight.world.zone, "b": oversight.zone_b, "missing": 999_999}[zone]
    client = api(username)
    assert overview(client, zone_id).status_code == status
    assert client.get(f"/api/zones/{zone_id}/overview.xlsx").status_code == status


def test_a_commission_reads_only_the_members_in_its_area(oversight, api):
    world = oversight.world
    asyncio.run(_join(world.zone, world.hosp_b))
    county = overview(api("commission"), world.zone).json()
    assert [r["name_zh"] for r in county["institutions"]] == ["禾城区人民医院"]
    assert "柳溪县人民医院" not in str(county)
    city = overview(api("city_commission"), world.zone).json()
    assert {r["name_zh"] for r in city["institutions"]} == {"禾城区人民医院", "柳溪县人民医院"}


@pytest.mark.parametrize("quarter", ["2026-13", "2026-03", "2026", "Q3", "1999-Q1", "2026-Q5"])
def test_a_quarter_that_is_not_one_is_refused_naming_it(oversight, api, quarter):
    response = overview(api("reviewer"), oversight.world.zone, quarter)
    assert response.status_code == 400
    assert quarter in response.json()["message"]
    english = api("reviewer").get(
        f"/api/zones/{oversight.world.zone}/overview",
        params={"quarter": quarter},
        headers={"Accept-Language": "en"},
    )
    assert "e.g. 2026-Q3" in english.json()["message"]


def test_the_excel_report_has_the_league_table_and_the_spot_checks(oversight, api):
    world = oversight.world
    response = api("reviewer").get(
        f"/api/zones/{world.zone}/overview.xlsx", params={"quarter": last_quarter().label}
    )
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    assert last_quarter().label in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["片区排名", "抽查与整改"]
    league = list(book["片区排名"].iter_rows(values_only=True))
    header = league[0]
    assert header[:4] == ("排名", "机构", "区县", "未达标项数")
    assert f"{last_quarter().label} 未达标项数" in header
    (row,) = league[1:]
    record = dict(zip(header, row, strict=True))
    page = overview(api("reviewer"), world.zone).json()["institutions"][0]
    assert record["机构"] == "禾城区人民医院" and record["未达标项数"] == page["gaps"]
    assert (record["较差评级数"], record["未结整改"], record["逾期整改"]) == (1, 2, 1)
    assert record["评级"] == "不合格×1"
    spots = list(book["抽查与整改"].iter_rows(values_only=True))
    rows = [dict(zip(spots[0], r, strict=True)) for r in spots[1:]]
    assert sorted(r["整改事项"] for r in rows) == sorted(
        ["补记首剂宫缩剂时间", "复盘记录补充责任人", "补签到表"]
    )
    assert {r["演练"] for r in rows} == {DRILL_TITLE}
    late = next(r for r in rows if r["整改事项"] == "补记首剂宫缩剂时间")
    assert (late["整改状态"], late["逾期天数"]) == ("待整改", 3)


def test_a_finding_that_reads_like_a_formula_stays_text_in_the_report(oversight, api):
    world = oversight.world
    query = SpotCheckReview.select(SpotCheckReview.id).where(
        SpotCheckReview.comment == "计时未记录"
    )
    review = asyncio.run(query.first().run())["id"]
    asyncio.run(_order(review, world.hosp_a, '=HYPERLINK("http://x")', 5, "open"))
    response = api("reviewer").get(
        f"/api/zones/{world.zone}/overview.xlsx", params={"quarter": last_quarter().label}
    )
    sheet = load_workbook(io.BytesIO(response.content))["抽查与整改"]
    cells = [c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_trend_of_a_first_quarter_reaches_back_into_the_year_before(oversight, api):
    page = overview(api("reviewer"), oversight.world.zone, "2026-Q1").json()
    assert page["quarters"] == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert [p["quarter"] for p in page["institutions"][0]["trend"]] == page["quarters"]
    assert page["institutions"][0]["sample"]["drawn"] is False  # the sample is of another quarter

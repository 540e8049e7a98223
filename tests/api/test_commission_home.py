"""A health commission's landing page: most gaps, overdue rectification in its area, its duties."""

from __future__ import annotations

import asyncio

import pytest

from backend.compliance.service import period_order
from backend.core.clock import today_in_shanghai
from backend.core.periods import parse_period
from backend.institutions.tables import Jurisdiction
from tests.api.test_zone_overview import _build


@pytest.fixture
def oversight(world):
    return asyncio.run(_build(world))


def summary(client, jurisdiction: int, **params):
    return client.get(f"/api/commissions/{jurisdiction}/summary", params=params)


def test_the_county_commission_sees_its_institutions_overdue_orders_and_own_duties(oversight, api):
    world = oversight.world
    response = summary(api("commission"), world.county_a)
    assert response.status_code == 200, response.text
    page = response.json()
    assert (page["name_zh"], page["level"]) == ("禾城区", "county")
    assert page["year"] == today_in_shanghai().year
    # the centre and hospital A are judged; nothing held this year: both have gaps
    assert {t["name_zh"] for t in page["top"]} == {"南禾市第一人民医院", "禾城区人民医院"}
    gaps = [t["gaps"] for t in page["top"]]
    assert gaps == sorted(gaps, reverse=True) and all(g > 0 for g in gaps)
    assert page["institutions"] == 2 and page["with_gaps"] == 2
    # only the overdue one: the answered order is not due, the accepted one is closed
    (order,) = page["overdue_orders"]
    assert (order["id"], order["days_overdue"], order["zone_name"]) == (
        oversight.overdue,
        3,
        "第一片区",
    )
    assert "乙院逾期整改事项" not in response.text  # county B is not its area
    assert [z["name_zh"] for z in page["zones"]] == ["第一片区"]  # zone B is led from county B
    # its own duties (Kaifeng: the county's monthly work meeting...), by name, with the reason
    assert page["duties"]
    assert all(d["rule_name_zh"] and d["reason_zh"] for d in page["duties"])
    assert all(d["rule_name_zh"] != d["rule_id"] for d in page["duties"])
    order = ["gap", "partly_met", "due_soon", "planned", "no_data", "met", "not_applicable"]
    ranks = [order.index(d["status"]) for d in page["duties"]]
    assert ranks == sorted(ranks)  # what needs doing first


def test_the_top_list_matches_the_matrix(oversight, api):
    world = oversight.world
    year = today_in_shanghai().year
    page = summary(api("city_commission"), world.city, year=year).json()
    matrix = (
        api("city_commission")
        .get("/api/compliance/matrix", params={"jurisdiction": world.city, "year": year})
        .json()
    )
    expected = {r["institution"]["name_zh"]: r["gaps"] for r in matrix["rows"] if r["gaps"]}
    assert {t["name_zh"]: t["gaps"] for t in page["top"]} == expected
    assert len(page["top"]) <= 10
    # the city reads both counties' overdue orders, the longest overdue first
    assert [o["finding"] for o in page["overdue_orders"]] == [
        "乙院逾期整改事项",
        "补记首剂宫缩剂时间",
    ]


def test_an_earlier_year_is_judged_for_that_year(oversight, api):
    year = today_in_shanghai().year - 1
    page = summary(api("commission"), oversight.world.county_a, year=year).json()
    assert page["year"] == year
    assert all(d["period"].startswith(str(year)) for d in page["duties"])


def test_duties_of_one_status_run_by_date_half_years_among_the_others(oversight, api):
    # Chongqing: a half-yearly district drill beside yearly exams and inspections
    Jurisdiction.update({Jurisdiction.profile: "chongqing-2020"}).where(
        Jurisdiction.id == oversight.world.county_a
    ).run_sync()
    year = today_in_shanghai().year - 1  # every period over: nothing held, all of them gaps
    page = summary(api("commission"), oversight.world.county_a, year=year).json()
    periods = [d["period"] for d in page["duties"] if d["status"] == "gap"]
    # by first day, the shorter first (the label's alphabet put the year before both halves)
    assert list(dict.fromkeys(periods)) == [f"{year}-H1", f"{year}", f"{year}-H2"]
    for status in {d["status"] for d in page["duties"]}:
        starts = [parse_period(d["period"]).start for d in page["duties"] if d["status"] == status]
        assert starts == sorted(starts)


def test_periods_are_ordered_by_their_first_day_then_length():
    labels = ["2026-H2", "2026-Q4", "2026", "2026-Q3", "2026-12", "2026-H1", "2026-Q1", "2026-W01"]
    assert sorted(labels, key=period_order) == [
        "2026-W01",  # ISO week 1 of 2026 starts on 2025-12-29
        "2026-Q1", "2026-H1", "2026", "2026-Q3", "2026-H2", "2026-Q4", "2026-12",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("username", "where", "status"),
    [
        ("admin", "county_a", 200),
        ("admin", "city", 200),
        ("commission", "county_a", 200),
        ("commission", "city", 404),  # above its own area
        ("commission", "county_b", 404),  # beside it
        ("city_commission", "county_b", 200),
        ("officer", "county_a", 404),
        ("staff", "county_a", 404),
        ("reviewer", "county_a", 404),
        ("admin", "missing", 404),
    ],
)
def test_who_reads_which_summary(oversight, api, username, where, status):
    world = oversight.world
    ids = {"county_a": world.county_a, "county_b": world.county_b, "city": world.city}
    assert summary(api(username), ids.get(where, 999_999)).status_code == status


@pytest.mark.parametrize("year", ["1999", "2101", "soon"])
def test_a_year_out_of_range_is_refused(oversight, api, year):
    response = summary(api("commission"), oversight.world.county_a, year=year)
    assert response.status_code == 400
    assert "year" in response.text

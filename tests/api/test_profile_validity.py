"""A jurisdiction on an ended profile is told so, with the successor by name, and is not judged
under it after its end (the national 2018 plan ran 2018-2020; the 2021-2025 plan replaced it)."""

from __future__ import annotations

NATIONAL_2018 = "国家母婴安全行动计划（2018-2020年）"
NATIONAL_2021 = "母婴安全行动提升计划（2021-2025年）"
KAIFENG = "开封市2022年妇幼健康三大提升行动实施方案（汴卫〔2022〕38号）"


def test_a_jurisdiction_on_an_ended_profile_is_told_so_with_the_successor(world, api):
    admin = api("admin")
    switched = admin.patch(
        f"/api/jurisdictions/{world.county_a}", json={"profile": "national-2018"}
    )
    assert switched.status_code == 200
    shown = api("commission").get(f"/api/jurisdictions/{world.county_a}").json()
    validity = shown["profile_in_force"]
    assert validity["name_zh"] == NATIONAL_2018 and validity["inherited"] is False
    assert validity["valid_to"] == "2020-12-31" and validity["expired"] is True
    assert validity["successor_zh"] == NATIONAL_2021
    assert validity["successor_en"] == "Maternal safety upgrade plan 2021-2025"
    # switching to the successor (what the page's button sends) ends the notice
    admin.patch(f"/api/jurisdictions/{world.county_a}", json={"profile": validity["successor"]})
    after = api("commission").get(f"/api/jurisdictions/{world.county_a}").json()
    assert after["profile_in_force"]["name_zh"] == NATIONAL_2021
    assert after["profile_in_force"]["expired"] is False


def test_an_inherited_profile_whose_plan_period_ended_is_shown_as_still_applied(world, api):
    validity = (
        api("commission").get(f"/api/jurisdictions/{world.county_a}").json()["profile_in_force"]
    )
    assert validity["name_zh"] == KAIFENG and validity["inherited"] is True  # the city's
    assert validity["expired"] is False and validity["plan_ended"] is True
    assert validity["plan_ends"] == "2022-12-31" and validity["successor_zh"] == ""


def test_compliance_after_the_end_is_not_applicable_naming_both_plans(world, api):
    api("admin").patch(f"/api/jurisdictions/{world.county_a}", json={"profile": "national-2018"})
    commission = api("commission")
    later = commission.get("/api/compliance", params={"institution": world.hosp_a, "year": 2021})
    assert later.status_code == 200
    findings = later.json()["findings"]
    assert findings and {f["status"] for f in findings} == {"not_applicable"}
    pph = next(f for f in findings if f["rule_id"] == "pph-drill" and f["period"] == "2021-Q1")
    assert NATIONAL_2018 in pph["reason_zh"] and "2020-12-31" in pph["reason_zh"]
    assert f"继任方案：《{NATIONAL_2021}》" in pph["reason_zh"]
    assert "Maternal safety upgrade plan 2021-2025" in pph["reason_en"]
    # within the plan's period the same rules are judged as ever: a quarter with no drill is a gap
    during = commission.get("/api/compliance", params={"institution": world.hosp_a, "year": 2020})
    statuses = {
        f["period"]: f["status"] for f in during.json()["findings"] if f["rule_id"] == "pph-drill"
    }
    assert statuses["2020-Q4"] == "gap"

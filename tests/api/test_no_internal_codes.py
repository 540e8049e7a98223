"""What the API gives pages to show names rules, profiles and documents, never their codes
(issue 15): ids stay in the fields pages link and filter with."""

from datetime import UTC, date, datetime

import pytest

from backend.institutions.tables import Institution
from backend.rules.catalogue import default_catalogue
from backend.staff.tables import StaffMember
from tests.api.test_year_plan import _local


def _no_file_names(citations):
    shown = " ".join(c["source"] for c in citations)
    assert ".txt" not in shown and ".toml" not in shown and "seeds/" not in shown, shown


def test_rules_cite_documents_by_title_and_name_their_profiles(world, api):
    rules = {item["rule"]["id"]: item for item in api("staff").get("/api/rules").json()}
    asphyxia = rules["asphyxia-drill"]
    sources = [c["source"] for c in asphyxia["rule"]["citations"]]
    assert sources[0] == "母婴安全行动计划（2018-2020年）（国卫妇幼发〔2018〕9号）"
    names = {p["id"]: p["name_zh"] for p in asphyxia["profile_names"]}
    assert names["kaifeng-2022"] == "开封市2022年妇幼健康三大提升行动实施方案（汴卫〔2022〕38号）"
    assert [p["id"] for p in asphyxia["profile_names"]] == asphyxia["profiles"]
    for item in rules.values():
        _no_file_names(item["rule"]["citations"])
        assert all(p["name_zh"] and p["name_en"] for p in item["profile_names"])


def test_an_institutions_compliance_names_its_profile_and_cites_by_title(world, api):
    body = (
        api("officer")
        .get(f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-10")
        .json()
    )
    assert body["profile"] == "kaifeng-2022"  # the id, for links
    kaifeng = default_catalogue().profiles["kaifeng-2022"]
    assert body["profile_name_zh"] == kaifeng.name_zh and "汴卫〔2022〕38号" in kaifeng.name_zh
    assert body["profile_name_en"] == kaifeng.name_en
    assert body["findings"]
    for finding in body["findings"]:
        _no_file_names(finding["citations"])


@pytest.fixture
def midwifery(world):
    Institution.update({Institution.is_midwifery: True}).where(
        Institution.id == world.hosp_a
    ).run_sync()
    StaffMember(
        institution=world.hosp_a, department=world.obstetrics_a, staff_number="M001",
        name="王助产", role="midwife", title="junior", active_from=date(2020, 1, 1),
        updated_at=datetime.now(UTC),
    ).save().run_sync()  # fmt: skip
    return world


def test_the_year_plan_speaks_of_holidays_and_booked_drills_without_file_or_rule_ids(
    midwifery, api
):
    officer = api("officer")
    plan = officer.get(f"/api/institutions/{midwifery.hosp_a}/year-plan?year=2027").json()
    assert plan["calendar_source"] == "weekends_only"
    for note in (plan["calendar_note_zh"], plan["calendar_note_en"]):
        assert "seeds/" not in note and ".toml" not in note
    assert "系统管理员补充" in plan["calendar_note_zh"]
    first = next(p for p in plan["proposals"] if p["rule_id"] == "pph-drill")
    item = {
        "rule_id": first["rule_id"], "kind": first["kind"], "topic": first["topic"],
        "title": first["title_zh"], "starts_at": _local(first["starts_at"]),
        "ends_at": _local(first["ends_at"]),
    }  # fmt: skip
    accepted = officer.post(
        f"/api/institutions/{midwifery.hosp_a}/year-plan/accept", json={"items": [item]}
    )
    assert accepted.status_code == 201, accepted.text
    (activity_id,) = accepted.json()["activity_ids"]
    notes = officer.get(f"/api/activities/{activity_id}").json()["notes"]
    name = default_catalogue().rules["pph-drill"].name_zh
    assert notes == f"由年度计划生成（{name}）"

"""Profiles have a validity period: the national 2018 plan ran 2018-2020 and the 2021-2025 upgrade
plan replaced it; rules of an ended profile are not applied after its end, and say why by name."""

import shutil
from datetime import date

import pytest

from backend.compliance.evaluate import evaluate
from backend.compliance.facts import ActivityFact, Facts, Subject
from backend.rules.catalogue import SEEDS_DIR, RuleCatalogueError, load_catalogue
from backend.rules.validity import profile_validity

HOSPITAL = Subject(kind="institution", id=1, name="柳溪县中医院", is_midwifery=True)
PPH_TEAM = frozenset({"obstetrician", "midwife", "nurse", "anaesthetist"})
NATIONAL_2018 = "国家母婴安全行动计划（2018-2020年）"
NATIONAL_2021 = "母婴安全行动提升计划（2021-2025年）"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def pph_drills(*days):
    return Facts(
        tuple(
            ActivityFact(
                id=n,
                kind="drill",
                topic="pph",
                status="held",
                day=day,
                present_roles=PPH_TEAM,
                present_department_kinds=frozenset(),
                attendee_ids=frozenset(),
            )  # fmt: skip
            for n, day in enumerate(days)
        )
    )


def pph_findings(catalogue, profile, facts, first_day, last_day, as_of):
    rules = [r for r in catalogue.rules_of(profile) if r.id == "pph-drill"]
    found = evaluate(rules, HOSPITAL, facts, first_day, last_day, as_of)
    return {f.period: f for f in found}


def test_the_seeded_periods_come_from_the_policy_texts(catalogue):
    profiles = catalogue.profiles
    national = profiles["national-2018"]
    assert (national.valid_from, national.valid_to) == (date(2018, 1, 1), date(2020, 12, 31))
    assert national.successor == "national-2021"
    upgrade = profiles["national-2021"]
    # 2021-2025 is over, but nothing in seeds/ replaces it: its period is shown, not enforced
    assert upgrade.valid_to is None and upgrade.successor is None
    assert upgrade.plan_ends == date(2025, 12, 31)
    assert profiles["chongqing-2020"].valid_from == date(2020, 5, 1)
    assert profiles["chongqing-2020"].plan_ends is None


def test_an_ended_profiles_rules_stop_at_its_end_and_name_the_successor(catalogue):
    # a PPH drill every quarter of 2020 and of 2021: under the 2018 plan only 2020 is judged
    days = [date(y, m, 10) for y in (2020, 2021) for m in (2, 5, 8, 11)]
    found = pph_findings(
        catalogue, "national-2018", pph_drills(*days), date(2020, 1, 1), date(2021, 12, 31),
        date(2022, 1, 5),
    )  # fmt: skip
    assert [found[f"2020-Q{q}"].status for q in range(1, 5)] == ["met"] * 4
    for quarter in range(1, 5):
        after = found[f"2021-Q{quarter}"]
        assert after.status == "not_applicable"
        assert NATIONAL_2018 in after.reason_zh and "2020-12-31" in after.reason_zh
        assert f"继任方案：《{NATIONAL_2021}》" in after.reason_zh
        assert "Maternal safety upgrade plan 2021-2025" in after.reason_en
        assert "national-20" not in after.reason_zh + after.reason_en  # names, never ids


def test_a_missed_quarter_after_the_end_is_not_a_gap(catalogue):
    found = pph_findings(
        catalogue, "national-2018", Facts(()), date(2020, 10, 1), date(2021, 3, 31),
        date(2026, 12, 1),
    )  # fmt: skip
    assert found["2020-Q4"].status == "gap"  # before the end: judged as ever
    assert found["2021-Q1"].status == "not_applicable"


def test_the_successor_goes_on_judging_the_same_years(catalogue):
    found = pph_findings(
        catalogue, "national-2021", Facts(()), date(2021, 1, 1), date(2026, 3, 31),
        date(2026, 12, 1),
    )  # fmt: skip
    assert found["2021-Q1"].status == "gap"
    assert found["2026-Q1"].status == "gap"  # plan period over, no successor: still applied


def test_a_profile_based_on_an_ended_one_is_not_capped_by_its_base(catalogue):
    # Chongqing's 2020 notice (no end) builds on the 2018 plan; its rules go on after 2020
    assert all(rule.effective_to is None for rule in catalogue.rules_of("chongqing-2020"))
    assert all(rule.ended_with is None for rule in catalogue.rules_of("national-2021"))


def test_a_rule_that_ends_before_the_profile_keeps_its_own_reason(seeds_copy):
    _edit(
        seeds_copy / "rules" / "pph-drill.toml",
        "effective_from = 2018-04-27",
        "effective_from = 2018-04-27\neffective_to = 2019-12-31",
    )
    catalogue = load_catalogue(seeds_copy)
    found = pph_findings(
        catalogue, "national-2018", Facts(()), date(2020, 1, 1), date(2021, 3, 31),
        date(2022, 1, 1),
    )  # fmt: skip
    assert found["2020-Q1"].status == "not_applicable"
    assert found["2020-Q1"].reason_zh == "该规定在此期间未生效。"  # the rule itself ended
    assert found["2021-Q1"].reason_zh == "该规定在此期间未生效。"


def test_the_page_says_expired_with_the_successor_as_of_a_day(catalogue):
    during = profile_validity(catalogue, "national-2018", date(2020, 12, 31), inherited=False)
    assert not during.expired
    after = profile_validity(catalogue, "national-2018", date(2021, 1, 1), inherited=False)
    assert after.expired and after.successor_zh == NATIONAL_2021
    upgrade = profile_validity(catalogue, "national-2021", date(2026, 12, 1), inherited=True)
    assert not upgrade.expired and upgrade.plan_ended and upgrade.successor_zh == ""


# ---- the catalogue refuses a validity that does not hold together ----------------------------


@pytest.fixture
def seeds_copy(tmp_path):
    for folder in ("rules", "profiles", "policy-sources"):
        shutil.copytree(SEEDS_DIR / folder, tmp_path / folder)
    return tmp_path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_successor_is_refused_naming_the_file(seeds_copy):
    _edit(seeds_copy / "profiles" / "national-2018.toml", '"national-2021"', '"national-2026"')
    with pytest.raises(
        RuleCatalogueError, match="national-2018.toml: successor: unknown profile 'national-2026'"
    ):
        load_catalogue(seeds_copy)


def test_an_end_before_the_start_is_refused(seeds_copy):
    _edit(seeds_copy / "profiles" / "national-2018.toml", "valid_to = 2020", "valid_to = 2017")
    with pytest.raises(
        RuleCatalogueError,
        match="national-2018.toml: valid_to: 2017-12-31 is before valid_from 2018-01-01",
    ):
        load_catalogue(seeds_copy)


def test_a_successor_without_an_end_is_refused(seeds_copy):
    _edit(seeds_copy / "profiles" / "national-2018.toml", "valid_to = 2020-12-31\n", "")
    with pytest.raises(RuleCatalogueError, match="national-2018.toml: successor: needs valid_to"):
        load_catalogue(seeds_copy)


def test_a_profile_without_a_start_is_refused(seeds_copy):
    _edit(seeds_copy / "profiles" / "xuzhou-2022.toml", "valid_from = 2022-01-25\n", "")
    with pytest.raises(RuleCatalogueError, match="xuzhou-2022.toml.*valid_from"):
        load_catalogue(seeds_copy)


def test_a_rule_file_cannot_claim_a_profile_end(seeds_copy):
    _edit(
        seeds_copy / "rules" / "pph-drill.toml",
        "effective_from = 2018-04-27",
        'effective_from = 2018-04-27\nended_with = {name_zh = "x", name_en = "x", valid_to = 2020-01-01}',
    )
    with pytest.raises(RuleCatalogueError, match="pph-drill.toml: ended_with"):
        load_catalogue(seeds_copy)

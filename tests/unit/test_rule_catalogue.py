"""The rule catalogue and profiles load from seeds/, quote their sources truly, and refuse typos."""

import shutil

import pytest

from backend.rules.catalogue import SEEDS_DIR, RuleCatalogueError, load_catalogue
from backend.rules.checks import normalised, read_policy_sources

DOMAIN_RULES = {
    "pph-drill", "asphyxia-drill", "joint-meeting", "cme-annual", "warning-education",
    "self-assessment", "ddi-target", "regional-drill", "monthly-simulation", "district-simulation",
    "skills-competition", "staff-exam", "centre-inspection", "district-inspection",
    "zone-spot-check", "zone-meeting", "county-meeting", "paired-support", "cme-credits",
    "competencies-current", "competency-coverage",
}  # fmt: skip
PROFILES = {
    "national-2018",
    "national-2021",
    "fujian-2021",
    "xuzhou-2022",
    "chongqing-2020",
    "kaifeng-2022",
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_all_21_rules_and_6_profiles_load(catalogue):
    assert set(catalogue.rules) == DOMAIN_RULES
    assert set(catalogue.profiles) == PROFILES


def test_every_quote_appears_in_the_policy_text_it_cites(catalogue):
    texts = read_policy_sources(SEEDS_DIR / "policy-sources")
    citations = [c for rule in catalogue.rules.values() for c in rule.citations]
    citations += [c for p in catalogue.profiles.values() for o in p.overrides for c in o.citations]
    assert len(citations) >= 25
    for citation in citations:
        if citation.source == "credit-policy":
            continue  # the credit policy file quotes it (seeds/credits/, marked unverified)
        assert normalised(citation.quote) in texts[citation.source], citation


def test_fujian_requires_warning_education_twice_a_year_and_the_nation_once(catalogue):
    def required(profile):
        (rule,) = [r for r in catalogue.rules_of(profile) if r.id == "warning-education"]
        return rule.required, [c.source for c in rule.citations]

    assert required("national-2021")[0] == 1
    fujian, sources = required("fujian-2021")
    assert fujian == 2 and "001_1f851493ff9469a0.txt" in sources
    assert "002_6320035f4679d650.txt" in sources  # the national citation stays alongside
    assert catalogue.rules["warning-education"].required == 1  # the catalogue itself is untouched


def test_the_2021_joint_meeting_needs_emergency_and_icu_and_the_2018_one_medical_affairs(catalogue):
    def departments(profile):
        (rule,) = [r for r in catalogue.rules_of(profile) if r.id == "joint-meeting"]
        return rule.attendance.required_department_kinds

    assert "emergency" in departments("national-2021")
    assert "medical_affairs" not in departments("national-2021")
    assert "medical_affairs" in departments("national-2018")


def test_local_profiles_add_their_own_rules(catalogue):
    kaifeng = {r.id for r in catalogue.rules_of("kaifeng-2022")}
    chongqing = {r.id for r in catalogue.rules_of("chongqing-2020")}
    assert {
        "zone-spot-check",
        "zone-meeting",
        "county-meeting",
        "paired-support",
        "pph-drill",
    } <= kaifeng
    assert "monthly-simulation" in chongqing and "zone-spot-check" not in chongqing
    assert "monthly-simulation" not in kaifeng


@pytest.fixture
def seeds_copy(tmp_path):
    shutil.copytree(SEEDS_DIR / "rules", tmp_path / "rules")
    shutil.copytree(SEEDS_DIR / "profiles", tmp_path / "profiles")
    shutil.copytree(SEEDS_DIR / "policy-sources", tmp_path / "policy-sources")
    return tmp_path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_typo_in_an_activity_kind_names_the_file_and_the_field(seeds_copy):
    _edit(seeds_copy / "rules" / "pph-drill.toml", 'kinds = ["drill"]', 'kinds = ["dril"]')
    with pytest.raises(RuleCatalogueError) as raised:
        load_catalogue(seeds_copy)
    message = str(raised.value)
    assert "pph-drill.toml" in message and "qualifying.kinds" in message and "'dril'" in message
    assert "known: drill, joint_meeting" in message


def test_a_rule_without_a_citation_is_refused(seeds_copy):
    path = seeds_copy / "rules" / "zone-meeting.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("[[citations]]")[0], encoding="utf-8")
    with pytest.raises(RuleCatalogueError, match="zone-meeting.toml.*citations"):
        load_catalogue(seeds_copy)


def test_an_unknown_field_is_refused_not_ignored(seeds_copy):
    _edit(seeds_copy / "rules" / "pph-drill.toml", "required = 1", "required = 1\nrequried = 2")
    with pytest.raises(RuleCatalogueError, match="pph-drill.toml.*requried"):
        load_catalogue(seeds_copy)


def test_a_citation_of_a_missing_source_file_is_refused(seeds_copy):
    _edit(
        seeds_copy / "rules" / "pph-drill.toml",
        'source = "002_6320035f4679d650.txt"',
        'source = "002.txt"',
    )
    with pytest.raises(RuleCatalogueError, match="citations.*002.txt"):
        load_catalogue(seeds_copy)


def test_a_profile_with_an_unknown_base_or_rule_is_refused(seeds_copy):
    _edit(
        seeds_copy / "profiles" / "kaifeng-2022.toml",
        'base = "national-2021"',
        'base = "national-2031"',
    )
    with pytest.raises(RuleCatalogueError, match="kaifeng-2022.toml: base: .*'national-2031'"):
        load_catalogue(seeds_copy)


def test_changing_a_seed_file_changes_the_rule(seeds_copy):
    _edit(seeds_copy / "rules" / "pph-drill.toml", 'period = "quarter"', 'period = "month"')
    assert load_catalogue(seeds_copy).rules["pph-drill"].period == "month"


def test_a_misspelt_role_in_an_any_one_of_list_is_named(seeds_copy):
    _edit(seeds_copy / "rules" / "asphyxia-drill.toml", '"paediatrician"]', '"paediatricain"]')
    with pytest.raises(RuleCatalogueError) as raised:
        load_catalogue(seeds_copy)
    message = str(raised.value)
    assert "asphyxia-drill.toml: attendance.required_roles[0][1]" in message
    assert "'paediatricain'" in message and "neonatologist" in message


def test_a_quote_that_is_not_in_its_source_is_refused(seeds_copy):
    _edit(seeds_copy / "rules" / "pph-drill.toml", "每季度开展不少于1次", "每季度开展不少于2次")
    with pytest.raises(
        RuleCatalogueError, match=r"pph-drill.toml: citations\[0\].quote: not found"
    ):
        load_catalogue(seeds_copy)


def test_a_profile_citing_a_misquoted_sentence_is_refused(seeds_copy):
    _edit(seeds_copy / "profiles" / "fujian-2021.toml", "不少于2次", "不少于3次")
    with pytest.raises(RuleCatalogueError, match=r"fujian-2021.toml: overrides\[0\].citations"):
        load_catalogue(seeds_copy)


def test_profiles_whose_bases_form_a_cycle_are_refused(seeds_copy):
    path = seeds_copy / "profiles" / "national-2018.toml"
    path.write_text('base = "xuzhou-2022"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuleCatalogueError, match="base: profiles form a cycle"):
        load_catalogue(seeds_copy)


def test_an_override_of_a_rule_the_profile_does_not_have_is_refused(seeds_copy):
    _edit(
        seeds_copy / "profiles" / "fujian-2021.toml",
        'rule = "warning-education"',
        'rule = "zone-meeting"',
    )
    with pytest.raises(
        RuleCatalogueError, match="fujian-2021.toml: overrides.*'zone-meeting'.*not in force"
    ):
        load_catalogue(seeds_copy)


def test_a_profile_adding_an_unknown_rule_is_refused(seeds_copy):
    _edit(seeds_copy / "profiles" / "xuzhou-2022.toml", '"regional-drill"', '"regional-dril"')
    with pytest.raises(
        RuleCatalogueError, match="xuzhou-2022.toml: rules: unknown rule 'regional-dril'"
    ):
        load_catalogue(seeds_copy)


def test_a_staff_rule_must_say_how_part_period_staff_count(seeds_copy):
    path = seeds_copy / "rules" / "cme-annual.toml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("[part_period]")
    path.write_text(head + tail.split("\n\n", 1)[1], encoding="utf-8")
    with pytest.raises(RuleCatalogueError, match="cme-annual.toml: part_period"):
        load_catalogue(seeds_copy)


def test_a_drill_timing_rule_without_its_limit_is_refused(seeds_copy):
    _edit(seeds_copy / "rules" / "ddi-target.toml", "max_value = 30\n", "")
    with pytest.raises(RuleCatalogueError, match="ddi-target.toml: parameters.max_value"):
        load_catalogue(seeds_copy)


def test_a_fractional_count_is_refused_outside_shares(seeds_copy):
    _edit(seeds_copy / "rules" / "zone-meeting.toml", "required = 1", "required = 1.5")
    with pytest.raises(RuleCatalogueError, match="zone-meeting.toml: required: must be a whole"):
        load_catalogue(seeds_copy)


def test_rules_needing_later_capabilities_name_the_facts_they_wait_for(catalogue):
    rules = catalogue.rules
    assert "drill_records" in rules["ddi-target"].facts
    assert rules["ddi-target"].parameters.max_value == 30
    assert rules["zone-spot-check"].facts == ("spot_checks",)
    assert rules["paired-support"].facts == ("paired_support",)
    assert rules["paired-support"].parameters.roster_min_size == 3
    assert rules["paired-support"].parameters.roster_min_title == "associate_senior"
    assert "inspections" in rules["centre-inspection"].facts
    assert rules["district-inspection"].required == 0.5


def test_the_part_period_rule_for_staff_is_data(seeds_copy):
    _edit(seeds_copy / "rules" / "cme-annual.toml", "min_active_days = 90", "min_active_days = 30")
    assert load_catalogue(seeds_copy).rules["cme-annual"].part_period.min_active_days == 30


def test_an_override_that_breaks_the_rule_is_refused_naming_the_profile(seeds_copy):
    _edit(seeds_copy / "profiles" / "fujian-2021.toml", "required = 2", "required = 1.5")
    with pytest.raises(
        RuleCatalogueError, match="fujian-2021.toml: warning-education after overrides"
    ):
        load_catalogue(seeds_copy)


def test_every_broken_rule_file_is_listed_not_only_the_first(seeds_copy):
    _edit(seeds_copy / "rules" / "pph-drill.toml", 'kinds = ["drill"]', 'kinds = ["dril"]')
    _edit(seeds_copy / "rules" / "zone-meeting.toml", "required = ", "requried = ")
    with pytest.raises(RuleCatalogueError) as raised:
        load_catalogue(seeds_copy)
    lines = str(raised.value).splitlines()
    assert any("pph-drill.toml" in line and "'dril'" in line for line in lines)
    assert any("zone-meeting.toml" in line and "requried" in line for line in lines)


def test_every_profile_judges_the_yearly_cme_credits_of_the_same_people_as_cme_annual(catalogue):
    for profile in PROFILES:
        rules = {r.id: r for r in catalogue.rules_of(profile)}
        credits, annual = rules["cme-credits"], rules["cme-annual"]
        assert credits.measure == "cme_credits" and credits.facts == ("credits",)
        assert credits.applies_to == annual.applies_to, profile
        assert credits.part_period == annual.part_period
        assert credits.required == 0  # the figures are the credit policy's
        assert credits.citations[0].source == "credit-policy"


def test_only_a_credit_rule_may_cite_the_credit_policy(seeds_copy):
    _edit(
        seeds_copy / "rules" / "zone-meeting.toml",
        "[[citations]]",
        '[[citations]]\nsource = "credit-policy"\n\n[[citations]]',
    )
    with pytest.raises(RuleCatalogueError, match="zone-meeting.toml.*'credit-policy' may be cited"):
        load_catalogue(seeds_copy)


def test_a_credit_rule_that_repeats_the_policy_figures_is_refused(seeds_copy):
    _edit(
        seeds_copy / "rules" / "cme-credits.toml",
        'period = "year"',
        'period = "year"\nrequired = 25',
    )
    with pytest.raises(RuleCatalogueError, match="cme-credits.toml: required: .*credit policy"):
        load_catalogue(seeds_copy)


def test_a_credit_policy_citation_with_its_own_quote_is_refused(seeds_copy):
    _edit(
        seeds_copy / "rules" / "cme-credits.toml",
        'source = "credit-policy"',
        'source = "credit-policy"\nquote = "每年不低于25学分"',
    )
    with pytest.raises(
        RuleCatalogueError, match="cme-credits.toml: citations.0.*no clause or quote"
    ):
        load_catalogue(seeds_copy)


def test_a_credit_rule_must_cite_the_credit_policy(seeds_copy):
    _edit(
        seeds_copy / "rules" / "cme-credits.toml",
        'source = "credit-policy"',
        'source = "002_6320035f4679d650.txt"\nclause = "四（四）15"\n'
        'quote = "保障产科医师、助产士、新生儿科医师每年至少参加1次针对性继续医学教育"',
    )
    with pytest.raises(RuleCatalogueError, match="cme-credits.toml: citations: .*credit policy"):
        load_catalogue(seeds_copy)

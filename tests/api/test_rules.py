"""The rule catalogue and the profiles, with their citations, through the API."""


def test_every_rule_is_listed_with_its_quoted_source_and_the_profiles_it_is_in(world, api):
    rules = {item["rule"]["id"]: item for item in api("staff").get("/api/rules").json()}
    assert len(rules) == 21
    pph = rules["pph-drill"]
    assert pph["rule"]["period"] == "quarter" and pph["rule"]["required"] == 1
    assert pph["rule"]["citations"][0]["quote"].startswith("每季度开展不少于1次")
    assert set(pph["profiles"]) == {
        "national-2018",
        "national-2021",
        "fujian-2021",
        "xuzhou-2022",
        "chongqing-2020",
        "kaifeng-2022",
    }
    assert rules["monthly-simulation"]["profiles"] == ["chongqing-2020"]


def test_rules_under_a_profile_carry_its_overrides(world, api):
    fujian = {
        item["rule"]["id"]: item["rule"]
        for item in api("admin").get("/api/rules?profile=fujian-2021").json()
    }
    assert fujian["warning-education"]["required"] == 2
    assert any("不少于2次" in c["quote"] for c in fujian["warning-education"]["citations"])
    response = api("admin").get("/api/rules?profile=atlantis-2030")
    assert response.status_code == 404 and response.json()["error"] == "unknown_profile"


def test_profiles_list_their_base_and_rules(world, api):
    profiles = {item["profile"]["id"]: item for item in api("officer").get("/api/profiles").json()}
    assert profiles["kaifeng-2022"]["profile"]["base"] == "national-2021"
    assert "zone-meeting" in profiles["kaifeng-2022"]["rule_ids"]


def test_rules_need_a_login(anonymous):
    assert anonymous.get("/api/rules").status_code == 401


def test_the_credit_rule_cites_the_credit_policy_by_its_title_and_marks_an_unchecked_quote(
    world, api
):
    rules = {item["rule"]["id"]: item for item in api("staff").get("/api/rules").json()}
    credits = rules["cme-credits"]
    assert len(credits["profiles"]) == 6  # in the base profile, so in every profile
    cited = credits["rule"]["citations"][0]
    assert cited["source"] == "继续医学教育学分授予与管理办法"
    assert "不低于25学分" in cited["quote"] and "未与原文核对" in cited["quote"]
    shown = str(credits["rule"]["citations"])
    assert "credit-policy" not in shown and ".toml" not in shown

"""The yearly CME credits rule (cme-credits) through the compliance API: each staff member's
credits as the credit policy counts them, moved by confirmed certificates."""

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _credit_finding(client, staff_id, as_of="2026-01-05"):
    body = client.get(f"/api/staff/{staff_id}/compliance?year=2025&as_of={as_of}").json()
    (finding,) = [f for f in body["findings"] if f["rule_id"] == "cme-credits"]
    return finding


def _confirmed_certificate(world, api, cme_class, credits):
    form = {"title": "东岚省产科危急重症培训班", "cme_class": cme_class, "credits": str(credits),
            "earned_on": "2025-06-01"}  # fmt: skip
    files = {"file": ("证书.pdf", PDF, "application/pdf")}
    submitted = api("staff").post("/api/credits/certificates", data=form, files=files)
    assert submitted.status_code == 201, submitted.text
    url = f"/api/credits/certificates/{submitted.json()['id']}/decision"
    decided = api("officer").post(url, json={"decision": "confirm", "note": ""})
    assert decided.status_code == 200, decided.text


def test_a_staff_member_without_credits_has_a_gap_counting_each_class(world, api):
    finding = _credit_finding(api("staff"), world.s_a)
    assert finding["status"] == "gap" and finding["period"] == "2025"
    assert finding["rule_name_zh"] == "继续医学教育年度学分"
    assert finding["reason_zh"] == (
        "年度学分尚未达到要求：Ⅰ类学分 0/5，Ⅱ类学分 0/15，共 0/25 学分。"
    )
    assert finding["required"] == 25


def test_while_the_year_is_open_missing_credits_are_due_soon(world, api):
    assert _credit_finding(api("staff"), world.s_a, as_of="2025-10-01")["status"] == "due_soon"


def test_confirming_the_certificate_that_completes_the_credits_turns_the_year_to_met(world, api):
    _confirmed_certificate(world, api, "II", 20)
    short = _credit_finding(api("officer"), world.s_a)
    assert short["status"] == "gap"
    assert "Ⅰ类学分 0/5，Ⅱ类学分 20/15，共 20/25 学分" in short["reason_zh"]
    _confirmed_certificate(world, api, "I", 5)
    finding = _credit_finding(api("staff"), world.s_a)
    assert finding["status"] == "met" and finding["done"] == 25
    assert finding["reason_en"] == (
        "Yearly credits reached: Class I credits 5/5, Class II credits 20/15, 25/25 credits in all."
    )


def test_a_rejected_certificate_leaves_the_year_short(world, api):
    form = {"title": "外院讲座", "cme_class": "I", "credits": "25", "earned_on": "2025-06-01"}
    files = {"file": ("证书.pdf", PDF, "application/pdf")}
    certificate = api("staff").post("/api/credits/certificates", data=form, files=files).json()
    url = f"/api/credits/certificates/{certificate['id']}/decision"
    api("officer").post(url, json={"decision": "reject", "note": "非本年度"})
    assert _credit_finding(api("staff"), world.s_a)["status"] == "gap"


def test_the_institution_page_cites_the_credit_policy_by_its_title(world, api):
    body = (
        api("officer")
        .get(f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-05")
        .json()
    )
    credits = [f for f in body["findings"] if f["rule_id"] == "cme-credits"]
    assert {f["subject_id"] for f in credits} == {world.s_a}
    cited = credits[0]["citations"][0]
    assert cited["source"] == "继续医学教育学分授予与管理办法"
    assert "未与原文核对" in cited["quote"]
    assert all(c["source"] != "credit-policy" for c in credits[0]["citations"])

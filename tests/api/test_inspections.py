"""Quality inspections name the institutions they visit; centre-inspection and
district-inspection coverage is counted from those visits."""

from backend.activities.tables import Activity
from backend.audit.tables import AuditEntry
from backend.inspections.tables import InspectionVisit
from backend.institutions.tables import Institution, Jurisdiction

_DAY = iter(range(1, 28))


def _inspection(client, when="2031-05", **fields) -> int:
    day = next(_DAY)
    response = client.post(
        "/api/activities",
        json={"kind": "quality_inspection", "title": "产科质量检查",
              "starts_at": f"{when}-{day:02d}T09:00", "ends_at": f"{when}-{day:02d}T17:00",
              **fields},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    return response.json()["activity"]["id"]


def _url(activity_id: int) -> str:
    return f"/api/activities/{activity_id}/inspected-institutions"


def _visits(activity_id: int) -> set[int]:
    rows = InspectionVisit.select(InspectionVisit.institution).where(
        InspectionVisit.activity == activity_id
    )
    return {r["institution"] for r in rows.run_sync()}


def _other_city(world) -> int:
    """A hospital in another city of the province."""
    city = Jurisdiction(code="oc", name_zh="北川市", level="city", parent=world.province)
    city.save().run_sync()
    county = Jurisdiction(code="oc-1", name_zh="北川区", level="county", parent=city.id)
    county.save().run_sync()
    row = Institution(code="oc-h", name_zh="北川区人民医院", kind="general_hospital",
                      level="secondary", jurisdiction=county.id)  # fmt: skip
    row.save().run_sync()
    return row.id


def _chongqing(world) -> None:
    Jurisdiction.update({Jurisdiction.profile: "chongqing-2020"}).where(
        Jurisdiction.id == world.city
    ).run_sync()


def test_the_centre_names_and_replaces_the_institutions_it_visits(world, api):
    reviewer = api("reviewer")
    activity_id = _inspection(reviewer, host_institution_id=world.centre)
    assert reviewer.get(_url(activity_id)).json()["institutions"] == []
    # a city centre inspects across its city, beyond its own zone (柳溪县 is in no zone)
    response = reviewer.put(
        _url(activity_id), json={"institution_ids": [world.hosp_a, world.hosp_b]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [i["id"] for i in body["institutions"]] == [
        world.hosp_a,
        world.hosp_b,
    ]  # by county, pinyin: 禾城区 he, 柳溪县 liu
    assert {i["jurisdiction_name_zh"] for i in body["institutions"]} == {"禾城区", "柳溪县"}
    assert body["counties_count"] == 2 and body["may_edit"] is True
    assert {c["id"] for c in body["candidates"]} == {world.centre, world.hosp_a, world.hosp_b}
    response = reviewer.put(_url(activity_id), json={"institution_ids": [world.hosp_a]})
    assert [i["id"] for i in response.json()["institutions"]] == [world.hosp_a]
    assert _visits(activity_id) == {world.hosp_a}
    # the county commission may edit what is hosted in its county (activities' host rules)
    assert api("commission").get(_url(activity_id)).json()["may_edit"] is True


def test_an_institution_outside_the_hosts_area_is_refused_and_nothing_is_written(world, api):
    elsewhere = _other_city(world)
    reviewer = api("reviewer")
    activity_id = _inspection(reviewer, host_institution_id=world.centre)
    reviewer.put(_url(activity_id), json={"institution_ids": [world.hosp_a]})
    audits = AuditEntry.count().run_sync()
    # not even visible to the centre: as if it did not exist
    response = reviewer.put(_url(activity_id), json={"institution_ids": [world.hosp_b, elsewhere]})
    assert response.status_code == 404
    # the administrator sees it, but the centre's inspection cannot visit another city
    response = api("admin").put(
        _url(activity_id),
        json={"institution_ids": [elsewhere]},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "institution_outside_host_scope"
    assert "北川区人民医院" in response.json()["message"]
    # a county commission inspects its own county only
    county = _inspection(api("commission"), host_jurisdiction_id=world.county_a)
    response = api("city_commission").put(_url(county), json={"institution_ids": [world.hosp_b]})
    assert response.status_code == 400
    assert _visits(activity_id) == {world.hosp_a} and _visits(county) == set()
    assert AuditEntry.count().run_sync() == audits + 1  # only the county inspection's booking


def test_only_the_host_of_a_quality_inspection_lists_its_visits(world, api):
    county = _inspection(api("commission"), host_jurisdiction_id=world.county_a)
    api("commission").put(_url(county), json={"institution_ids": [world.centre, world.hosp_a]})
    # a hospital's officer sees the county's inspection: its own hospital, a count of the others
    officer = api("officer")
    seen = officer.get(_url(county)).json()
    assert [i["id"] for i in seen["institutions"]] == [world.hosp_a]
    assert seen["others_count"] == 1 and seen["may_edit"] is False and seen["candidates"] == []
    assert officer.put(_url(county), json={"institution_ids": []}).status_code == 403
    # the city commission, above the county, sees the whole list
    other = api("city_commission").get(_url(county)).json()
    assert len(other["institutions"]) == 2  # the city commission sees the whole county
    # a hospital's own activity: not an inspection, or not a commission's or centre's
    own = _inspection(officer)
    response = officer.put(_url(own), json={"institution_ids": [world.hosp_a]})
    assert response.status_code == 400
    assert response.json()["error"] == "inspection_needs_duty_host"
    meeting = officer.post(
        "/api/activities",
        json={"kind": "joint_meeting", "title": "联席会议", "starts_at": "2031-06-01T09:00",
              "ends_at": "2031-06-01T10:00"},
    ).json()["activity"]["id"]  # fmt: skip
    assert officer.get(_url(meeting)).json()["error"] == "not_an_inspection"
    assert officer.put(_url(meeting), json={"institution_ids": []}).status_code == 400
    assert _visits(own) == set() and _visits(meeting) == set()
    assert _visits(county) == {world.centre, world.hosp_a}


def test_the_centres_coverage_counts_the_districts_its_held_inspections_visited(world, api):
    _chongqing(world)
    reviewer = api("reviewer")
    held = _inspection(reviewer, when="2026-03", host_institution_id=world.centre, allow_past=True)
    reviewer.put(_url(held), json={"institution_ids": [world.hosp_a, world.hosp_b]})
    planned = _inspection(reviewer, when="2026-12", host_institution_id=world.centre)
    reviewer.put(_url(planned), json={"institution_ids": [world.hosp_b]})
    query = f"/api/compliance?institution={world.centre}&year=2026&as_of=2027-01-05"
    findings = api("admin").get(query, headers={"Accept-Language": "zh"}).json()["findings"]
    finding = next(f for f in findings if f["rule_id"] == "centre-inspection")
    assert finding["status"] == "partly_met"
    assert finding["done"] == 2 and finding["counted"] == [held]
    assert finding["reason_zh"].startswith("已检查 2 个区县（共需 3 个）：柳溪县、禾城区")
    # a visit removed: the centre's judgement follows at once
    reviewer.put(_url(held), json={"institution_ids": [world.hosp_a]})
    findings = api("admin").get(query).json()["findings"]
    finding = next(f for f in findings if f["rule_id"] == "centre-inspection")
    assert finding["done"] == 1 and "禾城区" in finding["reason_zh"]


def test_a_county_commissions_inspections_count_the_share_of_its_midwifery_institutions(world, api):
    _chongqing(world)
    commission = api("commission")
    held = _inspection(commission, when="2026-04", host_jurisdiction_id=world.county_a,
                       allow_past=True)  # fmt: skip
    query = f"/api/compliance/commissions?jurisdiction={world.county_a}&year=2026"

    def finding(as_of):
        rows = commission.get(f"{query}&as_of={as_of}", headers={"Accept-Language": "en"}).json()
        return next(f for f in rows["rows"][0]["findings"] if f["rule_id"] == "district-inspection")

    assert finding("2027-01-05")["status"] == "gap"
    # county A has two midwifery institutions (the centre and hosp_a): one visited is half
    commission.put(_url(held), json={"institution_ids": [world.hosp_a]})
    found = finding("2027-01-05")
    assert found["status"] == "met" and found["done"] == 1
    assert found["reason_en"].startswith(
        "1 of 2 midwifery institutions inspected (50%, ≥50% required)"
    )
    # a third midwifery institution: a third visited is short; a planned visit is "planned"
    Institution(code="mch", name_zh="禾城区妇幼保健院", kind="mch_hospital", level="secondary",
                jurisdiction=world.county_a).save().run_sync()  # fmt: skip
    assert finding("2027-01-05")["status"] == "partly_met"
    planned = _inspection(commission, when="2026-12", host_jurisdiction_id=world.county_a)
    commission.put(_url(planned), json={"institution_ids": [world.centre]})
    assert finding("2026-12-02")["status"] == "planned"
    assert finding("2027-01-05")["status"] == "partly_met"
    assert Activity.count().run_sync() == 2

"""Paired support (对口支援) through the API: agreements, roster bounds, clinic days logged by the
supported hospital and confirmed by the supporting one, scope, the staff calendar, the matrix.

Hospital A (the officer's) supports hospital B (county B); officer_b keeps hospital B."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from backend.auth.tables import User
from backend.core.clock import today_in_shanghai
from backend.paired_support.tables import ClinicDay
from backend.staff.tables import StaffMember
from tests.world import _HASH

TODAY = today_in_shanghai()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


async def _add_people(world) -> dict[str, int]:
    now = datetime.now(UTC)
    ids = {}
    for number, name, title in (
        ("A101", "赵副高", "associate_senior"),
        ("A102", "钱正高", "senior"),
        ("A103", "孙副高", "associate_senior"),
        ("A104", "李副高", "associate_senior"),
        ("A105", "周正高", "senior"),
        ("A106", "吴中级", "intermediate"),
    ):
        row = StaffMember(institution=world.hosp_a, department=world.obstetrics_a,
                          staff_number=number, name=name, role="obstetrician", title=title,
                          active_from=date(2020, 1, 1), updated_at=now)  # fmt: skip
        await row.save()
        ids[name] = row.id
    await StaffMember.update({StaffMember.title: "associate_senior"}).where(
        StaffMember.id == world.s_a
    )
    for username, institution in (("officer_b", world.hosp_b), ("officer_c", world.centre)):
        await User.insert(User(username=username, password_hash=_HASH[0], display_name=username,
                               role="officer", institution=institution))  # fmt: skip
    return ids


@pytest.fixture
def people(world):
    return asyncio.run(_add_people(world))


def _agreement(client, world, **fields):
    body = {
        "supporting_id": world.hosp_a,
        "supported_id": world.hosp_b,
        "starts_on": (TODAY - timedelta(days=70)).isoformat(),
        "ends_on": (TODAY + timedelta(days=120)).isoformat(),
        "specialty": "产科",
        **fields,
    }
    return client.post("/api/paired-support/agreements", json=body)


def _rostered(officer, world, people, names=("赵副高", "钱正高", "孙副高")) -> int:
    response = _agreement(officer, world)
    assert response.status_code == 201, response.text
    agreement = response.json()["id"]
    joined = (TODAY - timedelta(days=70)).isoformat()
    for name in names:
        added = officer.post(f"/api/paired-support/agreements/{agreement}/roster",
                             json={"staff_id": people[name], "joined_on": joined})  # fmt: skip
        assert added.status_code == 201, added.text
    return agreement


def _clinic_days() -> int:
    return ClinicDay.count().run_sync()


def test_who_may_create_an_agreement(world, api, people):
    assert _agreement(api("officer"), world).status_code == 201
    # the centre sees hospital A (its zone) but does not act for it; county A's commission
    # cannot see hospital B; the city's commission sees both
    assert _agreement(api("reviewer"), world).status_code == 403
    assert _agreement(api("commission"), world).status_code == 403
    assert _agreement(api("city_commission"), world).status_code == 201
    assert _agreement(api("officer_b"), world).status_code == 404  # hospital A is not B's
    bad = _agreement(api("officer"), world, ends_on=(TODAY - timedelta(days=200)).isoformat())
    assert bad.status_code == 400 and "结束日期" in bad.json()["message"]
    same = _agreement(api("officer"), world, supported_id=world.hosp_a)
    assert same.status_code == 400


def test_roster_bounds_and_titles(world, api, people):
    officer = api("officer")
    agreement = _agreement(officer, world).json()["id"]
    url = f"/api/paired-support/agreements/{agreement}/roster"
    junior = officer.post(url, json={"staff_id": people["吴中级"]})
    assert junior.status_code == 400
    assert "吴中级" in junior.json()["message"] and "中级" in junior.json()["message"]
    english = officer.post(url, json={"staff_id": people["吴中级"]},
                           headers={"Accept-Language": "en"})  # fmt: skip
    assert "intermediate" in english.json()["message"]
    foreign = officer.post(url, json={"staff_id": world.s_b})
    assert foreign.status_code == 400 and "李建国" not in foreign.json()["message"]
    for name in ("赵副高", "钱正高"):
        assert officer.post(url, json={"staff_id": people[name]}).status_code == 201
    short = officer.get(f"/api/paired-support/agreements/{agreement}").json()
    assert short["roster_size"] == 2 and short["roster_short"] is True
    assert short["rule"]["min_size"] == 3 and short["rule"]["max_size"] == 5
    assert officer.post(url, json={"staff_id": people["赵副高"]}).status_code == 409
    for name in ("孙副高", "李副高", "周正高"):
        assert officer.post(url, json={"staff_id": people[name]}).status_code == 201
    full = officer.post(url, json={"staff_id": world.s_a})
    assert full.status_code == 400 and "最多 5 人" in full.json()["message"]
    removed = officer.delete(f"{url}/{people['周正高']}")
    assert removed.status_code == 200 and removed.json()["roster_size"] == 4
    assert officer.post(url, json={"staff_id": world.s_a}).status_code == 201
    assert api("officer_b").post(url, json={"staff_id": people["周正高"]}).status_code == 403


def test_a_clinic_day_is_logged_by_the_supported_and_confirmed_by_the_supporting(
    world, api, people
):
    officer, officer_b = api("officer"), api("officer_b")
    agreement = _rostered(officer, world, people)
    url = f"/api/paired-support/agreements/{agreement}/clinic-days"
    last_week = MONDAY - timedelta(days=5)  # a Wednesday
    body = {"day": last_week.isoformat(), "staff_id": people["赵副高"], "status": "held",
            "department_id": world.obstetrics_b, "work": "产科门诊、疑难病例会诊"}  # fmt: skip
    assert officer.post(url, json=body).status_code == 403  # the supporting side only plans
    logged = officer_b.post(url, json=body)
    assert logged.status_code == 201, logged.text
    day = logged.json()
    assert day["confirmed"] is False and day["staff_name"] == "赵副高"
    week = last_week.isocalendar()
    label = f"{week[0]}-W{week[1]:02d}"
    grid = {
        w["week"]: w
        for w in officer.get(f"/api/paired-support/agreements/{agreement}").json()["weeks"]
    }
    if not grid[label]["holiday"]:
        assert grid[label]["status"] == "partly_met"
        assert "等待支援单位确认" in grid[label]["reason_zh"]
    confirm = f"/api/paired-support/clinic-days/{day['id']}/confirm"
    assert officer_b.post(confirm).status_code == 403
    confirmed = officer.post(confirm)
    assert confirmed.status_code == 200 and confirmed.json()["confirmed"] is True
    assert officer.post(confirm).status_code == 409
    grid = {
        w["week"]: w
        for w in officer.get(f"/api/paired-support/agreements/{agreement}").json()["weeks"]
    }
    if not grid[label]["holiday"]:
        assert grid[label]["status"] == "met"


def test_a_day_outside_the_agreement_or_by_someone_off_the_roster_writes_nothing(
    world, api, people
):
    officer, officer_b = api("officer"), api("officer_b")
    agreement = _rostered(officer, world, people)
    url = f"/api/paired-support/agreements/{agreement}/clinic-days"
    before = _clinic_days()
    outside = officer_b.post(url, json={"day": (TODAY - timedelta(days=100)).isoformat(),
                                        "staff_id": people["赵副高"], "status": "held"})  # fmt: skip
    assert outside.status_code == 400 and "不在协议期内" in outside.json()["message"]
    off = officer_b.post(url, json={"day": TODAY.isoformat(), "staff_id": people["李副高"],
                                    "status": "held"})  # fmt: skip
    assert off.status_code == 400 and "李副高" in off.json()["message"]
    future = officer_b.post(url, json={"day": (TODAY + timedelta(days=3)).isoformat(),
                                       "staff_id": people["赵副高"], "status": "held"})  # fmt: skip
    assert future.status_code == 400
    wrong_department = officer_b.post(url, json={"day": TODAY.isoformat(), "staff_id": people["赵副高"],
                                                 "department_id": world.obstetrics_a, "status": "held"})  # fmt: skip
    assert wrong_department.status_code == 400
    assert _clinic_days() == before


def test_scope_another_institutions_officer_gets_404_like_a_missing_one(world, api, people):
    officer = api("officer")
    agreement = _rostered(officer, world, people)
    other = api("officer_c")
    assert other.get(f"/api/paired-support/agreements/{agreement}").status_code == 404
    assert other.get("/api/paired-support/agreements/999999").status_code == 404
    assert other.get("/api/paired-support/agreements").json() == []
    assert api("officer_b").get(f"/api/paired-support/agreements/{agreement}").status_code == 200
    listed = api("commission").get(f"/api/paired-support/agreements?institution={world.hosp_a}")
    assert [a["id"] for a in listed.json()] == [agreement]
    day = (
        api("officer_b")
        .post(
            f"/api/paired-support/agreements/{agreement}/clinic-days",
            json={"day": TODAY.isoformat(), "staff_id": people["赵副高"], "status": "held"},
        )
        .json()
    )
    assert other.post(f"/api/paired-support/clinic-days/{day['id']}/confirm").status_code == 404
    # staff see only the agreements they are on the roster of
    assert api("staff").get(f"/api/paired-support/agreements/{agreement}").status_code == 404


def test_a_planned_clinic_day_appears_in_the_staff_members_calendar_feed(
    world, api, anonymous, people
):
    officer = api("officer")
    agreement = _rostered(officer, world, people, names=("赵副高", "钱正高"))
    officer.post(f"/api/paired-support/agreements/{agreement}/roster",
                 json={"staff_id": world.s_a, "joined_on": (TODAY - timedelta(days=70)).isoformat()})  # fmt: skip
    staff = api("staff")
    url = staff.get("/api/me/calendar-feed").json()["url"].removeprefix("http://testserver.local")
    before = anonymous.get(url)
    assert "对口支援坐诊" not in before.content.decode()
    day = MONDAY + timedelta(days=9)  # next week's Wednesday
    planned = officer.post(f"/api/paired-support/agreements/{agreement}/clinic-days",
                           json={"day": day.isoformat(), "staff_id": world.s_a})  # fmt: skip
    assert planned.status_code == 201, planned.text
    after = anonymous.get(url, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    text = after.content.decode().replace("\r\n ", "")
    assert "SUMMARY:对口支援坐诊：柳溪县人民医院" in text
    assert f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}" in text
    assert "LOCATION:柳溪县人民医院" in text
    assert api("staff").get(f"/api/paired-support/agreements/{agreement}").status_code == 200


def test_the_matrix_shows_paired_support_for_the_supporting_institution(world, api, people):
    officer = api("officer")
    _rostered(officer, world, people)
    matrix = (
        api("city_commission")
        .get(f"/api/compliance/matrix?jurisdiction={world.city}&year={TODAY.year}")
        .json()
    )
    assert "paired-support" in matrix["rules"]
    rows = {row["institution"]["id"]: row for row in matrix["rows"]}
    cell = next(c for c in rows[world.hosp_a]["cells"] if c["rule_id"] == "paired-support")
    assert cell["status"] not in ("no_data", "not_applicable")
    other = next(c for c in rows[world.hosp_b]["cells"] if c["rule_id"] == "paired-support")
    assert other["status"] == "not_applicable"
    found = api("officer").get(f"/api/compliance?institution={world.hosp_a}&year={TODAY.year}")
    rotation = [f for f in found.json()["findings"] if f["rule_id"] == "paired-support"]
    assert rotation and all(f["subject_kind"] == "paired_support_rotation" for f in rotation)


def test_a_planned_clinic_day_is_cancelled_by_either_side_and_a_held_one_stays(
    world, api, anonymous, people
):
    officer, officer_b = api("officer"), api("officer_b")
    agreement = _rostered(officer, world, people)
    url = f"/api/paired-support/agreements/{agreement}/clinic-days"
    next_week = MONDAY + timedelta(days=9)

    def plan(client, name):
        made = client.post(url, json={"day": next_week.isoformat(), "staff_id": people[name]})
        assert made.status_code == 201, made.text
        return made.json()["id"]

    by_supporting, by_supported = plan(officer, "赵副高"), plan(officer_b, "钱正高")
    # the supporting officer cancels the supported side's plan and the other way round
    cancelled = officer.post(f"/api/paired-support/clinic-days/{by_supported}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert (
        officer_b.post(f"/api/paired-support/clinic-days/{by_supporting}/cancel").status_code == 200
    )
    again = officer.post(f"/api/paired-support/clinic-days/{by_supporting}/cancel")
    assert again.status_code == 409 and "已经取消" in again.json()["message"]
    detail = officer.get(f"/api/paired-support/agreements/{agreement}").json()
    assert {d["id"]: d["status"] for d in detail["clinic_days"]} == {
        by_supporting: "cancelled",
        by_supported: "cancelled",
    }
    week = next_week.isocalendar()
    grid = {w["week"]: w for w in detail["weeks"]}
    label = f"{week[0]}-W{week[1]:02d}"
    if label in grid and not grid[label]["holiday"]:
        assert grid[label]["status"] != "planned"  # cancelled plans no longer count
    # a held day cannot be cancelled, in either language
    held = officer_b.post(url, json={"day": TODAY.isoformat(), "staff_id": people["孙副高"],
                                     "status": "held"}).json()  # fmt: skip
    refused = officer_b.post(f"/api/paired-support/clinic-days/{held['id']}/cancel")
    assert refused.status_code == 400 and "不能取消" in refused.json()["message"]
    english = officer.post(f"/api/paired-support/clinic-days/{held['id']}/cancel",
                           headers={"Accept-Language": "en"})  # fmt: skip
    assert english.status_code == 400 and "cannot be cancelled" in english.json()["message"]
    assert (
        ClinicDay.select(ClinicDay.status)
        .where(ClinicDay.id == held["id"])
        .first()
        .run_sync()["status"]
        == "held"
    )


def test_cancelling_outside_scope_is_404_and_in_scope_without_the_right_403(world, api, people):
    officer = api("officer")
    agreement = _rostered(officer, world, people)
    planned = officer.post(f"/api/paired-support/agreements/{agreement}/clinic-days",
                           json={"day": (MONDAY + timedelta(days=8)).isoformat(),
                                 "staff_id": people["赵副高"]}).json()  # fmt: skip
    cancel = f"/api/paired-support/clinic-days/{planned['id']}/cancel"
    assert api("officer_c").post(cancel).status_code == 404
    assert api("officer_c").post("/api/paired-support/clinic-days/999999/cancel").status_code == 404
    assert api("staff").post(cancel).status_code == 404  # not on this roster
    assert api("reviewer").post(cancel).status_code == 403  # sees hospital A, does not act for it
    assert api("commission").post(cancel).status_code == 403
    still = officer.get(f"/api/paired-support/agreements/{agreement}").json()["clinic_days"]
    assert [d["status"] for d in still] == ["planned"]


def test_the_roster_rule_names_the_titles_that_qualify(world, api, people):
    officer = api("officer")
    agreement = _agreement(officer, world).json()["id"]
    rule = officer.get(f"/api/paired-support/agreements/{agreement}").json()["rule"]
    assert rule["min_title"] == "associate_senior" and rule["min_title_label"] == "副高"
    assert rule["qualifying_titles"] == ["associate_senior", "senior"]


async def _more_institutions(world) -> dict[str, int]:
    from backend.institutions.tables import Institution, Jurisdiction

    elsewhere = Jurisdiction(code="xc-other", name_zh="西川市", level="city")
    await elsewhere.save()
    ids = {}
    for code, name, kind, jurisdiction in (
        ("mch-b", "柳溪县妇幼保健院", "mch_hospital", world.county_b),
        ("far", "西川市人民医院", "general_hospital", elsewhere.id),
    ):
        row = Institution(code=code, name_zh=name, kind=kind, level="county",
                          jurisdiction=jurisdiction)  # fmt: skip
        await row.save()
        ids[code] = row.id
    return ids


def test_the_agreement_form_offers_the_citys_institutions_mch_hospitals_first(world, api, people):
    more = asyncio.run(_more_institutions(world))
    url = "/api/paired-support/candidates"
    offered = api("officer").get(url, params={"supporting": world.hosp_a})
    assert offered.status_code == 200, offered.text
    ids = [c["id"] for c in offered.json()]
    assert ids[0] == more["mch-b"] and offered.json()[0]["name"] == "柳溪县妇幼保健院"
    assert world.hosp_b in ids and world.centre in ids
    assert world.hosp_a not in ids and more["far"] not in ids  # not itself, not another city
    # the city's commission offers its area; county A's only county A (hospital B lies outside)
    city = [
        c["id"] for c in api("city_commission").get(url, params={"supporting": world.hosp_a}).json()
    ]
    assert more["mch-b"] in city and more["far"] not in city
    county = [
        c["id"] for c in api("commission").get(url, params={"supporting": world.hosp_a}).json()
    ]
    assert world.hosp_b not in county
    assert api("officer").get(url, params={"supporting": world.hosp_b}).status_code == 404
    assert api("reviewer").get(url, params={"supporting": world.hosp_a}).status_code == 403
    assert api("staff").get(url, params={"supporting": world.hosp_a}).status_code == 403

"""Paginated lists (institutions, staff), the compliance matrix and its Excel download list names
in pinyin order (安 before 李 before 张), page after page; renaming someone moves them."""

import io

from openpyxl import load_workbook

from backend.core.chinese_order import person_pinyin_text, pinyin_text
from backend.institutions.tables import Institution
from backend.staff.tables import StaffMember
from tests.api.test_roster_import import finished, upload
from tests.rosters import SAMPLE_ROWS, build_roster_xlsx


def _hospital(admin, county: int, code: str, name: str) -> int:
    body = {"code": code, "name_zh": name, "kind": "general_hospital", "level": "secondary",
            "jurisdiction_id": county}  # fmt: skip
    response = admin.post("/api/institutions", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _names(client, path: str, params: dict, key: str) -> list[str]:
    """Every name the list shows, page by page with two to a page."""
    names, page = [], 1
    while True:
        body = client.get(path, params={**params, "page": page, "page_size": 2}).json()
        names += [item[key] for item in body["items"]]
        if page * 2 >= body["total"]:
            return names
        page += 1


def test_the_institution_list_is_in_pinyin_order_across_pages(world, api):
    admin = api("admin")
    zhang = _hospital(admin, world.county_b, "zz", "张家医院")
    _hospital(admin, world.county_b, "aa", "昂山医院")  # ang shan: after 安 (an ...)
    _hospital(admin, world.county_b, "bb", "安立医院")  # an li: a syllable ends before "ang"
    _hospital(admin, world.county_b, "cc", "李庄医院")
    where = {"jurisdiction": world.county_b}
    first = admin.get("/api/institutions", params={**where, "page_size": 2}).json()
    assert [i["name_zh"] for i in first["items"]] == ["安立医院", "昂山医院"]
    assert _names(admin, "/api/institutions", where, "name_zh") == [
        "安立医院", "昂山医院", "李庄医院", "柳溪县人民医院", "张家医院"
    ]  # fmt: skip
    renamed = admin.patch(f"/api/institutions/{zhang}", json={"name_zh": "阿里医院"})
    assert renamed.status_code == 200
    assert _names(admin, "/api/institutions", where, "name_zh")[0] == "阿里医院"


def test_the_staff_list_is_in_pinyin_order_across_pages_and_follows_a_rename(world, api):
    officer = api("officer")
    for number, name in (("A002", "张伟"), ("A003", "安娜"), ("A004", "李明")):
        body = {"staff_number": number, "name": name, "role": "midwife", "title": "junior",
                "active_from": "2024-01-01"}  # fmt: skip
        assert officer.post(f"/api/institutions/{world.hosp_a}/staff", json=body).status_code == 201
    where = {"institution": world.hosp_a}
    assert _names(officer, "/api/staff", where, "name") == ["安娜", "李明", "张伟", "张晓梅"]
    officer.patch(f"/api/staff/{world.s_a}", json={"name": "艾晓梅"})
    assert _names(officer, "/api/staff", where, "name") == ["艾晓梅", "安娜", "李明", "张伟"]


def test_staff_of_several_institutions_come_grouped_by_institution_in_pinyin_order(world, api):
    # 禾城区人民医院 (he) before 柳溪县人民医院 (liu); people of each together, by name
    api("officer").post(
        f"/api/institutions/{world.hosp_a}/staff",
        json={"staff_number": "A002", "name": "安娜", "role": "midwife", "title": "junior",
              "active_from": "2024-01-01"},
    )  # fmt: skip
    listed = api("admin").get("/api/staff", params={"page_size": 10}).json()["items"]
    assert [(s["institution_name"], s["name"]) for s in listed] == [
        ("禾城区人民医院", "安娜"), ("禾城区人民医院", "张晓梅"), ("柳溪县人民医院", "李建国")
    ]  # fmt: skip


def test_a_roster_import_sets_the_order_and_a_renamed_row_moves(world, api):
    officer = api("officer")
    assert (
        finished(officer, upload(officer, world.hosp_a, build_roster_xlsx(SAMPLE_ROWS)).json())[
            "state"
        ]
        == "done"
    )
    where = {"institution": world.hosp_a, "q": "R00"}
    assert _names(officer, "/api/staff", where, "name") == [
        "陈思雨", "刘海燕", "孙博文", "王丽娟", "赵子涵"
    ]  # fmt: skip
    renamed = [["艾丽娟", *SAMPLE_ROWS[0][1:]], *SAMPLE_ROWS[1:]]
    job = finished(officer, upload(officer, world.hosp_a, build_roster_xlsx(renamed)).json())
    assert job["result"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert _names(officer, "/api/staff", where, "name")[0] == "艾丽娟"


def test_every_institution_and_person_of_the_world_has_the_pinyin_of_their_name(world):
    assert names_without_their_pinyin() == []


def names_without_their_pinyin() -> list[str]:
    """Names whose stored pinyin is not theirs (empty: a writer forgot name_pinyin)."""
    institutions = Institution.select(Institution.name_zh, Institution.name_pinyin).run_sync()
    staff = StaffMember.select(StaffMember.name, StaffMember.name_pinyin).run_sync()
    return [r["name_zh"] for r in institutions if r["name_pinyin"] != pinyin_text(r["name_zh"])] + [
        r["name"] for r in staff if r["name_pinyin"] != person_pinyin_text(r["name"])
    ]


def test_the_matrix_and_its_download_list_institutions_in_pinyin_order(world, api):
    _hospital(api("admin"), world.county_b, "an", "安康医院")
    client = api("city_commission")
    query = f"jurisdiction={world.city}&year=2025&as_of=2026-01-10"
    rows = client.get(f"/api/compliance/matrix?{query}").json()["rows"]
    # in code order this would be centre, hosp-a, hosp-b, an
    assert [r["institution"]["name_zh"] for r in rows] == [
        "安康医院", "禾城区人民医院", "柳溪县人民医院", "南禾市第一人民医院"
    ]  # fmt: skip
    book = load_workbook(io.BytesIO(client.get(f"/api/compliance/report?{query}").content))
    downloaded = [row[0] for row in book["合规矩阵"].iter_rows(min_row=2, values_only=True)]
    # the page's order: most gaps first, equal gaps in the matrix's (pinyin) order
    worst_first = sorted(rows, key=lambda r: -r["gaps"])
    assert downloaded == [r["institution"]["name_zh"] for r in worst_first]

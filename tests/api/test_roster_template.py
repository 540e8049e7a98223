"""Issue 15: the roster import page offers a template; the template goes back in unchanged."""

import io

from openpyxl import load_workbook

from tests.api.test_roster_import import finished, staff_numbers, upload


def _template(client, institution):
    response = client.get(f"/api/institutions/{institution}/roster-template.xlsx")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response.headers["content-disposition"]
    return response.content


def test_the_template_has_the_importers_headers_and_imports_back_unchanged(world, api):
    officer = api("officer")
    content = _template(officer, world.hosp_a)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["姓名", "工号", "科室", "岗位/职务", "职称", "入职日期", "夜班"]
    assert len(rows) == 3  # the headers and two example rows

    job = finished(officer, upload(officer, world.hosp_a, content, name="模板.xlsx").json())

    assert job["state"] == "done", job["errors"]
    assert job["result"]["created"] == 2
    assert {"示例001", "示例002"} <= set(staff_numbers(world.hosp_a))


def test_the_template_with_one_example_row_removed_imports_the_other(world, api):
    officer = api("officer")
    book = load_workbook(io.BytesIO(_template(officer, world.hosp_a)))
    book.worksheets[0].delete_rows(2)
    out = io.BytesIO()
    book.save(out)

    job = finished(officer, upload(officer, world.hosp_a, out.getvalue()).json())

    assert job["errors"] == []
    assert job["state"] == "done"
    assert job["result"]["created"] == 1
    assert "示例002" in staff_numbers(world.hosp_a)
    assert "示例001" not in staff_numbers(world.hosp_a)


def test_staff_may_not_download_the_template_and_other_hospitals_stay_unseen(world, api):
    assert (
        api("staff").get(f"/api/institutions/{world.hosp_a}/roster-template.xlsx").status_code
        == 403
    )
    assert api("officer").get("/api/institutions/999999/roster-template.xlsx").status_code == 404

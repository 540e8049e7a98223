"""Uploads past the limits, hostile spreadsheets and broken forms get a clear 4xx, never a 500."""

import pytest

from backend.staff.tables import StaffMember
from tests.api.test_drill_records import held_drill
from tests.api.test_roster_import import staff_numbers, upload
from tests.rosters import HEADERS, SAMPLE_ROWS
from tests.spreadsheet_bombs import roster_rows, sheet_xml, whitespace_bomb, whole_grid, with_sheet

CSV = "text/csv"
UPLOAD_ROUTES = [
    "/api/institutions/{hosp_a}/roster-imports",
    "/api/activities/{drill}/sign-in-import",
    "/api/records/999999/evidence",
    "/api/credits/certificates",
]
PART = b'Content-Disposition: form-data; name="file"; filename="a.csv"\r\n'
BROKEN_FORMS = {
    "no boundary": ("multipart/form-data", b"--x\r\n" + PART + b"\r\nabc\r\n--x--\r\n"),
    "truncated": ("multipart/form-data; boundary=x", b"--x\r\n" + PART),
    "unknown charset": (
        "multipart/form-data; boundary=x",
        b'--x\r\nContent-Disposition: form-data; name="title"\r\n'
        b"Content-Type: text/plain; charset=no-such-charset\r\n\r\nabc\r\n--x--\r\n",
    ),
}


@pytest.fixture
def routes(world):
    drill = held_drill(world.hosp_a)
    return [route.format(hosp_a=world.hosp_a, drill=drill) for route in UPLOAD_ROUTES]


def post_raw(client, path, content_type, body):
    return client.post(path, content=body, headers={"Content-Type": content_type})


@pytest.mark.parametrize("form", BROKEN_FORMS.values(), ids=BROKEN_FORMS.keys())
def test_a_broken_upload_form_from_someone_not_logged_in_is_401(anonymous, routes, form):
    for path in routes:
        response = post_raw(anonymous, path, *form)
        assert (path, response.status_code) == (path, 401)
        assert response.json()["error"] == "not_authenticated"


@pytest.mark.parametrize("form", BROKEN_FORMS.values(), ids=BROKEN_FORMS.keys())
def test_a_broken_upload_form_from_a_logged_in_user_is_a_clear_400(api, routes, form):
    officer = api("officer")
    for path in routes:
        response = post_raw(officer, path, *form)
        assert (path, response.status_code) == (path, 400)
        assert response.json()["error"] == "upload_malformed"
        assert "重新选择文件" in response.json()["message"]


def test_a_roster_claiming_excels_whole_grid_is_a_clear_400_not_a_crash(world, api):
    content = whole_grid()
    assert len(content) < 10_000
    response = upload(api("officer"), world.hosp_a, content)
    assert response.status_code == 400
    assert response.json()["error"] == "spreadsheet_too_many_rows"
    assert "最多 20,000 行" in response.json()["message"]


def test_a_zip_bomb_roster_is_refused_with_the_limit_and_nothing_is_written(world, api):
    before = staff_numbers(world.hosp_a)
    response = upload(api("officer"), world.hosp_a, whitespace_bomb(megabytes=60))
    assert response.status_code == 413
    assert response.json()["error"] == "spreadsheet_unpacks_too_large"
    assert "20 MB" in response.json()["message"]
    assert staff_numbers(world.hosp_a) == before


def test_a_zip_bomb_sign_in_sheet_is_refused_too(world, api):
    drill = held_drill(world.hosp_a)
    response = api("officer").post(
        f"/api/activities/{drill}/sign-in-import",
        files={"file": ("签到表.xlsx", whitespace_bomb(megabytes=60), CSV)},
    )
    assert (response.status_code, response.json()["error"]) == (
        413,
        "spreadsheet_unpacks_too_large",
    )


def test_a_roster_with_broken_sheet_xml_is_a_clear_400(world, api):
    response = upload(api("officer"), world.hosp_a, with_sheet([sheet_xml(roster_rows())[:-40]]))
    assert response.status_code == 400
    assert response.json()["error"] == "spreadsheet_damaged"
    assert "另存为 .xlsx" in response.json()["message"]


def test_a_roster_too_wide_names_the_row_and_the_column_limit(world, api):
    rows = [",".join(HEADERS), ",".join(SAMPLE_ROWS[0]), ",".join(["x"] * 61)]
    response = upload(api("officer"), world.hosp_a, "\r\n".join(rows).encode(), name="名册.csv")
    assert response.status_code == 400
    assert "最多 60 列" in response.json()["message"] and "第 3 行" in response.json()["message"]


@pytest.mark.parametrize(
    ("bad_line", "code"),
    [
        ('王丽娟,"R002' + "x" * 200_000, "csv_cell_too_long"),
        ("王丽\r娟,R002,产科,助产士,护师,2021-03-15", "csv_bad_line"),
    ],
    ids=["cell over 128 KiB", "stray carriage return"],
)
def test_an_unreadable_csv_roster_is_a_400_naming_the_row(world, api, bad_line, code):
    english = {"Accept-Language": "en"}
    lines = [",".join(HEADERS), ",".join(SAMPLE_ROWS[0]), bad_line, ",".join(SAMPLE_ROWS[1])]
    content = ("\r\n".join(lines) + "\r\n").encode()
    response = upload(api("officer"), world.hosp_a, content, name="名册.csv", headers=english)
    assert (response.status_code, response.json()["error"]) == (400, code)
    assert "Row 3" in response.json()["message"]
    assert StaffMember.count().where(StaffMember.staff_number == "R001").run_sync() == 0


def test_a_body_over_the_limit_is_413_with_the_limit_even_sent_in_chunks(api, routes):
    """The form is now read by the upload guard: its 413 must not turn into a 400."""

    def chunks():
        yield b"--x\r\n" + PART + b"\r\n"
        yield from (b"a" * 2**20 for _ in range(6))
        yield b"\r\n--x--\r\n"

    officer = api("officer")
    for path in routes:
        response = post_raw(officer, path, "multipart/form-data; boundary=x", chunks())
        assert (path, response.status_code) == (path, 413)
        assert "5 MB" in response.json()["message"]

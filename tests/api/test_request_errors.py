"""Wrong requests get a 4xx that names the field and says why, never a 500 (issue 12)."""

from __future__ import annotations

import pytest

EN = {"accept-language": "en"}
HUGE = 99999999999999999999  # beyond 64 bits
BOOKING = {
    "kind": "joint_meeting",
    "title": "产科质控例会",
    "starts_at": "2031-03-10T09:00",
    "ends_at": "2031-03-10T10:00",
}


def book(client, body: dict, headers: dict | None = None):
    return client.post("/api/activities", json=body, headers=headers or {})


def problems(response) -> dict[str, str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "invalid_input"
    return {p["field"]: p["reason"] for p in body["details"]}


@pytest.mark.parametrize(
    ("body", "field", "english", "chinese"),
    [
        ({**BOOKING, "title": 5}, "title", "must be text", "应为文字"),
        ({"title": "x"}, "kind", "is required", "为必填项"),
        ({**BOOKING, "colour": "red"}, "colour", "is not a known field", "不是可识别的字段"),
        (
            {**BOOKING, "invite": {"staff_ids": [1, "two"]}},
            "invite.staff_ids[1]",
            "must be a whole number",
            "应为整数",
        ),
        ({**BOOKING, "repeat": {"every": "week"}}, "repeat.count", "is required", "为必填项"),
        ({**BOOKING, "capacity": 0}, "capacity", "must be at least 1", "不能小于 1"),
        ({**BOOKING, "kind": "party"}, "kind", "is not one of the allowed values", "不是可选的值"),
    ],
)
def test_a_wrong_body_names_the_field_and_the_reason_in_both_languages(
    api, world, body, field, english, chinese
):
    officer = api("officer")
    body = {**body, "host_institution_id": world.hosp_a} if "kind" in body else body

    in_english = book(officer, body, EN)
    assert problems(in_english) == {field: english}
    assert in_english.json()["message"] == f"The submitted data is not valid: “{field}” {english}."

    in_chinese = book(officer, body)
    assert problems(in_chinese) == {field: chinese}
    assert in_chinese.json()["message"] == f"提交的数据有误：“{field}”{chinese}。"
    for text in (in_english.json()["message"], in_chinese.json()["message"]):
        assert "`" not in text and "str" not in text.replace("staff", "")


def test_a_wrong_query_parameter_is_named(api, world):
    response = api("officer").get("/api/staff?page=0", headers=EN)
    assert problems(response) == {"page": "must be at least 1"}


def test_a_page_far_beyond_the_last_is_refused_not_a_server_error(api, world):
    officer = api("officer")
    response = officer.get("/api/staff?page=9223372036854775807", headers=EN)
    assert problems(response) == {"page": "must be at most 1000000"}
    assert officer.get("/api/staff?page=1000000").json()["items"] == []


@pytest.mark.parametrize(
    "path",
    [
        f"/api/activities/{HUGE}",
        f"/api/staff/{HUGE}",
        f"/api/institutions/{HUGE}",
        f"/api/records/{HUGE}/versions",
        f"/api/records/{HUGE}/evidence/{HUGE}",
        f"/api/activities/{-HUGE}",
    ],
)
def test_an_id_beyond_64_bits_in_the_path_is_not_found(api, world, path):
    response = api("admin").get(path, headers=EN)
    assert response.status_code == 404, response.text
    assert response.json()["error"] == "not_found"


def test_an_id_beyond_64_bits_in_the_query_or_body_is_a_bad_request(api, world):
    officer = api("officer")
    for response in (
        officer.get(f"/api/staff?department={HUGE}", headers=EN),
        officer.get(f"/api/activities?institution={HUGE}", headers=EN),
        book(officer, {**BOOKING, "host_institution_id": HUGE}, EN),
    ):
        assert response.status_code in (400, 404), response.text
        assert response.json()["error"] in ("number_out_of_range", "unknown_institution")
    out_of_range = officer.get(f"/api/staff?department={HUGE}", headers=EN)
    assert out_of_range.status_code == 400
    assert out_of_range.json()["message"] == "A number in the request is out of range."


def test_malformed_json_is_called_malformed(api, world):
    response = api("officer").post(
        "/api/activities", content=b"[", headers={**EN, "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_json"


def test_the_openapi_document_describes_the_error_body_we_send(anonymous, world):
    document = anonymous.get("/schema/openapi.json").json()
    error_body = document["components"]["schemas"]["ErrorBody"]
    assert error_body["required"] == ["error", "message"]
    assert set(error_body["properties"]) == {"error", "message", "details"}
    booking = document["paths"]["/api/activities"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "413", "415"} <= set(booking)
    for status in ("400", "401", "403", "404", "409", "413", "415"):
        schema = booking[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorBody"}
    assert "status_code" not in str(document["paths"])
    uploads = document["paths"]["/api/credits/certificates"]["post"]["responses"]
    assert {"413", "415"} <= set(uploads)
    assert "429" in document["paths"]["/api/session"]["post"]["responses"]
    assert set(document["paths"]["/api/health"]["get"]["responses"]) == {"200"}

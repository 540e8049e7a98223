"""The bad-input catalogue (issue 12): for every write route of the API, requests a person or a
broken client may send, and the clear 4xx each must get. tests/api/test_bad_inputs.py runs them
and checks that nothing is written.

Paths name things of the scene (`{activity}`, `{draft}` ...) that tests/api/test_bad_inputs.py
builds once; `{missing}` is an id nothing has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_BODY = object()
MISSING = 999_999
LONG = "长" * 10_000
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
CROSS_SITE = {"origin": "http://evil.example", "sec-fetch-site": "cross-site"}
TEXT = {"content-type": "text/plain"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
JSON = {"content-type": "application/json"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass(frozen=True)
class Case:
    """One bad request: `route` is "METHOD template" as Litestar lists it."""

    route: str
    name: str
    status: int
    error: str
    path: str
    user: str | None = "officer"  # None: not logged in
    json: Any = NO_BODY
    content: bytes | None = None
    files: dict | None = None
    data: dict | None = None
    headers: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.route.split(' ')[0]} {self.path} {self.name}"


@dataclass(frozen=True)
class Route:
    """A write route: where it is in the scene, who calls it, and a body it would accept."""

    key: str
    path: str
    user: str | None = "officer"
    valid: Any = NO_BODY  # a JSON body; NO_BODY: the route takes no JSON body
    missing_path: str | None = None  # the path naming something that does not exist


BOOKING = {
    "kind": "drill",
    "topic": "pph",
    "title": "产后出血急救演练",
    "starts_at": "2031-03-10T09:00",
    "ends_at": "2031-03-10T11:00",
}
STAFF = {
    "staff_number": "A900",
    "name": "王芳",
    "role": "midwife",
    "title": "junior",
    "active_from": "2020-01-01",
}
CERTIFICATE = {"title": "东岚省产科危急重症培训班", "cme_class": "I", "credits": "4",
               "earned_on": "2025-06-01"}  # fmt: skip
PLAN_ITEM = {
    "rule_id": "pph-drill-quarterly",
    "kind": "drill",
    "topic": "pph",
    "title": "产后出血演练",
    "starts_at": "2031-03-10T09:00",
    "ends_at": "2031-03-10T11:00",
}

ROUTES = [
    Route("DELETE /api/session", "/api/session"),
    Route("POST /api/session", "/api/session", None, {"username": "x", "password": "y"}),
    Route("POST /api/jurisdictions", "/api/jurisdictions", "admin",
          {"code": "nh-dh", "name_zh": "东湖区", "level": "county", "parent_id": "{city}"}),
    Route("PATCH /api/jurisdictions/{jurisdiction_id:int}", "/api/jurisdictions/{county_a}",
          "admin", {"name_zh": "禾城区"}, "/api/jurisdictions/{missing}"),
    Route("POST /api/institutions", "/api/institutions", "admin",
          {"code": "hosp-c", "name_zh": "东湖区人民医院", "kind": "general_hospital",
           "level": "tertiary", "jurisdiction_id": "{county_a}"}),
    Route("PATCH /api/institutions/{institution_id:int}", "/api/institutions/{hosp_a}", "admin",
          {"address": "禾城路 1 号"}, "/api/institutions/{missing}"),
    Route("POST /api/institutions/{institution_id:int}/departments",
          "/api/institutions/{hosp_a}/departments", "officer",
          {"kind": "obstetrics", "name_zh": "产二科"}, "/api/institutions/{missing}/departments"),
    Route("PATCH /api/departments/{department_id:int}", "/api/departments/{obstetrics_a}",
          "officer", {"name_zh": "产科"}, "/api/departments/{missing}"),
    Route("POST /api/staff/{staff_id:int}/leave", "/api/staff/{s_a}/leave", "officer",
          {"starts_on": "2031-03-01", "ends_on": "2031-03-05"}, "/api/staff/{missing}/leave"),
    Route("PATCH /api/staff/{staff_id:int}", "/api/staff/{s_a}", "officer",
          {"position": "主治医师"}, "/api/staff/{missing}"),
    Route("POST /api/institutions/{institution_id:int}/staff",
          "/api/institutions/{hosp_a}/staff", "officer", STAFF,
          "/api/institutions/{missing}/staff"),
    Route("POST /api/institutions/{institution_id:int}/roster-imports",
          "/api/institutions/{hosp_a}/roster-imports"),
    Route("POST /api/activities", "/api/activities", "officer", BOOKING),
    Route("POST /api/activities/{activity_id:int}/cancel", "/api/activities/{activity}/cancel",
          "officer", {"reason": "停电"}, "/api/activities/{missing}/cancel"),
    Route("PATCH /api/activities/{activity_id:int}", "/api/activities/{activity}", "officer",
          {"place": "产房"}, "/api/activities/{missing}"),
    Route("POST /api/activities/{activity_id:int}/invitations",
          "/api/activities/{activity}/invitations", "officer",
          {"invite": {"staff_ids": ["{s_a}"]}}, "/api/activities/{missing}/invitations"),
    Route("POST /api/activities/{activity_id:int}/registration",
          "/api/activities/{activity}/registration", "staff"),
    Route("DELETE /api/activities/{activity_id:int}/registration",
          "/api/activities/{activity}/registration", "staff"),
    Route("DELETE /api/activities/{activity_id:int}/invitations/{staff_member_id:int}",
          "/api/activities/{activity}/invitations/{s_a}"),
    Route("POST /api/me/calendar-feed/rotate", "/api/me/calendar-feed/rotate", "staff"),
    Route("POST /api/institutions/{institution_id:int}/calendar-feed/rotate",
          "/api/institutions/{hosp_a}/calendar-feed/rotate"),
    Route("POST /api/institutions/{institution_id:int}/year-plan/accept",
          "/api/institutions/{hosp_a}/year-plan/accept", "officer", {"items": [PLAN_ITEM]},
          "/api/institutions/{missing}/year-plan/accept"),
    Route("PUT /api/activities/{activity_id:int}/attendance", "/api/activities/{held}/attendance",
          "officer", {"entries": [{"staff_id": "{s_a}", "status": "present"}]},
          "/api/activities/{missing}/attendance"),
    Route("POST /api/activities/{activity_id:int}/reply", "/api/activities/{activity}/reply",
          "staff", {"answer": "accepted"}, "/api/activities/{missing}/reply"),
    Route("POST /api/check-in", "/api/check-in", "staff", {"code": "x"}),
    Route("POST /api/check-in/hold", "/api/check-in/hold", None, {"code": "x"}),
    Route("POST /api/activities/{activity_id:int}/sign-in-import",
          "/api/activities/{held}/sign-in-import"),
    Route("POST /api/records/{record_id:int}/amendments", "/api/records/{record}/amendments",
          "officer", {"reason": "补录"}, "/api/records/{missing}/amendments"),
    Route("PATCH /api/records/{record_id:int}", "/api/records/{draft}", "officer",
          {"problems": "无"}, "/api/records/{missing}"),
    Route("POST /api/records/{record_id:int}/submit", "/api/records/{draft}/submit"),
    Route("POST /api/records/{record_id:int}/evidence", "/api/records/{draft}/evidence"),
    Route("POST /api/activities/{activity_id:int}/record", "/api/activities/{held}/record",
          "officer", {"problems": "无"}, "/api/activities/{missing}/record"),
    Route("PATCH /api/actions/{action_id:int}", "/api/actions/{action}", "officer",
          {"status": "done"}, "/api/actions/{missing}"),
    Route("POST /api/credits/certificates/{certificate_id:int}/decision",
          "/api/credits/certificates/{certificate}/decision", "officer",
          {"decision": "confirm"}, "/api/credits/certificates/{missing}/decision"),
    Route("POST /api/credits/certificates", "/api/credits/certificates", "staff"),
]  # fmt: skip
BY_KEY = {route.key: route for route in ROUTES}


def _generic(route: Route) -> list[Case]:
    """What every JSON route must refuse the same way, whatever it takes."""
    if route.valid is NO_BODY:
        return []
    at = {"route": route.key, "path": route.path, "user": route.user}
    body = b'{"a": 1}'
    cases = [
        Case(**at, name="text/plain", status=415, error="json_body_expected", content=body,
             headers=TEXT),
        Case(**at, name="form", status=415, error="json_body_expected", content=b"a=1",
             headers=FORM),
        Case(**at, name="array not object", status=400, error="invalid_input", json=[]),
        Case(**at, name="truncated json", status=400, error="malformed_json",
             content=b'{"a": ', headers=JSON),
        Case(**at, name="not utf-8", status=400, error="malformed_json",
             content=b'{"a": "\xff\xfe"}', headers=JSON),
        Case(**at, name="oversize", status=413, error="upload_too_large",
             content=b'{"a": "' + b"x" * OVERSIZE + b'"}', headers=JSON),
        Case(**at, name="unknown field", status=400,
             error="invalid_input",
             json={**route.valid, "colour": "red"}),
        Case(**at, name="string where object", status=400, error="invalid_input", json="x"),
    ]  # fmt: skip
    if route.missing_path:
        cases.append(
            Case(
                route.key,
                "id that does not exist",
                404,
                NOT_FOUND.get(route.key, ""),
                route.missing_path,
                route.user,
                json=route.valid,
            )  # fmt: skip
        )
    return cases


OVERSIZE = 70_000  # above the limit the scene's app is given (SCENE_UPLOAD_LIMIT)
SCENE_UPLOAD_LIMIT = 64 * 1024
NOT_FOUND: dict[str, str] = {}


def _at(key: str, **overrides: Any) -> dict[str, Any]:
    route = BY_KEY[key]
    return {"route": key, "path": route.path, "user": route.user, **overrides}


def _body(key: str, **fields: Any) -> dict:
    return {**BY_KEY[key].valid, **fields}


def _specific() -> list[Case]:
    r = "POST /api/session"
    s = [
        Case(
            **_at(r),
            name="username a number",
            status=400,
            error="invalid_input",
            json={"username": 5, "password": "y"},
        ),
        Case(
            **_at(r),
            name="password null",
            status=400,
            error="invalid_input",
            json={"username": "officer", "password": None},
        ),
        Case(**_at(r), name="empty object", status=400, error="invalid_input", json={}),
    ]
    r = "DELETE /api/session"
    s += [
        Case(
            **_at(r), name="cross-site", status=403, error="cross_site_request", headers=CROSS_SITE
        )
    ]
    r = "POST /api/jurisdictions"
    s += [
        Case(
            **_at(r),
            name="code with spaces",
            status=400,
            error="invalid_input",
            json=_body(r, code="nh dh"),
        ),
        Case(
            **_at(r),
            name="name 10,000 chars",
            status=400,
            error="invalid_input",
            json=_body(r, name_zh=LONG),
        ),
        Case(
            **_at(r),
            name="name with a bell",
            status=400,
            error="invalid_input",
            json=_body(r, name_zh="东湖\x07区"),
        ),
        Case(
            **_at(r),
            name="name empty",
            status=400,
            error="invalid_input",
            json=_body(r, name_zh=""),
        ),
        Case(
            **_at(r),
            name="level unknown",
            status=400,
            error="invalid_input",
            json=_body(r, level="planet"),
        ),
        Case(
            **_at(r),
            name="parent a string",
            status=400,
            error="invalid_input",
            json=_body(r, parent_id="one"),
        ),
        Case(
            **_at(r),
            name="parent missing",
            status=400,
            error="unknown_jurisdiction",
            json=_body(r, parent_id=MISSING),
        ),
        Case(**_at(r), name="code taken twice", status=409, error="", json=_body(r, code="nh")),
        Case(**_at(r), name="empty object", status=400, error="invalid_input", json={}),
    ]
    r = "PATCH /api/jurisdictions/{jurisdiction_id:int}"
    s += [
        Case(**_at(r), name="name null", status=400, error="invalid_input", json={"name_zh": None}),
        Case(
            **_at(r),
            name="name 10,000 chars",
            status=400,
            error="invalid_input",
            json={"name_zh": LONG},
        ),
        Case(**_at(r), name="profile unknown", status=400, error="", json={"profile": "nope"}),
    ]
    r = "POST /api/institutions"
    s += [
        Case(
            **_at(r),
            name="jurisdiction a string",
            status=400,
            error="invalid_input",
            json=_body(r, jurisdiction_id="abc"),
        ),
        Case(
            **_at(r),
            name="jurisdiction missing",
            status=400,
            error="unknown_jurisdiction",
            json=_body(r, jurisdiction_id=MISSING),
        ),
        Case(
            **_at(r),
            name="kind a list",
            status=400,
            error="invalid_input",
            json=_body(r, kind=["general_hospital"]),
        ),
        Case(**_at(r), name="code taken twice", status=409, error="", json=_body(r, code="hosp-a")),
        Case(
            **_at(r),
            name="name with a line break",
            status=400,
            error="invalid_input",
            json=_body(r, name_zh="东湖\n医院"),
        ),
        Case(
            **_at(r),
            name="missing required",
            status=400,
            error="invalid_input",
            json={"code": "hosp-c"},
        ),
    ]
    r = "PATCH /api/institutions/{institution_id:int}"
    s += [
        Case(**_at(r), name="name empty", status=400, error="invalid_input", json={"name_zh": ""}),
        Case(
            **_at(r),
            name="active a string",
            status=400,
            error="invalid_input",
            json={"active": "yes"},
        ),
        Case(
            **_at(r),
            name="jurisdiction missing",
            status=400,
            error="unknown_jurisdiction",
            json={"jurisdiction_id": MISSING},
        ),
    ]
    r = "POST /api/institutions/{institution_id:int}/departments"
    s += [
        Case(
            **_at(r),
            name="kind unknown",
            status=400,
            error="invalid_input",
            json=_body(r, kind="kitchen"),
        ),
        Case(
            **_at(r),
            name="name 10,000 chars",
            status=400,
            error="invalid_input",
            json=_body(r, name_zh=LONG),
        ),
        Case(
            **_at(r, path="/api/institutions/{hosp_b}/departments"),
            name="other hospital",
            status=404,
            error="",
            json=_body(r),
        ),
    ]
    r = "PATCH /api/departments/{department_id:int}"
    s += [
        Case(
            **_at(r),
            name="name a list",
            status=400,
            error="invalid_input",
            json={"name_zh": ["产科"]},
        )
    ]
    r = "POST /api/staff/{staff_id:int}/leave"
    s += [
        Case(
            **_at(r),
            name="2026-02-30",
            status=400,
            error="invalid_input",
            json=_body(r, starts_on="2026-02-30"),
        ),
        Case(
            **_at(r),
            name="2026-13-01",
            status=400,
            error="invalid_input",
            json=_body(r, ends_on="2026-13-01"),
        ),
        Case(
            **_at(r),
            name="end before start",
            status=400,
            error="end_before_start",
            json=_body(r, starts_on="2031-03-05", ends_on="2031-03-01"),
        ),
        Case(
            **_at(r),
            name="reason 10,000 chars",
            status=400,
            error="invalid_input",
            json=_body(r, reason=LONG),
        ),
    ]
    r = "PATCH /api/staff/{staff_id:int}"
    s += [
        Case(
            **_at(r),
            name="number empty",
            status=400,
            error="invalid_input",
            json={"staff_number": ""},
        ),
        Case(
            **_at(r),
            name="number of a colleague",
            status=409,
            error="staff_number_taken",
            json={"staff_number": "N900"},
        ),
        Case(
            **_at(r),
            name="number of a colleague in full width",
            status=409,
            error="staff_number_taken",
            json={"staff_number": "Ｎ９００"},
        ),
        Case(
            **_at(r),
            name="leaves before joining",
            status=400,
            error="end_before_start",
            json={"active_to": "2019-01-01"},
        ),
        Case(
            **_at(r),
            name="department of another hospital",
            status=400,
            error="department_of_other_institution",
            json={"department_id": "{obstetrics_b}"},
        ),
        Case(
            **_at(r),
            name="name 10,000 chars",
            status=400,
            error="invalid_input",
            json={"name": LONG},
        ),
        Case(
            **_at(r),
            name="name with a NUL",
            status=400,
            error="invalid_input",
            json={"name": "张\x00晓梅"},
        ),
        Case(
            **_at(r),
            name="role unknown",
            status=400,
            error="invalid_input",
            json={"role": "wizard"},
        ),
        Case(
            **_at(r),
            name="active_from 2026-02-30",
            status=400,
            error="invalid_input",
            json={"active_from": "2026-02-30"},
        ),
        Case(
            **_at(r),
            name="night shifts as text",
            status=400,
            error="invalid_input",
            json={"night_shifts": "是"},
        ),
        Case(
            **_at(r),
            name="night shifts null",
            status=400,
            error="invalid_input",
            json={"night_shifts": None},
        ),
    ]
    r = "POST /api/institutions/{institution_id:int}/staff"
    s += [
        Case(
            **_at(r),
            name="night shifts as a number",
            status=400,
            error="invalid_input",
            json=_body(r, night_shifts=2),
        ),
    ]
    s += [
        Case(
            **_at(r),
            name="number taken",
            status=409,
            error="staff_number_taken",
            json=_body(r, staff_number="A001"),
        ),
        Case(
            **_at(r),
            name="number taken, full width",
            status=409,
            error="staff_number_taken",
            json=_body(r, staff_number="Ａ００１"),
        ),
        Case(
            **_at(r),
            name="number taken, with spaces",
            status=409,
            error="staff_number_taken",
            json=_body(r, staff_number=" A001 "),
        ),
        Case(
            **_at(r),
            name="number 10,000 chars",
            status=400,
            error="invalid_input",
            json=_body(r, staff_number="1" * 10_000),
        ),
        Case(
            **_at(r), name="number blank", status=400, error="", json=_body(r, staff_number="   ")
        ),
        Case(
            **_at(r),
            name="active_from 2026-13-01",
            status=400,
            error="invalid_input",
            json=_body(r, active_from="2026-13-01"),
        ),
        Case(
            **_at(r),
            name="leaves before joining",
            status=400,
            error="end_before_start",
            json=_body(r, active_to="2019-12-31"),
        ),
        Case(
            **_at(r), name="name null", status=400, error="invalid_input", json=_body(r, name=None)
        ),
        Case(**_at(r), name="name blank", status=400, error="", json=_body(r, name="   ")),
        Case(
            **_at(r),
            name="name with escape",
            status=400,
            error="invalid_input",
            json=_body(r, name="王\x1b[31m芳"),
        ),
        Case(
            **_at(r), name="role a number", status=400, error="invalid_input", json=_body(r, role=3)
        ),
        Case(
            **_at(r),
            name="department missing",
            status=400,
            error="unknown_department",
            json=_body(r, department_id=MISSING),
        ),
        Case(
            **_at(r, path="/api/institutions/{hosp_b}/staff"),
            name="other hospital",
            status=404,
            error="",
            json=_body(r),
        ),
        Case(
            **_at(r),
            name="missing required",
            status=400,
            error="invalid_input",
            json={"name": "王芳"},
        ),
    ]
    r = "POST /api/institutions/{institution_id:int}/roster-imports"
    s += [
        Case(**_at(r), name="no file", status=400, error="roster_no_file", data={"x": "1"}),
        Case(
            **_at(r), name="json body", status=415, error="form_body_expected", json={"file": "x"}
        ),
        Case(
            **_at(r),
            name="broken multipart",
            status=400,
            error="upload_malformed",
            content=b"--xx\r\nbroken",
            headers={"content-type": "multipart/form-data; boundary=xx"},
        ),
        Case(
            **_at(r),
            name="oversize",
            status=413,
            error="upload_too_large",
            files={"file": ("名单.csv", b"x" * OVERSIZE, "text/csv")},
        ),
        Case(
            **_at(r, path="/api/institutions/{missing}/roster-imports"),
            name="id that does not exist",
            status=404,
            error="",
            files={"file": ("名单.csv", "姓名,工号\n王芳,A9\n".encode(), "text/csv")},
        ),
    ]
    r = "POST /api/activities"
    s += [
        Case(
            **_at(r),
            name="start 2026-02-30",
            status=400,
            error="bad_time",
            json=_body(r, starts_at="2026-02-30T09:00"),
        ),
        Case(
            **_at(r),
            name="start 2026-13-01",
            status=400,
            error="bad_time",
            json=_body(r, starts_at="2026-13-01T09:00"),
        ),
        Case(
            **_at(r),
            name="end before start",
            status=400,
            error="activity_ends_before_start",
            json=_body(r, ends_at="2031-03-10T08:00"),
        ),
        Case(
            **_at(r),
            name="year 0001",
            status=400,
            error="bad_time",
            json=_body(r, starts_at="0001-01-01T09:00"),
        ),
        Case(
            **_at(r),
            name="year 9999",
            status=400,
            error="bad_time",
            json=_body(r, starts_at="9999-12-31T09:00", ends_at="9999-12-31T10:00"),
        ),
        Case(
            **_at(r),
            name="in the past",
            status=400,
            error="booking_in_past",
            json=_body(r, starts_at="2021-03-10T09:00", ends_at="2021-03-10T10:00"),
        ),
        Case(
            **_at(r),
            name="a week long",
            status=400,
            error="activity_too_long",
            json=_body(r, ends_at="2031-03-17T09:00"),
        ),
        Case(
            **_at(r),
            name="capacity -1",
            status=400,
            error="invalid_input",
            json=_body(r, capacity=-1),
        ),
        Case(
            **_at(r),
            name="capacity 0",
            status=400,
            error="invalid_input",
            json=_body(r, capacity=0),
        ),
        Case(
            **_at(r),
            name="capacity 10^12",
            status=400,
            error="invalid_input",
            json=_body(r, capacity=10**12),
        ),
        Case(
            **_at(r),
            name="capacity a word",
            status=400,
            error="invalid_input",
            json=_body(r, capacity="ten"),
        ),
        Case(
            **_at(r),
            name="confirm_duplicate a word",
            status=400,
            error="invalid_input",
            json=_body(r, confirm_duplicate="yes"),
        ),
        Case(
            **_at(r),
            name="credits -1",
            status=400,
            error="invalid_input",
            json=_body(r, credits=-1),
        ),
        Case(
            **_at(r),
            name="credits 10^12",
            status=400,
            error="invalid_input",
            json=_body(r, credits=10**12),
        ),
        Case(
            **_at(r),
            name="title 10,000 chars",
            status=400,
            error="invalid_input",
            json=_body(r, title=LONG),
        ),
        Case(
            **_at(r),
            name="title with a tab",
            status=400,
            error="invalid_input",
            json=_body(r, title="演练\t一"),
        ),
        Case(
            **_at(r),
            name="title blank",
            status=400,
            error="blank_field",
            json=_body(r, title="   "),
        ),
        Case(
            **_at(r), name="kind null", status=400, error="invalid_input", json=_body(r, kind=None)
        ),
        Case(
            **_at(r),
            name="invite a list",
            status=400,
            error="invalid_input",
            json=_body(r, invite=["{s_a}"]),
        ),
        Case(
            **_at(r),
            name="host missing",
            status=404,
            error="unknown_institution",
            json=_body(r, host_institution_id=MISSING),
        ),
        Case(
            **_at(r),
            name="drill without topic",
            status=400,
            error="drill_needs_topic",
            json=_body(r, topic=None),
        ),
        Case(**_at(r), name="empty object", status=400, error="invalid_input", json={}),
    ]
    r = "POST /api/activities/{activity_id:int}/cancel"
    s += [
        Case(
            **_at(r),
            name="reason blank",
            status=400,
            error="cancel_needs_reason",
            json={"reason": "  "},
        ),
        Case(
            **_at(r),
            name="reason 10,000 chars",
            status=400,
            error="invalid_input",
            json={"reason": LONG},
        ),
        Case(
            **_at(r),
            name="scope unknown",
            status=400,
            error="invalid_input",
            json={"reason": "停电", "scope": "all"},
        ),
        Case(
            **_at(r, path="/api/activities/{cancelled}/cancel"),
            name="cancelled twice",
            status=409,
            error="activity_cancelled",
            json={"reason": "停电"},
        ),
    ]
    r = "PATCH /api/activities/{activity_id:int}"
    s += [
        Case(
            **_at(r),
            name="end before start",
            status=400,
            error="activity_ends_before_start",
            json={"ends_at": "2000-01-01T00:00"},
        ),
        Case(
            **_at(r),
            name="end 2026-02-30",
            status=400,
            error="bad_time",
            json={"ends_at": "2026-02-30T09:00"},
        ),
        Case(
            **_at(r),
            name="start year 9999",
            status=400,
            error="bad_time",
            json={"starts_at": "9999-01-01T09:00"},
        ),
        Case(**_at(r), name="capacity 0", status=400, error="invalid_input", json={"capacity": 0}),
        Case(**_at(r), name="title null", status=400, error="invalid_input", json={"title": None}),
        Case(**_at(r), name="title blank", status=400, error="blank_field", json={"title": " "}),
        Case(
            **_at(r, path="/api/activities/{cancelled}"),
            name="edit a cancelled one",
            status=409,
            error="activity_cancelled",
            json={"place": "产房"},
        ),
    ]
    r = "POST /api/activities/{activity_id:int}/invitations"
    s += [
        Case(
            **_at(r),
            name="staff id missing",
            status=400,
            error="",
            json={"invite": {"staff_ids": [MISSING]}},
        ),
        Case(
            **_at(r),
            name="staff ids a string",
            status=400,
            error="invalid_input",
            json={"invite": {"staff_ids": "all"}},
        ),
        Case(
            **_at(r),
            name="role unknown",
            status=400,
            error="invalid_input",
            json={"invite": {"roles": ["wizard"]}},
        ),
        Case(**_at(r), name="invite missing", status=400, error="invalid_input", json={}),
    ]
    r = "POST /api/activities/{activity_id:int}/registration"
    s += [
        Case(**_at(r), name="already on the list", status=409, error="already_registered"),
        Case(
            **_at(r, user="officer"),
            name="account without staff record",
            status=400,
            error="needs_staff_member",
        ),
        Case(
            **_at(r, path="/api/activities/{no_capacity}/registration"),
            name="not open for registration",
            status=409,
            error="registration_not_open",
        ),
        Case(
            **_at(r, path="/api/activities/{missing}/registration"),
            name="id that does not exist",
            status=404,
            error="unknown_activity",
        ),
        Case(
            **_at(r), name="cross-site", status=403, error="cross_site_request", headers=CROSS_SITE
        ),
    ]
    r = "DELETE /api/activities/{activity_id:int}/registration"
    s += [
        Case(
            **_at(r, user="officer"),
            name="account without staff record",
            status=400,
            error="needs_staff_member",
        ),
        Case(
            **_at(r, path="/api/activities/{missing}/registration"),
            name="id that does not exist",
            status=404,
            error="unknown_activity",
        ),
        Case(
            **_at(r, path="/api/activities/{no_capacity}/registration"),
            name="never registered",
            status=400,
            error="not_registered",
        ),
    ]
    r = "DELETE /api/activities/{activity_id:int}/invitations/{staff_member_id:int}"
    s += [
        Case(
            **_at(r, path="/api/activities/{activity}/invitations/{missing}"),
            name="staff member not on the list",
            status=400,
            error="not_registered",
        ),
        Case(
            **_at(r, path="/api/activities/{missing}/invitations/{s_a}"),
            name="id that does not exist",
            status=404,
            error="unknown_activity",
        ),
    ]
    r = "POST /api/me/calendar-feed/rotate"
    s += [
        Case(
            **_at(r), name="cross-site", status=403, error="cross_site_request", headers=CROSS_SITE
        ),
        Case(**_at(r, user=None), name="not logged in", status=401, error="not_authenticated"),
    ]
    r = "POST /api/institutions/{institution_id:int}/calendar-feed/rotate"
    s += [
        Case(
            **_at(r, path="/api/institutions/{missing}/calendar-feed/rotate"),
            name="id that does not exist",
            status=404,
            error="unknown_institution",
        ),
        Case(
            **_at(r, path="/api/institutions/{hosp_b}/calendar-feed/rotate"),
            name="other hospital",
            status=404,
            error="",
        ),
    ]
    r = "POST /api/institutions/{institution_id:int}/year-plan/accept"
    s += [
        Case(**_at(r), name="no items", status=400, error="invalid_input", json={"items": []}),
        Case(
            **_at(r),
            name="201 items",
            status=400,
            error="invalid_input",
            json={"items": [{"x": i} for i in range(201)]},
        ),
        Case(
            **_at(r),
            name="start 2026-02-30",
            status=400,
            error="bad_time",
            json={"items": [{**PLAN_ITEM, "starts_at": "2026-02-30T09:00"}]},
        ),
        Case(
            **_at(r),
            name="end before start",
            status=400,
            error="activity_ends_before_start",
            json={"items": [{**PLAN_ITEM, "ends_at": "2031-03-10T08:00"}]},
        ),
        Case(
            **_at(r),
            name="title 10,000 chars",
            status=400,
            error="invalid_input",
            json={"items": [{**PLAN_ITEM, "title": LONG}]},
        ),
        Case(
            **_at(r),
            name="items an object",
            status=400,
            error="invalid_input",
            json={"items": PLAN_ITEM},
        ),
    ]
    r = "PUT /api/activities/{activity_id:int}/attendance"
    s += [
        Case(
            **_at(r),
            name="entries an object",
            status=400,
            error="invalid_input",
            json={"entries": {"staff_id": "{s_a}"}},
        ),
        Case(
            **_at(r),
            name="status unknown",
            status=400,
            error="invalid_input",
            json={"entries": [{"staff_id": "{s_a}", "status": "sleeping"}]},
        ),
        Case(
            **_at(r),
            name="staff id missing",
            status=400,
            error="",
            json={"entries": [{"staff_id": MISSING, "status": "present"}]},
        ),
        Case(
            **_at(r),
            name="same person twice",
            status=400,
            error="",
            json={
                "entries": [
                    {"staff_id": "{s_a}", "status": "present"},
                    {"staff_id": "{s_a}", "status": "absent"},
                ]
            },
        ),
        Case(
            **_at(r),
            name="note 10,000 chars",
            status=400,
            error="",
            json={"entries": [{"staff_id": "{s_a}", "status": "present", "note": LONG}]},
        ),
        Case(
            **_at(r),
            name="staff id 10^30",
            status=400,
            error="",
            json={"entries": [{"staff_id": 10**30, "status": "present"}]},
        ),
    ]
    r = "POST /api/activities/{activity_id:int}/reply"
    s += [
        Case(
            **_at(r),
            name="answer unknown",
            status=400,
            error="invalid_input",
            json={"answer": "maybe"},
        ),
        Case(
            **_at(r),
            name="declined without reason",
            status=400,
            error="reply_needs_reason",
            json={"answer": "declined", "reason": "  "},
        ),
        Case(
            **_at(r),
            name="reason 10,000 chars",
            status=400,
            error="invalid_input",
            json={"answer": "declined", "reason": LONG},
        ),
        Case(
            **_at(r, path="/api/activities/{no_capacity}/reply"),
            name="not invited",
            status=409,
            error="reply_not_invited",
            json={"answer": "accepted"},
        ),
    ]
    r = "POST /api/check-in"
    s += [
        Case(**_at(r), name="code not a code", status=400, error="", json={"code": "garbage"}),
        Case(
            **_at(r),
            name="code 10,000 chars",
            status=400,
            error="invalid_input",
            json={"code": "x" * 10_000},
        ),
        Case(**_at(r), name="code a number", status=400, error="invalid_input", json={"code": 7}),
    ]
    r = "POST /api/check-in/hold"
    s += [
        Case(**_at(r), name="code not a code", status=400, error="", json={"code": "garbage"}),
        Case(**_at(r), name="empty object", status=400, error="invalid_input", json={}),
        Case(**_at(r), name="code null", status=400, error="invalid_input", json={"code": None}),
    ]
    r = "POST /api/activities/{activity_id:int}/sign-in-import"
    s += [
        Case(**_at(r), name="no file", status=400, error="sign_in_no_file", data={"x": "1"}),
        Case(
            **_at(r), name="json body", status=415, error="form_body_expected", json={"file": "x"}
        ),
        Case(
            **_at(r),
            name="text file",
            status=415,
            error="roster_not_spreadsheet",
            files={"file": ("签到.xlsx", b"just text", "application/octet-stream")},
        ),
        Case(
            **_at(r),
            name="oversize",
            status=413,
            error="upload_too_large",
            files={"file": ("签到.xlsx", b"x" * OVERSIZE, "application/octet-stream")},
        ),
        Case(
            **_at(r, path="/api/activities/{missing}/sign-in-import"),
            name="id that does not exist",
            status=404,
            error="",
            files={"file": ("签到.xlsx", b"x", "application/octet-stream")},
        ),
    ]
    r = "POST /api/records/{record_id:int}/amendments"
    s += [
        Case(**_at(r), name="reason blank", status=400, error="", json={"reason": "  "}),
        Case(
            **_at(r),
            name="timing negative",
            status=400,
            error="",
            json={"reason": "补录", "content": {"timings": {"minutes_to_recognition": -5}}},
        ),
        Case(
            **_at(r),
            name="timing a string",
            status=400,
            error="invalid_input",
            json={"reason": "补录", "content": {"timings": {"minutes_to_recognition": "五"}}},
        ),
        Case(
            **_at(r),
            name="content a string",
            status=400,
            error="invalid_input",
            json={"reason": "补录", "content": "x"},
        ),
        Case(
            **_at(r, path="/api/records/{draft}/amendments"),
            name="amend a draft",
            status=409,
            error="",
            json={"reason": "补录"},
        ),
    ]
    r = "PATCH /api/records/{record_id:int}"
    s += [
        Case(
            **_at(r),
            name="team member missing",
            status=400,
            error="",
            json={"team": [{"staff_id": MISSING}]},
        ),
        Case(
            **_at(r),
            name="template unknown",
            status=400,
            error="",
            json={"scenario": {"template_id": "nope"}},
        ),
        Case(
            **_at(r),
            name="timing 10^12",
            status=400,
            error="",
            json={"timings": {"minutes_to_recognition": 10**12}},
        ),
        Case(
            **_at(r),
            name="action due 2026-02-30",
            status=400,
            error="invalid_input",
            json={"actions": [{"description": "补充宫缩剂", "due_on": "2026-02-30"}]},
        ),
        Case(
            **_at(r),
            name="action without description",
            status=400,
            error="invalid_input",
            json={"actions": [{"due_on": "2031-01-01"}]},
        ),
        Case(
            **_at(r, path="/api/records/{record}"),
            name="edit a submitted record",
            status=409,
            error="record_locked",
            json={"problems": "无"},
        ),
    ]
    r = "POST /api/records/{record_id:int}/submit"
    s += [
        Case(**_at(r), name="incomplete", status=400, error="record_incomplete"),
        Case(
            **_at(r, path="/api/records/{record}/submit"),
            name="submitted twice",
            status=409,
            error="",
        ),
        Case(
            **_at(r, path="/api/records/{missing}/submit"),
            name="id that does not exist",
            status=404,
            error="",
        ),
    ]
    r = "POST /api/records/{record_id:int}/evidence"
    s += [
        Case(**_at(r), name="no file", status=400, error="evidence_no_file", data={"x": "1"}),
        Case(
            **_at(r),
            name="text pretending to be a pdf",
            status=415,
            error="",
            files={"file": ("照片.pdf", b"hello", "application/pdf")},
        ),
        Case(
            **_at(r),
            name="oversize",
            status=413,
            error="upload_too_large",
            files={"file": ("照片.pdf", PDF + b"x" * OVERSIZE, "application/pdf")},
        ),
        Case(
            **_at(r, path="/api/records/{missing}/evidence"),
            name="id that does not exist",
            status=404,
            error="",
            files={"file": ("照片.pdf", PDF, "application/pdf")},
        ),
    ]
    r = "POST /api/activities/{activity_id:int}/record"
    s += [
        Case(**_at(r), name="second record", status=409, error="", json={}),
        Case(
            **_at(r, path="/api/activities/{activity}/record"),
            name="drill not held yet",
            status=409,
            error="",
            json={},
        ),
        Case(
            **_at(r), name="team a string", status=400, error="invalid_input", json={"team": "all"}
        ),
    ]
    r = "PATCH /api/actions/{action_id:int}"
    s += [
        Case(
            **_at(r),
            name="status unknown",
            status=400,
            error="invalid_input",
            json={"status": "finished"},
        ),
        Case(
            **_at(r),
            name="follow-up a number",
            status=400,
            error="invalid_input",
            json={"follow_up": 1},
        ),
        Case(
            **_at(r),
            name="follow-up 10,000 chars",
            status=400,
            error="",
            json={"follow_up": "长" * 10_000},
        ),
    ]
    r = "POST /api/credits/certificates/{certificate_id:int}/decision"
    s += [
        Case(**_at(r), name="decision unknown", status=400, error="", json={"decision": "maybe"}),
        Case(
            **_at(r),
            name="reject without note",
            status=400,
            error="",
            json={"decision": "reject", "note": " "},
        ),
        Case(
            **_at(r),
            name="note 10,000 chars",
            status=400,
            error="invalid_input",
            json={"decision": "reject", "note": LONG},
        ),
    ]
    r = "POST /api/credits/certificates"
    s += [
        Case(**_at(r), name="credits 10^12", status=400, error="credit_certificate_bad_credits",
             data={**CERTIFICATE, "credits": str(10**12)}),
        Case(**_at(r), name="credits -1", status=400, error="credit_certificate_bad_credits",
             data={**CERTIFICATE, "credits": "-1"}),
        Case(**_at(r), name="earned 2026-02-30", status=400, error="credit_certificate_bad_date",
             data={**CERTIFICATE, "earned_on": "2026-02-30"}),
        Case(**_at(r), name="json body", status=415, error="form_body_expected",
             json=CERTIFICATE),
        Case(**_at(r), name="oversize", status=413, error="upload_too_large", data=CERTIFICATE,
             files={"file": ("证书.pdf", PDF + b"x" * OVERSIZE, "application/pdf")}),
    ]  # fmt: skip
    return s


CASES: list[Case] = [case for route in ROUTES for case in _generic(route)] + _specific()


# --- inspections: the institutions a quality inspection visits (helper E) ---------------------
_INSPECTED = Route("PUT /api/activities/{activity_id:int}/inspected-institutions",
                   "/api/activities/{inspection}/inspected-institutions", "admin",
                   {"institution_ids": ["{hosp_a}"]},
                   "/api/activities/{missing}/inspected-institutions")  # fmt: skip
ROUTES.append(_INSPECTED)
BY_KEY[_INSPECTED.key] = _INSPECTED
CASES += _generic(_INSPECTED) + [
    Case(**_at(_INSPECTED.key), name="ids not numbers", status=400, error="invalid_input",
         json={"institution_ids": ["禾城区人民医院"]}),
    Case(**_at(_INSPECTED.key), name="list missing", status=400, error="invalid_input", json={}),
    Case(**_at(_INSPECTED.key), name="501 institutions", status=400, error="invalid_input",
         json={"institution_ids": list(range(1, 502))}),
    Case(**_at(_INSPECTED.key), name="institution that does not exist", status=404,
         error="unknown_institution", json={"institution_ids": ["{hosp_a}", MISSING]}),
    Case(**_at(_INSPECTED.key, path="/api/activities/{activity}/inspected-institutions"),
         name="not an inspection", status=400, error="not_an_inspection",
         json={"institution_ids": ["{hosp_a}"]}),
    Case(**_at(_INSPECTED.key, path="/api/activities/{cancelled}/inspected-institutions",
               user="officer"),
         name="cancelled activity", status=409, error="activity_cancelled",
         json={"institution_ids": []}),
    Case(**_at(_INSPECTED.key, user="officer"), name="not the host", status=404,
         error="unknown_activity", json={"institution_ids": []}),
]  # fmt: skip
# a hospital's own activity cannot invite other hospitals (the invitation route is catalogued)
CASES += [
    Case(**_at("POST /api/activities/{activity_id:int}/invitations"),
         name="by institution kind at a hospital's drill", status=400,
         error="institution_selector_needs_duty_host",
         json={"invite": {"institution_kinds": ["mch_hospital"]}}),
    Case(**_at("POST /api/activities/{activity_id:int}/invitations"),
         name="institution kind unknown", status=400, error="invalid_input",
         json={"invite": {"institution_kinds": ["spa"]}}),
]  # fmt: skip


# --- paired support (helper D) -----------------------------------------------------------------
# The scene (paired_support_scene, called from tests/api/test_bad_inputs.py): hospital A (the
# officer's) supports hospital B; {ps_senior} is on the roster, {ps_spare} a senior who is not,
# {ps_held} a held unconfirmed clinic day, {ps_planned} a planned one.
def _ps_day(days: int) -> str:
    from datetime import timedelta

    from backend.core.clock import today_in_shanghai

    return (today_in_shanghai() + timedelta(days=days)).isoformat()


def paired_support_scene(world, clients) -> dict[str, int]:
    from backend.core.clock import utc_now
    from backend.paired_support.tables import ClinicDay
    from backend.staff.tables import StaffMember

    ids = {}
    for key, number in (("ps_senior", "PS1"), ("ps_spare", "PS2")):
        person = StaffMember(institution=world.hosp_a, staff_number=number, name=f"支援{number}",
                             role="obstetrician", title="associate_senior",
                             active_from=_ps_date(-3000), updated_at=utc_now())  # fmt: skip
        person.save().run_sync()
        ids[key] = person.id
    officer = clients["officer"]
    created = officer.post("/api/paired-support/agreements", json={
        "supporting_id": world.hosp_a, "supported_id": world.hosp_b, "starts_on": _ps_day(-30),
        "ends_on": _ps_day(60), "specialty": "产科"})  # fmt: skip
    assert created.status_code == 201, created.text
    ids["ps_agreement"] = agreement = created.json()["id"]
    added = officer.post(f"/api/paired-support/agreements/{agreement}/roster",
                         json={"staff_id": ids["ps_senior"],
                               "joined_on": _ps_day(-30)})  # fmt: skip
    assert added.status_code == 201, added.text
    for key, status, day in (("ps_held", "held", -1), ("ps_planned", "planned", 5)):
        row = ClinicDay(agreement=agreement, day=_ps_date(day), staff_member=ids["ps_senior"],
                        status=status, logged_at=utc_now())  # fmt: skip
        row.save().run_sync()
        ids[key] = row.id
    return ids


def _ps_date(days: int):
    from datetime import date

    return date.fromisoformat(_ps_day(days))


_PS = "/api/paired-support"
_PS_AGREEMENTS = Route(f"POST {_PS}/agreements", f"{_PS}/agreements", "officer",
                       {"supporting_id": "{hosp_a}", "supported_id": "{hosp_b}",
                        "starts_on": _ps_day(0), "ends_on": _ps_day(90),
                        "specialty": "产科"})  # fmt: skip
_PS_ROSTER = Route(f"POST {_PS}/agreements/{{agreement_id:int}}/roster",
                   f"{_PS}/agreements/{{ps_agreement}}/roster", "officer",
                   {"staff_id": "{ps_spare}"}, f"{_PS}/agreements/{{missing}}/roster")  # fmt: skip
_PS_REMOVE = Route(f"DELETE {_PS}/agreements/{{agreement_id:int}}/roster/{{staff_id:int}}",
                   f"{_PS}/agreements/{{ps_agreement}}/roster/{{ps_spare}}", "officer")  # fmt: skip
_PS_DAYS = Route(f"POST {_PS}/agreements/{{agreement_id:int}}/clinic-days",
                 f"{_PS}/agreements/{{ps_agreement}}/clinic-days", "officer",
                 {"day": _ps_day(7), "staff_id": "{ps_senior}"},
                 f"{_PS}/agreements/{{missing}}/clinic-days")  # fmt: skip
_PS_CONFIRM = Route(f"POST {_PS}/clinic-days/{{clinic_day_id:int}}/confirm",
                    f"{_PS}/clinic-days/{{ps_held}}/confirm", "officer")  # fmt: skip
for _route in (_PS_AGREEMENTS, _PS_ROSTER, _PS_REMOVE, _PS_DAYS, _PS_CONFIRM):
    ROUTES.append(_route)
    BY_KEY[_route.key] = _route
NOT_FOUND[_PS_ROSTER.key] = NOT_FOUND[_PS_DAYS.key] = "unknown_agreement"
CASES += [case for _route in (_PS_AGREEMENTS, _PS_ROSTER, _PS_DAYS) for case in _generic(_route)]
CASES += [
    Case(**_at(_PS_AGREEMENTS.key), name="ends before it starts", status=400,
         error="agreement_dates", json=_body(_PS_AGREEMENTS.key, ends_on=_ps_day(-10))),
    Case(**_at(_PS_AGREEMENTS.key), name="supports itself", status=400,
         error="agreement_same_institution",
         json=_body(_PS_AGREEMENTS.key, supported_id="{hosp_a}")),
    Case(**_at(_PS_AGREEMENTS.key), name="no specialty", status=400, error="invalid_input",
         json=_body(_PS_AGREEMENTS.key, specialty="")),
    Case(**_at(_PS_AGREEMENTS.key), name="date in words", status=400, error="invalid_input",
         json=_body(_PS_AGREEMENTS.key, starts_on="明天")),
    Case(**_at(_PS_AGREEMENTS.key), name="supported institution missing", status=404,
         error="unknown_institution", json=_body(_PS_AGREEMENTS.key, supported_id=MISSING)),
    Case(**_at(_PS_ROSTER.key), name="junior on the roster", status=400,
         error="roster_title_too_low", json={"staff_id": "{s_a}"}),
    Case(**_at(_PS_ROSTER.key), name="staff of another institution", status=400,
         error="roster_not_staff_of_supporting", json={"staff_id": "{s_b}"}),
    Case(**_at(_PS_ROSTER.key), name="already on the roster", status=409,
         error="roster_already_on", json={"staff_id": "{ps_senior}"}),
    Case(**_at(_PS_ROSTER.key), name="joins after the agreement", status=400,
         error="roster_date_outside", json={"staff_id": "{ps_spare}", "joined_on": _ps_day(400)}),
    Case(**_at(_PS_ROSTER.key), name="staff id in words", status=400, error="invalid_input",
         json={"staff_id": "赵医生"}),
    Case(**_at(_PS_REMOVE.key), name="not on the roster", status=404, error="roster_not_on"),
    Case(**_at(_PS_REMOVE.key, path=f"{_PS}/agreements/{{missing}}/roster/{{ps_senior}}"),
         name="agreement that does not exist", status=404, error="unknown_agreement"),
    Case(**_at(_PS_DAYS.key), name="day outside the agreement", status=400,
         error="clinic_day_outside_agreement", json=_body(_PS_DAYS.key, day=_ps_day(-200))),
    Case(**_at(_PS_DAYS.key), name="not on the roster", status=400,
         error="clinic_day_not_on_roster", json=_body(_PS_DAYS.key, staff_id="{ps_spare}")),
    Case(**_at(_PS_DAYS.key), name="unknown status", status=400, error="invalid_input",
         json=_body(_PS_DAYS.key, status="done")),
    Case(**_at(_PS_DAYS.key), name="held, logged by the supporting side", status=403,
         error="clinic_day_supporting_plans_only",
         json=_body(_PS_DAYS.key, day=_ps_day(-1), status="held")),
    Case(**_at(_PS_DAYS.key), name="department of another institution", status=400,
         error="clinic_day_department", json=_body(_PS_DAYS.key, department_id="{obstetrics_a}")),
    Case(**_at(_PS_DAYS.key, user="admin"), name="held in the future", status=400,
         error="clinic_day_held_in_future", json=_body(_PS_DAYS.key, status="held")),
    Case(**_at(_PS_CONFIRM.key, path=f"{_PS}/clinic-days/{{missing}}/confirm"),
         name="clinic day that does not exist", status=404, error="unknown_clinic_day"),
    Case(**_at(_PS_CONFIRM.key, path=f"{_PS}/clinic-days/{{ps_planned}}/confirm"),
         name="only planned", status=409, error="clinic_day_not_held"),
    Case(**_at(_PS_CONFIRM.key, user="staff"), name="by a staff member", status=404,
         error="unknown_clinic_day"),
]  # fmt: skip

# helper H: cancelling a planned clinic day ({ps_held} is held, so it stays)
_PS_CANCEL = Route(f"POST {_PS}/clinic-days/{{clinic_day_id:int}}/cancel",
                   f"{_PS}/clinic-days/{{ps_planned}}/cancel", "officer")  # fmt: skip
ROUTES.append(_PS_CANCEL)
BY_KEY[_PS_CANCEL.key] = _PS_CANCEL
CASES += [
    Case(**_at(_PS_CANCEL.key, path=f"{_PS}/clinic-days/{{ps_held}}/cancel"),
         name="a held day", status=400, error="clinic_day_cancel_held"),
    Case(**_at(_PS_CANCEL.key, path=f"{_PS}/clinic-days/{{missing}}/cancel"),
         name="clinic day that does not exist", status=404, error="unknown_clinic_day"),
    Case(**_at(_PS_CANCEL.key, user="staff"), name="by a staff member", status=404,
         error="unknown_clinic_day"),
]  # fmt: skip


# --- spot-checks (helper A): the administrator draws and reviews (the scene has no reviewer) -----
_SC = "/api/spot-checks"
_SC_SAMPLE = Route("POST /api/spot-checks/samples", f"{_SC}/samples", "admin",
                   {"zone": "{zone}", "quarter": "2024-Q3", "size": 1})  # fmt: skip
_SC_REDRAW = Route("POST /api/spot-checks/samples/{sample_id:int}/redraw",
                   f"{_SC}/samples/{{sc_sample}}/redraw", "admin", {"reason": "重新抽取"},
                   f"{_SC}/samples/{{missing}}/redraw")  # fmt: skip
_SC_REVIEW = Route("PUT /api/spot-checks/draws/{draw_id:int}/review",
                   f"{_SC}/draws/{{sc_draw}}/review", "admin", {"rating": "good"},
                   f"{_SC}/draws/{{missing}}/review")  # fmt: skip
_SC_SUBMIT = Route("POST /api/spot-checks/draws/{draw_id:int}/review/submit",
                   f"{_SC}/draws/{{sc_draw}}/review/submit", "admin")  # fmt: skip
for _route in (_SC_SAMPLE, _SC_REDRAW, _SC_REVIEW, _SC_SUBMIT):
    ROUTES.append(_route)
    BY_KEY[_route.key] = _route
NOT_FOUND[_SC_REDRAW.key] = "unknown_sample"
NOT_FOUND[_SC_REVIEW.key] = "unknown_draw"
CASES += _generic(_SC_SAMPLE) + _generic(_SC_REDRAW) + _generic(_SC_REVIEW) + [
    Case(**_at(_SC_SAMPLE.key), name="quarter not ended", status=400,
         error="spot_check_quarter_not_ended", json=_body(_SC_SAMPLE.key, quarter="2099-Q4")),
    Case(**_at(_SC_SAMPLE.key), name="a month, not a quarter", status=400,
         error="spot_check_quarter_invalid", json=_body(_SC_SAMPLE.key, quarter="2024-07")),
    Case(**_at(_SC_SAMPLE.key), name="quarter 5", status=400,
         error="spot_check_quarter_invalid", json=_body(_SC_SAMPLE.key, quarter="2024-Q5")),
    Case(**_at(_SC_SAMPLE.key), name="size 0", status=400, error="invalid_input",
         json=_body(_SC_SAMPLE.key, size=0)),
    Case(**_at(_SC_SAMPLE.key), name="size as text", status=400, error="invalid_input",
         json=_body(_SC_SAMPLE.key, size="三")),
    Case(**_at(_SC_SAMPLE.key), name="negative seed", status=400, error="invalid_input",
         json=_body(_SC_SAMPLE.key, seed=-5)),
    Case(**_at(_SC_SAMPLE.key), name="zone missing", status=400, error="invalid_input",
         json={"quarter": "2024-Q3", "size": 1}),
    Case(**_at(_SC_SAMPLE.key), name="zone that does not exist", status=404,
         error="unknown_zone", json=_body(_SC_SAMPLE.key, zone=MISSING)),
    Case(**_at(_SC_SAMPLE.key), name="quarter already sampled", status=409,
         error="spot_check_sample_exists", json=_body(_SC_SAMPLE.key, quarter="2025-Q2")),
    Case(**_at(_SC_SAMPLE.key, user="officer"), name="by an officer", status=403,
         error="forbidden", json=_SC_SAMPLE.valid),
    Case(**_at(_SC_REDRAW.key), name="blank reason", status=400,
         error="spot_check_redraw_needs_reason", json={"reason": "   "}),
    Case(**_at(_SC_REDRAW.key), name="no reason", status=400, error="invalid_input", json={}),
    Case(**_at(_SC_REDRAW.key), name="reason too long", status=400, error="invalid_input",
         json={"reason": LONG}),
    Case(**_at(_SC_REDRAW.key, path=f"{_SC}/samples/{{sc_old_sample}}/redraw"),
         name="superseded sample", status=400, error="spot_check_sample_superseded",
         json={"reason": "再抽一次"}),
    Case(**_at(_SC_REDRAW.key, user="staff"), name="by a staff member", status=403,
         error="forbidden", json={"reason": "重抽"}),
    Case(**_at(_SC_REVIEW.key), name="unknown checklist item", status=400,
         error="spot_check_unknown_item", json={"checklist": {"smell": {"answer": "yes"}}}),
    Case(**_at(_SC_REVIEW.key), name="unknown rating", status=400,
         error="spot_check_unknown_rating", json={"rating": "A+"}),
    Case(**_at(_SC_REVIEW.key), name="answer maybe", status=400, error="invalid_input",
         json={"checklist": {"scenario_realism": {"answer": "maybe"}}}),
    Case(**_at(_SC_REVIEW.key), name="checklist a list", status=400, error="invalid_input",
         json={"checklist": ["scenario_realism"]}),
    Case(**_at(_SC_REVIEW.key), name="comment too long", status=400, error="invalid_input",
         json={"comment": LONG}),
    Case(**_at(_SC_REVIEW.key, path=f"{_SC}/draws/{{sc_locked}}/review"),
         name="submitted review", status=400, error="spot_check_review_locked",
         json={"rating": "fail"}),
    Case(**_at(_SC_REVIEW.key, path=f"{_SC}/draws/{{sc_old_draw}}/review"),
         name="draw of a superseded sample", status=400, error="spot_check_sample_superseded",
         json={"rating": "good"}),
    Case(**_at(_SC_REVIEW.key, user="officer"), name="by the reviewed officer", status=404,
         error="unknown_draw", json={"rating": "excellent"}),
    Case(**_at(_SC_SUBMIT.key), name="incomplete draft", status=400,
         error="spot_check_review_incomplete"),
    Case(**_at(_SC_SUBMIT.key, path=f"{_SC}/draws/{{sc_bare}}/review/submit"),
         name="no review saved", status=400, error="spot_check_review_incomplete"),
    Case(**_at(_SC_SUBMIT.key, path=f"{_SC}/draws/{{sc_locked}}/review/submit"),
         name="already submitted", status=400, error="spot_check_review_locked"),
    Case(**_at(_SC_SUBMIT.key, path=f"{_SC}/draws/{{sc_old_draw}}/review/submit"),
         name="draw of a superseded sample", status=400, error="spot_check_sample_superseded"),
    Case(**_at(_SC_SUBMIT.key, path=f"{_SC}/draws/{{missing}}/review/submit"),
         name="draw that does not exist", status=404, error="unknown_draw"),
    Case(**_at(_SC_SUBMIT.key, user="staff"), name="by a staff member", status=403,
         error="forbidden"),
]  # fmt: skip


def spot_check_scene(world, clients, record_id: int) -> dict[str, int]:
    """A sample of 2025-Q2 (the scene's submitted record) drawn by the administrator (sc_sample),
    its draw with an incomplete draft (sc_draw); written directly, draws of the same record: one
    with a submitted review (sc_locked), one without review (sc_bare), one in a superseded sample
    (sc_old_sample, sc_old_draw)."""
    import json as _json
    from datetime import UTC, datetime

    from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample

    admin = clients["admin"]
    drawn = admin.post(f"{_SC}/samples", json={"zone": world.zone, "quarter": "2025-Q2",
                                               "size": 1, "seed": 1})  # fmt: skip
    assert drawn.status_code == 201, drawn.text
    sample = drawn.json()
    draw = sample["draws"][0]["id"]
    saved = admin.put(f"{_SC}/draws/{draw}/review", json={"rating": "good"})
    assert saved.status_code == 200, saved.text
    at = datetime(2025, 7, 2, tzinfo=UTC)
    ids = {"sc_sample": sample["id"], "sc_draw": draw}
    for key, quarter, superseded in (("sc_locked", "2024-Q1", False), ("sc_bare", "2024-Q2", False),
                                     ("sc_old_draw", "2024-Q3", True)):  # fmt: skip
        row = SpotCheckSample(zone=world.zone, quarter=quarter, size=1, seed=1, inputs="{}",
                              drawn_at=at, superseded=superseded)  # fmt: skip
        row.save().run_sync()
        made = SpotCheckDraw(sample=row.id, position=1, institution=world.hosp_a,
                             record=record_id, version=1, drawn_for="coverage")  # fmt: skip
        made.save().run_sync()
        ids[key] = made.id
        if superseded:
            ids["sc_old_sample"] = row.id
        if key == "sc_locked":
            SpotCheckReview(draw=made.id, status="submitted", created_at=at, rating="pass",
                            comment="已点评", checklist=_json.dumps({})).save().run_sync()  # fmt: skip
    return ids


# --- rectification orders (helper B) -----------------------------------------------------------
# The scene has no spot-check review: the cases name a missing one. Bodies and files are judged
# before anything is looked up, so a bad one answers 400/413/415 even there (nothing to reveal).
def _rectification() -> list[Case]:
    from datetime import date, timedelta

    def due(days: int) -> str:
        return (date.today() + timedelta(days=days)).isoformat()

    finding = {"finding": "未测量失血量", "due_on": due(30)}
    routes = [
        Route("POST /api/spot-checks/reviews/{review_id:int}/findings",
              "/api/spot-checks/reviews/{missing}/findings", "admin", finding,
              "/api/spot-checks/reviews/{missing}/findings"),
        Route("POST /api/rectification/orders/{order_id:int}/answers",
              "/api/rectification/orders/{missing}/answers", "officer", {"note": "已整改"},
              "/api/rectification/orders/{missing}/answers"),
        Route("POST /api/rectification/orders/{order_id:int}/decision",
              "/api/rectification/orders/{missing}/decision", "admin", {"decision": "accepted"},
              "/api/rectification/orders/{missing}/decision"),
        Route("POST /api/rectification/answers/{answer_id:int}/evidence",
              "/api/rectification/answers/{missing}/evidence"),
    ]  # fmt: skip
    for route in routes:
        ROUTES.append(route)
        BY_KEY[route.key] = route
    cases = [case for route in routes for case in _generic(route)]
    r = routes[0].key
    cases += [
        Case(
            **_at(r),
            name="finding blank",
            status=400,
            error="rectification_finding_blank",
            json={**finding, "finding": " \n "},
        ),
        Case(
            **_at(r),
            name="due today",
            status=400,
            error="rectification_due_not_future",
            json={**finding, "due_on": due(0)},
        ),
        Case(
            **_at(r),
            name="due yesterday",
            status=400,
            error="rectification_due_not_future",
            json={**finding, "due_on": due(-1)},
        ),
        Case(
            **_at(r),
            name="due in two years",
            status=400,
            error="rectification_due_too_far",
            json={**finding, "due_on": due(730)},
        ),
        Case(
            **_at(r),
            name="due 2026-02-30",
            status=400,
            error="invalid_input",
            json={**finding, "due_on": "2026-02-30"},
        ),
        Case(
            **_at(r),
            name="due missing",
            status=400,
            error="invalid_input",
            json={"finding": "未测量失血量"},
        ),
        Case(
            **_at(r),
            name="finding with escape",
            status=400,
            error="invalid_input",
            json={**finding, "finding": "问题\x1b[31m"},
        ),
        Case(
            **_at(r),
            name="finding 10,000 chars",
            status=400,
            error="invalid_input",
            json={**finding, "finding": LONG},
        ),
        Case(
            **_at(r),
            name="finding a number",
            status=400,
            error="invalid_input",
            json={**finding, "finding": 1},
        ),
    ]
    r = routes[1].key
    cases += [
        Case(
            **_at(r),
            name="note blank",
            status=400,
            error="rectification_note_blank",
            json={"note": "  "},
        ),
        Case(
            **_at(r),
            name="note with NUL",
            status=400,
            error="invalid_input",
            json={"note": "已整改\x00"},
        ),
        Case(
            **_at(r),
            name="note 10,000 chars",
            status=400,
            error="invalid_input",
            json={"note": LONG},
        ),
        Case(**_at(r), name="note missing", status=400, error="invalid_input", json={}),
    ]
    r = routes[2].key
    cases += [
        Case(
            **_at(r),
            name="decision unknown",
            status=400,
            error="invalid_input",
            json={"decision": "maybe"},
        ),
        Case(
            **_at(r),
            name="return without note",
            status=400,
            error="rectification_return_needs_note",
            json={"decision": "returned"},
        ),
        Case(
            **_at(r),
            name="note 10,000 chars",
            status=400,
            error="invalid_input",
            json={"decision": "returned", "note": LONG},
        ),
    ]
    r = routes[3].key
    cases += [
        Case(**_at(r), name="no file", status=400, error="rectification_no_file", data={"x": "1"}),
        Case(**_at(r), name="json body", status=415, error="form_body_expected",
             json={"file": "x"}),
        Case(**_at(r), name="text pretending to be a pdf", status=415, error="",
             files={"file": ("整改.pdf", b"hello", "application/pdf")}),
        Case(**_at(r), name="oversize", status=413, error="upload_too_large",
             files={"file": ("整改.pdf", PDF + b"x" * OVERSIZE, "application/pdf")}),
        Case(**_at(r), name="id that does not exist", status=404,
             error="rectification_unknown_answer",
             files={"file": ("整改.pdf", PDF, "application/pdf")}),
    ]  # fmt: skip
    return cases


CASES += _rectification()


# --- competency assessments in a drill record (issue 14, helper 1) -----------------------------
# {draft} is a pph drill of hospital A where only 张晓梅 ({s_a}) was present.
_ASSESS = Route("PUT /api/records/{record_id:int}/assessments", "/api/records/{draft}/assessments",
                "officer", {"assessments": [{"staff_id": "{s_a}", "competency": "pph-recognition",
                                             "outcome": "demonstrated"}]},
                "/api/records/{missing}/assessments")  # fmt: skip
ROUTES.append(_ASSESS)
BY_KEY[_ASSESS.key] = _ASSESS


def _mark(staff: object = "{s_a}", competency: str = "pph-recognition", **fields: Any) -> dict:
    return {"staff_id": staff, "competency": competency, "outcome": "demonstrated", **fields}


CASES += _generic(_ASSESS) + [
    Case(**_at(_ASSESS.key), name="someone who was not there", status=400,
         error="assessment_not_present", json={"assessments": [_mark("{colleague}")]}),
    Case(**_at(_ASSESS.key), name="another hospital's person", status=400,
         error="assessment_unknown_person", json={"assessments": [_mark("{s_b}")]}),
    Case(**_at(_ASSESS.key), name="person that does not exist", status=400,
         error="assessment_unknown_person", json={"assessments": [_mark(MISSING)]}),
    Case(**_at(_ASSESS.key), name="competency of another topic", status=400,
         error="assessment_not_covered", json={"assessments": [_mark(competency="neonatal-ppv")]}),
    Case(**_at(_ASSESS.key), name="competency unknown", status=400,
         error="assessment_unknown_competency", json={"assessments": [_mark(competency="nope")]}),
    Case(**_at(_ASSESS.key), name="same person and competency twice", status=400,
         error="assessment_repeated", json={"assessments": [_mark(), _mark(outcome="not_observed")]}),
    Case(**_at(_ASSESS.key), name="outcome unknown", status=400, error="invalid_input",
         json={"assessments": [_mark(outcome="passed")]}),
    Case(**_at(_ASSESS.key), name="comment 10,000 chars", status=400, error="invalid_input",
         json={"assessments": [_mark(comment=LONG)]}),
    Case(**_at(_ASSESS.key), name="comment with escape", status=400, error="invalid_input",
         json={"assessments": [_mark(comment="好\x1b[31m")]}),
    Case(**_at(_ASSESS.key), name="staff id a name", status=400, error="invalid_input",
         json={"assessments": [_mark("张晓梅")]}),
    Case(**_at(_ASSESS.key), name="list missing", status=400, error="invalid_input", json={}),
    Case(**_at(_ASSESS.key), name="list null", status=400, error="invalid_input",
         json={"assessments": None}),
    Case(**_at(_ASSESS.key, path="/api/records/{record}/assessments"),
         name="a submitted record", status=409, error="record_locked",
         json={"assessments": []}),
    Case(**_at("PATCH /api/records/{record_id:int}"), name="assessment of someone not there",
         status=400, error="assessment_not_present",
         json={"assessments": [_mark("{colleague}")]}),
    Case(**_at("POST /api/records/{record_id:int}/amendments"),
         name="assessment the topic does not cover", status=400, error="assessment_not_covered",
         json={"reason": "补录", "content": {"assessments": [_mark(competency="neonatal-ppv")]}}),
]  # fmt: skip


# --- competency exams and certificates (issue 14, helper 2): {cexam} an exam of hospital A with
# 张晓梅 scored, {ccert} her pending competency certificate ------------------------------------
_EXAM_BODY = {"institution_id": "{hosp_a}", "competency": "obstetric-neonatal-knowledge",
              "kind": "written", "title": "理论考核", "held_on": "2025-06-10"}  # fmt: skip
COMPETENCY_CERTIFICATE = {"competency": "neonatal-ppv", "issuer": "省新生儿复苏项目办",
                          "certificate_number": "NRP-1", "issued_on": "2025-03-01",
                          "expires_on": "2027-03-01"}  # fmt: skip
_CE = "/api/competency-exams"
_CE_ROUTES = [
    Route("POST /api/competency-exams", _CE, "officer", _EXAM_BODY),
    Route("PUT /api/competency-exams/{exam_id:int}/scores", _CE + "/{cexam}/scores", "officer",
          {"scores": [{"staff_id": "{s_a}", "score": 70}]}, _CE + "/{missing}/scores"),
    Route("POST /api/competency-exams/{exam_id:int}/scores/import",
          _CE + "/{cexam}/scores/import"),
    Route("POST /api/staff/{staff_id:int}/competency-certificates",
          "/api/staff/{s_a}/competency-certificates", "staff"),
    Route("POST /api/competency-certificates/{certificate_id:int}/confirm",
          "/api/competency-certificates/{ccert}/confirm", "officer", {"note": ""},
          "/api/competency-certificates/{missing}/confirm"),
    Route("POST /api/competency-certificates/{certificate_id:int}/reject",
          "/api/competency-certificates/{ccert}/reject", "officer", {"note": "看不清"},
          "/api/competency-certificates/{missing}/reject"),
]  # fmt: skip
ROUTES += _CE_ROUTES
BY_KEY.update({route.key: route for route in _CE_ROUTES})


def competency_exam_scene(world, clients) -> dict[str, int]:
    officer = clients["officer"]
    exam = officer.post(_CE, json={**_EXAM_BODY, "institution_id": world.hosp_a})
    assert exam.status_code == 201, exam.text
    exam_id = exam.json()["exam"]["id"]
    scored = officer.put(f"{_CE}/{exam_id}/scores",
                         json={"scores": [{"staff_id": world.s_a, "score": 70}]})  # fmt: skip
    assert scored.status_code == 200, scored.text
    cert = clients["staff"].post(f"/api/staff/{world.s_a}/competency-certificates",
                                 data=COMPETENCY_CERTIFICATE,
                                 files={"file": ("证书.pdf", PDF, "application/pdf")})  # fmt: skip
    assert cert.status_code == 201, cert.text
    return {"cexam": exam_id, "ccert": cert.json()["id"]}


def _exam_sheet(rows: list[list]) -> dict:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return {"file": ("成绩.xlsx", out.getvalue(), "application/octet-stream")}


def _competency_cases() -> list[Case]:
    cases = [case for route in _CE_ROUTES for case in _generic(route)]
    r = "POST /api/competency-exams"
    cases += [
        Case(
            **_at(r),
            name="kind unknown",
            status=400,
            error="invalid_input",
            json=_body(r, kind="oral"),
        ),
        Case(
            **_at(r),
            name="kind the competency does not allow",
            status=400,
            error="competency_exam_method_not_allowed",
            json=_body(r, kind="skills_station"),
        ),
        Case(
            **_at(r),
            name="competency unknown",
            status=400,
            error="competency_unknown",
            json=_body(r, competency="juggling"),
        ),
        Case(
            **_at(r),
            name="held in 2199",
            status=400,
            error="competency_exam_in_future",
            json=_body(r, held_on="2199-01-01"),
        ),
        Case(
            **_at(r),
            name="held 2025-02-30",
            status=400,
            error="invalid_input",
            json=_body(r, held_on="2025-02-30"),
        ),
        Case(
            **_at(r),
            name="max score 0",
            status=400,
            error="invalid_input",
            json=_body(r, max_score=0),
        ),
        Case(
            **_at(r),
            name="max score 10^12",
            status=400,
            error="invalid_input",
            json=_body(r, max_score=10**12),
        ),
        Case(
            **_at(r),
            name="title blank",
            status=400,
            error="invalid_input",
            json=_body(r, title="  "),
        ),
        Case(
            **_at(r),
            name="title 10,000 chars",
            status=400,
            error="invalid_input",
            json=_body(r, title=LONG),
        ),
        Case(
            **_at(r),
            name="activity a drill",
            status=400,
            error="competency_exam_activity_kind",
            json=_body(r, activity_id="{activity}"),
        ),
        Case(
            **_at(r),
            name="activity missing",
            status=404,
            error="unknown_activity",
            json=_body(r, activity_id=MISSING),
        ),
        Case(
            **_at(r),
            name="institution of another county",
            status=404,
            error="unknown_institution",
            json=_body(r, institution_id="{hosp_b}"),
        ),
    ]
    r = "PUT /api/competency-exams/{exam_id:int}/scores"
    cases += [
        Case(
            **_at(r),
            name="score above the maximum",
            status=400,
            error="competency_exam_scores_rejected",
            json={"scores": [{"staff_id": "{s_a}", "score": 101}]},
        ),
        Case(
            **_at(r),
            name="score negative",
            status=400,
            error="competency_exam_scores_rejected",
            json={"scores": [{"staff_id": "{s_a}", "score": -1}]},
        ),
        Case(
            **_at(r),
            name="score a word",
            status=400,
            error="invalid_input",
            json={"scores": [{"staff_id": "{s_a}", "score": "优秀"}]},
        ),
        Case(
            **_at(r),
            name="person twice",
            status=400,
            error="competency_exam_scores_rejected",
            json={
                "scores": [{"staff_id": "{s_a}", "score": 60}, {"staff_id": "{s_a}", "score": 80}]
            },
        ),
        Case(
            **_at(r),
            name="person of another hospital",
            status=400,
            error="competency_exam_scores_rejected",
            json={"scores": [{"staff_id": "{s_b}", "score": 60}]},
        ),
        Case(**_at(r), name="scores missing", status=400, error="invalid_input", json={}),
    ]
    r = "POST /api/competency-exams/{exam_id:int}/scores/import"
    cases += [
        Case(
            **_at(r),
            name="unknown 工号 on row 4",
            status=400,
            error="competency_exam_scores_rejected",
            files=_exam_sheet([["工号", "成绩"], ["A001", 90], ["N900", 80], ["Z999", 70]]),
        ),
        Case(
            **_at(r),
            name="score out of range",
            status=400,
            error="competency_exam_scores_rejected",
            files=_exam_sheet([["工号", "成绩"], ["A001", 101]]),
        ),
        Case(
            **_at(r),
            name="no 成绩 column",
            status=400,
            error="competency_exam_import_columns",
            files=_exam_sheet([["工号", "分"], ["A001", 90]]),
        ),
        Case(
            **_at(r),
            name="header only",
            status=400,
            error="competency_exam_import_empty",
            files=_exam_sheet([["工号", "成绩"]]),
        ),
        Case(
            **_at(r),
            name="text named .xlsx",
            status=415,
            error="roster_not_spreadsheet",
            files={"file": ("成绩.xlsx", b"hello", "application/octet-stream")},
        ),
        Case(
            **_at(r),
            name="no file",
            status=400,
            error="competency_exam_import_no_file",
            data={"x": "1"},
        ),
        Case(
            **_at(r), name="json body", status=415, error="form_body_expected", json={"file": "x"}
        ),
        Case(
            **_at(r, path=_CE + "/{missing}/scores/import"),
            name="id that does not exist",
            status=404,
            error="competency_exam_unknown",
            files=_exam_sheet([["工号", "成绩"], ["A001", 90]]),
        ),
    ]
    r = "POST /api/staff/{staff_id:int}/competency-certificates"
    pdf = {"file": ("证书.pdf", PDF, "application/pdf")}
    cases += [
        Case(
            **_at(r),
            name="expires before issued",
            status=400,
            error="certificate_expires_before_issued",
            files=pdf,
            data={**COMPETENCY_CERTIFICATE, "expires_on": "2025-01-01"},
        ),
        Case(
            **_at(r),
            name="issued 2025-02-30",
            status=400,
            error="competency_certificate_bad_date",
            files=pdf,
            data={**COMPETENCY_CERTIFICATE, "issued_on": "2025-02-30"},
        ),
        Case(
            **_at(r),
            name="issued in 2199",
            status=400,
            error="competency_certificate_issued_in_future",
            files=pdf,
            data={**COMPETENCY_CERTIFICATE, "issued_on": "2199-01-01", "expires_on": "2200-01-01"},
        ),
        Case(
            **_at(r),
            name="competency not proven by certificates",
            status=400,
            error="competency_certificate_not_accepted",
            files=pdf,
            data={**COMPETENCY_CERTIFICATE, "competency": "pph-team-lead"},
        ),
        Case(
            **_at(r),
            name="issuer blank",
            status=400,
            error="blank_field",
            files=pdf,
            data={**COMPETENCY_CERTIFICATE, "issuer": " "},
        ),
        Case(
            **_at(r),
            name="issuer 10,000 chars",
            status=400,
            error="invalid_input",
            files=pdf,
            data={**COMPETENCY_CERTIFICATE, "issuer": LONG},
        ),
        Case(
            **_at(r),
            name="no file",
            status=400,
            error="competency_certificate_no_file",
            data=COMPETENCY_CERTIFICATE,
        ),
        Case(
            **_at(r),
            name="text pretending to be a pdf",
            status=415,
            error="evidence_wrong_type",
            data=COMPETENCY_CERTIFICATE,
            files={"file": ("证书.pdf", b"hello", "application/pdf")},
        ),
        Case(
            **_at(r),
            name="oversize",
            status=413,
            error="upload_too_large",
            data=COMPETENCY_CERTIFICATE,
            files={"file": ("证书.pdf", PDF + b"x" * OVERSIZE, "application/pdf")},
        ),
        Case(
            **_at(r),
            name="json body",
            status=415,
            error="form_body_expected",
            json=COMPETENCY_CERTIFICATE,
        ),
        Case(
            **_at(r, path="/api/staff/{missing}/competency-certificates"),
            name="person that does not exist",
            status=404,
            error="unknown_staff_member",
            data=COMPETENCY_CERTIFICATE,
            files=pdf,
        ),
    ]
    r = "POST /api/competency-certificates/{certificate_id:int}/confirm"
    cases += [
        Case(
            **_at(r),
            name="note 10,000 chars",
            status=400,
            error="invalid_input",
            json={"note": LONG},
        ),
        Case(
            **_at(r, user="staff"),
            name="own certificate",
            status=403,
            error="competency_certificate_own",
            json={"note": ""},
        ),
    ]
    r = "POST /api/competency-certificates/{certificate_id:int}/reject"
    cases += [
        Case(
            **_at(r),
            name="note blank",
            status=400,
            error="competency_certificate_reject_needs_note",
            json={"note": "  "},
        ),
        Case(
            **_at(r),
            name="note missing",
            status=400,
            error="competency_certificate_reject_needs_note",
            json={},
        ),
    ]
    return cases


CASES += _competency_cases()


# --- logins kept by the administrator (issue 15, helper h6) ------------------------------------
# {login} is the officer's login (a refused reset must leave her password and sessions as they are).
NEW_LOGIN = {"username": "wang.officer", "display_name": "王老师", "role": "officer",
             "password": "nanhe-officer-2026", "institution_id": "{hosp_b}"}  # fmt: skip
_USERS = Route("POST /api/users", "/api/users", "admin", NEW_LOGIN)
_PASSWORD = Route("POST /api/users/{user_id:int}/password", "/api/users/{login}/password",
                  "admin", {"password": "a-new-password-2026"},
                  "/api/users/{missing}/password")  # fmt: skip
for _route in (_USERS, _PASSWORD):
    ROUTES.append(_route)
    BY_KEY[_route.key] = _route


def login_scene(world, clients) -> dict[str, int]:
    found = clients["admin"].get("/api/users?q=officer&role=officer").json()["items"]
    return {"login": found[0]["id"]}


def _login(**fields: Any) -> dict:
    return {**NEW_LOGIN, **fields}


_U, _P = _USERS.key, _PASSWORD.key
CASES += _generic(_USERS) + _generic(_PASSWORD) + [
    Case(**_at(_U), name="username taken", status=409, error="username_taken",
         json=_login(username="officer")),
    Case(**_at(_U), name="password 5 chars", status=400, error="password_too_short",
         json=_login(password="abcde")),
    Case(**_at(_U), name="demo password", status=400, error="password_is_demo",
         json=_login(password="drillbook-demo")),
    Case(**_at(_U), name="password 10,000 chars", status=400, error="invalid_input",
         json=_login(password=LONG)),
    Case(**_at(_U), name="role unknown", status=400, error="invalid_input",
         json=_login(role="superuser")),
    Case(**_at(_U), name="username with a space", status=400, error="invalid_input",
         json=_login(username="wang officer")),
    Case(**_at(_U), name="display name with a line break", status=400, error="invalid_input",
         json=_login(display_name="王\n老师")),
    Case(**_at(_U), name="officer without institution", status=400,
         error="role_needs_institution", json=_login(institution_id=None)),
    Case(**_at(_U), name="institution missing", status=400, error="unknown_institution",
         json=_login(institution_id=MISSING)),
    Case(**_at(_U), name="commission jurisdiction missing", status=400,
         error="unknown_jurisdiction",
         json=_login(role="commission", institution_id=None, jurisdiction_id=MISSING)),
    Case(**_at(_U), name="commission without jurisdiction", status=400,
         error="role_needs_jurisdiction", json=_login(role="commission", institution_id=None)),
    Case(**_at(_U), name="staff without staff number", status=400,
         error="staff_number_required", json=_login(role="staff")),
    Case(**_at(_U), name="staff number nobody has", status=400, error="unknown_staff_number",
         json=_login(role="staff", staff_number="Z999")),
    Case(**_at(_U), name="staff who already has a login", status=409,
         error="staff_member_has_login",
         json=_login(role="staff", institution_id="{hosp_a}", staff_number="A001")),
    Case(**_at(_U), name="admin with an institution", status=400, error="role_takes_no_place",
         json=_login(role="admin")),
    Case(**_at(_U, user="officer"), name="by the officer", status=403, error="forbidden",
         json=_login()),
    Case(**_at(_P), name="password 5 chars", status=400, error="password_too_short",
         json={"password": "abcde"}),
    Case(**_at(_P), name="demo password", status=400, error="password_is_demo",
         json={"password": "drillbook-demo"}),
    Case(**_at(_P), name="password null", status=400, error="invalid_input",
         json={"password": None}),
    Case(**_at(_P), name="empty object", status=400, error="invalid_input", json={}),
    Case(**_at(_P, user="officer"), name="by the officer", status=403, error="forbidden",
         json={"password": "a-new-password-2026"}),
]  # fmt: skip

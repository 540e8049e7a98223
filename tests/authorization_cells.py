"""The expected answer of every route x role x target, as the access policy states it
(/work/briefs/access-policy.md, issue 12).

Targets name things by where they live, relative to the roles of tests/world.py:
  hosp_a   the officer's and the staff member's hospital, a member of the reviewer's zone, in
           the commission's county A
  centre   the reviewer's own centre; another institution of county A for officer and staff
  hosp_b   county B of the same city: outside everyone's scope but the administrator's
  hosp_c   another city (北川市) with its own centre, zone and commission
  district an activity hosted by county A itself (a regional drill), invitees of hosp_a and centre
  city_event  one hosted by the city (南禾市), invitees of hosp_a, centre and hosp_b: nobody but
           the administrator hosts it, so everyone else sees only the names of their scope
  hidden   hospital A's unannounced drill, not yet held
  self     the staff member's own record (张晓梅); the hosp_a person is a colleague on leave
  missing  an id that does not exist: outside scope must answer exactly like it (principle 1)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tests.authorization_world import (
    HOSPITALS,
    LEAVE_REASON,
    PERSON,
    PNG,
    RECTIFIED_HOSPITALS,
    STAFF_SELF,
    UNANNOUNCED_TITLE,
    rectification_order,
    title_of,
)

ROLES = ("admin", "officer", "staff", "reviewer", "commission", "anonymous")
USERS = {"admin": "admin", "officer": "officer", "staff": "staff", "reviewer": "reviewer",
         "commission": "commission", "anonymous": None}  # fmt: skip
INSTITUTIONS = (*HOSPITALS, "missing")
ACTIVITIES = (*HOSPITALS, "district", "city_event", "hidden", "missing")
PEOPLE = ("self", *HOSPITALS, "missing")
JURISDICTIONS = ("county_a", "county_b", "city", "city_c", "missing")
NONE = ("none",)
MISSING = 999_999

SEES = {
    "admin": set(HOSPITALS), "officer": {"hosp_a"}, "staff": {"hosp_a"},
    "reviewer": {"hosp_a", "centre"}, "commission": {"hosp_a", "centre"}, "anonymous": set(),
}  # fmt: skip
SEES_JURISDICTION = {
    "admin": {"county_a", "county_b", "city", "city_c"},
    **{role: {"county_a", "city"} for role in ("officer", "staff", "reviewer", "commission")},
    "anonymous": set(),
}


def sees(role: str, target: str) -> bool:
    if target in ("self", "none"):
        return role != "anonymous"
    return target in SEES[role]


def sees_activity(role: str, target: str) -> bool:
    if target in ("district", "city_event"):  # above every non-admin's institutions
        return role != "anonymous"
    if target == "hidden":
        return role != "staff" and sees(role, "hosp_a")
    return sees(role, target)


def host(target: str) -> str:
    return "hosp_a" if target in ("hidden", "self") else target


def books(role: str, target: str) -> bool:
    """may_book_for: officers and centres their own institution, commissions their area."""
    target = host(target)
    if role == "admin":
        return target != "missing"
    if role == "commission":
        return target in ("hosp_a", "centre", "district")
    return (role, target) in (("officer", "hosp_a"), ("reviewer", "centre"))


def edits_people(role: str, target: str) -> bool:
    target = host(target)
    return (role == "admin" and target != "missing") or (role, target) == ("officer", "hosp_a")


def answer(
    role: str, visible: bool, allowed: bool = True, ok: int = 200, denied=frozenset({403})
) -> frozenset[int]:
    """401 anonymous; outside scope like a missing thing (404); in scope but not allowed 403."""
    if role == "anonymous":
        return frozenset({401})
    if not visible:
        return frozenset({404})
    return frozenset({ok}) if allowed else frozenset(denied)


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # exactly as create_app().routes names it
    targets: tuple[str, ...]
    expect: Callable[[str, str], frozenset[int]]
    call: Callable  # (matrix, role, target, fresh) -> Call
    writes: bool = False
    shows_participants: bool = False  # an activity's people: colleagues' names allowed for staff
    content_of: str = ""  # "staff": the body is the staff member's (their feed)

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


@dataclass
class Call:
    url: str
    json: object = None
    files: dict | None = None
    fresh_login: bool = False  # a throwaway session (logging out must not end the role's own)
    as_anonymous: bool = False  # the throwaway client is not logged in (logging in)
    settle: Callable | None = None  # run after the answer (wait for a background job)
    extra: dict = field(default_factory=dict)


def foreign_strings(role: str, route: Route) -> set[str]:
    """Text that must not appear in what `role` is answered on `route` (policy 3, 5, 6)."""
    viewer = "staff" if route.content_of == "staff" else role
    hidden: set[str] = set()
    for hospital in HOSPITALS:
        if hospital not in SEES[viewer]:
            hidden |= {PERSON[hospital], LEAVE_REASON.get(hospital, PERSON[hospital])}
            hidden |= {title_of(kind, hospital) for kind in ("计划", "进行中", "已举行")}
    if viewer == "anonymous":
        hidden |= {STAFF_SELF, UNANNOUNCED_TITLE}
    if viewer == "staff":
        hidden |= {LEAVE_REASON["hosp_a"], UNANNOUNCED_TITLE}
        if not route.shows_participants:
            hidden.add(PERSON["hosp_a"])
    return hidden


def _read(visible: Callable[[str, str], bool], staff_denied: bool = False, lists: bool = False):
    """A read: in scope 200, outside 404. `staff_denied`: the route is not for staff at all
    (policy 6): 403, also for what lies outside (answering alike for a missing one reveals
    nothing). `lists`: a filter of a list, where an administrator's filter by a missing
    institution may also be an empty list."""

    def expect(role: str, target: str) -> frozenset[int]:
        if lists and (role, target) == ("admin", "missing"):
            return frozenset({200, 404})
        if staff_denied and role == "staff":
            return frozenset({403} if visible(role, target) else {403, 404})
        return answer(role, visible(role, target))

    return expect


def _write(allowed: Callable[[str, str], bool], visible=sees_activity, ok: int = 200):
    def expect(role: str, target: str) -> frozenset[int]:
        return answer(role, visible(role, target), allowed(role, target), ok)

    return expect


def _logged_in(role: str, target: str) -> frozenset[int]:
    return answer(role, True)


def _public(role: str, target: str) -> frozenset[int]:
    return frozenset({200})


def _staff_only(ok: int = 200, visible=sees_activity, staff_outside=frozenset({404})):
    """Routes for a staff member's own doing: other accounts are refused whatever the target
    (400 `needs a staff member` or 403; 404 also right outside scope), staff outside scope 404."""

    def expect(role: str, target: str) -> frozenset[int]:
        if role == "anonymous":
            return answer(role, True)
        if role == "staff":
            return frozenset({ok}) if visible(role, target) else staff_outside
        return frozenset({400, 403} if visible(role, target) else {400, 403, 404})

    return expect


def _person_read(role: str, target: str) -> frozenset[int]:
    """A person's record, compliance, credits: staff only their own (policy 6)."""
    if role == "staff":
        return answer(role, target == "self")
    return answer(role, sees(role, target))


def _person_write(role: str, target: str, ok: int = 200) -> frozenset[int]:
    if role == "staff":
        return answer(role, target == "self", False)
    return answer(role, sees(role, target), edits_people(role, target), ok)


def _jurisdiction_admin(role: str, target: str) -> frozenset[int]:
    visible = role == "admin" or target in SEES_JURISDICTION[role]
    return answer(role, visible and target != "missing", role == "admin")


def _jurisdiction_read(role: str, target: str) -> frozenset[int]:
    return answer(role, target in SEES_JURISDICTION[role])


def _area_read(role: str, target: str) -> frozenset[int]:
    """Matrix and report of an area: those who see it, only their part of it. Staff: an
    institution's person, not an area's reader; a county commission: its city's name, not its
    matrix -> 403 (the policy is silent: what the code decided and a hospital would expect)."""
    allowed = role != "staff" and (role, target) != ("commission", "city")  # not its parent
    return answer(role, target in SEES_JURISDICTION[role], allowed)


def _commission_duties(role: str, target: str) -> frozenset[int]:
    """Policy 7: admin any; a commission its own subtree (not its parent); else 404."""
    if role == "admin":
        return answer(role, target != "missing")
    return answer(role, role == "commission" and target == "county_a")


ZONES = ("zone_a", "zone_c", "missing")  # zone_a: the reviewer's (centre, hosp_a); zone_c: 北川


def _zone_page(role: str, target: str) -> frozenset[int]:
    """The lead centre's reviewer its own zone, a commission a zone led from its area, the
    administrator any; officers and staff know their hospital's zone (403), no other (404)."""
    if role in ("officer", "staff"):
        return answer(role, target == "zone_a", False)
    if role == "admin":
        return answer(role, target != "missing")
    return answer(role, target == "zone_a")


def _certificate_read(role: str, target: str) -> frozenset[int]:
    if role == "staff":
        return answer(role, target == "self")
    return answer(role, sees(role, host(target)))


def _certificate_decide(role: str, target: str) -> frozenset[int]:
    if role == "staff":
        return answer(role, target == "self", False)
    return answer(role, sees(role, host(target)), edits_people(role, target))


def _certificate_list(role: str, target: str) -> frozenset[int]:
    if target == "none":  # the institution is required of everyone but staff
        return answer(role, True, role == "staff", denied={400})
    if role == "staff":  # always only their own, whatever the filter
        return frozenset({200} if sees(role, target) else {200, 404})
    if (role, target) == ("admin", "missing"):
        return frozenset({200, 404})
    return answer(role, sees(role, target))


def _institution_feed(role: str, target: str) -> frozenset[int]:
    return answer(role, sees(role, target), books(role, target))


def _token_feed(role: str, target: str) -> frozenset[int]:
    return frozenset({200 if target == "valid" else 404})


def _booking(role: str, target: str) -> frozenset[int]:
    """Policy 8: outside scope or missing -> the same 404; visible, not bookable -> 403."""
    return answer(role, sees_activity(role, target), books(role, target), ok=201)


def _session_logout(role: str, target: str) -> frozenset[int]:
    """Logging out is idempotent: without a session it only clears the cookie (200) and reveals
    nothing, so it is the fifth route anonymous callers may reach."""
    return frozenset({200})


def _roster_job(role: str, target: str) -> frozenset[int]:
    """The officer's import; staff 403 (policy 6); reviewers and commissions read the people
    anyway (silent in the policy: 200 or 403 both acceptable)."""
    if role in ("reviewer", "commission") and sees(role, target):
        return frozenset({200, 403})
    return answer(role, sees(role, target), role != "staff")


def _year_plan(role: str, target: str) -> frozenset[int]:
    """The officer's proposals: staff 403; read-only overseers 200 or 403 (policy silent)."""
    if role in ("reviewer", "commission") and sees(role, target):
        return frozenset({200, 403})
    return answer(role, sees(role, target), role != "staff")


# Quality inspections hosted by the reviewer's centre, by county A, by hospital A (an ordinary
# hospital: it may not list visits, 400) and by 北川区人民医院 (ordinary, another city).
INSPECTIONS = ("centre", "district", "hosp_a", "hosp_c", "missing")


def _inspection_write(role: str, target: str) -> frozenset[int]:
    """The host who may edit the activity (its booking rules) replaces the list; an ordinary
    hospital's inspection has none to list (400)."""
    ok = 400 if target in ("hosp_a", "hosp_c") else 200
    return answer(role, sees_activity(role, target), books(role, target), ok)


def _inst(m, target: str) -> int:
    return m.id("inst", target)


def _activity(kind: str = "activity"):
    return lambda m, target: m.id(kind, target)


YEAR_QUERY = "year={year}"


def _q(m, target: str, name: str = "institution") -> str:
    return "" if target == "none" else f"{name}={m.id('inst', target)}&"


A = "/api/activities/{activity_id:int}"
R = "/api/records/{record_id:int}"
I = "/api/institutions/{institution_id:int}"  # noqa: E741
S = "/api/staff/{staff_id:int}"
C = "/api/credits/certificates"

RECTIFIED = (*RECTIFIED_HOSPITALS, "missing")


def _due() -> str:
    return (date.today() + timedelta(days=20)).isoformat()


def _order(m, target: str, fresh: bool, answered: bool = False) -> int:
    """The standing (answered) order of the hospital, or a fresh one for a write that succeeds."""
    if target == "missing" or not fresh:
        return m.id("order", target)
    return rectification_order(m.places, target, answered=answered)


ROUTES: list[Route] = [
    # --- public, session
    Route("GET", "/api/health", NONE, _public, lambda m, r, t, f: Call("/api/health")),
    Route("GET", "/favicon.ico", NONE, _public, lambda m, r, t, f: Call("/favicon.ico")),
    Route("GET", "/api/years", NONE, _logged_in, lambda m, r, t, f: Call("/api/years")),
    Route("POST", "/api/session", NONE, _public,
          lambda m, r, t, f: Call("/api/session", m.login_body(r), fresh_login=True, as_anonymous=True)),
    Route("GET", "/api/session", NONE, _logged_in, lambda m, r, t, f: Call("/api/session")),
    Route("DELETE", "/api/session", NONE, _session_logout,
          lambda m, r, t, f: Call("/api/session", fresh_login=True)),
    Route("POST", "/api/check-in/hold", NONE, _public,
          lambda m, r, t, f: Call("/api/check-in/hold", {"code": m.code(m.id("live", "hosp_a"))})),
    Route("GET", "/calendar", ("valid", "wrong"), _token_feed,
          lambda m, r, t, f: Call(m.feed_path() if t == "valid" else "/calendar/wrongtoken.ics"),
          content_of="staff"),
    Route("GET", "/schema", NONE, _public, lambda m, r, t, f: Call("/schema/openapi.json")),
    Route("GET", "/", NONE, _public, lambda m, r, t, f: Call("/")),
    # --- jurisdictions, institutions, departments, zones
    Route("GET", "/api/jurisdictions", NONE, _logged_in,
          lambda m, r, t, f: Call("/api/jurisdictions")),
    Route("GET", "/api/jurisdictions/{jurisdiction_id:int}", JURISDICTIONS, _jurisdiction_read,
          lambda m, r, t, f: Call(f"/api/jurisdictions/{m.id('jur', t)}")),
    Route("POST", "/api/jurisdictions", NONE,
          lambda r, t: answer(r, True, r == "admin", ok=201),
          lambda m, r, t, f: Call("/api/jurisdictions", m.new_jurisdiction()), writes=True),
    Route("PATCH", "/api/jurisdictions/{jurisdiction_id:int}", JURISDICTIONS, _jurisdiction_admin,
          lambda m, r, t, f: Call(f"/api/jurisdictions/{m.id('jur', t)}", {"name_en": "Renamed"}),
          writes=True),
    Route("GET", "/api/institutions", NONE, _logged_in,
          lambda m, r, t, f: Call("/api/institutions")),
    Route("POST", "/api/institutions", NONE,
          lambda r, t: answer(r, True, r == "admin", ok=201),
          lambda m, r, t, f: Call("/api/institutions", m.new_institution()), writes=True),
    Route("GET", "/api/institutions/{institution_id:int}", INSTITUTIONS, _read(sees),
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}")),
    Route("PATCH", "/api/institutions/{institution_id:int}", INSTITUTIONS,
          _write(lambda r, t: r == "admin", sees),
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}", {"address": "新址1号"}),
          writes=True),
    Route("GET", I + "/departments", INSTITUTIONS, _read(sees),
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/departments")),
    Route("POST", I + "/departments", INSTITUTIONS, _write(edits_people, sees, ok=201),
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/departments",
                                  {"kind": "obstetrics", "name_zh": f"产科{m.next()}病区"}),
          writes=True),
    Route("PATCH", "/api/departments/{department_id:int}", INSTITUTIONS,
          _write(edits_people, sees),
          lambda m, r, t, f: Call(f"/api/departments/{m.id('dept', t)}", {"name_en": "Obstetrics"}),
          writes=True),
    Route("GET", "/api/zones", NONE, _logged_in, lambda m, r, t, f: Call("/api/zones")),
    # --- staff
    Route("GET", "/api/staff", (*NONE, *INSTITUTIONS), _read(sees, lists=True),
          lambda m, r, t, f: Call(f"/api/staff?{_q(m, t)}")),
    Route("GET", S, PEOPLE, _person_read, lambda m, r, t, f: Call(f"/api/staff/{m.person(t)}")),
    Route("PATCH", S, PEOPLE, _person_write,
          lambda m, r, t, f: Call(f"/api/staff/{m.person(t)}", {"position": "带教老师"}),
          writes=True),
    Route("POST", S + "/leave", PEOPLE, lambda r, t: _person_write(r, t, ok=201),
          lambda m, r, t, f: Call(f"/api/staff/{m.person(t)}/leave", m.leave_body()),
          writes=True),
    Route("POST", I + "/staff", INSTITUTIONS, _write(edits_people, sees, ok=201),
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/staff", m.new_person()),
          writes=True),
    Route("POST", I + "/roster-imports", INSTITUTIONS, _write(edits_people, sees, ok=202),
          lambda m, r, t, f: m.roster_upload(t), writes=True),
    Route("GET", I + "/roster-template.xlsx", INSTITUTIONS, _write(edits_people, sees),
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/roster-template.xlsx")),
    Route("GET", "/api/roster-imports/{job_id:str}", INSTITUTIONS, _roster_job,
          lambda m, r, t, f: Call(f"/api/roster-imports/{m.job(t)}")),
    Route("GET", S + "/compliance", PEOPLE, _person_read,
          lambda m, r, t, f: Call(f"/api/staff/{m.person(t)}/compliance?year={m.year}")),
    Route("GET", S + "/credits", PEOPLE, _person_read,
          lambda m, r, t, f: Call(f"/api/staff/{m.person(t)}/credits?year={m.year}")),
    # --- activities
    Route("GET", "/api/activities", (*NONE, *INSTITUTIONS), _read(sees, lists=True),
          lambda m, r, t, f: Call(f"/api/activities?{_q(m, t)}")),
    Route("POST", "/api/activities", (*HOSPITALS, "district", "missing"), _booking,
          lambda m, r, t, f: Call("/api/activities", m.booking_body(t)), writes=True),
    Route("GET", "/api/activities/invite-suggestion", INSTITUTIONS,
          _read(sees, staff_denied=True, lists=True),
          lambda m, r, t, f: Call(f"/api/activities/invite-suggestion?{_q(m, t)}kind=drill&topic=pph")),
    Route("GET", A, ACTIVITIES, _read(sees_activity),
          lambda m, r, t, f: Call(f"/api/activities/{m.id('activity', t)}"),
          shows_participants=True),
    Route("PATCH", A, ACTIVITIES, _write(books),
          lambda m, r, t, f: Call(f"/api/activities/{m.activity(t, f)}", {"notes": "更新备注"}),
          writes=True),
    Route("POST", A + "/cancel", ACTIVITIES, _write(books),
          lambda m, r, t, f: Call(f"/api/activities/{m.activity(t, f)}/cancel", {"reason": "停电"}),
          writes=True),
    Route("POST", A + "/invitations", ACTIVITIES, _write(books),
          lambda m, r, t, f: Call(f"/api/activities/{m.activity(t, f, invite=False)}/invitations",
                                  {"invite": {"staff_ids": [m.invitee(t)]}}),
          writes=True),
    Route("DELETE", A + "/invitations/{staff_member_id:int}", ACTIVITIES, _write(books),
          lambda m, r, t, f: Call(f"/api/activities/{m.activity(t, f)}/invitations/{m.invitee(t)}"),
          writes=True),
    Route("POST", A + "/registration", ACTIVITIES, _staff_only(),
          lambda m, r, t, f: Call(f"/api/activities/{m.activity(t, f, invite=False)}/registration"),
          writes=True),
    Route("DELETE", A + "/registration", ACTIVITIES, _staff_only(),
          lambda m, r, t, f: Call(f"/api/activities/{m.activity(t, f)}/registration"),
          writes=True),
    Route("POST", A + "/reply", ACTIVITIES, _staff_only(),
          lambda m, r, t, f: Call(f"/api/activities/{m.activity(t, f)}/reply",
                                  {"answer": "declined", "reason": "夜班"}),
          writes=True),
    Route("GET", A + "/attendance", ACTIVITIES, _read(sees_activity, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/activities/{m.id('activity', t)}/attendance"),
          shows_participants=True),
    Route("PUT", A + "/attendance", HOSPITALS + ("missing",), _write(books),
          lambda m, r, t, f: Call(f"/api/activities/{m.live(t, f)}/attendance",
                                  {"entries": [{"staff_id": m.invitee(t), "status": "present"}]}),
          writes=True),
    Route("POST", "/api/check-in", HOSPITALS, _staff_only(staff_outside=frozenset({403, 404})),
          lambda m, r, t, f: Call("/api/check-in", {"code": m.code(m.live(t, f))}), writes=True),
    Route("GET", A + "/check-in-code", HOSPITALS + ("missing",), _write(books),
          lambda m, r, t, f: Call(f"/api/activities/{m.id('live', t)}/check-in-code")),
    Route("GET", A + "/sign-in-sheet.pdf", ACTIVITIES, _read(sees_activity, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/activities/{m.id('activity', t)}/sign-in-sheet.pdf"),
          shows_participants=True),
    Route("POST", A + "/sign-in-import", HOSPITALS + ("missing",), _write(books),
          lambda m, r, t, f: m.sign_in_upload(t)),
    Route("GET", A + "/invite.ics", ACTIVITIES, _read(sees_activity),
          lambda m, r, t, f: Call(f"/api/activities/{m.id('activity', t)}/invite.ics"),
          shows_participants=True),
    Route("GET", A + "/record", INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/activities/{m.id('held', t)}/record")),
    Route("POST", A + "/record", INSTITUTIONS, _write(books, sees, ok=201),
          lambda m, r, t, f: Call(f"/api/activities/{m.held(t, f)}/record", m.record_body(t)),
          writes=True),
    Route("GET", "/api/me/activities", NONE, _logged_in,
          lambda m, r, t, f: Call("/api/me/activities")),
    Route("GET", "/api/activities/awaiting-results", (*NONE, *INSTITUTIONS),
          _read(sees, staff_denied=True, lists=True),
          lambda m, r, t, f: Call(f"/api/activities/awaiting-results?{_q(m, t)}")),
    # --- compliance, rules, year plan
    Route("GET", "/api/compliance", INSTITUTIONS, _read(sees),
          lambda m, r, t, f: Call(f"/api/compliance?{_q(m, t)}year={m.year}")),
    Route("GET", "/api/compliance/matrix", JURISDICTIONS, _area_read,
          lambda m, r, t, f: Call(f"/api/compliance/matrix?jurisdiction={m.id('jur', t)}"
                                  f"&year={m.year}")),
    Route("GET", "/api/compliance/commissions", JURISDICTIONS, _commission_duties,
          lambda m, r, t, f: Call(f"/api/compliance/commissions?jurisdiction={m.id('jur', t)}"
                                  f"&year={m.year}")),
    Route("GET", "/api/compliance/report", JURISDICTIONS, _area_read,
          lambda m, r, t, f: Call(f"/api/compliance/report?jurisdiction={m.id('jur', t)}"
                                  f"&year={m.year}&format=xlsx")),
    Route("GET", "/api/rules", NONE, _logged_in, lambda m, r, t, f: Call("/api/rules")),
    Route("GET", "/api/profiles", NONE, _logged_in, lambda m, r, t, f: Call("/api/profiles")),
    Route("GET", I + "/year-plan", INSTITUTIONS, _year_plan,
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/year-plan?year={m.year}")),
    Route("POST", I + "/year-plan/accept", INSTITUTIONS, _write(books, sees, ok=201),
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/year-plan/accept",
                                  m.accept_body()),
          writes=True),
    # --- drill records and corrective actions
    Route("GET", R, INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/records/{m.id('record', t)}")),
    Route("PATCH", R, INSTITUTIONS, _write(books, sees),
          lambda m, r, t, f: Call(f"/api/records/{m.draft(t, f)}", {"problems": "交接不清"}),
          writes=True),
    Route("POST", R + "/submit", INSTITUTIONS, _write(books, sees),
          lambda m, r, t, f: Call(f"/api/records/{m.draft(t, f)}/submit"), writes=True),
    Route("POST", R + "/amendments", INSTITUTIONS, _write(books, sees, ok=201),
          lambda m, r, t, f: Call(f"/api/records/{m.submitted(t, f)}/amendments",
                                  {"reason": "补录", "content": {"problems": "补录问题"}}),
          writes=True),
    Route("GET", R + "/versions", INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/records/{m.id('record', t)}/versions")),
    # competency assessments in the record (issue 14, helper 1)
    Route("GET", R + "/assessments", INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/records/{m.id('record', t)}/assessments")),
    Route("PUT", R + "/assessments", INSTITUTIONS, _write(books, sees),
          lambda m, r, t, f: Call(f"/api/records/{m.draft(t, f)}/assessments", {"assessments": [
              {"staff_id": m.invitee(t), "competency": "pph-recognition",
               "outcome": "demonstrated"}]}),
          writes=True),
    Route("POST", R + "/evidence", INSTITUTIONS, _write(books, sees, ok=201),
          lambda m, r, t, f: m.evidence_upload(t), writes=True),
    Route("GET", R + "/evidence/{evidence_id:int}", INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/records/{m.id('record', t)}/evidence/"
                                  f"{m.id('evidence', t)}")),
    Route("GET", "/api/actions", (*NONE, *INSTITUTIONS),
          _read(sees, staff_denied=True, lists=True),
          lambda m, r, t, f: Call(f"/api/actions?{_q(m, t)}")),
    Route("PATCH", "/api/actions/{action_id:int}", INSTITUTIONS, _write(books, sees),
          lambda m, r, t, f: Call(f"/api/actions/{m.id('action', t)}", {"follow_up": "已落实"}),
          writes=True),
    # --- credits
    Route("GET", "/api/credits/register", INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/credits/register?{_q(m, t)}year={m.year}&format=xlsx")),
    Route("POST", C, NONE, _staff_only(ok=201), lambda m, r, t, f: m.certificate_upload(),
          writes=True),
    Route("GET", C, (*NONE, *INSTITUTIONS), _certificate_list,
          lambda m, r, t, f: Call(f"{C}?{_q(m, t)}")),
    Route("POST", C + "/{certificate_id:int}/decision", PEOPLE, _certificate_decide,
          lambda m, r, t, f: Call(f"{C}/{m.certificate(t, f)}/decision",
                                  {"decision": "confirm", "note": ""}),
          writes=True),
    Route("GET", C + "/{certificate_id:int}/file", PEOPLE, _certificate_read,
          lambda m, r, t, f: Call(f"{C}/{m.id('certificate', t)}/file")),
    # --- calendars
    Route("GET", "/api/me/calendar-feed", NONE, _staff_only(),
          lambda m, r, t, f: Call("/api/me/calendar-feed")),
    Route("POST", "/api/me/calendar-feed/rotate", NONE, _staff_only(),
          lambda m, r, t, f: Call("/api/me/calendar-feed/rotate"), writes=True),
    Route("GET", "/api/me/calendar-feed/qr.svg", NONE, _staff_only(),
          lambda m, r, t, f: Call("/api/me/calendar-feed/qr.svg")),
    Route("GET", I + "/calendar-feed", INSTITUTIONS, _institution_feed,
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/calendar-feed")),
    Route("POST", I + "/calendar-feed/rotate", INSTITUTIONS, _institution_feed,
          lambda m, r, t, f: Call(f"/api/institutions/{_inst(m, t)}/calendar-feed/rotate"),
          writes=True),
    # --- the zone page and the commission's landing page
    Route("GET", "/api/zones/{zone_id:int}/overview", ZONES, _zone_page,
          lambda m, r, t, f: Call(f"/api/zones/{m.id('zone', t)}/overview")),
    Route("GET", "/api/zones/{zone_id:int}/overview.xlsx", ZONES, _zone_page,
          lambda m, r, t, f: Call(f"/api/zones/{m.id('zone', t)}/overview.xlsx")),
    Route("GET", "/api/commissions/{jurisdiction_id:int}/summary", JURISDICTIONS,
          _commission_duties,
          lambda m, r, t, f: Call(f"/api/commissions/{m.id('jur', t)}/summary")),
    # --- inspections: the institutions a quality inspection visits (helper E)
    Route("GET", A + "/inspected-institutions", INSPECTIONS, _read(sees_activity),
          lambda m, r, t, f: Call(f"/api/activities/{m.id('inspection', t)}/inspected-institutions")),
    Route("PUT", A + "/inspected-institutions", INSPECTIONS, _inspection_write,
          lambda m, r, t, f: Call(f"/api/activities/{m.id('inspection', t)}/inspected-institutions",
                                  {"institution_ids": []}),
          writes=True),
]  # fmt: skip

# --- paired support (helper D): agreement:<hospital> is the one that hospital supports (hosp_b
# supports hosp_c, the others hosp_b); staff see only agreements they are on the roster of.
PS = "/api/paired-support"


def _sees_agreement(role: str, target: str) -> bool:
    return role != "staff" and sees(role, target)


def _keeps_agreement(role: str, target: str) -> bool:
    """The supporting hospital's own officer (a centre's account for the centre), the
    administrator; no commission sees both sides here (hosp_b is outside county A)."""
    return (role == "admin" and target != "missing") or (role, target) in (
        ("officer", "hosp_a"), ("reviewer", "centre"))  # fmt: skip


def _agreement_create(role: str, target: str) -> frozenset[int]:
    return answer(role, sees(role, target), _keeps_agreement(role, target), 201)


def _ps_day(days: int = 0):
    from datetime import timedelta

    from backend.core.clock import today_in_shanghai

    return today_in_shanghai() + timedelta(days=days)


def _ps_body(m, target: str) -> dict:
    supported = "hosp_c" if target == "hosp_b" else "hosp_b"
    today = _ps_day()
    return {"supporting_id": _inst(m, target), "supported_id": m.places[f"inst:{supported}"],
            "starts_on": today.isoformat(), "ends_on": _ps_day(30).isoformat(),
            "specialty": "产科"}  # fmt: skip


def _ps_person(m, target: str, fresh: bool, member: bool = False) -> int:
    from tests.authorization_world import paired_member, paired_senior

    if target == "missing" or not fresh:
        return m.places["paired_person:" + ("hosp_a" if target == "missing" else target)]
    return (paired_member if member else paired_senior)(m.places, target)


def _ps_clinic_day(m, target: str, fresh: bool) -> int:
    from tests.authorization_world import held_clinic_day

    if target == "missing":
        return MISSING
    return held_clinic_day(m.places, target) if fresh else m.places[f"clinicday:{target}"]


def _ps_planned_day(m, target: str, fresh: bool) -> int:
    from tests.authorization_world import planned_clinic_day

    if target == "missing":
        return MISSING
    return planned_clinic_day(m.places, target) if fresh else m.places[f"clinicday:{target}"]


ROUTES += [
    Route("GET", PS + "/agreements", (*NONE, *INSTITUTIONS), _read(sees, lists=True),
          lambda m, r, t, f: Call(PS + "/agreements" + (f"?institution={_inst(m, t)}"
                                                        if t != "none" else ""))),
    Route("POST", PS + "/agreements", INSTITUTIONS, _agreement_create,
          lambda m, r, t, f: Call(PS + "/agreements", _ps_body(m, t)), writes=True),
    Route("GET", PS + "/agreements/{agreement_id:int}", INSTITUTIONS, _read(_sees_agreement),
          lambda m, r, t, f: Call(f"{PS}/agreements/{m.id('agreement', t)}")),
    Route("POST", PS + "/agreements/{agreement_id:int}/roster", INSTITUTIONS,
          _write(_keeps_agreement, _sees_agreement, 201),
          lambda m, r, t, f: Call(f"{PS}/agreements/{m.id('agreement', t)}/roster",
                                  {"staff_id": _ps_person(m, t, f)}), writes=True),
    Route("DELETE", PS + "/agreements/{agreement_id:int}/roster/{staff_id:int}", INSTITUTIONS,
          _write(_keeps_agreement, _sees_agreement),
          lambda m, r, t, f: Call(f"{PS}/agreements/{m.id('agreement', t)}/roster/"
                                  f"{_ps_person(m, t, f, member=True)}"), writes=True),
    Route("POST", PS + "/agreements/{agreement_id:int}/clinic-days", INSTITUTIONS,
          _write(_keeps_agreement, _sees_agreement, 201),
          lambda m, r, t, f: Call(f"{PS}/agreements/{m.id('agreement', t)}/clinic-days",
                                  {"day": _ps_day(7).isoformat(),
                                   "staff_id": _ps_person(m, t, False)}), writes=True),
    Route("POST", PS + "/clinic-days/{clinic_day_id:int}/confirm", INSTITUTIONS,
          _write(_keeps_agreement, _sees_agreement),
          lambda m, r, t, f: Call(f"{PS}/clinic-days/{_ps_clinic_day(m, t, f)}/confirm"),
          writes=True),
    # helper H: the agreement form's supported-institution choices, for who may create one for
    # the target hospital (a commission over it too, though none here sees a partner)
    Route("GET", PS + "/candidates", INSTITUTIONS,
          lambda r, t: answer(r, sees(r, t), _keeps_agreement(r, t) or (r == "commission")),
          lambda m, r, t, f: Call(f"{PS}/candidates?supporting={_inst(m, t)}")),
    # helper H: cancelling a planned day (either side's officer; no role here keeps a supported
    # hospital, so the same cells as confirming); refusals are asked of the standing held day
    Route("POST", PS + "/clinic-days/{clinic_day_id:int}/cancel", INSTITUTIONS,
          _write(_keeps_agreement, _sees_agreement),
          lambda m, r, t, f: Call(f"{PS}/clinic-days/{_ps_planned_day(m, t, f)}/cancel"),
          writes=True),
    # --- rectification orders (helper B): targets are the hospital the order is on
    Route("POST", "/api/spot-checks/reviews/{review_id:int}/findings", RECTIFIED,
          _write(lambda r, t: r in ("admin", "reviewer"), sees, ok=201),
          lambda m, r, t, f: Call(f"/api/spot-checks/reviews/{m.id('review', t)}/findings",
                                  {"finding": "未测量失血量", "due_on": _due()}),
          writes=True),
    Route("GET", "/api/rectification/orders", (*NONE, *RECTIFIED),
          _read(sees, staff_denied=True, lists=True),
          lambda m, r, t, f: Call(f"/api/rectification/orders?{_q(m, t)}")),
    Route("GET", "/api/rectification/orders/{order_id:int}", RECTIFIED,
          _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/rectification/orders/{m.id('order', t)}")),
    Route("POST", "/api/rectification/orders/{order_id:int}/answers", RECTIFIED,
          _write(lambda r, t: r == "officer", sees, ok=201),
          lambda m, r, t, f: Call(f"/api/rectification/orders/{_order(m, t, f)}/answers",
                                  {"note": "已整改"}),
          writes=True),
    Route("POST", "/api/rectification/answers/{answer_id:int}/evidence", RECTIFIED,
          _write(lambda r, t: r == "officer", sees, ok=201),
          lambda m, r, t, f: Call(f"/api/rectification/answers/{m.id('rectanswer', t)}/evidence",
                                  files={"file": ("整改.png", PNG + str(m.next()).encode(),
                                                  "image/png")}),
          writes=True),
    Route("GET", "/api/rectification/evidence/{evidence_id:int}", RECTIFIED,
          _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/rectification/evidence/{m.id('rectevidence', t)}")),
    Route("POST", "/api/rectification/orders/{order_id:int}/decision", RECTIFIED,
          _write(lambda r, t: r in ("admin", "reviewer"), sees),
          lambda m, r, t, f: Call(
              f"/api/rectification/orders/{_order(m, t, f, answered=True)}/decision",
              {"decision": "accepted"}),
          writes=True),
]  # fmt: skip

# --- spot-checks (helper A): samples are the zone reviewer's and the administrator's (other roles
# 403 before anything is looked up); a draw's submitted review is also read by the reviewed
# hospital's officer and the commissions above it, drafts only by the reviewer (else 404).
SC = "/api/spot-checks"
DRAWS = ("hosp_a", "draft", "hosp_c", "missing")  # draw:<hospital> submitted, draw:draft a draft


def _sampler(ok: int = 200, lists: bool = False):
    def expect(role: str, target: str) -> frozenset[int]:
        if role in ("officer", "staff", "commission"):
            return answer(role, True, False)
        if target == "none" and lists:
            return answer(role, True)
        leads = target == "zone_a" or (role == "admin" and target == "zone_c")
        return answer(role, leads, True, ok)

    return expect


def _draw_read(role: str, target: str) -> frozenset[int]:
    hospital = "hosp_a" if target == "draft" else target
    if role == "admin" or (role == "reviewer" and hospital == "hosp_a"):
        return answer(role, target != "missing")
    if role == "staff":
        return answer(role, sees(role, hospital), False)
    return answer(role, sees(role, hospital) and target == "hosp_a")


def _draw_write():
    """Writes of the review: the reviewer and the administrator; the submitted one (hosp_a) is
    locked (400) for them and read-only (403) for those who read it."""

    def expect(role: str, target: str) -> frozenset[int]:
        read = _draw_read(role, target)
        if read != {200}:
            return read
        if role in ("admin", "reviewer"):
            return frozenset({400}) if target == "hosp_a" else frozenset({200})
        return frozenset({403})

    return expect


def _draw(m, target: str, fresh: bool, complete: bool = False) -> int:
    from tests.authorization_world import spot_check_draw

    if target == "missing":
        return MISSING
    if fresh:
        return spot_check_draw(m.places, "hosp_a" if target == "draft" else target, "draft",
                               complete)  # fmt: skip
    return m.places[f"draw:{target}"]


def _sample(m, target: str, fresh: bool) -> int:
    from tests.authorization_world import spot_check_sample

    if target == "missing":
        return MISSING
    return spot_check_sample(m.places, target) if fresh else m.places[f"sample:{target}"]


def _sample_body(m, target: str) -> dict:
    from tests.authorization_world import spot_check_quarter

    return {"zone": m.id("zone", target), "quarter": spot_check_quarter(), "size": 3}


ROUTES += [
    Route("POST", SC + "/samples", ZONES, _sampler(201),
          lambda m, r, t, f: Call(SC + "/samples", _sample_body(m, t)), writes=True),
    Route("GET", SC + "/samples", (*NONE, *ZONES), _sampler(lists=True),
          lambda m, r, t, f: Call(SC + "/samples" + ("" if t == "none" else
                                                     f"?zone={m.id('zone', t)}"))),
    Route("GET", SC + "/samples/{sample_id:int}", ZONES, _sampler(),
          lambda m, r, t, f: Call(f"{SC}/samples/{_sample(m, t, False)}")),
    Route("POST", SC + "/samples/{sample_id:int}/redraw", ZONES, _sampler(201),
          lambda m, r, t, f: Call(f"{SC}/samples/{_sample(m, t, f)}/redraw", {"reason": "矩阵重抽"}),
          writes=True),
    Route("GET", SC + "/draws/{draw_id:int}", DRAWS, _draw_read,
          lambda m, r, t, f: Call(f"{SC}/draws/{_draw(m, t, False)}")),
    Route("PUT", SC + "/draws/{draw_id:int}/review", DRAWS, _draw_write(),
          lambda m, r, t, f: Call(f"{SC}/draws/{_draw(m, t, f)}/review",
                                  {"rating": "good", "comment": "矩阵草稿"}), writes=True),
    Route("POST", SC + "/draws/{draw_id:int}/review/submit", DRAWS, _draw_write(),
          lambda m, r, t, f: Call(f"{SC}/draws/{_draw(m, t, f, complete=True)}/review/submit"),
          writes=True),
]  # fmt: skip

# --- competencies: reading (a person, a department's matrix, an area's coverage, who is due)
DM = "/api/departments/{department_id:int}/competency-matrix"
ROUTES += [
    Route("GET", "/api/competencies", NONE, _logged_in, lambda m, r, t, f: Call("/api/competencies")),
    Route("GET", S + "/competencies", PEOPLE, _person_read,
          lambda m, r, t, f: Call(f"/api/staff/{m.person(t)}/competencies")),
    Route("GET", DM, INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/departments/{m.id('dept', t)}/competency-matrix")),
    Route("GET", DM + ".xlsx", INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"/api/departments/{m.id('dept', t)}/competency-matrix.xlsx")),
    Route("GET", "/api/competency-coverage", JURISDICTIONS, _area_read,
          lambda m, r, t, f: Call(f"/api/competency-coverage?jurisdiction={m.id('jur', t)}")),
    Route("GET", "/api/competencies/due", INSTITUTIONS, _read(sees, staff_denied=True, lists=True),
          lambda m, r, t, f: Call(f"/api/competencies/due?{_q(m, t)}topic=neonatal_asphyxia")),
]  # fmt: skip

# --- competency exams and certificates (issue 14, helper 2): cexam:<hospital> an exam of the
# hospital (staff 403: their results are on their own page), ccert:<target> a pending competency
# certificate of the target person (the staff member uploads their own, the officer for anyone).
CE = "/api/competency-exams"
CC = "/api/competency-certificates"


def _cexam(m, target: str) -> int:
    return MISSING if target == "missing" else m.places[f"cexam:{target}"]


def _ccert(m, target: str, fresh: bool) -> int:
    from tests.authorization_world import competency_certificate

    if target == "missing":
        return MISSING
    if fresh:
        return competency_certificate(m.places, m.person(target))
    return m.places[f"ccert:{target}"]


def _ccert_upload(role: str, target: str) -> frozenset[int]:
    if role == "staff":
        return answer(role, target == "self", ok=201)
    return answer(role, sees(role, host(target)), edits_people(role, target), 201)


def _exam_sheet(m, target: str) -> Call:
    import io

    from openpyxl import Workbook

    book = Workbook()
    person = m.person(target) if target != "missing" else None
    book.active.append(["工号", "成绩"])
    book.active.append([m.places.staff_numbers.get(person, "M0"), 88])
    out = io.BytesIO()
    book.save(out)
    return Call(f"{CE}/{_cexam(m, target)}/scores/import",
                files={"file": ("成绩.xlsx", out.getvalue(), "application/octet-stream")})  # fmt: skip


def _pdf() -> bytes:
    from tests.authorization_world import PDF

    return PDF


def _cert_form() -> dict:
    return {"competency": "neonatal-ppv", "issuer": "省新生儿复苏项目办", "issued_on": "2025-03-01",
            "expires_on": "2027-03-01", "certificate_number": "NRP-9"}  # fmt: skip


ROUTES += [
    Route("POST", CE, INSTITUTIONS, _write(edits_people, sees, ok=201),
          lambda m, r, t, f: Call(CE, {"institution_id": _inst(m, t), "kind": "written",
                                       "competency": "obstetric-neonatal-knowledge",
                                       "title": f"矩阵考核{m.next()}", "held_on": "2025-06-01"}),
          writes=True),
    Route("GET", CE, INSTITUTIONS, _read(sees, staff_denied=True, lists=True),
          lambda m, r, t, f: Call(f"{CE}?institution={_inst(m, t)}")),
    Route("GET", CE + "/{exam_id:int}", INSTITUTIONS, _read(sees, staff_denied=True),
          lambda m, r, t, f: Call(f"{CE}/{_cexam(m, t)}")),
    Route("PUT", CE + "/{exam_id:int}/scores", INSTITUTIONS, _write(edits_people, sees),
          lambda m, r, t, f: Call(f"{CE}/{_cexam(m, t)}/scores", {"scores": []}), writes=True),
    Route("POST", CE + "/{exam_id:int}/scores/import", INSTITUTIONS, _write(edits_people, sees),
          lambda m, r, t, f: _exam_sheet(m, t), writes=True),
    Route("POST", S + "/competency-certificates", PEOPLE, _ccert_upload,
          lambda m, r, t, f: Call(f"/api/staff/{m.person(t)}/competency-certificates",
                                  extra={"data": _cert_form()},
                                  files={"file": ("证书.pdf", _pdf(), "application/pdf")}),
          writes=True),
    Route("GET", CC, (*NONE, *INSTITUTIONS), _certificate_list,
          lambda m, r, t, f: Call(f"{CC}?{_q(m, t)}")),
    Route("POST", CC + "/{certificate_id:int}/confirm", PEOPLE, _certificate_decide,
          lambda m, r, t, f: Call(f"{CC}/{_ccert(m, t, f)}/confirm", {"note": ""}), writes=True),
    Route("POST", CC + "/{certificate_id:int}/reject", PEOPLE, _certificate_decide,
          lambda m, r, t, f: Call(f"{CC}/{_ccert(m, t, f)}/reject", {"note": "看不清"}),
          writes=True),
    Route("GET", CC + "/{certificate_id:int}/file", PEOPLE, _certificate_read,
          lambda m, r, t, f: Call(f"{CC}/{_ccert(m, t, False)}/file")),
]  # fmt: skip


# --- logins kept by the administrator (issue 15): only the administrator lists, creates and sets
# passwords; everyone else is refused alike for an existing and a missing login (403).
def _admin_login(role: str, target: str, ok: int = 200) -> frozenset[int]:
    if role == "admin" and target == "missing":
        return frozenset({404})
    return answer(role, True, role == "admin", ok=ok)


def _login_body(m) -> dict:
    n = m.next()
    return {"username": f"matrix-{n}", "display_name": f"矩阵账号{n}", "role": "officer",
            "password": "matrix-password-2026", "institution_id": m.id("inst", "hosp_a")}  # fmt: skip


def _login_id(m, target: str, fresh: bool) -> int:
    """A fresh login for a reset that succeeds (it ends that login's sessions); else the
    officer's own, which a refused reset must leave as it is."""
    if target == "missing":
        return MISSING
    if fresh:
        response = m.admin.post("/api/users", json=_login_body(m))
        assert response.status_code == 201, response.text
        return response.json()["id"]
    return m.admin.get("/api/users?q=officer&role=officer").json()["items"][0]["id"]


ROUTES += [
    Route("GET", "/api/users", NONE, _admin_login, lambda m, r, t, f: Call("/api/users")),
    Route("POST", "/api/users", NONE, lambda r, t: _admin_login(r, t, ok=201),
          lambda m, r, t, f: Call("/api/users", _login_body(m)), writes=True),
    Route("POST", "/api/users/{user_id:int}/password", ("login", "missing"), _admin_login,
          lambda m, r, t, f: Call(f"/api/users/{_login_id(m, t, f)}/password",
                                  {"password": "a-new-password-2026"}), writes=True),
]  # fmt: skip

# Paths answered by the same public entry as "/schema" and "/" (docs and static pages).
PUBLIC_PREFIXES = ("/schema", "/{file_path:path}")

CELLS = [(route, role, target) for route in ROUTES for role in ROLES for target in route.targets]
CELL_COUNT = len(CELLS)

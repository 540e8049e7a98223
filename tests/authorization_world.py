"""The world of tests/world.py grown for the authorization matrix (built once per module).

Added: another city 北川市 (county 北川区, its centre leading zone 北川片区 with 北川区人民医院, its
commission), a department and a named person in every hospital, people on leave with a reason,
for each hospital a planned drill with invitations, a started drill (check-in, sign-in import),
a held drill with a submitted record, evidence and a corrective action, a pending certificate
with its file and a roster import job; a county-hosted drill with invitees of hospital A and the centre, a city-hosted one with
invitees of three hospitals,
an unannounced drill of hospital A, and the staff member's calendar feed.

Every name and title below is unique, so finding one in a response text means it leaked.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from litestar.testing import TestClient

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.auth.tables import User
from backend.compliance.freshness import facts_changed
from backend.core.chinese_order import person_pinyin_text, pinyin_text
from backend.core.clock import shanghai_wall_time, utc_now
from backend.credits.tables import CreditCertificate
from backend.institutions.tables import Department, Institution, Jurisdiction, Zone, ZoneMembership
from backend.staff.tables import LeavePeriod, StaffMember
from tests.rosters import SAMPLE_ROWS, build_roster_csv
from tests.world import _HASH, PASSWORD, World, build_world, open_client

HOSPITALS = ("hosp_a", "centre", "hosp_b", "hosp_c")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HELD_AT = datetime(2025, 5, 10, 2, tzinfo=UTC)

# The named person of each hospital (hosp_a's is the staff user's colleague, not the staff user).
PERSON = {"hosp_a": "王秀英", "centre": "陈中心", "hosp_b": "李建国", "hosp_c": "赵北川"}
LEAVE_REASON = {"hosp_a": "甲院王秀英产假", "hosp_b": "乙院李建国进修", "hosp_c": "北川赵北川病假"}
UNANNOUNCED_TITLE = "甲院突击演练绝密"
STAFF_SELF = "张晓梅"


def title_of(kind: str, hospital: str) -> str:
    return f"{kind}演练{hospital}"


@dataclass
class Places:
    """Symbolic name -> id of everything the matrix points at."""

    world: World
    ids: dict[str, int] = field(default_factory=dict)
    jobs: dict[str, str] = field(default_factory=dict)  # hospital -> roster import job id
    feed_path: str = ""  # the staff member's secret calendar address (path only)
    staff_numbers: dict[int, str] = field(default_factory=dict)
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __getitem__(self, name: str) -> int:
        return self.ids[name]

    def next_slot(self) -> datetime:
        """A future two-hour slot nobody else uses (bookings must not clash)."""
        return utc_now() + timedelta(days=40, hours=5 * next(self.numbers))


def client_for(username: str | None) -> TestClient:
    client = open_client()
    if username:
        response = client.post("/api/session", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
    return client


async def _save(row) -> int:
    await row.save()
    return row.id


async def _other_city(world: World, ids: dict[str, int]) -> None:
    city_c = await _save(
        Jurisdiction(code="bc", name_zh="北川市", level="city", parent=world.province)
    )
    county_c = await _save(
        Jurisdiction(code="bc-bc", name_zh="北川区", level="county", parent=city_c)
    )

    def hospital(code: str, name: str, **flags) -> Institution:
        return Institution(code=code, name_zh=name, name_pinyin=pinyin_text(name),
                           kind="general_hospital", level="tertiary", jurisdiction=county_c,
                           **flags)  # fmt: skip

    centre_c = await _save(hospital("centre-c", "北川市中心医院", city_maternal_centre=True))
    hosp_c = await _save(hospital("hosp-c", "北川区人民医院"))
    zone_c = await _save(Zone(code="zone-c", name_zh="北川片区", lead_institution=centre_c))
    await ZoneMembership.insert(ZoneMembership(zone=zone_c, institution=hosp_c))
    await User.insert(User(username="commission_c", password_hash=_HASH[0], display_name="北川卫健委",
                           role="commission", jurisdiction=city_c))  # fmt: skip
    ids.update({"jur:city_c": city_c, "jur:county_c": county_c, "inst:hosp_c": hosp_c})
    ids["zone:zone_c"] = zone_c


async def _people(world: World, ids: dict[str, int], numbers: dict[int, str]) -> None:
    now = datetime.now(UTC)
    ids["dept:hosp_a"] = world.obstetrics_a
    ids["dept:hosp_b"] = world.obstetrics_b
    for hospital in ("centre", "hosp_c"):
        ids[f"dept:{hospital}"] = await _save(
            Department(institution=ids[f"inst:{hospital}"], kind="obstetrics", name_zh="产科")
        )
    numbers[world.s_a], numbers[world.s_b] = "A001", "B001"
    ids["person:hosp_b"] = world.s_b
    for index, hospital in enumerate(("hosp_a", "centre", "hosp_c")):
        person = StaffMember(
            institution=ids[f"inst:{hospital}"], department=ids[f"dept:{hospital}"],
            staff_number=f"M{index}", name=PERSON[hospital],
            name_pinyin=person_pinyin_text(PERSON[hospital]), role="midwife", title="junior",
            active_from=date(2019, 1, 1), updated_at=now,
        )  # fmt: skip
        ids[f"person:{hospital}"] = await _save(person)
        numbers[person.id] = f"M{index}"
    today = now.date()
    for hospital, reason in LEAVE_REASON.items():
        await LeavePeriod.insert(
            LeavePeriod(
                staff_member=ids[f"person:{hospital}"],
                starts_on=today - timedelta(days=10),
                ends_on=today + timedelta(days=120),
                reason=reason,
            )  # fmt: skip
        )


def _ids_of(world: World) -> dict[str, int]:
    return {
        "jur:province": world.province, "jur:city": world.city, "jur:county_a": world.county_a,
        "jur:county_b": world.county_b, "inst:hosp_a": world.hosp_a, "inst:centre": world.centre,
        "inst:hosp_b": world.hosp_b, "self": world.s_a, "zone:zone_a": world.zone,
    }  # fmt: skip


async def build_places() -> Places:
    world = await build_world()
    places = Places(world, _ids_of(world))
    await _other_city(world, places.ids)
    await _people(world, places.ids, places.staff_numbers)
    return places


def _book(admin: TestClient, places: Places, host: dict, invite: list[int], **fields) -> int:
    starts = places.next_slot()
    body = {
        "kind": "drill", "topic": "pph", "starts_at": shanghai_wall_time(starts),
        "ends_at": shanghai_wall_time(starts + timedelta(hours=2)), "place": "示教室",
        **host, **fields,
    }  # fmt: skip
    if invite:
        body["invite"] = {"staff_ids": invite}
    response = admin.post("/api/activities", json=body)
    assert response.status_code == 201, response.text
    return response.json()["activity"]["id"]


def host_of(places: Places, hospital: str) -> dict:
    if hospital == "district":
        return {"host_jurisdiction_id": places["jur:county_a"]}
    if hospital == "city_event":
        return {"host_jurisdiction_id": places["jur:city"]}
    return {"host_institution_id": places[f"inst:{hospital}"]}


def people_of(places: Places, hospital: str) -> list[int]:
    if hospital == "hosp_a":
        return [places["self"], places["person:hosp_a"]]
    return [places[f"person:{hospital}"]]


def planned_activity(admin: TestClient, places: Places, hospital: str, title: str = "") -> int:
    """A drill next month hosted by `hospital` (or the county: "district") with its people."""
    if hospital == "district":
        invite = [*people_of(places, "hosp_a"), places["person:centre"]]
    elif hospital == "city_event":
        invite = [*people_of(places, "hosp_a"), places["person:centre"], places["person:hosp_b"]]
    else:
        invite = people_of(places, hospital)
    return _book(admin, places, host_of(places, hospital), invite,
                 title=title or title_of("计划", hospital))  # fmt: skip


def started_activity(admin: TestClient, places: Places, hospital: str) -> int:
    """A drill that began an hour ago and is still going on (check-in, sign-in import)."""
    activity = planned_activity(admin, places, hospital, title_of("进行中", hospital))
    starts = utc_now() - timedelta(hours=1)
    Activity.update(
        {Activity.starts_at: starts, Activity.ends_at: starts + timedelta(hours=3)}
    ).where(Activity.id == activity).run_sync()
    return activity


def held_drill(places: Places, hospital: str, with_attendance: bool = True) -> int:
    """A drill held in 2025 with its people present, written as test_drill_records does."""
    host = places[f"inst:{hospital}"]
    row = Activity(
        uid=uuid.uuid4(), kind="drill", topic="pph", title=title_of("已举行", hospital),
        host_institution=host, starts_at=HELD_AT, ends_at=HELD_AT + timedelta(hours=1),
        status="held", created_at=HELD_AT, updated_at=HELD_AT,
    )  # fmt: skip
    row.save().run_sync()
    for person in people_of(places, hospital) if with_attendance else []:
        Attendance(activity=row.id, staff_member=person, status="present",
                   recorded_at=HELD_AT).save().run_sync()  # fmt: skip
    asyncio.run(facts_changed([host]))
    return row.id


def record_content(places: Places, hospital: str, with_action: bool = True) -> dict:
    person = places[f"person:{hospital}"]
    content = {
        "scenario": {"template_id": "pph-atony-vaginal", "title": "宫缩乏力性产后出血"},
        "team": [{"staff_id": person, "drill_role": "team_leader"}],
        "timings": {
            "minutes_to_recognition": 3,
            "minutes_to_call_for_help": 1,
            "minutes_to_first_uterotonic": 4,
            "measured_blood_loss_ml": 1200,
            "blood_loss_measured": 1,
        },  # fmt: skip
        "debrief": {"summary": f"{PERSON[hospital]}带队，配合良好。"},
    }
    if with_action:
        content["actions"] = [{"description": f"{hospital}整改：补充宫缩剂储备",
                               "due_on": (date.today() + timedelta(days=30)).isoformat(),
                               "owner_staff_id": person}]  # fmt: skip
    return content


def draft_record(admin: TestClient, places: Places, hospital: str) -> int:
    drill = held_drill(places, hospital)
    response = admin.post(f"/api/activities/{drill}/record", json=record_content(places, hospital))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def submitted_record(admin: TestClient, places: Places, hospital: str) -> int:
    record = draft_record(admin, places, hospital)
    response = admin.post(f"/api/records/{record}/submit")
    assert response.status_code == 200, response.text
    return record


def certificate(places: Places, person: int, title: str) -> int:
    """A pending certificate with its stored file, as a staff member's submission leaves it."""
    stored = f"certificates/{uuid.uuid4().hex}.pdf"
    path = Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]) / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    row = CreditCertificate(
        staff_member=person, title=title, cme_class="II", credits=2, earned_on=date(2025, 3, 1),
        status="pending", file_name="证书.pdf", stored_name=stored, content_type="application/pdf",
        submitted_at=datetime.now(UTC),
    )  # fmt: skip
    row.save().run_sync()
    return row.id


def furnish(places: Places, admin: TestClient, staff: TestClient) -> None:
    """Everything the matrix reads, written once (mostly through the API, as admin)."""
    ids = places.ids
    for hospital in HOSPITALS:
        ids[f"activity:{hospital}"] = planned_activity(admin, places, hospital)
        ids[f"live:{hospital}"] = started_activity(admin, places, hospital)
        ids[f"record:{hospital}"] = record = submitted_record(admin, places, hospital)
        ids[f"held:{hospital}"] = admin.get(f"/api/records/{record}").json()["activity"]["id"]
        upload = admin.post(f"/api/records/{record}/evidence",
                            files={"file": (f"{hospital}签到表.png", PNG, "image/png")})  # fmt: skip
        assert upload.status_code == 201, upload.text
        ids[f"evidence:{hospital}"] = upload.json()["id"]
        actions = admin.get(f"/api/actions?institution={ids[f'inst:{hospital}']}").json()
        ids[f"action:{hospital}"] = actions[0]["id"]
        ids[f"certificate:{hospital}"] = certificate(
            places, ids[f"person:{hospital}"], f"{hospital}外院进修证书"
        )
        roster = build_roster_csv(SAMPLE_ROWS[:1])
        job = admin.post(f"/api/institutions/{ids[f'inst:{hospital}']}/roster-imports",
                         files={"file": ("roster.csv", roster, "text/csv")})  # fmt: skip
        assert job.status_code == 202, job.text
        places.jobs[hospital] = job.json()["id"]
    ids["activity:district"] = planned_activity(admin, places, "district")
    ids["activity:city_event"] = planned_activity(admin, places, "city_event")
    ids["activity:hidden"] = _book(admin, places, host_of(places, "hosp_a"), [places["self"]],
                                   title=UNANNOUNCED_TITLE, unannounced=True)  # fmt: skip
    ids["certificate:self"] = certificate(places, places["self"], "张晓梅本人证书")
    furnish_rectification(places)
    furnish_paired_support(places, admin)
    furnish_inspections(admin, places)
    furnish_spot_checks(places)
    furnish_competency_exams(places)
    feed = staff.get("/api/me/calendar-feed")
    assert feed.status_code == 200, feed.text
    places.feed_path = "/calendar/" + feed.json()["url"].rsplit("/calendar/", 1)[1]


# --- rectification orders (helper B): a review of each zone's hospital, an answered order with a
# file; fresh orders for the writes that succeed.
RECTIFIED_HOSPITALS = ("hosp_a", "hosp_c")  # hospitals of a zone (the reviewer's, another city's)


def spot_check_review(places: Places, hospital: str) -> int:
    from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample

    zone = Zone.select(Zone.id).where(
        Zone.id.is_in(ZoneMembership.select(ZoneMembership.zone).where(
            ZoneMembership.institution == places[f"inst:{hospital}"]))
    ).first().run_sync()["id"]  # fmt: skip
    sample = SpotCheckSample(zone=zone, quarter="2025-Q2", size=1, seed=1, inputs="{}",
                             drawn_at=HELD_AT)  # fmt: skip
    sample.save().run_sync()
    draw = SpotCheckDraw(sample=sample.id, position=1, institution=places[f"inst:{hospital}"],
                         record=places[f"record:{hospital}"], version=1, drawn_for="coverage")  # fmt: skip
    draw.save().run_sync()
    review = SpotCheckReview(draw=draw.id, status="submitted", created_at=HELD_AT)
    review.save().run_sync()
    return review.id


def rectification_order(places: Places, hospital: str, answered: bool = False) -> int:
    """An open order (or one answered, awaiting the reviewer) on the hospital's review."""
    from backend.rectification.tables import RectificationAnswer, RectificationOrder

    order = RectificationOrder(review=places[f"review:{hospital}"],
                               institution=places[f"inst:{hospital}"], finding="矩阵整改项",
                               due_on=date.today() + timedelta(days=30),
                               status="answered" if answered else "open", raised_at=HELD_AT)  # fmt: skip
    order.save().run_sync()
    if answered:
        answer = RectificationAnswer(order=order.id, note="已整改", answered_at=HELD_AT)
        answer.save().run_sync()
        places.ids[f"rectanswer:{hospital}"] = answer.id
    return order.id


def furnish_rectification(places: Places) -> None:
    from backend.rectification.tables import RectificationEvidence

    for hospital in RECTIFIED_HOSPITALS:
        places.ids[f"review:{hospital}"] = spot_check_review(places, hospital)
        places.ids[f"order:{hospital}"] = rectification_order(places, hospital, answered=True)
        stored = f"{uuid.uuid4().hex}.png"
        path = Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]) / "rectification" / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PNG)
        evidence = RectificationEvidence(answer=places[f"rectanswer:{hospital}"],
                                         filename="整改照片.png", content_type="image/png",
                                         size=len(PNG), sha256="0" * 64, stored_name=stored,
                                         uploaded_at=HELD_AT)  # fmt: skip
        evidence.save().run_sync()
        places.ids[f"rectevidence:{hospital}"] = evidence.id


# --- inspections (helper E): a quality inspection hosted by each of these, nothing visited yet
def furnish_inspections(admin: TestClient, places: Places) -> None:
    for target in ("centre", "district", "hosp_a", "hosp_c"):
        places.ids[f"inspection:{target}"] = _book(admin, places, host_of(places, target), [],
                                                   kind="quality_inspection", topic=None,
                                                   title=f"{target}质量检查")  # fmt: skip


# --- paired support (helper D): each hospital supports another (hosp_b supports hosp_c, the others
# hosp_b), with one senior on the roster and one held, unconfirmed clinic day.
def _today() -> date:
    from backend.core.clock import today_in_shanghai

    return today_in_shanghai()


def paired_senior(places: Places, hospital: str) -> int:
    """A new associate-senior staff member of the hospital (a name no policy check looks for)."""
    person = StaffMember(institution=places[f"inst:{hospital}"], staff_number=f"PS{next(places.numbers)}",
                         name=f"{hospital}支援专家", name_pinyin=person_pinyin_text(f"{hospital}支援专家"),
                         role="obstetrician", title="associate_senior",
                         active_from=date(2020, 1, 1), updated_at=utc_now())  # fmt: skip
    person.save().run_sync()
    return person.id


def paired_member(places: Places, hospital: str) -> int:
    """A new senior put on the hospital's agreement's roster (written directly)."""
    from backend.paired_support.tables import PairedSupportRosterMember

    person = paired_senior(places, hospital)
    PairedSupportRosterMember(agreement=places[f"agreement:{hospital}"], staff_member=person,
                              joined_on=_today() - timedelta(days=50)).save().run_sync()  # fmt: skip
    return person


def held_clinic_day(places: Places, hospital: str) -> int:
    """A held, unconfirmed clinic day of the hospital's agreement (written directly)."""
    from backend.paired_support.tables import ClinicDay

    day = ClinicDay(agreement=places[f"agreement:{hospital}"], day=_today() - timedelta(days=2),
                    staff_member=places[f"paired_person:{hospital}"], status="held",
                    logged_at=utc_now())  # fmt: skip
    day.save().run_sync()
    return day.id


def furnish_paired_support(places: Places, admin: TestClient) -> None:
    today = _today()
    for hospital in HOSPITALS:
        supported = "hosp_c" if hospital == "hosp_b" else "hosp_b"
        created = admin.post("/api/paired-support/agreements", json={
            "supporting_id": places[f"inst:{hospital}"],
            "supported_id": places[f"inst:{supported}"],
            "starts_on": (today - timedelta(days=60)).isoformat(),
            "ends_on": (today + timedelta(days=120)).isoformat(), "specialty": "产科"})  # fmt: skip
        assert created.status_code == 201, created.text
        agreement = places.ids[f"agreement:{hospital}"] = created.json()["id"]
        person = places.ids[f"paired_person:{hospital}"] = paired_senior(places, hospital)
        added = admin.post(f"/api/paired-support/agreements/{agreement}/roster",
                           json={"staff_id": person,
                                 "joined_on": str(today - timedelta(days=60))})  # fmt: skip
        assert added.status_code == 201, added.text
        places.ids[f"clinicday:{hospital}"] = held_clinic_day(places, hospital)


# --- spot-checks (helper A): for each zone (the reviewer's zone_a with hosp_a, 北川's zone_c with
# hosp_c) a sample, and draws of the hospital's record: draw:<hospital> with a submitted review,
# draw:draft with a draft review (hosp_a). Each sample has a quarter of its own (fixed once drawn).
SPOT_ZONES = {"zone_a": "hosp_a", "zone_c": "hosp_c"}
_SPOT_QUARTERS = itertools.count(0)
SPOT_CHECKLIST = {item: {"answer": "yes"} for item in (
    "scenario_realism", "required_roles_present", "timings_within_target", "debrief_quality",
    "corrective_actions_concrete")}  # fmt: skip


def spot_check_quarter() -> str:
    """An ended quarter no sample of the matrix has used yet."""
    n = next(_SPOT_QUARTERS)
    return f"{2000 + n // 4}-Q{n % 4 + 1}"


def spot_check_sample(places: Places, zone: str) -> int:
    import json

    from backend.spot_checks.tables import SpotCheckSample

    institution, record = places[f"inst:{SPOT_ZONES[zone]}"], places[f"record:{SPOT_ZONES[zone]}"]
    inputs = {"weights": {"base": 1.0}, "candidates": [[record, 1, institution]],
              "institutions": {str(institution): {"name": "", "factors": {}, "risk": 1.0,
                                                  "records": 1}}}  # fmt: skip
    sample = SpotCheckSample(zone=places[f"zone:{zone}"], quarter=spot_check_quarter(), size=1,
                             seed=1, inputs=json.dumps(inputs), drawn_at=HELD_AT)  # fmt: skip
    sample.save().run_sync()
    return sample.id


def spot_check_draw(places: Places, hospital: str, status: str = "", complete: bool = False) -> int:
    """A draw of the hospital's record in a new sample of its zone, with a review in `status`
    ("": none; a "draft" that is `complete` can be submitted)."""
    import json

    from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview

    zone = next(z for z, h in SPOT_ZONES.items() if h == hospital)
    draw = SpotCheckDraw(sample=spot_check_sample(places, zone), position=1,
                         institution=places[f"inst:{hospital}"],
                         record=places[f"record:{hospital}"], version=1, drawn_for="coverage")  # fmt: skip
    draw.save().run_sync()
    if status:
        full = complete or status == "submitted"
        SpotCheckReview(draw=draw.id, status=status, created_at=HELD_AT,
                        checklist=json.dumps(SPOT_CHECKLIST if full else {}),
                        rating="pass" if full else "", comment="矩阵点评" if full else "",
                        submitted_at=HELD_AT if status == "submitted" else None).save().run_sync()  # fmt: skip
    return draw.id


def furnish_spot_checks(places: Places) -> None:
    for zone in SPOT_ZONES:
        places.ids[f"sample:{zone}"] = spot_check_sample(places, zone)
    for hospital in SPOT_ZONES.values():
        places.ids[f"draw:{hospital}"] = spot_check_draw(places, hospital, "submitted")
    places.ids["draw:draft"] = spot_check_draw(places, "hosp_a", "draft")
    leads = Zone.select(Zone.lead_institution).where(
        Zone.id.is_in([places[f"zone:{zone}"] for zone in SPOT_ZONES])).run_sync()  # fmt: skip
    asyncio.run(facts_changed([row["lead_institution"] for row in leads]))


def planned_clinic_day(places: Places, hospital: str) -> int:
    """A planned clinic day of the hospital's agreement next week (written directly; helper H)."""
    from backend.paired_support.tables import ClinicDay

    day = ClinicDay(agreement=places[f"agreement:{hospital}"], day=_today() + timedelta(days=7),
                    staff_member=places[f"paired_person:{hospital}"], status="planned",
                    logged_at=utc_now())  # fmt: skip
    day.save().run_sync()
    return day.id


# --- competency exams and certificates (issue 14, helper 2): an exam of every hospital, nobody
# scored; a pending competency certificate of each hospital's person and of the staff member.
def competency_exam(places: Places, hospital: str) -> int:
    from backend.competencies.tables import CompetencyExam

    row = CompetencyExam(institution=places[f"inst:{hospital}"],
                         competency="obstetric-neonatal-knowledge", kind="written",
                         title=f"{hospital}理论考核", held_on=date(2025, 6, 10), max_score=100,
                         created_at=HELD_AT, updated_at=HELD_AT)  # fmt: skip
    row.save().run_sync()
    return row.id


def competency_certificate(places: Places, person: int) -> int:
    """A pending certificate with its stored file, as an upload leaves it."""
    from backend.competencies.tables import CompetencyCertificate

    stored = f"{uuid.uuid4().hex}.pdf"
    path = Path(os.environ["DRILLBOOK_EVIDENCE_DIR"]) / "competency-certificates" / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    row = CompetencyCertificate(staff_member=person, competency="neonatal-ppv", issuer="省项目办",
                                certificate_number="NRP-1", issued_on=date(2025, 3, 1),
                                expires_on=date(2027, 3, 1), status="pending",
                                file_name="证书.pdf", stored_name=stored,
                                content_type="application/pdf", submitted_at=HELD_AT)  # fmt: skip
    row.save().run_sync()
    return row.id


def furnish_competency_exams(places: Places) -> None:
    for hospital in HOSPITALS:
        places.ids[f"cexam:{hospital}"] = competency_exam(places, hospital)
        places.ids[f"ccert:{hospital}"] = competency_certificate(
            places, places[f"person:{hospital}"]
        )
    places.ids["ccert:self"] = competency_certificate(places, places["self"])

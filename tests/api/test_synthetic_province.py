"""The synthetic province lands whole (or not at all) and the compliance engine reads it."""

import asyncio
from datetime import date

import msgspec
import pytest

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance, Invitation
from backend.audit.chain import verify
from backend.audit.tables import AuditEntry
from backend.competencies.framework import version_on
from backend.competencies.holdings import NewAssessment, held_until, state_of
from backend.competencies.tables import CompetencyAssessment
from backend.compliance import snapshots as snapshot_module
from backend.compliance.freshness import everything_changed, stamps
from backend.compliance.report import COMMAND_LINE, compliance_report, jurisdiction_id_for
from backend.compliance.snapshots import judge_everything
from backend.compliance.tables import ComplianceSnapshot
from backend.drill_records.judging import missing_for_submission, targets
from backend.drill_records.schemas import RecordContent
from backend.drill_records.tables import DrillRecord, DrillRecordVersion
from backend.drill_records.topics import sheet_of
from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember
from backend.tooling.demo_city.generate import read_config
from backend.tooling.synthetic_province.load import generate_province
from backend.tooling.synthetic_province.shape import province_cities
from tests.world import wipe

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def province():
    asyncio.run(wipe())
    counts = asyncio.run(generate_province(20, 1200, 2, seed=7, today=TODAY))
    yield counts
    asyncio.run(wipe())


def test_every_generated_row_is_in_the_database(province):
    async def stored():
        return {
            "institutions": await Institution.count(),
            "staff": await StaffMember.count(),
            "activities": await Activity.count(),
            "invitations": await Invitation.count(),
            "attendance": await Attendance.count(),
            "records": await DrillRecord.count(),
            "audit_entries": await AuditEntry.count(),
            "competency_assessments": await CompetencyAssessment.count(),
        }

    assert asyncio.run(stored()) == {k: v for k, v in province.items() if k != "seconds"}
    assert province["institutions"] == 20
    assert 1000 < province["staff"] < 1400
    first = asyncio.run(
        Activity.select(Activity.starts_at).order_by(Activity.starts_at).first().run()
    )
    assert first["starts_at"].year == 2025  # two calendar years: 2025 and 2026


def test_the_compliance_report_judges_the_generated_hospitals(province):
    async def report():
        city = await jurisdiction_id_for("sp00")
        return await compliance_report(COMMAND_LINE, city, 2025, TODAY)

    matrix = asyncio.run(report()).matrix
    assert len(matrix) == 20
    # every hospital drilled twice a quarter in 2025: the PPH drill rule is met everywhere
    pph = matrix["产后出血专项技能培训和快速反应团队急救演练"]
    assert set(pph) == {"met"}  # the report frame holds status codes; words are written at the edge


def test_most_held_drills_have_a_submitted_record_that_would_pass_submission(province):
    async def records():
        held = await Activity.count().where(
            Activity.kind.is_in(["drill", "regional_drill"])
            & (Activity.status == "held")
            & Activity.host_institution.is_not_null()
        )
        rows = await DrillRecordVersion.select(
            DrillRecordVersion.content,
            DrillRecordVersion.record.status.as_alias("status"),
            DrillRecordVersion.record.activity.topic.as_alias("topic"),
        ).where(DrillRecordVersion.version == 1)
        return held, rows

    held, rows = asyncio.run(records())
    assert len(rows) == province["records"] and 0.8 * held < len(rows) <= held
    assert {r["status"] for r in rows} == {"submitted"}
    missed = 0
    for row in rows:
        content = msgspec.json.decode(row["content"], type=RecordContent)
        sheet = sheet_of(row["topic"])
        assert missing_for_submission(sheet, content) == []
        missed += any(t.outcome == "missed" for t in targets(sheet, content.timings))
    assert 0 < missed < len(rows) / 2  # some teams missed a target, most did not


def test_the_provinces_audit_chain_holds_every_write_and_verifies(province):
    actions = asyncio.run(AuditEntry.select(AuditEntry.action).run())
    booked = sum(1 for a in actions if a["action"] == "activity.booked")
    submitted = sum(1 for a in actions if a["action"] == "drill_record.submitted")
    assert booked == province["activities"] and submitted == province["records"]
    assert {a["action"] for a in actions} >= {"attendance.saved", "drill_record.created"}
    verdict = asyncio.run(verify(batch_size=1000))
    assert verdict.entries == province["audit_entries"] and verdict.broken is None


def test_a_presence_turned_into_an_absence_in_the_provinces_chain_is_found_at_that_entry(
    province,
):
    entry = (
        AuditEntry.select()
        .where(
            (AuditEntry.seq > province["audit_entries"] // 2)
            & (AuditEntry.action == "attendance.saved")
        )
        .order_by(AuditEntry.seq)
        .first()
        .run_sync()
    )
    seq, original = entry["seq"], entry["payload"]
    tampered = original.replace('"status":"present"', '"status":"absent"', 1)
    assert tampered != original
    AuditEntry.update({AuditEntry.payload: tampered}).where(AuditEntry.seq == seq).run_sync()
    try:
        verdict = asyncio.run(verify(batch_size=1000))
    finally:
        AuditEntry.update({AuditEntry.payload: original}).where(AuditEntry.seq == seq).run_sync()
    assert verdict.broken is not None and verdict.broken.seq == seq
    assert verdict.broken.reason == "hash_mismatch" and verdict.entries == seq - 1
    assert asyncio.run(verify()).broken is None


def department_states(staff: list[dict], held: dict) -> dict[int, set[str]]:
    """Per department, the states of its people's required competencies as of TODAY."""
    framework = version_on(TODAY)
    found: dict[int, set[str]] = {}
    for person in staff:
        for competency in framework.required_for(person["role"], person["kind"]):
            until = held.get(person["id"], {}).get(competency.id)
            found.setdefault(person["department"], set()).add(state_of(until, TODAY, framework))
    return found


def test_generated_staff_hold_competencies_in_every_state_and_half_of_obstetrics_take_nights(
    province,
):
    async def read():
        staff = await StaffMember.select(
            StaffMember.id, StaffMember.role, StaffMember.department,
            StaffMember.department.kind.as_alias("kind"), StaffMember.night_shifts,
        ).where(StaffMember.active_to.is_null() & (StaffMember.active_from <= TODAY))  # fmt: skip
        return staff, await held_until([p["id"] for p in staff])

    staff, held = asyncio.run(read())
    states = department_states(staff, held)
    assert any(found == {"current", "expiring", "expired", "never"} for found in states.values())
    everything = {state for found in states.values() for state in found}
    assert everything == {"current", "expiring", "expired", "never"}
    clinical = [p for p in staff if p["kind"] in ("obstetrics", "neonatology")
                and p["role"] != "administrator"]  # fmt: skip
    nights = sum(bool(p["night_shifts"]) for p in clinical)
    assert 0.35 * len(clinical) < nights < 0.65 * len(clinical)
    assert not any(p["night_shifts"] for p in staff if p["kind"] == "icu")


def test_generated_assessments_carry_validity_fixed_by_the_framework(province):
    rows = CompetencyAssessment.select().run_sync()
    assert len(rows) == province["competency_assessments"] > 0
    proving = [r for r in rows if r["proves"]]
    assert 0.8 * len(rows) < len(proving) < len(rows)  # a few failed exams, needs-practice drills
    assert all(r["valid_until"] is not None and r["valid_until"] > r["assessed_on"]
               for r in proving)  # fmt: skip
    assert all(r["valid_until"] is None for r in rows if not r["proves"])
    assert {r["method"] for r in rows} == {"drill", "written", "skills_station"}
    for r in rows[::50]:  # what NewAssessment.row(), which the services use, would have written
        row = NewAssessment(r["staff_member"], r["institution"], r["competency"], r["method"],
                            r["outcome"], r["assessed_on"], r["score"]).row(r["created_at"])  # fmt: skip
        assert (row.proves, row.valid_until) == (r["proves"], r["valid_until"])


def test_judging_after_the_load_covers_every_institution_a_few_at_a_time(province, monkeypatch):
    """generate-province's judging: every institution's years judged and stored, while no
    more than CHUNK institutions' judgements are held at once (memory flat with the province)."""
    asked: list[int] = []

    async def counted(plan, ids, *args, **kwargs):
        asked.append(len(ids))
        return await whole(plan, ids, *args, **kwargs)

    whole = snapshot_module._judged
    monkeypatch.setattr(snapshot_module, "CHUNK", 3)  # 20 institutions: 7 chunks, the last of 2
    monkeypatch.setattr(snapshot_module, "_judged", counted)

    async def judge_and_read() -> tuple[int, list[dict], dict[int, str]]:
        await everything_changed()
        judged = await judge_everything([2025, 2026])
        stored = await ComplianceSnapshot.select(
            ComplianceSnapshot.institution, ComplianceSnapshot.year, ComplianceSnapshot.stamp
        )
        ids = [row["id"] for row in await Institution.select(Institution.id)]
        return judged, stored, await stamps(ids)

    judged, stored, current = asyncio.run(judge_and_read())
    assert judged == 20
    assert asked and max(asked) == 3 and sum(asked) == 40
    assert sorted((row["institution"], row["year"]) for row in stored) == sorted(
        (i, year) for i in current for year in (2025, 2026)
    )
    assert all(row["stamp"] == current[row["institution"]] for row in stored)


def test_a_second_run_refuses_and_changes_nothing(province):
    with pytest.raises(RuntimeError, match="empty database"):
        asyncio.run(generate_province(20, 1200, 2, seed=7, today=TODAY))
    assert asyncio.run(Institution.count().run()) == 20


def test_the_province_shape_is_deterministic_and_scaled_to_the_staff_asked_for():
    staffing = read_config()
    province, cities = province_cities(1000, 60000, staffing)
    assert province_cities(1000, 60000, staffing) == (province, cities)
    assert len(cities) == 10
    assert sum(len(c["counties"]) for c in cities) == 100
    assert sum(len(c["institutions"]) for c in cities) == 1000
    assert len({i["code"] for c in cities for i in c["institutions"]}) == 1000
    expected = 0.0
    for city in cities:
        for institution in city["institutions"]:
            low, high = city["headcount"][institution["level"]]
            expected += (low + high) / 2
    assert 57000 < expected < 63000


def test_every_synthetic_institution_and_person_has_the_pinyin_of_their_name(province):
    from tests.api.test_pinyin_order import names_without_their_pinyin

    assert StaffMember.count().run_sync() > 1000
    assert names_without_their_pinyin() == []


def test_a_failure_halfway_leaves_nothing_behind(province):
    asyncio.run(wipe())

    def fail_after_first_city(done, total, counts):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(generate_province(101, 500, 1, today=TODAY, progress=fail_after_first_city))
    assert asyncio.run(Jurisdiction.count().run()) == 0
    assert asyncio.run(StaffMember.count().run()) == 0

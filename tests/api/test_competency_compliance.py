"""The competency rules through the compliance API: a proving assessment or an exam result,
announced with facts_changed as the competency services do, changes the person's, the
department's and the county commission's next answer (the tests verify every snapshot read)."""

import asyncio
import uuid
from datetime import UTC, date, datetime

from backend.activities.tables import Activity
from backend.competencies.holdings import NewAssessment
from backend.competencies.tables import CompetencyExam
from backend.compliance.freshness import facts_changed
from backend.institutions.tables import Jurisdiction
from backend.staff.tables import StaffMember

NOW = datetime(2025, 6, 10, 2, tzinfo=UTC)
OBSTETRICIAN_NEEDS = (
    "pph-recognition", "pph-bimanual-compression", "pph-team-lead", "neonatal-ppv",
    "emergency-caesarean-team", "eclampsia-management", "shoulder-dystocia-manoeuvres",
    "maternal-resuscitation", "team-communication", "obstetric-neonatal-knowledge",
)  # fmt: skip


def _assess(world, staff_id, competencies, outcome="demonstrated", exam=None, method="drill"):
    """Proving (or failed) assessments, written and announced as the competency services do."""

    async def write():
        for competency in competencies:
            await NewAssessment(
                staff_member=staff_id, institution=world.hosp_a, competency=competency,
                method=method, outcome=outcome, assessed_on=date(2025, 6, 10), exam=exam,
            ).row(NOW).save()  # fmt: skip
        await facts_changed([world.hosp_a])

    asyncio.run(write())


def _finding(body, rule_id, period, kind, subject):
    (finding,) = [
        f
        for f in body["findings"]
        if (f["rule_id"], f["period"], f["subject_kind"], f["subject_id"])
        == (rule_id, period, kind, subject)
    ]
    return finding


def test_assessments_turn_a_persons_competency_year_from_gap_to_met(world, api):
    path = f"/api/staff/{world.s_a}/compliance?year=2025&as_of=2026-01-05"
    before = _finding(api("staff").get(path).json(), "competencies-current", "2025",
                      "staff_member", world.s_a)  # fmt: skip
    assert (before["status"], before["done"], before["required"]) == ("gap", 0, 10)
    assert before["rule_name_zh"] == "岗位胜任力全员有效"
    assert "新生儿正压通气" in before["reason_zh"] and "neonatal-ppv" not in before["reason_zh"]
    _assess(world, world.s_a, OBSTETRICIAN_NEEDS[:-1])
    short = _finding(api("staff").get(path).json(), "competencies-current", "2025",
                     "staff_member", world.s_a)  # fmt: skip
    assert (short["status"], short["done"]) == ("gap", 9)
    assert "尚缺：妊娠合并症、并发症及新生儿急救理论" in short["reason_zh"]
    _assess(world, world.s_a, OBSTETRICIAN_NEEDS[-1:], outcome="failed", method="written")
    assert _finding(api("staff").get(path).json(), "competencies-current", "2025",
                    "staff_member", world.s_a)["status"] == "gap"  # fmt: skip
    _assess(world, world.s_a, OBSTETRICIAN_NEEDS[-1:], outcome="passed", method="written")
    met = _finding(api("officer").get(path).json(), "competencies-current", "2025",
                   "staff_member", world.s_a)  # fmt: skip
    assert (met["status"], met["done"]) == ("met", 10)


def _night_obstetrician(world, number, name):
    row = StaffMember(institution=world.hosp_a, department=world.obstetrics_a, staff_number=number,
                      name=name, role="obstetrician", title="intermediate", night_shifts=True,
                      active_from=date(2020, 1, 1), updated_at=NOW)  # fmt: skip

    async def write():
        await row.save()
        await facts_changed([world.hosp_a])

    asyncio.run(write())
    return row.id


def test_night_shift_holders_meet_the_departments_coverage(world, api):
    path = f"/api/compliance?institution={world.hosp_a}&year=2025&as_of=2026-01-05"
    coverage = ("competency-coverage", "2025-Q4", "department", world.obstetrics_a)
    before = _finding(api("officer").get(path).json(), *coverage)
    assert before["status"] == "gap"
    assert "新生儿正压通气：夜班人员中当前持有 0 人，少于 2 人" in before["reason_zh"]
    first = _night_obstetrician(world, "A101", "王夜班")
    _assess(world, first, ("neonatal-ppv", "pph-recognition", "pph-team-lead"))
    _assess(world, world.s_a, ("neonatal-ppv", "pph-recognition"))  # s_a takes no night shifts
    one = _finding(api("officer").get(path).json(), *coverage)
    assert one["status"] == "gap"
    assert "新生儿正压通气：夜班人员中当前持有 1 人，少于 2 人" in one["reason_zh"]
    assert "产后出血抢救团队指挥" not in one["reason_zh"]  # one team lead is enough
    second = _night_obstetrician(world, "A102", "赵夜班")
    _assess(world, second, ("neonatal-ppv", "pph-recognition"))
    met = _finding(api("officer").get(path).json(), *coverage)
    assert (met["status"], met["done"], met["required"]) == ("met", 3, 3)
    neonatal = _finding(api("officer").get(path).json(), "competency-coverage", "2025-Q4",
                        "department", world.neonatology_a)  # fmt: skip
    assert neonatal["status"] == "gap"  # the obstetricians' holdings are not the NICU's


def _staff_exam(world, status="held"):
    async def write():
        activity = Activity(uid=uuid.uuid4(), kind="staff_exam", title="妇产科全员考试",
                            host_jurisdiction=world.county_a, status=status,
                            starts_at=NOW, ends_at=NOW, created_at=NOW, updated_at=NOW)  # fmt: skip
        await activity.save()
        exam = CompetencyExam(institution=world.hosp_a, competency="obstetric-neonatal-knowledge",
                              kind="written", title="妇产科全员理论考试", held_on=date(2025, 6, 10),
                              activity=activity.id, created_at=NOW, updated_at=NOW)  # fmt: skip
        await exam.save()
        return exam.id

    return asyncio.run(write())


def test_the_county_staff_exam_counts_the_people_who_sat_and_passed(world, api):
    Jurisdiction.update({Jurisdiction.profile: "chongqing-2020"}).where(
        Jurisdiction.id == world.county_a
    ).run_sync()
    path = f"/api/compliance/commissions?jurisdiction={world.county_a}&year=2025&as_of=2026-01-05"

    def finding():
        (row,) = api("commission").get(path).json()["rows"]
        return _finding(row, "staff-exam", "2025", "county_commission", world.county_a)

    none = finding()
    assert (none["status"], none["required"]) == ("gap", 1)
    assert none["reason_zh"] == "本年度尚未组织妇产科和新生儿科全员考试（应考 1 人）。"
    exam = _staff_exam(world)
    _assess(world, world.s_a, ["obstetric-neonatal-knowledge"], "failed", exam, "written")
    failed = finding()
    assert failed["status"] == "partly_met"
    assert "应考 1 人，参考 1 人，通过 0 人" in failed["reason_zh"]
    resit = _staff_exam(world)
    _assess(world, world.s_a, ["obstetric-neonatal-knowledge"], "passed", resit, "written")
    passed = finding()
    assert (passed["status"], passed["done"]) == ("met", 1)
    assert passed["reason_zh"] == "全员考试已完成：应考 1 人，参考 1 人，通过 1 人。"

"""The demo city's paired support: 南禾市妇幼保健院 (the city MCH hospital) supports 柳溪县妇幼保健院
(a county MCH hospital) with a roster of four seniors. Clinic days are held most weeks, confirmed;
one week is missed, the most recent statutory holiday week (e.g. the Spring Festival) has none,
last week's day still awaits confirmation and next week's is planned. Written directly, inside
load_demo_city's transaction (which bumps every institution's facts afterwards)."""

from __future__ import annotations

from datetime import date, timedelta

from backend.core.chinese_order import person_pinyin_text
from backend.core.clock import start_of_day_utc, utc_now
from backend.institutions.tables import Department, Institution
from backend.paired_support.tables import (
    ClinicDay,
    PairedSupportAgreement,
    PairedSupportRosterMember,
)
from backend.paired_support.weeks import days_off_between, week_start
from backend.staff.tables import StaffMember

SUPPORTING, SUPPORTED = "nh-mch", "nh-lx-mch"
ROSTER = 4
EXTRA_SENIORS = (
    ("副主任医师", "周文华"),
    ("副主任医师", "冯静怡"),
    ("主任医师", "陈立平"),
    ("副主任医师", "蒋玉兰"),
)
WORK = ("产科门诊坐诊", "疑难病例会诊", "产房教学查房", "高危孕产妇管理指导", "新生儿复苏技术带教")


def _holiday_week(today: date) -> date | None:
    """The Monday of the most recent week without a working day in the last year."""
    off = days_off_between(today - timedelta(days=365), today)
    monday = week_start(today) - timedelta(weeks=1)
    for _ in range(52):
        if all(monday + timedelta(days=n) in off for n in range(7)):
            return monday
        monday -= timedelta(weeks=1)
    return None


async def load_paired_support(today: date) -> dict[str, int]:
    rows = await Institution.select(Institution.id, Institution.code).where(
        Institution.code.is_in([SUPPORTING, SUPPORTED])
    )
    ids = {row["code"]: row["id"] for row in rows}
    if len(ids) < 2:
        return {}
    now = utc_now()
    seniors = await _seniors(ids[SUPPORTING], today, now)
    holiday = _holiday_week(today)
    this_week = week_start(today)
    starts = min(
        this_week - timedelta(weeks=12), holiday - timedelta(weeks=2) if holiday else this_week
    )
    ends = date(today.year + 1, 12, 31)
    (agreement,) = await PairedSupportAgreement.insert(
        PairedSupportAgreement(supporting=ids[SUPPORTING], supported=ids[SUPPORTED],
                               starts_on=starts, ends_on=ends, specialty="产科",
                               note="南禾市妇幼保健院对口支援柳溪县妇幼保健院（产科），每周坐诊不少于1次。",
                               created_at=now)
    ).returning(PairedSupportAgreement.id)  # fmt: skip
    agreement_id = agreement["id"]
    await PairedSupportRosterMember.insert(
        *[PairedSupportRosterMember(agreement=agreement_id, staff_member=s, joined_on=starts)
          for s in seniors]
    )  # fmt: skip
    department = (
        await Department.select(Department.id)
        .where((Department.institution == ids[SUPPORTED]) & (Department.kind == "obstetrics"))
        .first()
    )
    off = days_off_between(starts, today + timedelta(weeks=2))
    missed = this_week - timedelta(weeks=3)
    days = []
    monday, n = week_start(starts), 0
    while monday <= this_week + timedelta(weeks=1):
        workdays = [monday + timedelta(days=d) for d in range(7)
                    if monday + timedelta(days=d) not in off and monday + timedelta(days=d) >= starts]  # fmt: skip
        if workdays and monday != missed:
            day = workdays[min(2, len(workdays) - 1)]
            n += 1
            status = "planned" if day > today else "held"
            logged = start_of_day_utc(day) + timedelta(hours=10)
            last_week = monday == this_week - timedelta(weeks=1)
            days.append(ClinicDay(
                agreement=agreement_id, day=day, staff_member=seniors[n % len(seniors)],
                department=department["id"] if department else None, work=WORK[n % len(WORK)],
                status=status, logged_at=min(logged, now),
                confirmed_at=None if status == "planned" or last_week else logged + timedelta(days=1),
            ))  # fmt: skip
        monday += timedelta(weeks=1)
    if days:
        await ClinicDay.insert(*days)
    return {"paired_support_agreements": 1, "clinic_days": len(days)}


async def _seniors(institution: int, today: date, now) -> list[int]:
    rows = (
        await StaffMember.select(StaffMember.id)
        .where(
            (StaffMember.institution == institution)
            & StaffMember.title.is_in(["associate_senior", "senior"])
            & (StaffMember.role == "obstetrician")
            & StaffMember.active_to.is_null()
        )
        .order_by(StaffMember.id)
    )
    found = [row["id"] for row in rows][:ROSTER]
    department = (
        await Department.select(Department.id)
        .where((Department.institution == institution) & (Department.kind == "obstetrics"))
        .first()
    )
    for index, (position, name) in enumerate(EXTRA_SENIORS[: ROSTER - len(found)]):
        (row,) = await StaffMember.insert(
            StaffMember(institution=institution, department=department["id"] if department else None,
                        staff_number=f"PS{index + 1:03d}", name=name,
                        name_pinyin=person_pinyin_text(name), role="obstetrician",
                        title="senior" if position == "主任医师" else "associate_senior",
                        position=position, active_from=date(2015, 1, 1), updated_at=now)
        ).returning(StaffMember.id)  # fmt: skip
        found.append(row["id"])
    return found

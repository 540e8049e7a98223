"""`drillbook seed-demo`: write the generated demo city into the database, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from piccolo.table import Table

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance, Invitation
from backend.auth.passwords import hash_password
from backend.auth.production import DEMO_PASSWORD
from backend.auth.tables import User
from backend.compliance.freshness import everything_changed
from backend.compliance.snapshots import judge_everything
from backend.core.chinese_order import person_pinyin_text, pinyin_text
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.database import current_engine, transaction
from backend.institutions.tables import Department, Institution, Jurisdiction, Zone, ZoneMembership
from backend.staff.tables import LeavePeriod, StaffMember
from backend.tooling.demo_city.certificates import generate_certificates
from backend.tooling.demo_city.competencies import demo_competencies, write_assessments
from backend.tooling.demo_city.generate import DemoCity, generate_city, read_config
from backend.tooling.demo_city.inspections import write_inspections
from backend.tooling.demo_city.load_records import write_certificates, write_records
from backend.tooling.demo_city.paired_support import load_paired_support
from backend.tooling.demo_city.records import DemoRecords, generate_records
from backend.tooling.demo_city.rectification import load_rectification
from backend.tooling.demo_city.spot_checks import write_spot_checks

CHUNK = 400


async def load_demo_city(
    seed: int = 2025, if_empty: bool = False, today: date | None = None
) -> int:
    """Exit code: 0 loaded (or nothing to do with if_empty), 1 refused because data exists."""
    if await Institution.count() > 0:
        if if_empty:
            print("seed-demo: the database already has institutions; leaving it as it is.")
            return 0
        print("seed-demo: the database is not empty; the demo city loads only into an empty one.")
        return 1
    started = time.perf_counter()
    today = today or today_in_shanghai()
    city = generate_city(read_config(), seed, today)
    records = generate_records(city, seed, today)
    certificates = generate_certificates(city, seed, today)
    staff_user = _demo_staff(city, city.config["users"]["staff_institution"], "obstetrician",
                             ("obstetrics",))  # fmt: skip
    night, evidence = demo_competencies(city, seed, today, staff_user)
    async with transaction():
        counts = await _write(city, records, night)
        staff_ids = counts.pop("staff_ids")
        counts["certificates"] = await write_certificates(
            _insert, certificates, staff_ids, counts.pop("officer_id")
        )
        counts["competency_assessments"] = await write_assessments(
            _insert, city, evidence, staff_ids, counts.pop("institution_ids")
        )
        counts.update(await write_spot_checks(today))  # spot-checks (抽查点评), after records
        counts["inspection_visits"] = await write_inspections(today)
        counts.update(await load_paired_support(today))  # paired support (对口支援)
        counts.update(await load_rectification(today))  # after the spot-check demo (helper B)
        await everything_changed()  # after every row, drill records included
    # statistics for the planner now, not when autovacuum gets round to it: with none,
    # PostgreSQL took a person-by-person plan for the credit register (29 ms instead of 1.4 ms)
    await current_engine().run_ddl("ANALYZE")
    await judge_everything([today.year - 1, today.year])
    counts["seconds"] = round(time.perf_counter() - started, 2)
    print("seed-demo: loaded " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


async def _insert(table: type[Table], rows: Sequence[Table]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        result = await table.insert(*rows[start : start + CHUNK]).returning(table.id)
        ids.extend(row["id"] for row in result)
    return ids


async def _write(city: DemoCity, records: DemoRecords, night: set[int]) -> dict[str, Any]:
    config = city.config
    now = utc_now()
    jurisdictions = await _jurisdictions(config)
    institutions = await _institutions(config, jurisdictions)
    await _zones(config, institutions)
    department_ids = await _insert(
        Department,
        [
            Department(
                institution=institutions[d["institution"]], kind=d["kind"], name_zh=d["name_zh"]
            )
            for d in city.departments
        ],
    )
    staff_ids = await _insert(
        StaffMember,
        [
            StaffMember(
                institution=institutions[p.institution],
                department=department_ids[p.department],
                staff_number=p.staff_number,
                name=p.name,
                name_pinyin=person_pinyin_text(p.name),
                role=p.role,
                title=p.title,
                position=p.position,
                active_from=p.active_from,
                active_to=p.active_to,
                night_shifts=p.key in night,
                updated_at=now,
            )
            for p in city.staff
        ],
    )
    await _insert(
        LeavePeriod,
        [
            LeavePeriod(
                staff_member=staff_ids[p.key],
                starts_on=p.leave[0],
                ends_on=p.leave[1],
                reason="产假",
            )
            for p in city.staff
            if p.leave
        ],
    )
    activity_ids = await _activities(city, institutions, jurisdictions, staff_ids, now)
    await _insert(
        Invitation,
        [
            Invitation(activity=activity_ids[a], staff_member=staff_ids[s], invited_at=now)
            for a, s in city.invitations
        ],
    )
    await _insert(
        Attendance,
        [
            Attendance(
                activity=activity_ids[a],
                staff_member=staff_ids[s],
                status=status,
                drill_role=role,
                credits_earned=credits,
                recorded_at=city.activities[a].ends_at,
            )
            for a, s, status, role, credits in city.attendance
        ],
    )
    users = await _users(config, city, institutions, jurisdictions, staff_ids, now)
    written = await write_records(_insert, records, activity_ids, staff_ids, users["officer"])
    return {
        "institutions": len(institutions),
        "staff": len(staff_ids),
        "activities": len(activity_ids),
        "invitations": len(city.invitations),
        "attendance": len(city.attendance),
        **written,
        "staff_ids": staff_ids,
        "officer_id": users["officer"],
        "institution_ids": institutions,
    }


async def _jurisdictions(config: dict[str, Any]) -> dict[str, int]:
    province, city = config["province"], config["city"]
    ids: dict[str, int] = {}
    for row, level, parent in ((province, "province", None), (city, "city", province["code"])):
        (ids[row["code"]],) = await _insert(
            Jurisdiction,
            [
                Jurisdiction(
                    code=row["code"],
                    name_zh=row["name_zh"],
                    name_en=row["name_en"],
                    level=level,
                    parent=ids.get(parent) if parent else None,
                    profile=row.get("profile"),
                )
            ],
        )
    counties = config["counties"]
    county_ids = await _insert(
        Jurisdiction,
        [
            Jurisdiction(
                code=c["code"],
                name_zh=c["name_zh"],
                name_en=c["name_en"],
                level="county",
                parent=ids[city["code"]],
            )
            for c in counties
        ],
    )
    ids.update(zip([c["code"] for c in counties], county_ids, strict=True))
    return ids


async def _institutions(config: dict[str, Any], jurisdictions: dict[str, int]) -> dict[str, int]:
    rows = config["institutions"]
    ids = await _insert(
        Institution,
        [
            Institution(
                code=i["code"],
                name_zh=i["name_zh"],
                name_pinyin=pinyin_text(i["name_zh"]),
                name_en=i["name_en"],
                kind=i["kind"],
                level=i["level"],
                jurisdiction=jurisdictions[i["county"]],
                is_midwifery=True,
                address=i.get("address", ""),
                **{f"{centre}_centre": True for centre in i.get("centres", [])},
            )
            for i in rows
        ],
    )
    return dict(zip([i["code"] for i in rows], ids, strict=True))


async def _zones(config: dict[str, Any], institutions: dict[str, int]) -> None:
    for zone in config["zones"]:
        (zone_id,) = await _insert(
            Zone,
            [
                Zone(
                    code=zone["code"],
                    name_zh=zone["name_zh"],
                    name_en=zone["name_en"],
                    lead_institution=institutions[zone["lead"]],
                )
            ],
        )
        members = [i["code"] for i in config["institutions"] if i["county"] in zone["counties"]]
        await _insert(
            ZoneMembership,
            [ZoneMembership(zone=zone_id, institution=institutions[code]) for code in members],
        )


async def _activities(city, institutions, jurisdictions, staff_ids, now) -> list[int]:
    return await _insert(
        Activity,
        [
            Activity(
                uid=a.uid,
                kind=a.kind,
                topic=a.topic,
                title=a.title,
                host_institution=institutions[a.host_institution] if a.host_institution else None,
                host_jurisdiction=jurisdictions[a.host_jurisdiction]
                if a.host_jurisdiction
                else None,
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                place=a.place,
                status=a.status,
                cancel_reason=a.cancel_reason,
                credit_class=a.credit_class,
                credits=a.credits,
                facilitator=staff_ids[a.facilitator] if a.facilitator is not None else None,
                facilitator_name=city.staff[a.facilitator].name
                if a.facilitator is not None
                else "",
                sequence=1 if a.status == "cancelled" else 0,
                created_at=now,
                updated_at=now,
            )
            for a in city.activities
        ],
    )


def _demo_staff(city: DemoCity, institution: str, role: str, department_kinds: tuple[str, ...]):
    """The longest-serving matching staff member: a stable choice for the demo users."""
    matches = [
        p
        for p in city.staff
        if p.institution == institution
        and p.role == role
        and p.department_kind in department_kinds
        and p.active_to is None
        and p.leave is None
    ]
    return min(matches, key=lambda p: (p.active_from, p.key))


async def _users(config, city, institutions, jurisdictions, staff_ids, now) -> dict[str, int]:
    """The demo users' ids by username."""
    links = config["users"]
    password_hash = hash_password(DEMO_PASSWORD)
    officer = _demo_staff(
        city,
        links["officer_institution"],
        "administrator",
        ("science_education", "medical_affairs"),
    )
    obstetrician = _demo_staff(city, links["staff_institution"], "obstetrician", ("obstetrics",))
    users = [
        ("admin", "系统管理员", "admin", {}),
        (
            "officer",
            officer.name,
            "officer",
            {
                "institution": institutions[links["officer_institution"]],
                "staff_member": staff_ids[officer.key],
            },
        ),
        (
            "staff",
            obstetrician.name,
            "staff",
            {
                "institution": institutions[links["staff_institution"]],
                "staff_member": staff_ids[obstetrician.key],
            },
        ),
        (
            "reviewer",
            "市危重孕产妇救治中心",
            "reviewer",
            {"institution": institutions[links["reviewer_institution"]]},
        ),
        (
            "commission",
            config["city"]["commission_zh"],
            "commission",
            {"jurisdiction": jurisdictions[config["city"]["code"]]},
        ),
    ]
    ids = await _insert(
        User,
        [
            User(
                username=name,
                password_hash=password_hash,
                display_name=display,
                role=role,
                created_at=now,
                **link,
            )
            for name, display, role, link in users
        ],
    )
    return dict(zip([name for name, *_ in users], ids, strict=True))

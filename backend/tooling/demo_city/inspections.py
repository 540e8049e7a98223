"""The demo city's quality inspections (质量检查) and the institutions they visit, so the
inspection coverage rules have something to count: 禾城区卫健委 inspected two of its midwifery
institutions this year (short of half) and plans a third visit; the city centre 南禾市第一人民医院
inspected hospitals in two counties (柳溪县, 东湖区), one short of the three a year."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from backend.activities.tables import Activity
from backend.core.clock import SHANGHAI, utc_now
from backend.inspections.tables import InspectionVisit
from backend.institutions.tables import Institution, Jurisdiction

# (host: ("institution", code) or ("jurisdiction", code), title, days after 1 January, visited)
INSPECTIONS = (
    (("jurisdiction", "nh-hc"), "禾城区助产机构产科质量检查（上半年）", 75,
     ("nh-hc-mch", "nh-hc-people")),
    (("jurisdiction", "nh-hc"), "禾城区助产机构产科质量检查（下半年）", 350, ("nh-anhe",)),
    (("institution", "nh-first"), "市级产科质量检查（柳溪县）", 120,
     ("nh-lx-people", "nh-lx-mch")),
    (("institution", "nh-first"), "市级产科质量检查（东湖区）", 200, ("nh-dh-people",)),
)  # fmt: skip


async def write_inspections(today: date) -> int:
    """This year's inspections: held when their day has passed, planned otherwise."""
    institutions = {r["code"]: r["id"] for r in await Institution.select(Institution.id,
                                                                         Institution.code)}  # fmt: skip
    jurisdictions = {r["code"]: r["id"] for r in await Jurisdiction.select(Jurisdiction.id,
                                                                            Jurisdiction.code)}  # fmt: skip
    now, visits = utc_now(), 0
    for (host_kind, host_code), title, offset, visited in INSPECTIONS:
        day = date(today.year, 1, 1) + timedelta(days=offset)
        starts = datetime.combine(day, time(9), SHANGHAI)
        activity = Activity(
            uid=uuid.uuid4(),
            kind="quality_inspection",
            title=title,
            host_institution=institutions[host_code] if host_kind == "institution" else None,
            host_jurisdiction=jurisdictions[host_code] if host_kind == "jurisdiction" else None,
            starts_at=starts,
            ends_at=starts + timedelta(hours=7),
            place="受检机构",
            status="held" if day < today else "planned",
            created_at=now,
            updated_at=now,
        )
        await activity.save()
        await InspectionVisit.insert(
            *[InspectionVisit(activity=activity.id, institution=institutions[c]) for c in visited]
        )
        visits += len(visited)
    return visits

"""Activities for attendance tests: booked through the API, then moved in time when a test needs
one that started or ended already (moved past the services, so they announce the change)."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, date, datetime, timedelta

from backend.activities.tables import Activity
from backend.compliance.freshness import facts_changed
from backend.core.clock import shanghai_wall_time, utc_now
from backend.staff.tables import StaffMember

_NUMBERS = itertools.count(100)


def drill(**fields) -> dict:
    """A PPH drill next week, two hours long (Shanghai wall time)."""
    starts = utc_now() + timedelta(days=7)
    return {
        "kind": "drill",
        "topic": "pph",
        "title": "产后出血急救演练",
        "starts_at": shanghai_wall_time(starts),
        "ends_at": shanghai_wall_time(starts + timedelta(hours=2)),
        "place": "产房",
        **fields,
    }


def book(client, invite: list[int] = (), confirm_duplicate: bool = False, **fields) -> dict:
    """Book a drill (next week's slot by default). `confirm_duplicate`: answer the
    likely-duplicate question in advance, for a test that books the same drill at overlapping
    times and means both; every other booking still gets the question."""
    body = drill(**fields)
    if confirm_duplicate:
        body["confirm_duplicate"] = True
    if invite:
        body["invite"] = {"staff_ids": list(invite)}
    response = client.post("/api/activities", json=body)
    assert response.status_code == 201, response.text
    return response.json()["activity"]


def move(activity_id: int, starts_at: datetime, hours: float = 2) -> None:
    """Put a booked activity at another time, still planned."""
    Activity.update(
        {Activity.starts_at: starts_at, Activity.ends_at: starts_at + timedelta(hours=hours)}
    ).where(Activity.id == activity_id).run_sync()
    row = Activity.select(Activity.host_institution).where(Activity.id == activity_id).first()
    asyncio.run(facts_changed([row.run_sync()["host_institution"]]))


def started(activity_id: int) -> None:
    """The activity began an hour ago and is still going on."""
    move(activity_id, utc_now() - timedelta(hours=1))


def ended(activity_id: int, days_ago: int = 3) -> None:
    move(activity_id, utc_now() - timedelta(days=days_ago))


def colleague(world, name: str, role: str = "midwife", institution: int | None = None) -> int:
    """Another staff member of hospital A (or of `institution`)."""
    institution = institution or world.hosp_a
    department = world.obstetrics_a if institution == world.hosp_a else world.obstetrics_b
    row = StaffMember(
        institution=institution, department=department, staff_number=f"N{next(_NUMBERS)}",
        name=name, role=role, title="junior", active_from=date(2019, 1, 1), updated_at=datetime.now(UTC),
    )  # fmt: skip
    row.save().run_sync()
    return row.id

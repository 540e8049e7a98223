"""Which institutions' compliance facts changed: every write that changes them says so here.

The facts an institution is judged on: its own row, departments, staff and their leave, the
activities it hosts and who attended them, and what its staff attended elsewhere. A service that
writes any of these calls `facts_changed` with the institutions concerned, inside its
transaction; bulk loads call `everything_changed`. Snapshots record the versions they were read
at, so a change that lands while a snapshot is being computed still makes it stale.
Tests run with DRILLBOOK_VERIFY_SNAPSHOTS=1, which re-judges every snapshot read and fails
loudly if a write forgot to call this; it also installs `fact_writes`' guard, which fails any
transaction that writes a fact table (FACT_TABLES) without calling this, read or not.
"""

from __future__ import annotations

from collections.abc import Iterable

from backend.attendance.tables import Attendance
from backend.compliance import fact_writes
from backend.compliance.tables import FactsVersion
from backend.core.settings import verify_snapshots

EVERYTHING = 0  # the FactsVersion scope that stands for every institution

if verify_snapshots():  # read when the process starts; without it nothing is wrapped
    fact_writes.install()

_BUMP = (
    "INSERT INTO compliance_facts_version (scope, version) VALUES {} "
    "ON CONFLICT (scope) DO UPDATE SET version = compliance_facts_version.version + 1"
)


async def facts_changed(institution_ids: Iterable[int | None]) -> None:
    scopes = sorted({i for i in institution_ids if i is not None})  # sorted: no lock cycles
    if not scopes:  # nothing to bump, but the writer did think about it
        if fact_writes.guarding():
            fact_writes.announce(FactsVersion._meta.db)
        return
    values = ", ".join("({}, 1)" for _ in scopes)
    await FactsVersion.raw(_BUMP.format(values), *scopes)


def facts_unchanged() -> None:
    """Said inside a transaction that writes a fact table in a way no judgement sees (a pending
    certificate, a spot-check sample before any review is submitted), so the verification guard
    (`fact_writes`) lets it commit. Outside verification mode it does nothing."""
    if fact_writes.guarding():
        fact_writes.announce(FactsVersion._meta.db)


async def everything_changed() -> None:
    await facts_changed([EVERYTHING])


async def attendees_institutions(activity_ids: Iterable[int]) -> set[int]:
    """Institutions whose staff attended these activities (their staff facts include them)."""
    ids = sorted(set(activity_ids))
    if not ids:
        return set()
    rows = (
        await Attendance.select(Attendance.staff_member.institution.as_alias("institution"))
        .where(Attendance.activity.is_in(ids))
        .distinct()
    )
    return {row["institution"] for row in rows}


async def hosts_attended_by(staff_ids: Iterable[int]) -> set[int]:
    """Institutions that hosted activities these staff attended (their role and department are
    part of those activities' facts)."""
    ids = sorted(set(staff_ids))
    if not ids:
        return set()
    rows = (
        await Attendance.select(Attendance.activity.host_institution.as_alias("host"))
        .where(Attendance.staff_member.is_in(ids))
        .distinct()
    )
    return {row["host"] for row in rows if row["host"] is not None}


async def stamps(institution_ids: list[int]) -> dict[int, str]:
    """The facts version of each institution, as snapshots record it: `everything.own`."""
    rows = await FactsVersion.select(FactsVersion.scope, FactsVersion.version).where(
        FactsVersion.scope.is_in([EVERYTHING, *institution_ids])
    )
    versions = {row["scope"]: row["version"] for row in rows}
    everything = versions.get(EVERYTHING, 0)
    return {i: f"{everything}.{versions.get(i, 0)}" for i in institution_ids}

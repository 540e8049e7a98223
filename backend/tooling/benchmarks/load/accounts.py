"""The bench's people: logins for officers, staff, reviewers and commissions of a synthetic
province, created directly in the database (the generator writes no users).

Only in a benchmark database: refused when the database has any login the bench did not make.
Every bench login has the password PASSWORD, hashed cheaply (argon2 reads the cost from the
hash): the bench measures the workload, not 200 logins at the real cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argon2 import PasswordHasher

from backend.auth.tables import User
from backend.core.clock import utc_now
from backend.institutions.tables import Institution, Jurisdiction
from backend.staff.tables import StaffMember

PASSWORD = "drillbook-bench"
PREFIX = "bench-"
OFFICER_INSTITUTIONS = 20  # hospitals whose officer and staff take part
STAFF_PER_INSTITUTION = 8
CITIES = 10  # each: a reviewer at its maternal centre, commissions of the city and one county
_CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class NotABenchDatabase(RuntimeError):
    """The database holds real logins: the bench will not add its own beside them."""


@dataclass
class Hospital:
    institution_id: int
    officer: str
    staff: list[tuple[str, int]] = field(default_factory=list)  # (username, staff member id)


@dataclass
class Cast:
    hospitals: list[Hospital]
    reviewers: list[tuple[str, int]]  # (username, jurisdiction whose matrix they open)
    commissions: list[tuple[str, int]]


async def prepare_cast() -> Cast:
    """The bench's logins, created where missing (a second run reuses them)."""
    await _refuse_real_logins()
    wanted: list[User] = []
    hospitals = await _hospitals(wanted)
    reviewers, commissions = await _overseers(wanted)
    existing = {r["username"] for r in await User.select(User.username)}
    missing = [user for user in wanted if user.username not in existing]
    if missing:
        await User.insert(*missing)
    return Cast(hospitals, reviewers, commissions)


async def _refuse_real_logins() -> None:
    if await User.exists().where(User.username.not_like(f"{PREFIX}%")):
        raise NotABenchDatabase(
            "bench load adds logins with a known password, so it runs only on a database "
            "built by `drillbook generate-province` (this one has other logins)"
        )


def _user(username: str, role: str, **links: int) -> User:
    return User(
        username=username,
        password_hash=_CHEAP.hash(PASSWORD),
        display_name=username,
        role=role,
        created_at=utc_now(),
        **links,
    )


async def _hospitals(wanted: list[User]) -> list[Hospital]:
    rows = await Institution.select(Institution.id).order_by(Institution.id)
    ids = [row["id"] for row in rows]
    if not ids:
        raise RuntimeError("no institutions: run drillbook generate-province first")
    chosen = ids[:: max(1, len(ids) // OFFICER_INSTITUTIONS)][:OFFICER_INSTITUTIONS]
    hospitals = []
    for n, institution in enumerate(chosen):
        hospital = Hospital(institution, f"{PREFIX}officer-{n}")
        wanted.append(_user(hospital.officer, "officer", institution=institution))
        members = await (
            StaffMember.select(StaffMember.id)
            .where((StaffMember.institution == institution) & StaffMember.active_to.is_null())
            .order_by(StaffMember.id)
            .limit(STAFF_PER_INSTITUTION)
        )
        for k, member in enumerate(members):
            username = f"{PREFIX}staff-{n}-{k}"
            hospital.staff.append((username, member["id"]))
            wanted.append(_user(username, "staff", institution=institution,
                                staff_member=member["id"]))  # fmt: skip
        hospitals.append(hospital)
    return hospitals


async def _overseers(wanted: list[User]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    cities = await (
        Jurisdiction.select(Jurisdiction.id)
        .where(Jurisdiction.level == "city")
        .order_by(Jurisdiction.id)
        .limit(CITIES)
    )
    reviewers, commissions = [], []
    for n, city in enumerate(row["id"] for row in cities):
        counties = [
            row["id"]
            for row in await Jurisdiction.select(Jurisdiction.id)
            .where(Jurisdiction.parent == city)
            .order_by(Jurisdiction.id)
        ]
        centre = await (
            Institution.select(Institution.id)
            .where(Institution.city_maternal_centre.eq(True)
                   & Institution.jurisdiction.is_in(counties or [0]))
            .first()
        )  # fmt: skip
        if centre:
            reviewers.append((f"{PREFIX}reviewer-{n}", city))
            wanted.append(_user(reviewers[-1][0], "reviewer", institution=centre["id"]))
        commissions.append((f"{PREFIX}commission-{n}", city))
        wanted.append(_user(commissions[-1][0], "commission", jurisdiction=city))
        if counties:
            commissions.append((f"{PREFIX}county-commission-{n}", counties[0]))
            wanted.append(_user(commissions[-1][0], "commission", jurisdiction=counties[0]))
    return reviewers, commissions

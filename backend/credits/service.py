"""Reading CME credit ledgers: one person's year, an institution's 学分登记表, and the batched
standings the compliance engine judges a staff-level "yearly CME credits" rule with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, visible_institution
from backend.core.chinese_order import pinyin_key
from backend.core.database import read_concurrently
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.credits.entries import Who, entries_by_staff
from backend.credits.ledger import Standing, StandingsOfBatch, credit_standing
from backend.credits.policy import CreditPolicy, default_policies, policy_for_year
from backend.institutions.tables import Institution
from backend.staff.tables import StaffMember

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    staff_number: str
    department: str
    institution_id: int


@dataclass(frozen=True)
class Ledger:
    person: Person
    year: int
    policy: CreditPolicy
    standing: Standing


@dataclass(frozen=True)
class Register:
    institution_id: int
    institution_name: str
    year: int
    policy: CreditPolicy
    rows: list[tuple[Person, Standing]]


def year_policy(year: int) -> CreditPolicy:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput("year_out_of_range", first=FIRST_YEAR, last=LAST_YEAR)
    policy = policy_for_year(list(default_policies()), year)
    if policy is None:
        raise InvalidInput("credit_year_without_policy", year=year)
    return policy


_PERSON = (StaffMember.id, StaffMember.name, StaffMember.staff_number,
           StaffMember.department.name_zh, StaffMember.institution)  # fmt: skip


def _person(row: dict) -> Person:
    return Person(row["id"], row["name"], row["staff_number"], row["department.name_zh"] or "",
                  row["institution"])  # fmt: skip


async def readable_person(viewer: Viewer, staff_id: int) -> Person:
    """A staff member reads only their own credits; officers, reviewers and commissions read
    the people of the institutions they see. Anyone else: 404, as if there were nobody."""
    row = await StaffMember.select(*_PERSON).where(StaffMember.id == staff_id).first()
    own = viewer.staff_member_id == staff_id
    if row is None or (not own and not viewer.sees_institution(row["institution"])):
        raise NotFound("unknown_staff_member", id=staff_id)
    if viewer.role == UserRole.staff and not own:
        raise NotFound("unknown_staff_member", id=staff_id)
    return _person(row)


async def staff_ledger(viewer: Viewer, staff_id: int, year: int) -> Ledger:
    policy = year_policy(year)
    person = await readable_person(viewer, staff_id)
    entries = await entries_by_staff(Who(staff_ids=(staff_id,)), year, policy)
    return Ledger(person, year, policy, credit_standing(policy, entries.get(staff_id, [])))


async def credit_register(viewer: Viewer, institution_id: int, year: int) -> Register:
    """Every staff member active in the year, with their standing: four queries in all."""
    policy = year_policy(year)
    visible_institution(viewer, institution_id)
    if viewer.role == UserRole.staff:
        raise Forbidden("credit_register_staff_only_own")
    institution = (
        await Institution.select(Institution.name_zh)
        .where(Institution.id == institution_id)
        .first()
    )
    if institution is None:
        raise NotFound("unknown_institution", id=institution_id)
    people, entries = await read_concurrently(
        _people_of(institution_id, year),
        entries_by_staff(Who(institution_ids=(institution_id,)), year, policy),
    )
    standings = StandingsOfBatch(policy)
    rows = [(p, standings.of(entries.get(p.id, ()))) for p in people]
    return Register(institution_id, institution["name_zh"], year, policy, rows)


def _active_in(year: int):
    return (StaffMember.active_from <= date(year, 12, 31)) & (
        StaffMember.active_to.is_null() | (StaffMember.active_to >= date(year, 1, 1))
    )


async def _people_of(institution_id: int, year: int) -> list[Person]:
    rows = await (
        StaffMember.select(*_PERSON)
        .where((StaffMember.institution == institution_id) & _active_in(year))
        .order_by(StaffMember.staff_number)
    )
    # a stable sort: staff numbers stay in order within a department
    rows.sort(key=lambda row: pinyin_key(row["department.name_zh"]))
    return [_person(row) for row in rows]


async def ledgers_of_institutions(institution_ids: list[int], year: int) -> dict[int, Standing]:
    """For the compliance engine: the year's `Standing` of every staff member active in the year
    at these institutions, by staff member id, from four queries whatever their number.

    `Standing.met` is the verdict of a yearly CME credits rule; `missing_total` and each
    `classes[i].missing` say what is short. The year's policy version comes from seeds/credits/.
    Raises InvalidInput("credit_year_without_policy") for a year no version covers.
    """
    policy = year_policy(year)
    if not institution_ids:
        return {}
    rows = await StaffMember.select(StaffMember.id).where(
        StaffMember.institution.is_in(list(institution_ids)) & _active_in(year)
    )
    entries = await entries_by_staff(Who(institution_ids=tuple(institution_ids)), year, policy)
    standings = StandingsOfBatch(policy)
    return {row["id"]: standings.of(entries.get(row["id"], ())) for row in rows}

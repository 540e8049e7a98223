"""Who is asking, and what they may see.

A `Viewer` is computed once per request from the session. Its scope is a set of
institution ids (None means everything, for an administrator). Every read and write
of institution-owned data goes through `visible_institution` or `editable_institution`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.auth.roles import UserRole
from backend.core.errors import Forbidden, NotFound
from backend.institutions.tables import Institution, Jurisdiction, Zone, ZoneMembership


@dataclass(frozen=True)
class Viewer:
    user_id: int
    username: str
    display_name: str
    role: UserRole
    institution_id: int | None
    jurisdiction_id: int | None
    staff_member_id: int | None
    locale: str
    institution_ids: frozenset[int] | None  # None: all institutions
    jurisdiction_ids: frozenset[int] | None  # None: all jurisdictions

    @property
    def is_admin(self) -> bool:
        return self.role == UserRole.admin

    def sees_institution(self, institution_id: int) -> bool:
        return self.institution_ids is None or institution_id in self.institution_ids

    def sees_jurisdiction(self, jurisdiction_id: int) -> bool:
        return self.jurisdiction_ids is None or jurisdiction_id in self.jurisdiction_ids

    def edits_people_of(self, institution_id: int) -> bool:
        """Departments and staff are kept by the administrator and the institution's officer."""
        if self.is_admin:
            return True
        return self.role == UserRole.officer and self.institution_id == institution_id


def visible_institution(viewer: Viewer, institution_id: int) -> None:
    """404, not 403, outside the scope: whether the institution exists must not leak."""
    if not viewer.sees_institution(institution_id):
        raise NotFound("unknown_institution", id=institution_id)


def editable_institution(viewer: Viewer, institution_id: int) -> None:
    visible_institution(viewer, institution_id)
    if not viewer.edits_people_of(institution_id):
        raise Forbidden("forbidden")


def require_admin(viewer: Viewer) -> None:
    if not viewer.is_admin:
        raise Forbidden("forbidden")


def subtree(parents: dict[int, int | None], root: int) -> set[int]:
    """Ids of `root` and every jurisdiction below it, from an id -> parent-id map."""
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, []))
    return found


def with_ancestors(parents: dict[int, int | None], ids: set[int]) -> set[int]:
    found: set[int] = set()
    for node in ids:
        current: int | None = node
        while current is not None and current not in found:
            found.add(current)
            current = parents.get(current)
    return found


async def _jurisdiction_parents() -> dict[int, int | None]:
    rows = await Jurisdiction.select(Jurisdiction.id, Jurisdiction.parent)
    return {row["id"]: row["parent"] for row in rows}


async def _zone_institution_ids(lead_institution_id: int) -> set[int]:
    zones = Zone.select(Zone.id).where(Zone.lead_institution == lead_institution_id)
    rows = await ZoneMembership.select(ZoneMembership.institution).where(
        ZoneMembership.zone.is_in(zones)
    )
    return {row["institution"] for row in rows}


async def institution_scope(
    role: UserRole, institution_id: int | None, jurisdiction_id: int | None
) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """(visible institution ids, visible jurisdiction ids) for a role; None means all."""
    if role == UserRole.admin:
        return None, None
    parents = await _jurisdiction_parents()
    if role == UserRole.commission:
        below = subtree(parents, jurisdiction_id) if jurisdiction_id else set()
        rows = await Institution.select(Institution.id).where(
            Institution.jurisdiction.is_in(list(below) or [0])
        )
        institutions = {row["id"] for row in rows}
        return frozenset(institutions), frozenset(with_ancestors(parents, below))
    institutions = {institution_id} if institution_id else set()
    if role == UserRole.reviewer and institution_id:
        institutions |= await _zone_institution_ids(institution_id)
    rows = await Institution.select(Institution.jurisdiction).where(
        Institution.id.is_in(list(institutions) or [0])
    )
    counties = {row["jurisdiction"] for row in rows}
    return frozenset(institutions), frozenset(with_ancestors(parents, counties))


async def jurisdictions_below(jurisdiction_id: int) -> set[int]:
    """The jurisdiction and every one below it: where a commission may act, not only look."""
    return subtree(await _jurisdiction_parents(), jurisdiction_id)


async def may_book_for(
    viewer: Viewer, institution_id: int | None, jurisdiction_id: int | None
) -> bool:
    """Officers and centres book for their own institution; commissions for their area."""
    if viewer.is_admin:
        return True
    if viewer.role in (UserRole.officer, UserRole.reviewer):
        return institution_id is not None and institution_id == viewer.institution_id
    if viewer.role == UserRole.commission and viewer.jurisdiction_id:
        if institution_id is not None:
            return viewer.sees_institution(institution_id)
        return jurisdiction_id in await jurisdictions_below(viewer.jurisdiction_id)
    return False


def sees_staff_member(viewer: Viewer, staff_id: int, institution_id: int) -> bool:
    """A staff member sees only their own record; everyone else the people of their scope."""
    if viewer.role == UserRole.staff:
        return staff_id == viewer.staff_member_id
    return viewer.sees_institution(institution_id)

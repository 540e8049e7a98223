"""Which policy profile is in force for a jurisdiction: its own, else its nearest ancestor's."""

from __future__ import annotations

from backend.core.settings import default_profile_name
from backend.institutions.tables import Institution, Jurisdiction
from backend.rules.catalogue import Catalogue, Rule


def default_profile() -> str:
    """When no jurisdiction up the chain names a profile: DRILLBOOK_DEFAULT_PROFILE, else the
    national 2021-2025 baseline (read at each use, so a changed setting needs no restart of tests)."""
    return default_profile_name()


async def jurisdiction_tree() -> dict[int, dict]:
    rows = await Jurisdiction.select(
        Jurisdiction.id,
        Jurisdiction.parent,
        Jurisdiction.profile,
        Jurisdiction.level,
        Jurisdiction.name_zh,
    )
    return {row["id"]: row for row in rows}


def profile_for(tree: dict[int, dict], jurisdiction_id: int) -> str:
    current: int | None = jurisdiction_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        seen.add(current)
        row = tree[current]
        if row["profile"]:
            return row["profile"]
        current = row["parent"]
    return default_profile()


async def institution_rules(institution_id: int, catalogue: Catalogue) -> list[Rule]:
    """Institution-level rules in force under the institution's profile that cover it."""
    from backend.compliance.evaluate import covers
    from backend.compliance.gather import institution_subject

    row = await Institution.select().where(Institution.id == institution_id).first()
    if row is None:
        return []
    profile = profile_for(await jurisdiction_tree(), row["jurisdiction"])
    subject = institution_subject(row)
    return [
        rule
        for rule in catalogue.rules_of(profile)
        if rule.subject == "institution" and covers(rule, subject)
    ]

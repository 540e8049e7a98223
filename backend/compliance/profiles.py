"""Which policy profile is in force for a jurisdiction: its own, else its nearest ancestor's."""

from __future__ import annotations

import os

from backend.institutions.tables import Jurisdiction

# When no jurisdiction up the chain names a profile: the national 2021-2025 baseline.
DEFAULT_PROFILE = os.environ.get("DRILLBOOK_DEFAULT_PROFILE", "national-2021")


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
    return DEFAULT_PROFILE

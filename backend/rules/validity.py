"""How long a policy profile is in force, as a jurisdiction's page shows it (names, never ids)."""

from __future__ import annotations

from datetime import date

import msgspec

from backend.rules.catalogue import Catalogue


class ProfileValidityOut(msgspec.Struct):
    """The profile in force for a jurisdiction, and whether it has ended as of `as_of` (CST).

    expired: today is after valid_to: its rules are no longer applied; successor names the plan
    that replaces it (empty if none). plan_ended: the plan's own period (plan_ends) is over but
    nothing in the catalogue replaces it, so its rules still apply."""

    name_zh: str
    name_en: str
    inherited: bool  # named by a jurisdiction above this one, or the default
    valid_from: date
    valid_to: date | None
    plan_ends: date | None
    as_of: date
    expired: bool
    plan_ended: bool
    successor_zh: str = ""
    successor_en: str = ""
    # For the request that switches to the successor (PATCH the jurisdiction's profile); the
    # page shows the names only.
    successor: str | None = None


def profile_validity(
    catalogue: Catalogue, profile_id: str, as_of: date, *, inherited: bool
) -> ProfileValidityOut:
    profile = catalogue.profiles[profile_id]
    successor = catalogue.profiles.get(profile.successor) if profile.successor else None
    return ProfileValidityOut(
        name_zh=profile.name_zh,
        name_en=profile.name_en,
        inherited=inherited,
        valid_from=profile.valid_from,
        valid_to=profile.valid_to,
        plan_ends=profile.plan_ends,
        as_of=as_of,
        expired=profile.valid_to is not None and as_of > profile.valid_to,
        plan_ended=profile.plan_ends is not None and as_of > profile.plan_ends,
        successor_zh=successor.name_zh if successor else "",
        successor_en=successor.name_en if successor else "",
        successor=successor.id if successor else None,
    )

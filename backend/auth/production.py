"""Checks `drillbook serve` makes before it serves a production installation."""

from __future__ import annotations

import asyncio
import hmac

from backend.auth.passwords import password_matches
from backend.auth.tables import User
from backend.core.settings import ConfigurationError, Settings

# The password and accounts `drillbook seed-demo` creates (backend/tooling/demo_city/load.py,
# which takes the password from here: the product never imports backend.tooling).
DEMO_PASSWORD = "drillbook-demo"
DEMO_USERNAMES = frozenset({"admin", "officer", "staff", "reviewer", "commission"})


def is_demo_password(password: str) -> bool:
    return hmac.compare_digest(password.encode(), DEMO_PASSWORD.encode())


def production_checks(settings: Settings) -> None:
    """Raises ConfigurationError when a production installation still has demo logins.

    (The environment itself was checked by load_settings.)"""
    if not settings.production:
        return
    names = asyncio.run(users_with_demo_password())
    if names:
        raise ConfigurationError(
            "DRILLBOOK_ENV=production, but these active accounts still have the demo password "
            f"of `drillbook seed-demo`: {', '.join(names)}. Give them new passwords or "
            "deactivate them (app_user.active) before serving."
        )


async def users_with_demo_password() -> list[str]:
    """Active users whose password is the demo one.

    Verifying a password costs about a tenth of a second, so only the hashes that can be the
    demo's are tried: those of the demo usernames and any hash several accounts share (the demo
    loader hashes once for all its users; real passwords are salted one by one)."""
    rows = await User.select(User.username, User.password_hash).where(User.active.eq(True))
    by_hash: dict[str, list[str]] = {}
    for row in rows:
        by_hash.setdefault(row["password_hash"], []).append(row["username"])
    return sorted(
        name
        for password_hash, names in by_hash.items()
        if (len(names) > 1 or DEMO_USERNAMES & set(names))
        and password_matches(password_hash, DEMO_PASSWORD)
        for name in names
    )

"""Writes to logins on the audit chain: a new login, a new password, from the 系统管理 page
(the administrator is the actor) or the command line (no actor, like the loaders).

Call each inside the transaction that writes the user row, after every other write of it (the
chain's lock is taken last, see backend/audit/chain.py). Neither the password nor its hash is
ever written here: the entry says who did what to which login, and when."""

from __future__ import annotations

from backend.audit import chain
from backend.core.clock import utc_now


async def login_created(
    actor: int | None,
    user_id: int,
    username: str,
    role: str,
    institution_id: int | None = None,
    jurisdiction_id: int | None = None,
    staff_member_id: int | None = None,
) -> None:
    """A new login, with the place and person it is linked to."""
    payload = {
        "username": username,
        "role": role,
        "institution": institution_id,
        "jurisdiction": jurisdiction_id,
        "staff_member": staff_member_id,
    }
    await chain.append("user.created", "user", user_id, payload, actor=actor, at=utc_now())


async def password_reset(actor: int | None, user_id: int, username: str) -> None:
    """A new password for this login (its sessions ended with it)."""
    await chain.append(
        "user.password_reset",
        "user",
        user_id,
        {"username": username, "sessions_ended": True},
        actor=actor,
        at=utc_now(),
    )

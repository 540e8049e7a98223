"""Slowing down password guessing without letting a guesser lock the real person out.

Counted: failed logins in the last WINDOW, kept in the database (LoginAttempt) so every worker
process sees the same counts.

- Per address: at most ADDRESS_FAILURES failures per WINDOW, whatever usernames were tried
  (one machine trying many accounts). High enough for a hospital whose staff share one NAT
  address and mistype now and then.
- Per username: at most USERNAME_FAILURES failures per WINDOW from all addresses together
  (many machines trying one account). Then the account waits until the oldest of those
  failures is WINDOW old: at most WINDOW, and a guesser gets USERNAME_FAILURES tries per WINDOW.
- Except from a known address: where this username logged in successfully within
  KNOWN_ADDRESS_KEPT, only the failures from that same address count against it. Someone
  guessing from elsewhere cannot keep the person out of their usual computer; someone guessing
  from that computer is still limited.

A throttled attempt is answered 429 with Retry-After before its password is even checked, and
is not counted itself: the wait never grows beyond WINDOW after the last counted failure.
Checking and counting are not one transaction, so concurrent guesses can overshoot a limit by
the number of requests in flight; the limits are about rates, not exact counts.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from litestar import Request
from piccolo.columns.combination import CombinableMixin

from backend.auth.tables import LoginAttempt
from backend.core.database import transaction
from backend.core.errors import DomainError

WINDOW = timedelta(minutes=5)
USERNAME_FAILURES = 5
ADDRESS_FAILURES = 30
KNOWN_ADDRESS_KEPT = timedelta(days=30)
KEY_LENGTH = 64  # LoginAttempt.username and .address


class LoginThrottled(DomainError):
    status_code = 429

    def __init__(self, retry_after: timedelta) -> None:
        self.retry_after = max(1, math.ceil(retry_after.total_seconds()))
        super().__init__("login_throttled", minutes=math.ceil(self.retry_after / 60))


def client_address(request: Request) -> str:
    """The address the attempt came from; behind a trusted reverse proxy, the one it saw."""
    forwarded = request.headers.get("x-forwarded-for", "")
    if request.app.state.settings.trusted_proxy and forwarded.strip():
        # the proxy appends the address it was reached from: earlier entries are the client's say
        return forwarded.split(",")[-1].strip()[:KEY_LENGTH]
    return (request.client.host if request.client else "unknown")[:KEY_LENGTH]


def username_key(username: str) -> str:
    return username.strip().lower()[:KEY_LENGTH]


async def refuse_if_throttled(username: str, address: str, now: datetime) -> None:
    by_address = LoginAttempt.address == address
    await _refuse_beyond(by_address, ADDRESS_FAILURES, now)
    by_username = LoginAttempt.username == username_key(username)
    if await _known_address(username, address, now):
        by_username = by_username & by_address
    await _refuse_beyond(by_username, USERNAME_FAILURES, now)


async def _refuse_beyond(where: CombinableMixin, limit: int, now: datetime) -> None:
    rows = (
        await LoginAttempt.select(LoginAttempt.at)
        .where(where, LoginAttempt.succeeded.eq(False), LoginAttempt.at > now - WINDOW)
        .order_by(LoginAttempt.at, ascending=False)
        .limit(limit)
    )
    if len(rows) >= limit:
        # allowed again once the limit-th newest failure has left the window
        raise LoginThrottled(rows[-1]["at"] + WINDOW - now)


async def _known_address(username: str, address: str, now: datetime) -> bool:
    return await LoginAttempt.exists().where(
        LoginAttempt.username == username_key(username),
        LoginAttempt.address == address,
        LoginAttempt.succeeded.eq(True),
        LoginAttempt.at > now - KNOWN_ADDRESS_KEPT,
    )


async def record_failure(username: str, address: str, now: datetime) -> None:
    async with transaction():
        await _forget_old(now)
        await LoginAttempt.insert(
            LoginAttempt(username=username_key(username), address=address, at=now)
        )


async def record_success(username: str, address: str, now: datetime) -> None:
    """Remembers the address as known and clears its earlier failures for this username."""
    key = username_key(username)
    async with transaction():
        await _forget_old(now)
        await LoginAttempt.delete().where(
            LoginAttempt.username == key, LoginAttempt.address == address
        )
        await LoginAttempt.insert(
            LoginAttempt(username=key, address=address, at=now, succeeded=True)
        )


async def _forget_old(now: datetime) -> None:
    """Keeps the table to the last WINDOW of failures and one recent success per address."""
    await LoginAttempt.delete().where(
        LoginAttempt.succeeded.eq(False), LoginAttempt.at <= now - WINDOW
    )
    await LoginAttempt.delete().where(
        LoginAttempt.succeeded.eq(True), LoginAttempt.at <= now - KNOWN_ADDRESS_KEPT
    )

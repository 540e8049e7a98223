"""Signed check-in codes and the check-in window. Pure: no database, no clock (`now` comes in).

A code names one activity and one 30-second time step and carries an HMAC-SHA256 of both under a
key derived from the app secret. The screen at the venue shows a new code every step; a scan is
accepted for the current and the previous step only, so a photo forwarded to a colleague who is
not in the room stops working within a minute.

Code text: ``<activity id>.<step>.<mac>`` (mac: 16 bytes, base64url without padding), short
enough for a QR code a phone reads across a room.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from backend.core.clock import SHANGHAI
from backend.core.errors import InvalidInput

STEP_SECONDS = 30
ACCEPTED_STEPS = 2  # the current step and the one before it: a code lives 30-60 s
# Check-in opens this long before the start: people arrive, change and sign in before a drill
# begins (a shift handover, a walk from the ward); earlier than that a scan is more likely a
# mistake (the wrong session of a series) than an early arrival.
OPENS_BEFORE_START = timedelta(minutes=30)
MAC_BYTES = 16
# A fresh code scanned by a phone that is not logged in is exchanged for a hold: it keeps the
# scan for this long while the person logs in (typing a password on a phone takes longer than a
# code lives). A photo of the screen still fails: the hold is only given for a fresh code.
HOLD_FOR = timedelta(minutes=10)
_CODE = re.compile(r"^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$")


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def holds(self, now: datetime) -> bool:
        return self.opens_at <= now <= self.closes_at


def check_in_window(starts_at: datetime, ends_at: datetime) -> Window:
    """From OPENS_BEFORE_START before the start to the end of the activity."""
    return Window(starts_at - OPENS_BEFORE_START, ends_at)


def step_of(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def step_start(step: int) -> datetime:
    return datetime.fromtimestamp(step * STEP_SECONDS, UTC)


def _key(secret: str, purpose: bytes = b"code") -> bytes:
    # a key of its own: a check-in code can never be replayed as a session token, or a hold as
    # a code, or back
    label = b"drillbook check-in " + purpose + b" v1"
    return hmac.new(secret.encode(), label, hashlib.sha256).digest()


def _mac(secret: str, activity_id: int, step: int, purpose: bytes = b"code") -> str:
    message = f"{activity_id}.{step}".encode()
    digest = hmac.new(_key(secret, purpose), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:MAC_BYTES]).decode().rstrip("=")


@dataclass(frozen=True)
class IssuedCode:
    code: str
    refresh_at: datetime  # the screen should show the next code from here
    expires_at: datetime  # scans of this code are refused from here


def make_code(secret: str, activity_id: int, now: datetime) -> IssuedCode:
    step = step_of(now)
    code = f"{activity_id}.{step}.{_mac(secret, activity_id, step)}"
    return IssuedCode(code, step_start(step + 1), step_start(step + ACCEPTED_STEPS))


def _signed(secret: str, text: str, purpose: bytes) -> tuple[int, int]:
    """(activity id, step) of a genuine code or hold; InvalidInput for anything else."""
    match = _CODE.match((text or "").strip())
    if match is None:
        raise InvalidInput("check_in_code_invalid")
    activity_id, step, mac = int(match[1]), int(match[2]), match[3]
    if not hmac.compare_digest(mac, _mac(secret, activity_id, step, purpose)):
        raise InvalidInput("check_in_code_invalid")
    return activity_id, step


def make_hold(secret: str, code: str, now: datetime) -> tuple[str, datetime]:
    """A fresh code exchanged for a hold on the scan (see HOLD_FOR) and when the hold expires."""
    activity_id = read_code(secret, code, now)
    step = step_of(now)
    hold = f"{activity_id}.{step}.{_mac(secret, activity_id, step, b'hold')}"
    return hold, step_start(step) + HOLD_FOR


def read_hold(secret: str, hold: str, now: datetime) -> int:
    """The activity id of a genuine hold still within HOLD_FOR of its scan."""
    activity_id, step = _signed(secret, hold, b"hold")
    if step > step_of(now):
        raise InvalidInput("check_in_code_invalid")
    if now - step_start(step) > HOLD_FOR:
        raise InvalidInput("check_in_code_expired")
    return activity_id


def read_code(secret: str, code: str, now: datetime) -> int:
    """The activity id a genuine, current code names; InvalidInput for anything else."""
    activity_id, step = _signed(secret, code, b"code")
    current = step_of(now)
    if step > current:  # signed by us for a time not yet come: a clock problem, not a person's
        raise InvalidInput("check_in_code_invalid")
    if current - step >= ACCEPTED_STEPS:
        raise InvalidInput("check_in_code_expired")
    return activity_id


def shown_time(moment: datetime) -> str:
    """A time as people read it in messages and on paper: Shanghai wall time, to the minute."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")

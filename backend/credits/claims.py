"""A certificate claim as typed into the form, checked: pure, `today` passed in.

The file's type is read from its first bytes, never from its name or the browser's word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from backend.core.errors import InvalidInput, UnsupportedMedia
from backend.core.periods import day_in_range
from backend.credits.policy import CERTIFICATE_CLASSES

MAX_CREDITS = 100
_CREDITS = re.compile(r"^\d{1,3}(\.\d)?$")
FILE_KINDS = (  # magic bytes, media type, suffix
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


@dataclass(frozen=True)
class Claim:
    title: str
    cme_class: str
    credits: float
    earned_on: date


MAX_TITLE = 200  # the column's length


def checked_claim(
    title: str | None, cme_class: str | None, credits: str | None, earned_on: str | None,
    today: date,
) -> Claim:  # fmt: skip
    text = (title or "").strip()
    if not text:
        raise InvalidInput("credit_certificate_blank_title")
    if len(text) > MAX_TITLE or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise InvalidInput("invalid_input", fields="title")
    cme_class = (cme_class or "").strip().upper()
    if cme_class not in CERTIFICATE_CLASSES:
        raise InvalidInput("credit_certificate_bad_class")
    return Claim(text, cme_class, _credits(credits), _earned_on(earned_on, today))


def _credits(value: str | None) -> float:
    text = (value or "").strip()
    if not _CREDITS.match(text) or not 0.5 <= float(text) <= MAX_CREDITS:
        raise InvalidInput("credit_certificate_bad_credits", value=text, max=MAX_CREDITS)
    return float(text)


def _earned_on(value: str | None, today: date) -> date:
    text = (value or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("credit_certificate_bad_date", value=text) from None
    if day > today:
        raise InvalidInput("credit_certificate_future_date", value=text)
    return day_in_range("earned_on", day)


def file_kind(head: bytes) -> tuple[str, str]:
    """(media type, suffix) of a JPEG, PNG or PDF by its first bytes; 415 for anything else."""
    for magic, media_type, suffix in FILE_KINDS:
        if head.startswith(magic):
            return media_type, suffix
    raise UnsupportedMedia("credit_certificate_file_type")

"""The one source of the words reports and reasons show for codes: the pages' own dictionaries
(frontend_static/i18n/zh-CN.json and en.json), so a status, role or department reads the same on
a page, in a reason and in a downloaded report. Code computes on the codes (gap, met, midwife ...)
and asks here for the words only when it writes a cell, a label or a sentence."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from backend.compliance.findings import Status
from backend.institutions.vocabulary import DepartmentKind
from backend.staff.vocabulary import StaffRole

I18N = Path(__file__).resolve().parents[2] / "frontend_static" / "i18n"
LANGUAGES = ("zh-CN", "en")

# every status, worst first (the pages' legend order)
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)


@cache
def _dictionary(language: str) -> dict[str, str]:
    return json.loads((I18N / f"{language}.json").read_text(encoding="utf-8"))


def words(group: str, code: str) -> tuple[str, str]:
    """(zh, en) of `group.code` as the pages show it; an unknown code stays itself."""
    key = f"{group}.{code}"
    zh, en = (_dictionary(language).get(key, code) for language in LANGUAGES)
    return zh, en


def status_label(status: str, lang: int = 0) -> str:
    """达标 / Met ... for a status code."""
    return words("status", status)[lang]


def _in_sentence(word: str) -> str:
    """`Midwife` -> `midwife` inside an English sentence; `ICU doctor` keeps its capitals."""
    return word[:1].lower() + word[1:] if word[1:2].islower() else word


def attendee_labels() -> dict[str, tuple[str, str]]:
    """Roles and department kinds a rule may require, as reasons name them (zh, en in a
    sentence)."""
    labels = {}
    for group, codes in (("staff_role", StaffRole), ("department_kind", DepartmentKind)):
        for code in codes:
            zh, en = words(group, code.value)
            labels[code.value] = (zh, _in_sentence(en))
    return labels

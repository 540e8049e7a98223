"""The Chinese names of kinds and topics calendar files show: the pages' own dictionary."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DICTIONARY = Path(__file__).resolve().parents[2] / "frontend_static" / "i18n" / "zh-CN.json"


@cache
def _words() -> dict[str, str]:
    return json.loads(DICTIONARY.read_text(encoding="utf-8"))


def label(group: str, value: str) -> str:
    return _words().get(f"{group}.{value}", value) if value else ""

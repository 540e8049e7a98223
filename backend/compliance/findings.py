"""What the engine says about one rule, one subject and one period."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    met = "met"
    partly_met = (
        "partly_met"  # held, but a required role/department was absent or the record incomplete
    )
    gap = "gap"  # period ended with nothing qualifying
    due_soon = "due_soon"  # period open (or ahead), nothing qualifying held or planned
    planned = "planned"  # period open, enough qualifying activities planned, not yet held
    not_applicable = "not_applicable"  # rule not in force for this subject or period
    no_data = "no_data"  # the facts this rule needs are not recorded yet


@dataclass(frozen=True)
class Finding:
    rule_id: str
    subject_kind: str
    subject_id: int
    period: str  # 2026-Q1, 2026-H1, 2026-03, 2026, 2026-W14
    required: float
    done: int
    status: Status
    missing: tuple[str, ...]  # roles / department kinds that were absent
    counted: tuple[int, ...]  # activity ids that counted
    nearly: tuple[int, ...]  # held activities that would have counted but for `missing`
    planned: tuple[int, ...]  # qualifying activities planned in the period
    reason_zh: str
    reason_en: str

"""What the engine says about one rule, one subject and one period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import msgspec


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


class Assessment(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A finding before the date it is judged on: what was counted, not yet whether the period
    is over. Stored (compact JSON arrays) by compliance snapshots; `evaluate.conclude` turns it
    into a Finding for any as_of. Not tracked by Python's cycle collector (`gc=False`: it holds
    only strings, numbers, dates and tuples of them, so it can be in no cycle): judging a
    province makes millions, and each collection walked every live one."""

    rule_id: str
    subject_kind: str
    subject_id: int
    subject_name: str
    period: str
    period_start: date
    period_end: date  # first local day after the period
    required: float
    settled: str = ""  # an outcome decided without counting: evaluate.SETTLED names them
    why: tuple[str | int, ...] = ()  # that outcome's reason arguments
    counted: tuple[int, ...] = ()
    nearly: tuple[int, ...] = ()
    planned: tuple[int, ...] = ()
    missing: tuple[str, ...] = ()
    incomplete_records: int = 0

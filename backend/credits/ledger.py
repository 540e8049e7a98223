"""A person's CME credits for one year: pure arithmetic over the year's policy and entries.

No database and no clock: the service gathers the entries (attendance at held sessions that
carry credits, sessions the person presented, confirmed certificates) and this module says what
each one earns, why, and whether the year is met. How the total is counted is in the policy file
(seeds/credits/): each class counts up to its `max_counted`, the counted classes are added, and
the year is met when every class reaches its `min` and the counted total reaches the requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from backend.credits.policy import CreditPolicy

EntrySource = Literal["attendance", "presentation", "certificate"]
Note = tuple[str, dict[str, object]]  # message code (credits/messages.py) and its parameters


@dataclass(frozen=True)
class CreditEntry:
    """Something that may earn credits. `credit_class` is the activity's (national, provincial,
    city, institution) or, for a certificate, the class claimed on it (I, II)."""

    source: EntrySource
    ref_id: int  # the activity's id, or the certificate's
    title: str
    on: date
    credit_class: str
    credits: float
    hours: float = 0.0  # the session's length, for policies that grant credits by the hour
    status: str = ""  # the attendance status, for attendance entries


@dataclass(frozen=True)
class CountedEntry:
    entry: CreditEntry
    cme_class: str  # "" when the entry's class is not in the policy
    earned: float
    notes: tuple[Note, ...] = field(default=())


@dataclass(frozen=True)
class ClassStanding:
    code: str
    earned: float
    counted: float  # after the class's upper bound
    min: float
    max_counted: float  # 0: no upper bound
    missing: float


@dataclass(frozen=True)
class Standing:
    """Where a person stands for the year under one policy version."""

    policy_id: str
    required: float
    classes: tuple[ClassStanding, ...]
    total_counted: float
    missing_total: float
    met: bool
    entries: tuple[CountedEntry, ...]

    def of_class(self, code: str) -> ClassStanding:
        return next(c for c in self.classes if c.code == code)


def credit_standing(policy: CreditPolicy, entries: list[CreditEntry]) -> Standing:
    """Each entry with what it earns and why, the classes after their bounds, and the verdict."""
    counted = _counted_entries(policy, sorted(entries, key=lambda e: (e.on, e.source, e.ref_id)))
    earned: dict[str, list[float]] = {}  # by class, in entry order (sums add in that order)
    for one in counted:
        earned.setdefault(one.cme_class, []).append(one.earned)
    classes = tuple(
        _class_standing(policy, code, earned.get(code, ())) for code in policy.class_codes()
    )
    total = _round(sum(c.counted for c in classes))
    missing_total = _round(max(0.0, policy.yearly_required - total))
    met = missing_total == 0 and all(c.missing == 0 for c in classes)
    return Standing(policy.id, policy.yearly_required, classes, total, missing_total, met,
                    tuple(counted))  # fmt: skip


class StandingsOfBatch:
    """`credit_standing` for many people of one batched read, each distinct list of entries
    worked out once. The batched reader shares one entry object per session and attendance
    status, so people who attended the same sessions (or none) hold the same objects: their
    standings are equal by construction. Keyed by the objects' identities, which stay valid as
    long as the caller keeps the entries (it does, for the batch)."""

    def __init__(self, policy: CreditPolicy) -> None:
        self.policy = policy
        self._known: dict[tuple[int, ...], Standing] = {}

    def of(self, entries: Sequence[CreditEntry]) -> Standing:
        key = tuple(map(id, entries))
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = credit_standing(self.policy, list(entries))
        return found


def _class_standing(policy: CreditPolicy, code: str, earned_each: Sequence[float]) -> ClassStanding:
    """`earned_each`: what each of the year's entries of this class earned, in entry order."""
    bounds = next(c for c in policy.classes if c.code == code)
    earned = _round(sum(earned_each))
    kept = min(earned, bounds.max_counted) if bounds.max_counted else earned
    missing = _round(max(0.0, bounds.min - kept))
    return ClassStanding(code, earned, kept, bounds.min, bounds.max_counted, missing)


def _counted_entries(policy: CreditPolicy, entries: list[CreditEntry]) -> list[CountedEntry]:
    presented = {e.ref_id for e in entries if e.source == "presentation"}
    presenting_left = policy.caps.presenting_per_year or None
    counted = []
    for entry in entries:
        if entry.source == "attendance" and entry.ref_id in presented:
            counted.append(CountedEntry(entry, _class_of(policy, entry), 0.0,
                                        (("credit_note_counted_as_presenter", {}),)))  # fmt: skip
            continue
        one = _one_entry(policy, entry)
        if entry.source == "presentation" and presenting_left is not None:
            one, presenting_left = _within_presenting_cap(one, presenting_left, policy)
        counted.append(one)
    return counted


def earned_at_one_activity(policy: CreditPolicy, entry: CreditEntry) -> float:
    """What one entry earns by itself (before the yearly caps): what "my schedule" shows."""
    return _one_entry(policy, entry).earned


def _one_entry(policy: CreditPolicy, entry: CreditEntry) -> CountedEntry:
    cme_class = _class_of(policy, entry)
    if not cme_class:
        return CountedEntry(entry, "", 0.0, (("credit_note_unclassified", {}),))
    base, notes = _base_credits(policy, entry)
    factor, factor_note = _factor(policy, entry)
    earned = _round(base * factor)
    notes += [factor_note]
    cap = policy.caps.per_activity
    if cap and earned > cap:
        earned = cap
        notes.append(("credit_note_activity_cap", {"cap": _shown(cap)}))
    return CountedEntry(entry, cme_class, earned, tuple(notes))


def _class_of(policy: CreditPolicy, entry: CreditEntry) -> str:
    mapping = (
        policy.certificate_classes if entry.source == "certificate" else policy.activity_classes
    )
    return mapping.get(entry.credit_class, "")


def _base_credits(policy: CreditPolicy, entry: CreditEntry) -> tuple[float, list[Note]]:
    if policy.hours_per_credit and entry.source != "certificate":
        credits = _round(entry.hours / policy.hours_per_credit)
        params = {"hours": _shown(entry.hours), "per": _shown(policy.hours_per_credit)}
        return credits, [("credit_note_by_hours", params)]
    return entry.credits, []


def _factor(policy: CreditPolicy, entry: CreditEntry) -> tuple[float, Note]:
    if entry.source == "certificate":
        return 1.0, ("credit_note_certificate", {})
    if entry.source == "presentation":
        factor = policy.presenting.factor
        return factor, ("credit_note_presenter", {"factor": _shown(factor)})
    factor = policy.attendance_factors.get(entry.status, 0.0)
    return factor, (f"credit_note_{entry.status}", {"percent": _shown(factor * 100)})


def _within_presenting_cap(
    one: CountedEntry, left: float, policy: CreditPolicy
) -> tuple[CountedEntry, float]:
    """Presenting counts up to the yearly cap, in date order; the rest is shown, not counted."""
    if one.earned <= left:
        return one, _round(left - one.earned)
    note = ("credit_note_presenting_cap", {"cap": _shown(policy.caps.presenting_per_year)})
    trimmed = CountedEntry(one.entry, one.cme_class, _round(left), (*one.notes, note))
    return trimmed, 0.0


def _round(value: float) -> float:
    return round(value + 0.0, 2)


def _shown(value: float) -> str:
    """25.0 -> "25", 0.5 -> "0.5": how a nurse writes a number."""
    return f"{value:g}"

"""The CME credit policy as versioned data: one strict TOML file per version in seeds/credits/.

A year is judged by the newest version in force on 1 January of that year, so past years keep
the rules that held then and nobody's year is split between two versions. Versions marked
`in_force = false` (texts we could not verify) are read and checked but never chosen.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path

import msgspec

from backend.activities.vocabulary import CreditClass
from backend.attendance.vocabulary import AttendanceStatus
from backend.rules.checks import field_message

CREDITS_DIR = Path(__file__).resolve().parents[2] / "seeds" / "credits"
CERTIFICATE_CLASSES = ("I", "II")  # what a staff member may claim on a certificate


class CreditPolicyError(ValueError):
    """A seed file that does not describe a valid credit policy; names the file and field."""


class Source(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    title: str
    issuer: str
    clause: str
    quote: str
    quote_verified: bool


class CmeClass(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    code: str
    label_zh: str
    label_en: str
    min: float
    max_counted: float  # 0: no upper bound


class Presenting(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    factor: float


class Caps(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    per_activity: float = 0.0  # 0: no cap
    presenting_per_year: float = 0.0  # 0: no cap


class CreditPolicy(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str
    in_force: bool
    effective_from: date
    effective_from_verified: bool
    yearly_required: float
    source: Source
    classes: tuple[CmeClass, ...]
    activity_classes: dict[CreditClass, str]
    certificate_classes: dict[str, str]
    attendance_factors: dict[AttendanceStatus, float]
    presenting: Presenting
    caps: Caps
    hours_per_credit: float = 0.0  # > 0: a session's credits come from its length, not its field

    def class_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.classes)


def read_policy(path: Path) -> CreditPolicy:
    """One version, checked: unknown or missing fields and inconsistent values name the field."""
    origin = _shown(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CreditPolicyError(f"{origin}: not valid TOML: {exc}") from exc
    try:
        policy = msgspec.convert(raw, CreditPolicy, strict=True)
    except msgspec.ValidationError as exc:
        raise CreditPolicyError(f"{origin}: {field_message(exc)}") from exc
    problems = policy_problems(policy, path.stem)
    if problems:
        raise CreditPolicyError("\n".join(f"{origin}: {problem}" for problem in problems))
    return policy


def policy_problems(policy: CreditPolicy, stem: str) -> list[str]:
    """What the types cannot say: every status and class mapped, classes known, figures sane."""
    problems = []
    if policy.id != stem:
        problems.append(f"id: {policy.id!r} must match the file name")
    if not policy.source.title.strip():
        problems.append("source.title: must name the document")
    codes = policy.class_codes()
    if not codes or len(set(codes)) != len(codes):
        problems.append("classes: at least one class, each code once")
    for field, mapping, keys in (
        ("activity_classes", policy.activity_classes, [c.value for c in CreditClass]),
        ("certificate_classes", policy.certificate_classes, list(CERTIFICATE_CLASSES)),
        ("attendance_factors", policy.attendance_factors, [s.value for s in AttendanceStatus]),
    ):
        missing = [key for key in keys if key not in mapping]
        if missing:
            problems.append(f"{field}: missing {', '.join(missing)}")
        if field != "attendance_factors":
            unknown = sorted({v for v in mapping.values() if v not in codes})
            problems += [
                f"{field}: unknown class {v!r} (known: {', '.join(codes)})" for v in unknown
            ]
    problems += [
        f"attendance_factors.{status}: must be between 0 and 1"
        for status, factor in policy.attendance_factors.items()
        if not 0 <= factor <= 1
    ]
    problems += [
        f"classes.{c.code}: max_counted must be 0 (no bound) or at least min"
        for c in policy.classes
        if c.max_counted and c.max_counted < c.min
    ]
    if policy.yearly_required < 0 or policy.presenting.factor < 0 or policy.hours_per_credit < 0:
        problems.append(
            "yearly_required, presenting.factor, hours_per_credit: must not be negative"
        )
    return problems


def load_credit_policies(
    directory: Path = CREDITS_DIR, include_not_in_force: bool = False
) -> list[CreditPolicy]:
    """Every version in the folder, oldest first; versions not in force only when asked for.
    Every invalid file is reported, one line each."""
    policies, problems = [], []
    for path in sorted(directory.glob("*.toml")):
        try:
            policies.append(read_policy(path))
        except CreditPolicyError as exc:
            problems.append(str(exc))
    if problems:
        raise CreditPolicyError("\n".join(problems))
    chosen = [p for p in policies if p.in_force or include_not_in_force]
    if not chosen:
        raise CreditPolicyError(f"{_shown(directory)}: no credit policy in force")
    return sorted(chosen, key=lambda p: p.effective_from)


def policy_for_year(policies: list[CreditPolicy], year: int) -> CreditPolicy | None:
    """The newest version in force on 1 January of `year`; None before the first one."""
    first_day = date(year, 1, 1)
    candidates = [p for p in policies if p.in_force and p.effective_from <= first_day]
    return max(candidates, key=lambda p: p.effective_from, default=None)


@cache
def default_policies() -> tuple[CreditPolicy, ...]:
    return tuple(load_credit_policies())


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(CREDITS_DIR.parents[1]))
    except ValueError:
        return str(path)

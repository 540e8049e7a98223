"""The competency framework as versioned data: one strict TOML file per version in
seeds/competencies/ (`framework-*.toml`), and the department coverage thresholds
(`coverage.toml`).

Which version applies:
- what an assessment proves (how long it stays valid, the exam pass mark) is fixed by the
  version in force on the day it was assessed (`version_on(assessed_on)`);
- who must hold what is asked of the version in force on the day looked at (today for a page,
  the period's last day for a compliance rule).

A requirement line is a staff role, or `role@department_kind` for a role only in that kind of
department: "nurse@neonatology" is a neonatal nurse. Strict like the rule catalogue: an unknown
key, a role or topic drillbook does not know, a competency no one must hold, is an error naming
the file and the field. Users see names and sources, never ids or file names.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import msgspec

from backend.activities.vocabulary import DrillTopic
from backend.institutions.vocabulary import DepartmentKind
from backend.rules.checks import field_message
from backend.staff.vocabulary import StaffRole

COMPETENCIES_DIR = Path(__file__).resolve().parents[2] / "seeds" / "competencies"

Method = Literal["drill", "written", "skills_station", "certificate"]


class FrameworkError(ValueError):
    """A seed file that does not describe a valid framework; names the file and field."""


class Source(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    document: str
    clause: str
    local_choice: bool = False  # the number (validity, pass mark) is drillbook's choice


class Domain(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str


class Competency(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    domain: str
    name_zh: str
    name_en: str
    required_of: tuple[str, ...]  # role or role@department_kind
    methods: tuple[Method, ...]
    valid_months: int  # an assessment proves it for this many months
    source: Source
    drill_topics: tuple[DrillTopic, ...] = ()  # drills of these topics may assess it
    pass_mark: float | None = None  # written exam / skills station, out of the exam's max

    def required_for(self, role: str, department_kind: str) -> bool:
        return role in self.required_of or f"{role}@{department_kind}" in self.required_of


class Framework(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str
    effective_from: date
    expiring_within_days: int  # "expiring" this many days before the end of validity
    domains: tuple[Domain, ...]
    competencies: tuple[Competency, ...]

    def competency(self, competency_id: str) -> Competency | None:
        return next((c for c in self.competencies if c.id == competency_id), None)

    def required_for(self, role: str, department_kind: str) -> tuple[Competency, ...]:
        return tuple(c for c in self.competencies if c.required_for(role, department_kind))

    def for_topic(self, topic: str) -> tuple[Competency, ...]:
        """The competencies a drill of this topic may assess."""
        return tuple(c for c in self.competencies if topic in c.drill_topics)


class Threshold(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Fewer than `min_current` current holders of `competency` among the department's
    staff (only those who take night shifts when `night_shifts_only`) is a warning."""

    competency: str
    department_kinds: tuple[DepartmentKind, ...]
    min_current: int
    night_shifts_only: bool
    source: Source


class Coverage(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    thresholds: tuple[Threshold, ...]


def read_framework(path: Path) -> Framework:
    raw = _toml(path)
    try:
        framework = msgspec.convert(raw, Framework, strict=True)
    except msgspec.ValidationError as exc:
        raise FrameworkError(f"{_shown(path)}: {field_message(exc)}") from exc
    problems = framework_problems(framework, path.stem)
    if problems:
        raise FrameworkError("\n".join(f"{_shown(path)}: {problem}" for problem in problems))
    return framework


def framework_problems(framework: Framework, stem: str) -> list[str]:
    """What the types cannot say."""
    problems = [] if framework.id == stem else [f"id: {framework.id!r} must match the file name"]
    domains = {d.id for d in framework.domains}
    ids = [c.id for c in framework.competencies]
    problems += [f"competencies: {i!r} twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    roles, kinds = {r.value for r in StaffRole}, {k.value for k in DepartmentKind}
    for c in framework.competencies:
        at = f"competencies.{c.id}"
        if c.domain not in domains:
            problems.append(f"{at}.domain: unknown domain {c.domain!r}")
        if not c.required_of or not c.methods or c.valid_months <= 0:
            problems.append(f"{at}: needs required_of, methods and valid_months > 0")
        for entry in c.required_of:
            role, _, kind = entry.partition("@")
            if role not in roles or (kind and kind not in kinds):
                problems.append(f"{at}.required_of: unknown role or department {entry!r}")
        if "drill" in c.methods and not c.drill_topics:
            problems.append(f"{at}.drill_topics: a drill-assessed competency names its topics")
        examined = {"written", "skills_station"} & set(c.methods)
        if examined and (c.pass_mark is None or c.pass_mark <= 0):
            problems.append(f"{at}.pass_mark: an examined competency needs a pass mark > 0")
    return problems


def load_frameworks(directory: Path = COMPETENCIES_DIR) -> tuple[Framework, ...]:
    """Every version, oldest first; every invalid file reported, one line each."""
    versions, problems = [], []
    for path in sorted(directory.glob("framework-*.toml")):
        try:
            versions.append(read_framework(path))
        except FrameworkError as exc:
            problems.append(str(exc))
    if problems:
        raise FrameworkError("\n".join(problems))
    if not versions:
        raise FrameworkError(f"{_shown(directory)}: no framework version")
    return tuple(sorted(versions, key=lambda f: f.effective_from))


def version_on(day: date, versions: tuple[Framework, ...] | None = None) -> Framework:
    """The newest version in force on `day`; before the first, the first (an assessment dated
    before any framework is judged by the oldest one rather than refused)."""
    versions = versions or default_frameworks()
    chosen = [f for f in versions if f.effective_from <= day]
    return chosen[-1] if chosen else versions[0]


def load_coverage(
    path: Path = COMPETENCIES_DIR / "coverage.toml", versions: tuple[Framework, ...] | None = None
) -> Coverage:
    try:
        coverage = msgspec.convert(_toml(path), Coverage, strict=True)
    except msgspec.ValidationError as exc:
        raise FrameworkError(f"{_shown(path)}: {field_message(exc)}") from exc
    known = {c.id for f in (versions or default_frameworks()) for c in f.competencies}
    problems = [
        f"{_shown(path)}: thresholds.{t.competency}: unknown competency"
        for t in coverage.thresholds
        if t.competency not in known
    ] + [
        f"{_shown(path)}: thresholds.{t.competency}: min_current must be at least 1"
        for t in coverage.thresholds
        if t.min_current < 1
    ]
    if problems:
        raise FrameworkError("\n".join(problems))
    return coverage


@cache
def default_frameworks() -> tuple[Framework, ...]:
    return load_frameworks()


@cache
def default_coverage() -> Coverage:
    return load_coverage()


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(f"{_shown(path)}: not valid TOML: {exc}") from exc


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(COMPETENCIES_DIR.parents[1]))
    except ValueError:
        return str(path)

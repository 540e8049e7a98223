"""The rule catalogue and policy profiles, loaded from seeds/ and checked field by field.

Rules are data: each seed file says who must do what, how often, who must take part, and the
policy sentence it comes from. A typo in a seed file is an error naming the file and the field;
nothing is silently ignored.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import TypeVar

import msgspec

from backend.rules.checks import check_citations, check_rule, field_message, read_policy_sources
from backend.rules.policy_documents import document_titles
from backend.rules.schema import (
    OVERRIDABLE,
    Attendance,
    Citation,
    Override,
    Profile,
    ProfileEnd,
    Rule,
    RuleCatalogueError,
)

__all__ = [
    "SEEDS_DIR",
    "Attendance",
    "Catalogue",
    "Citation",
    "Profile",
    "Rule",
    "RuleCatalogueError",
    "default_catalogue",
    "load_catalogue",
    "load_profiles",
    "load_rules",
    "resolve_profile",
]

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

T = TypeVar("T")


def _read(path: Path, kind: type[T]) -> T:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleCatalogueError(f"{_shown(path)}: not valid TOML: {exc}") from exc
    try:
        return msgspec.convert(raw, kind, strict=True)
    except msgspec.ValidationError as exc:
        raise RuleCatalogueError(f"{_shown(path)}: {field_message(exc)}") from exc


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(SEEDS_DIR.parent))
    except ValueError:
        return str(path)


def _sources(seeds: Path) -> dict[str, str]:
    document_titles(seeds / "policy-sources")  # each text has the title citations show
    return read_policy_sources(seeds / "policy-sources")


def load_rules(seeds: Path = SEEDS_DIR) -> dict[str, Rule]:
    """Every rule in `seeds/rules/`, by id; RuleCatalogueError lists every invalid file, one
    line each, so a typo in one file does not hide the next."""
    sources = _sources(seeds)
    rules: dict[str, Rule] = {}
    problems: list[str] = []
    for path in sorted((seeds / "rules").glob("*.toml")):
        try:
            rule = _checked_rule(path, sources)
        except RuleCatalogueError as exc:
            problems.append(str(exc))
        else:
            rules[rule.id] = rule
    if problems:
        raise RuleCatalogueError("\n".join(problems))
    if not rules:
        raise RuleCatalogueError(f"{_shown(seeds / 'rules')}: no rule files found")
    return rules


def _checked_rule(path: Path, sources: dict[str, str]) -> Rule:
    rule = _read(path, Rule)
    origin = _shown(path)
    if rule.id != path.stem:
        raise RuleCatalogueError(f"{origin}: id: {rule.id!r} must match the file name")
    if rule.ended_with is not None:
        raise RuleCatalogueError(
            f"{origin}: ended_with: set from the profile's valid_to, not by a rule file"
        )
    check_rule(origin, rule)
    check_citations(origin, rule.citations, sources, measure=rule.measure)
    return rule


def load_profiles(rules: dict[str, Rule], seeds: Path = SEEDS_DIR) -> dict[str, Profile]:
    """Every profile in `seeds/profiles/`, by id, checked against the rules and each other."""
    sources = _sources(seeds)
    profiles: dict[str, Profile] = {}
    origins: dict[str, str] = {}
    for path in sorted((seeds / "profiles").glob("*.toml")):
        profile = _read(path, Profile)
        origin = origins[profile.id] = _shown(path)
        if profile.id != path.stem:
            raise RuleCatalogueError(f"{origin}: id: {profile.id!r} must match the file name")
        _check_profile(origin, profile, rules, sources)
        profiles[profile.id] = profile
    for profile in profiles.values():
        _check_resolution(profiles, rules, profile.id, origins)
        _check_validity(origins[profile.id], profile, profiles)
    return profiles


def _check_validity(origin: str, profile: Profile, profiles: dict[str, Profile]) -> None:
    """The dates run forwards, a successor exists and takes over on a named day."""
    for field in ("valid_to", "plan_ends"):
        value = getattr(profile, field)
        if value is not None and value < profile.valid_from:
            raise RuleCatalogueError(
                f"{origin}: {field}: {value} is before valid_from {profile.valid_from}"
            )
    if profile.plan_ends is not None and profile.valid_to is not None:
        raise RuleCatalogueError(
            f"{origin}: plan_ends: only for a profile without valid_to"
            " (valid_to already ends it; plan_ends marks a period that ended with nothing to replace it)"
        )
    if profile.successor is None:
        return
    if profile.successor not in profiles:
        raise RuleCatalogueError(
            f"{origin}: successor: unknown profile {profile.successor!r}"
            f" (known: {', '.join(profiles)})"
        )
    if profile.successor == profile.id:
        raise RuleCatalogueError(f"{origin}: successor: a profile cannot succeed itself")
    if profile.valid_to is None:
        raise RuleCatalogueError(
            f"{origin}: successor: needs valid_to, the last day this profile's rules are applied"
        )


def _check_profile(
    origin: str, profile: Profile, rules: dict[str, Rule], sources: dict[str, str]
) -> None:
    for index, source in enumerate(profile.sources):
        if source not in sources:
            raise RuleCatalogueError(
                f"{origin}: sources[{index}]: unknown policy source {source!r}"
                f" (known: {', '.join(sorted(sources))})"
            )
    for field, ids in (("rules", profile.rules), ("remove", profile.remove)):
        for rule_id in ids:
            if rule_id not in rules:
                raise RuleCatalogueError(
                    f"{origin}: {field}: unknown rule {rule_id!r} (known: {', '.join(rules)})"
                )
    for index, override in enumerate(profile.overrides):
        if override.rule not in rules:
            raise RuleCatalogueError(
                f"{origin}: overrides[{index}].rule: unknown rule {override.rule!r}"
            )
        check_citations(origin, override.citations, sources, f"overrides[{index}].citations")


def _base_chain(
    profiles: dict[str, Profile], profile_id: str, origins: dict[str, str] | None = None
) -> list[Profile]:
    """The profile and its bases, the most basic first."""
    origins = origins or {}
    if profile_id not in profiles:
        raise RuleCatalogueError(f"unknown profile {profile_id!r} (known: {', '.join(profiles)})")
    chain = [profiles[profile_id]]
    while chain[-1].base is not None:
        base = chain[-1].base
        origin = origins.get(chain[-1].id, f"seeds/profiles/{chain[-1].id}.toml")
        if base not in profiles:
            raise RuleCatalogueError(
                f"{origin}: base: unknown profile {base!r} (known: {', '.join(profiles)})"
            )
        if any(p.id == base for p in chain):
            cycle = " -> ".join([p.id for p in chain] + [base])
            raise RuleCatalogueError(f"{origin}: base: profiles form a cycle ({cycle})")
        chain.append(profiles[base])
    return list(reversed(chain))


def _check_resolution(
    profiles: dict[str, Profile], rules: dict[str, Rule], profile_id: str, origins: dict[str, str]
) -> None:
    """A removal or override of a rule not in force would be silently ignored: refuse it instead."""
    in_force: set[str] = set()
    for profile in _base_chain(profiles, profile_id, origins):
        origin = origins[profile.id]
        in_force |= set(profile.rules)
        for rule_id in profile.remove:
            if rule_id not in in_force:
                raise RuleCatalogueError(f"{origin}: remove: {rule_id!r} is not in force here")
            in_force.discard(rule_id)
        for index, override in enumerate(profile.overrides):
            if override.rule not in in_force:
                raise RuleCatalogueError(
                    f"{origin}: overrides[{index}].rule: {override.rule!r} is not in force here"
                )
    for rule in resolve_profile(profiles, rules, profile_id):
        check_rule(f"{origins[profile_id]}: {rule.id} after overrides", rule)


def resolve_profile(
    profiles: dict[str, Profile], rules: dict[str, Rule], profile_id: str
) -> list[Rule]:
    """The rules in force under a profile: its bases' rules, its additions, removals and overrides.

    An overridden rule keeps its own citations and gains the override's."""
    in_force: dict[str, Rule] = {}
    for profile in _base_chain(profiles, profile_id):
        for rule_id in profile.rules:
            in_force[rule_id] = rules[rule_id]
        for rule_id in profile.remove:
            in_force.pop(rule_id, None)
        for override in profile.overrides:
            if override.rule in in_force:
                in_force[override.rule] = _apply(in_force[override.rule], override)
    return list(in_force.values())


def _apply(rule: Rule, override: Override) -> Rule:
    changes = {
        name: getattr(override, name) for name in OVERRIDABLE if getattr(override, name) is not None
    }
    return msgspec.structs.replace(rule, citations=rule.citations + override.citations, **changes)


class Catalogue(msgspec.Struct, frozen=True):
    rules: dict[str, Rule]
    profiles: dict[str, Profile]

    def rules_of(self, profile_id: str) -> list[Rule]:
        """The profile's rules, none applied past its `valid_to` (see `ended_by`)."""
        return ended_by(self.profiles, resolve_profile(self.profiles, self.rules, profile_id),
                        profile_id)  # fmt: skip


def ended_by(profiles: dict[str, Profile], rules: list[Rule], profile_id: str) -> list[Rule]:
    """Rules capped at the profile's end: an effective_to after the profile's valid_to (or none)
    becomes valid_to, and the rule carries the profile's and its successor's names so a period
    after the end says why it is not judged. A rule's effective_from is not moved to the
    profile's valid_from: a plan codifies duties that mostly existed before it, and a jurisdiction
    that switches profile keeps its earlier years judged."""
    profile = profiles[profile_id]
    if profile.valid_to is None:
        return rules
    successor = profiles[profile.successor] if profile.successor else None
    end = ProfileEnd(
        name_zh=profile.name_zh,
        name_en=profile.name_en,
        valid_to=profile.valid_to,
        successor_zh=successor.name_zh if successor else "",
        successor_en=successor.name_en if successor else "",
    )
    capped = []
    for rule in rules:
        if rule.effective_to is not None and rule.effective_to <= profile.valid_to:
            capped.append(rule)  # the rule ends first, on its own
        else:
            capped.append(
                msgspec.structs.replace(rule, effective_to=profile.valid_to, ended_with=end)
            )
    return capped


def load_catalogue(seeds: Path = SEEDS_DIR) -> Catalogue:
    rules = load_rules(seeds)
    return Catalogue(rules, load_profiles(rules, seeds))


@cache
def default_catalogue() -> Catalogue:
    return load_catalogue()

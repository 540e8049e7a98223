"""The spot-check checklist, ratings and risk weights, read from `seeds/spot_checks/`.

Strict like the drill topic sheets: an unknown key, a missing text, a repeated id or a negative
weight is an error naming the file and the field; nothing is silently ignored.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import msgspec

from backend.rules.catalogue import SEEDS_DIR
from backend.rules.checks import field_message

RISK_FACTORS = (
    "compliance_gaps",
    "missed_timing_targets",
    "open_rectifications",
    "past_poor_ratings",
)


class SpotCheckSeedError(ValueError):
    """A seed file of seeds/spot_checks/ that does not say what it must."""


class Source(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    document: str
    clause: str
    quote: str = ""


class Item(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    text_zh: str
    text_en: str


class Rating(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str
    poor: bool = False


class Checklist(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    source: Source
    items: tuple[Item, ...]
    ratings: tuple[Rating, ...]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def rating(self, rating_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.id == rating_id), None)

    @property
    def poor_ratings(self) -> frozenset[str]:
        return frozenset(r.id for r in self.ratings if r.poor)


class Weights(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    compliance_gaps: float
    missed_timing_targets: float
    open_rectifications: float
    past_poor_ratings: float


class RiskWeights(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    base: float
    weights: Weights

    def as_dict(self) -> dict[str, float]:
        return {"base": self.base, **msgspec.to_builtins(self.weights)}


def _load(path: Path, kind: type):
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SpotCheckSeedError(f"{path.name}: file is missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SpotCheckSeedError(f"{path.name}: not valid TOML: {exc}") from exc
    try:
        return msgspec.convert(raw, kind, strict=False)
    except msgspec.ValidationError as exc:
        raise SpotCheckSeedError(f"{path.name}: {field_message(exc)}") from exc


def load_checklist(seeds: Path = SEEDS_DIR) -> Checklist:
    path = seeds / "spot_checks" / "checklist.toml"
    checklist: Checklist = _load(path, Checklist)
    origin = path.name
    for field, entries in (("items", checklist.items), ("ratings", checklist.ratings)):
        if not entries:
            raise SpotCheckSeedError(f"{origin}: {field}: at least one is required")
        ids = [e.id for e in entries]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise SpotCheckSeedError(f"{origin}: {field}: repeated id {', '.join(repeated)}")
        for index, entry in enumerate(entries):
            texts = ("text_zh", "text_en") if field == "items" else ("name_zh", "name_en")
            for name in ("id", *texts):
                if not str(getattr(entry, name)).strip():
                    raise SpotCheckSeedError(
                        f"{origin}: {field}[{index}].{name}: must not be empty"
                    )
    if not checklist.poor_ratings:
        raise SpotCheckSeedError(f"{origin}: ratings: mark at least one rating poor = true")
    if not checklist.source.document.strip() or not checklist.source.clause.strip():
        raise SpotCheckSeedError(f"{origin}: source: document and clause are required")
    return checklist


def load_risk_weights(seeds: Path = SEEDS_DIR) -> RiskWeights:
    path = seeds / "spot_checks" / "risk_weights.toml"
    weights: RiskWeights = _load(path, RiskWeights)
    if weights.base <= 0:
        raise SpotCheckSeedError(f"{path.name}: base: must be greater than 0")
    for name in RISK_FACTORS:
        if getattr(weights.weights, name) < 0:
            raise SpotCheckSeedError(f"{path.name}: weights.{name}: must not be negative")
    return weights


@cache
def checklist() -> Checklist:
    return load_checklist()


@cache
def risk_weights() -> RiskWeights:
    return load_risk_weights()

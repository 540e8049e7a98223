"""What a drill record asks for, per drill topic: scenario templates and the measures recorded,
each with its unit, target and source. Loaded from `seeds/drill_records/<topic>.toml`.

Strict like the rule catalogue: an unknown key, a missing source or a measure that makes no sense
is an error naming the file and the field; nothing is silently ignored. A measure may take its
target from a rule (`target_from_rule = "ddi-target"`): the number then lives only in the rule's
`parameters.max_value`, and the rule's `parameters.metric` must name the measure.
Sources are shown to people as document title and clause, never as file names.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

import msgspec

from backend.activities.vocabulary import DrillTopic
from backend.rules.catalogue import SEEDS_DIR, Rule, load_rules
from backend.rules.checks import field_message

Unit = Literal["minutes", "mL", "yes_no"]


class DrillSeedError(ValueError):
    """A seed file that does not describe a valid drill topic sheet."""


class Source(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    document: str
    clause: str
    local_choice: bool = (
        False  # the number is drillbook's (or the hospital's) choice, not the document's
    )


class Template(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str
    description_zh: str


class Measure(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name_zh: str
    name_en: str
    unit: Unit
    source: Source
    required: bool = False
    start_zh: str = ""  # minutes are counted from a stated moment: 自胎儿娩出
    start_en: str = ""
    target_max: float | None = None  # minutes or mL: at most this
    target_yes: bool | None = None  # yes/no: the expected answer
    target_from_rule: str = ""  # the rule whose parameters.max_value is the target


class TopicSheet(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    topic: DrillTopic
    templates: tuple[Template, ...] = ()
    measures: tuple[Measure, ...] = ()

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def template(self, template_id: str) -> Template | None:
        return next((t for t in self.templates if t.id == template_id), None)


def _read(path: Path) -> TopicSheet:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DrillSeedError(f"{path.name}: not valid TOML: {exc}") from exc
    try:
        return msgspec.convert(raw, TopicSheet, strict=True)
    except msgspec.ValidationError as exc:
        raise DrillSeedError(f"{path.name}: {field_message(exc)}") from exc


def _check_measure(origin: str, measure: Measure, rules: dict[str, Rule]) -> Measure:
    where = f"{origin}: measures.{measure.id}"
    if not measure.source.document.strip() or not measure.source.clause.strip():
        raise DrillSeedError(f"{where}.source: document and clause are required")
    if measure.unit == "minutes" and not (measure.start_zh and measure.start_en):
        raise DrillSeedError(f"{where}.start_zh: minutes need the moment they count from")
    if measure.unit == "yes_no" and measure.target_max is not None:
        raise DrillSeedError(f"{where}.target_max: a yes/no measure takes target_yes")
    if measure.unit != "yes_no" and measure.target_yes is not None:
        raise DrillSeedError(f"{where}.target_yes: only a yes/no measure takes target_yes")
    if not measure.target_from_rule:
        return measure
    if measure.target_max is not None:
        raise DrillSeedError(
            f"{where}.target_max: the target comes from the rule; do not repeat it"
        )
    rule = rules.get(measure.target_from_rule)
    if rule is None:
        raise DrillSeedError(f"{where}.target_from_rule: unknown rule {measure.target_from_rule!r}")
    if rule.parameters.metric != measure.id or rule.parameters.max_value is None:
        raise DrillSeedError(
            f"{where}.target_from_rule: rule {rule.id!r} does not set max_value for {measure.id!r}"
        )
    return msgspec.structs.replace(measure, target_max=rule.parameters.max_value)


def _checked(path: Path, rules: dict[str, Rule]) -> TopicSheet:
    sheet = _read(path)
    origin = path.name
    if sheet.topic.value != path.stem:
        raise DrillSeedError(f"{origin}: topic: {sheet.topic.value!r} must match the file name")
    for field, items in (("templates", sheet.templates), ("measures", sheet.measures)):
        ids = [item.id for item in items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise DrillSeedError(f"{origin}: {field}: repeated id {', '.join(repeated)}")
    measures = tuple(_check_measure(origin, m, rules) for m in sheet.measures)
    return msgspec.structs.replace(sheet, measures=measures)


def load_topic_sheets(seeds: Path = SEEDS_DIR) -> dict[str, TopicSheet]:
    """Every topic sheet in `seeds/drill_records/`, by topic; every invalid file is listed."""
    rules = load_rules(seeds)
    sheets: dict[str, TopicSheet] = {}
    problems: list[str] = []
    for path in sorted((seeds / "drill_records").glob("*.toml")):
        try:
            sheet = _checked(path, rules)
        except DrillSeedError as exc:
            problems.append(str(exc))
        else:
            sheets[sheet.topic.value] = sheet
    if problems:
        raise DrillSeedError("\n".join(problems))
    return sheets


@cache
def topic_sheets() -> dict[str, TopicSheet]:
    return load_topic_sheets()


def sheet_of(topic: str) -> TopicSheet:
    """The sheet of a topic; a topic with none (e.g. "other") records no measures."""
    return topic_sheets().get(topic) or TopicSheet(topic=DrillTopic(topic or "other"))

"""The words of the demo city's drill records, from seeds/demo/debriefs.toml: PEARLS debriefs,
problems and corrective actions per topic, and for a missed target the problem behind it. Pure.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.drill_records.schemas import Debrief
from backend.drill_records.topics import Measure
from backend.tooling.demo_city.generate import SEEDS

NOBODY_LED = "当班医师"


@dataclass(frozen=True)
class Remedy:
    """A problem found in a drill, the corrective action for it and how it was followed up."""

    problem: str
    action: str
    follow_up: str


def read_texts(directory: Path = SEEDS) -> dict[str, Any]:
    return tomllib.loads((directory / "debriefs.toml").read_text(encoding="utf-8"))


class DebriefWriter:
    def __init__(self, texts: dict[str, Any], rng: random.Random) -> None:
        self.texts, self.rng = texts, rng

    def remedy(self, topic: str, measure_id: str) -> Remedy:
        """Why this measure's target was missed, and what will be done."""
        entry = self.rng.choice(self.texts["topics"][topic]["missed"][measure_id])
        return Remedy(entry["problem"], entry["action"], entry["follow_up"])

    def general_remedy(self, topic: str) -> Remedy:
        """An improvement for a drill that met its targets: no problem to state."""
        entry = self.rng.choice(self.texts["topics"][topic]["general_actions"])
        return Remedy("", entry["action"], entry["follow_up"])

    def debrief(
        self,
        topic: str,
        scenario: str,
        leader: str,
        missed: list[tuple[Measure, float]],
        written: bool,
    ) -> Debrief:
        """Reactions, description, analysis (what went well, what fell short) and, once the
        debrief is written up (`written`), the summary."""
        of_topic = self.texts["topics"][topic]
        description = self.rng.choice(of_topic["description"]).format(
            scenario=scenario, leader=leader or NOBODY_LED
        )
        analysis = "做得好：" + self.rng.choice(of_topic["strengths"])
        if missed:
            analysis += "待改进：" + "；".join(_shortfall(m, value) for m, value in missed) + "。"
        summary = ""
        if written:
            summary = self.rng.choice(self.texts["summary_missed" if missed else "summary"])
        return Debrief(
            reactions=self.rng.choice(self.texts["reactions"]),
            description=description,
            analysis=analysis,
            summary=summary,
        )


def _shortfall(measure: Measure, value: float) -> str:
    if measure.unit == "yes_no":
        return f"{measure.name_zh}未做到"
    if measure.unit == "mL":
        return f"{measure.name_zh} {value:g} mL，超过目标 {measure.target_max:g} mL"
    return (
        f"{measure.name_zh}（{measure.start_zh}）用时 {value:g} 分钟，"
        f"超过目标 {measure.target_max:g} 分钟"
    )

"""The demo city's CME certificates: credits earned at courses elsewhere, mostly confirmed.

Pure: `today` and the seed come in; its own random generator, so the rest of the city stays as
it was. Numbers and titles are in seeds/demo/city.toml [certificates].
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backend.tooling.demo_city.generate import FIRST_DAY, DemoCity, StaffRow


@dataclass(frozen=True)
class DemoCertificate:
    staff: int  # staff key
    title: str
    cme_class: str  # I | II
    credits: float
    earned_on: date
    status: str  # confirmed | pending | rejected
    note: str = ""
    by_officer: bool = False  # decided by the demo officer (her own hospital's staff only)


def generate_certificates(city: DemoCity, seed: int, today: date) -> list[DemoCertificate]:
    config = {**city.config["certificates"],
              "officer_of": city.config["users"]["officer_institution"]}  # fmt: skip
    rng = random.Random(f"certificates-{seed}")
    result: list[DemoCertificate] = []
    for person in city.staff:
        for year in range(FIRST_DAY.year, today.year + 1):
            result += _year_of(person, year, today, config, rng)
    return result


def _year_of(person: StaffRow, year: int, today: date, config: dict[str, Any],
             rng: random.Random) -> list[DemoCertificate]:  # fmt: skip
    first = max(date(year, 1, 1), person.active_from)
    last = min(date(year, 12, 31), today, person.active_to or today)
    if last < first:
        return []
    profile = _weighted(rng, config["profiles"])
    if profile == "none":
        return []
    # complete: class I 5-10 and class II 15-20 from certificates alone; short: about half
    share = 1.0 if profile == "complete" else rng.uniform(0.3, 0.7)
    wanted = {"I": 5 + rng.randint(0, 3), "II": 15 + rng.randint(0, 4)}
    certificates = []
    for cme_class, target in wanted.items():
        credits_list = config["class_i_credits" if cme_class == "I" else "class_ii_credits"]
        titles = config["class_i_titles" if cme_class == "I" else "class_ii_titles"]
        earned = 0.0
        while earned < target * share:
            credits = float(rng.choice(credits_list))
            day = first + timedelta(days=rng.randint(0, (last - first).days))
            status, note = _decision(rng, config, day.year == today.year)
            certificates.append(DemoCertificate(person.key, rng.choice(titles), cme_class,
                                                credits, day, status, note,
                                                person.institution == config["officer_of"]))  # fmt: skip
            earned += credits if status == "confirmed" else 0
    return certificates


def _decision(rng: random.Random, config: dict[str, Any], this_year: bool) -> tuple[str, str]:
    if this_year:
        draw = rng.random()
        if draw < config["rejected_share"]:
            return "rejected", config["rejected_note"]
        if draw < config["rejected_share"] + config["pending_share"]:
            return "pending", ""
    return "confirmed", ""


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]

"""Generated competency evidence and night shifts for the demo city and the synthetic province.
Pure and deterministic: the same city, random generator and day give the same rows.

For each person in post, each competency the framework in force today requires of their role in
their department: about `never_share` have no evidence; the rest were assessed by drill, written
exam or skills station on a day drawn over the last two years (recent days likelier), so the
states mix current, expiring and expired. Some people also have an older assessment before the
newest (last year's round). Record-linked drill assessments and certificates are not generated:
the rows stand alone (record, exam and certificate are None).

The demo's fixed facts (seeds/demo/competencies.toml) are applied by `demo_facts`.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backend.competencies.framework import Competency, version_on
from backend.competencies.holdings import add_months, passed
from backend.tooling.demo_city.generate import SEEDS, DemoCity, StaffRow

NIGHT_DEPARTMENTS = ("obstetrics", "neonatology")
NON_CLINICAL = ("administrator",)
WINDOW_DAYS = 730  # evidence is drawn over the last two years
RENEWED_SHARE = 0.3  # people with an older assessment before the newest
NEEDS_PRACTICE_SHARE = 0.08  # drills where the assessor marked "needs practice"


@dataclass(frozen=True)
class Evidence:
    """One generated assessment: `NewAssessment` fields by staff key instead of ids."""

    staff_key: int
    competency: str
    method: str  # drill | written | skills_station
    outcome: str  # demonstrated | needs_practice | passed | failed
    assessed_on: date
    score: float | None = None


def read_settings(directory: Path = SEEDS) -> dict[str, Any]:
    return tomllib.loads((directory / "competencies.toml").read_text(encoding="utf-8"))


def in_post(person: StaffRow, today: date) -> bool:
    return person.active_from <= today and (person.active_to is None or person.active_to >= today)


def night_shift_keys(city: DemoCity, rng: random.Random, share: float) -> set[int]:
    """About `share` of the clinical staff of obstetrics and neonatology take night shifts."""
    return {
        p.key
        for p in city.staff
        if p.department_kind in NIGHT_DEPARTMENTS
        and p.role not in NON_CLINICAL
        and rng.random() < share
    }


def drawn_evidence(
    city: DemoCity, rng: random.Random, today: date, never_share: float = 0.15
) -> list[Evidence]:
    framework = version_on(today)
    required: dict[tuple[str, str], tuple[Competency, ...]] = {}
    rows: list[Evidence] = []
    for person in city.staff:
        if not in_post(person, today):
            continue
        kind = (person.role, person.department_kind)
        if kind not in required:
            required[kind] = framework.required_for(*kind)
        span = min(WINDOW_DAYS, (today - person.active_from).days)
        for competency in required[kind]:
            if span <= 0 or rng.random() < never_share:
                continue
            # triangular with its mode today: three in four assessments within the last year
            day = today - timedelta(days=int(rng.triangular(0, span, 0)))
            rows.append(_assessment(person.key, competency, day, rng))
            older = add_months(day, -competency.valid_months) - timedelta(days=rng.randrange(60))
            if rng.random() < RENEWED_SHARE and older >= person.active_from:
                rows.append(_assessment(person.key, competency, older, rng))
    return rows


def _order(e: Evidence) -> tuple:
    return (e.staff_key, e.assessed_on, e.competency, e.method, e.outcome, e.score or 0.0)


def _assessment(key: int, competency: Competency, day: date, rng: random.Random) -> Evidence:
    methods = [m for m in competency.methods if m != "certificate"]
    method = rng.choice(methods)
    if method == "drill":
        outcome = "needs_practice" if rng.random() < NEEDS_PRACTICE_SHARE else "demonstrated"
        return Evidence(key, competency.id, method, outcome, day)
    score = float(rng.randint(62, 100))
    outcome = "passed" if passed(competency, score, 100.0) else "failed"
    return Evidence(key, competency.id, method, outcome, day, score)


def demo_facts(
    city: DemoCity,
    evidence: list[Evidence],
    night: set[int],
    settings: dict[str, Any],
    staff_user: StaffRow,
    today: date,
    rng: random.Random,
) -> list[Evidence]:
    """The demo's fixed facts on top of the drawn evidence: the staff user's own competencies,
    and departments whose night-shift staff let a competency lapse (a coverage warning)."""
    framework = version_on(today)
    fixed = {entry["competency"] for entry in settings.get("staff_user", [])}
    rows = [e for e in evidence if not (e.staff_key == staff_user.key and e.competency in fixed)]
    for entry in settings.get("staff_user", []):
        competency = framework.competency(entry["competency"])
        method = entry["method"]
        score = entry.get("score")
        outcome = entry.get("outcome") or (
            "demonstrated" if method == "drill" else
            "passed" if passed(competency, score, 100.0) else "failed"
        )  # fmt: skip
        day = today - timedelta(days=entry["days_ago"])
        rows.append(Evidence(staff_user.key, competency.id, method, outcome, day, score))
    if settings.get("staff_user_night_shifts", True):
        night.add(staff_user.key)
    for lapse in settings.get("lapsed", []):
        people = {
            p.key
            for p in city.staff
            if p.key in night
            and p.institution == lapse["institution"]
            and p.department_kind == lapse["department_kind"]
        }
        gone = {e for e in rows if e.staff_key in people and e.competency == lapse["competency"]}
        rows = [e for e in rows if e not in gone]
        competency = framework.competency(lapse["competency"])
        for e in sorted(gone, key=_order):  # what they had, moved back so that it has ended
            day = today - timedelta(days=30 * competency.valid_months + 40 + rng.randrange(200))
            rows.append(Evidence(e.staff_key, e.competency, e.method, e.outcome, day, e.score))
    return rows

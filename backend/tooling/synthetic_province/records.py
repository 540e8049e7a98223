"""Drill records for the synthetic province: most held drills written up and submitted.

Pure and deterministic (the caller passes a seeded random generator and `now`). The content is
the app's own `RecordContent`, built from the topic's sheet (seeds/drill_records/): a scenario
from its templates, the team from who came, every required timing and some optional ones, most
within target and some over, and a short PEARLS debrief.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.activities.checks import TOPIC_KINDS
from backend.drill_records.schemas import Debrief, RecordContent, Scenario, TeamMember
from backend.drill_records.topics import Measure, sheet_of
from backend.tooling.demo_city.generate import DemoCity

RECORD_SHARE = 0.9  # the rest of the held drills were never written up
OVER_TARGET = 0.15  # share of timings the team missed
OPTIONAL_TIMING = 0.5  # share of optional measures the scribe bothered to note

_REACTIONS = (
    "团队反应迅速，分工基本明确。",
    "初期略显紧张，进入流程后配合顺畅。",
    "成员普遍认为情景逼真，压力适中。",
)
_ANALYSIS = ("呼叫与分工衔接良好，个别环节口头医嘱未复述。", "药品与器械准备到位，记录员计时清晰。",
             "团队领导指令明确，但闭环沟通仍需加强。")  # fmt: skip
_SUMMARY = ("流程总体规范，达到演练目的；下季度重点练习闭环沟通。", "按流程完成处置，关键时间点均有记录。",
            "演练达到预期，建议增加夜间场景演练。")  # fmt: skip
_PROBLEMS = (
    "",
    "抢救车药品补充不及时。",
    "部分成员对大量输血方案流程不熟悉。",
    "记录表填写不完整。",
)


@dataclass(frozen=True)
class DrillRecordRow:
    activity: int  # the activity's key in the city
    content: RecordContent
    created_at: datetime
    submitted_at: datetime


def drill_records(
    city: DemoCity, staff_ids: list[int], rng: random.Random, now: datetime
) -> list[DrillRecordRow]:
    """A submitted record for most held drills hosted by an institution (none submitted after
    `now`); the team is who came, by database id, with their drill roles."""
    teams: dict[int, list[TeamMember]] = defaultdict(list)
    for activity, person, _status, role, _credits in city.attendance:
        if role:
            teams[activity].append(TeamMember(staff_id=staff_ids[person], drill_role=role))
    rows = []
    for a in city.activities:
        if a.kind not in TOPIC_KINDS or a.status != "held" or a.host_institution is None:
            continue
        written = rng.random() < RECORD_SHARE
        created = a.ends_at + timedelta(hours=rng.randrange(2, 48))
        submitted = created + timedelta(hours=rng.randrange(1, 72))
        if written and teams[a.key] and submitted <= now:
            content = record_content(a.topic, teams[a.key], rng)
            rows.append(DrillRecordRow(a.key, content, created, submitted))
    return rows


def record_content(topic: str, team: list[TeamMember], rng: random.Random) -> RecordContent:
    sheet = sheet_of(topic)
    scenario = Scenario(title="演练")
    if sheet.templates:
        template = sheet.templates[rng.randrange(len(sheet.templates))]
        scenario = Scenario(template.id, template.name_zh, template.description_zh)
    timings = {
        m.id: _timing(m, rng)
        for m in sheet.measures
        if m.required or rng.random() < OPTIONAL_TIMING
    }
    debrief = Debrief(
        reactions=rng.choice(_REACTIONS),
        description=scenario.description or scenario.title,
        analysis=rng.choice(_ANALYSIS),
        summary=rng.choice(_SUMMARY),
    )
    return RecordContent(scenario=scenario, team=team, timings=timings, debrief=debrief,
                         problems=rng.choice(_PROBLEMS))  # fmt: skip


def _timing(measure: Measure, rng: random.Random) -> float:
    missed = rng.random() < OVER_TARGET
    if measure.unit == "yes_no":
        return float(measure.target_yes is not missed)
    if measure.unit == "mL":
        return float(rng.randrange(500, 2500, 50))
    target = measure.target_max or 30.0
    share = rng.uniform(1.05, 1.6) if missed else rng.uniform(0.3, 0.95)
    return round(target * share, 1)

"""The demo city's drill records: generate_records(city, seed, today) -> DemoRecords. Pure and
deterministic like generate.py, with a random generator of its own so the city stays as it was.

For `record_share` of the held drills an institution hosted (regional drills belong to a county,
with no hospital officer to write them up): version 1 with a scenario from the topic's templates,
the team of those who attended in their drill roles, a timing for each of the topic's measures
(some over target), a PEARLS debrief and the problems found; a few recent records are drafts.
Corrective actions on some records: done, overdue, or not yet due as of `today`. Exactly one
record is amended by the demo officer. Numbers: city.toml [records]; words: debriefs.toml.
Staff and activities are named by their keys in the DemoCity; the loader maps them to ids.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

import msgspec

from backend.attendance.vocabulary import ATTENDED, DrillRole
from backend.core.clock import SHANGHAI
from backend.core.periods import local_date
from backend.drill_records import judging
from backend.drill_records.schemas import RecordContent, Scenario, TeamMember
from backend.drill_records.topics import Measure, sheet_of
from backend.tooling.demo_city.debriefs import DebriefWriter, Remedy, read_texts
from backend.tooling.demo_city.generate import ActivityRow, DemoCity

RECORDED_KINDS = ("drill", "regional_drill")
OWNER_ROLES = ("obstetrician", "midwife", "nurse", "anaesthetist", "neonatologist", "administrator")


@dataclass
class Amendment:
    content: RecordContent
    reason: str
    at: datetime


@dataclass
class RecordRow:
    key: int
    activity: int  # activity key
    institution: str
    status: str  # draft | submitted
    content: RecordContent  # team staff_id: staff keys
    created_at: datetime
    submitted_at: datetime | None
    by_officer: bool  # written by the demo officer (her own hospital's records)
    amendment: Amendment | None = None

    @property
    def updated_at(self) -> datetime:
        return self.amendment.at if self.amendment else self.submitted_at or self.created_at


@dataclass
class ActionRow:
    record: int  # record key
    description: str
    owner: int  # staff key
    due_on: date
    status: str  # open | done
    follow_up: str
    created_at: datetime
    closed_at: datetime | None = None


@dataclass
class DemoRecords:
    records: list[RecordRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)


def generate_records(
    city: DemoCity, seed: int, today: date, texts: dict[str, Any] | None = None
) -> DemoRecords:
    writer = _RecordWriter(city, random.Random(f"records-{seed}"), today, texts or read_texts())
    for activity in city.activities:
        if (
            activity.kind in RECORDED_KINDS
            and activity.host_institution
            and activity.status == "held"
            and writer.rng.random() < writer.settings["record_share"]
        ):
            writer.record(activity)
    writer.amend()
    for code in writer.settings["overdue_at"]:
        writer.keep_one_overdue(code)
    return writer.out


def content_with_staff_ids(content: RecordContent, staff_ids: list[int]) -> RecordContent:
    """The content as stored: team members by their staff ids instead of their keys."""
    team = [TeamMember(staff_ids[m.staff_id], m.drill_role) for m in content.team]
    return msgspec.structs.replace(content, team=team)


class _RecordWriter:
    def __init__(self, city: DemoCity, rng: random.Random, today: date, texts: dict) -> None:
        self.city, self.rng, self.today = city, rng, today
        self.settings = city.config["records"]
        self.words = DebriefWriter(texts, rng)
        self.officer_institution = city.config["users"]["officer_institution"]
        self.out = DemoRecords()
        self.team_of: dict[int, list[TeamMember]] = {}
        for activity, staff, status, role, _ in city.attendance:
            if role and status in ATTENDED:
                self.team_of.setdefault(activity, []).append(TeamMember(staff, DrillRole(role)))

    def record(self, activity: ActivityRow) -> None:
        age = (self.today - local_date(activity.starts_at)).days
        draft = (
            age <= self.settings["draft_days"] and self.rng.random() < self.settings["draft_share"]
        )
        content, remedies = self._content(activity, written=not draft)
        created_at = activity.ends_at + timedelta(minutes=self.rng.randint(20, 60))
        submitted_at = None
        if not draft:
            delay = self.rng.randint(0, max(0, min(self.settings["submit_within_days"], age - 1)))
            submitted_at = activity.ends_at + timedelta(
                days=delay, minutes=self.rng.randint(60, 150)
            )
        row = RecordRow(
            key=len(self.out.records), activity=activity.key,
            institution=activity.host_institution or "", status="draft" if draft else "submitted",
            content=content, created_at=created_at, submitted_at=submitted_at,
            by_officer=activity.host_institution == self.officer_institution,
        )  # fmt: skip
        self.out.records.append(row)
        if not draft:
            self._actions(row, activity, remedies)

    def _content(self, activity: ActivityRow, written: bool) -> tuple[RecordContent, list[Remedy]]:
        """Version 1 and the remedies of its missed targets; `written`: the debrief is done."""
        sheet = sheet_of(activity.topic)
        minutes = (activity.ends_at - activity.starts_at).total_seconds() / 60
        timings = {m.id: self._value(m, minutes) for m in sheet.measures if self._recorded(m)}
        missed = [
            (m, timings[m.id]) for m in sheet.measures
            if judging.outcome(m, timings.get(m.id)) == "missed"
        ]  # fmt: skip
        remedies = [self.words.remedy(activity.topic, m.id) for m, _ in missed]
        template = self.rng.choice(sheet.templates)
        team = self.team_of.get(activity.key, [])
        leader = next((m.staff_id for m in team if m.drill_role == DrillRole.team_leader), None)
        leader_name = self.city.staff[leader].name if leader is not None else ""
        content = RecordContent(
            scenario=Scenario(template.id, template.name_zh, template.description_zh),
            team=team,
            timings=timings,
            debrief=self.words.debrief(
                activity.topic, template.name_zh, leader_name, missed, written
            ),  # fmt: skip
            problems="\n".join(r.problem for r in remedies),
        )
        return content, remedies

    def _recorded(self, measure: Measure) -> bool:
        return measure.required or self.rng.random() < self.settings["optional_share"]

    def _value(self, measure: Measure, drill_minutes: float) -> float:
        """Within target mostly, over it in `over_share`; never longer than the drill."""
        shares = self.settings["over_share_by_measure"]
        over = self.rng.random() < shares.get(measure.id, self.settings["over_share"])
        if measure.unit == "yes_no":
            return 0.0 if over == bool(measure.target_yes) else 1.0
        if measure.unit == "mL":
            low, high = self.settings["blood_loss_ml"]
            return float(round(self.rng.uniform(low, high) / 50) * 50)
        target = measure.target_max if measure.target_max is not None else drill_minutes / 3
        step = 0.5 if target <= 5 else 1.0
        if over:
            value = max(_rounded(self.rng.uniform(1.15, 1.8) * target, step), target + step)
            if value <= drill_minutes:
                return value
        ceiling = min(target, drill_minutes)
        return min(max(_rounded(self.rng.uniform(0.4, 1.0) * ceiling, step), step), ceiling)

    def _actions(self, record: RecordRow, activity: ActivityRow, remedies: list[Remedy]) -> None:
        if remedies and self.rng.random() < self.settings["action_share"]:
            chosen = remedies[:2]
        elif not remedies and self.rng.random() < self.settings["general_action_share"]:
            chosen = [self.words.general_remedy(activity.topic)]
        else:
            return
        for remedy in chosen:
            self.out.actions.append(self._action(record, activity, remedy))

    def _action(self, record: RecordRow, activity: ActivityRow, remedy: Remedy) -> ActionRow:
        created = record.submitted_at or record.created_at
        written = local_date(created)
        due = written + timedelta(days=self.rng.choice(self.settings["action_due_days"]))
        if due < self.today:
            done = self.rng.random() < self.settings["done_share"]
        else:
            done = (self.today - written).days > 7 and self.rng.random() < self.settings[
                "done_early_share"
            ]
        action = ActionRow(
            record=record.key, description=remedy.action, owner=self._owner(activity),
            due_on=due, status="open", follow_up="", created_at=created,
        )  # fmt: skip
        if done:
            days = (min(due, self.today - timedelta(days=1)) - written).days
            closed = written + timedelta(days=self.rng.randint(min(2, days), days))
            action.status, action.follow_up = "done", remedy.follow_up
            action.closed_at = datetime.combine(closed, time(16, 30), SHANGHAI)
        return action

    def _owner(self, activity: ActivityRow) -> int:
        """Someone of the host still employed: a team member if one fits, else any colleague."""
        staff = self.city.staff
        team = [m.staff_id for m in self.team_of.get(activity.key, [])]
        pool = [k for k in team if staff[k].role in OWNER_ROLES and staff[k].active_to is None]
        if not pool:
            pool = [
                p.key for p in staff
                if p.institution == activity.host_institution and p.role in OWNER_ROLES
                and p.active_to is None
            ]  # fmt: skip
        return self.rng.choice(pool)

    def amend(self) -> None:
        """Version 2 of the latest old enough submitted record named by [records.amendment]:
        the officer adds a timing version 1 left out."""
        wanted = self.settings["amendment"]
        activities = self.city.activities
        candidates = [
            r for r in self.out.records
            if r.status == "submitted" and r.institution == wanted["institution"]
            and activities[r.activity].topic == wanted["topic"]
            and (self.today - local_date(activities[r.activity].starts_at)).days
            >= wanted["min_age_days"]
        ]  # fmt: skip
        if not candidates:
            return
        record = max(candidates, key=lambda r: activities[r.activity].starts_at)
        timings = {k: v for k, v in record.content.timings.items() if k != wanted["measure"]}
        record.content = msgspec.structs.replace(record.content, timings=timings)
        amended = msgspec.structs.replace(
            record.content, timings={**timings, wanted["measure"]: float(wanted["value"])}
        )
        latest = datetime.combine(self.today - timedelta(days=1), time(10), SHANGHAI)
        at = min(record.submitted_at + timedelta(days=self.rng.randint(2, 6)), latest)
        record.amendment = Amendment(amended, wanted["reason"], max(at, record.submitted_at))

    def keep_one_overdue(self, code: str) -> None:
        """The institution keeps an overdue action: its latest past-due one is reopened, or, with
        none, its latest record older than a month gets one due two weeks after it."""
        records = {r.key: r for r in self.out.records if r.institution == code}
        past_due = [a for a in self.out.actions if a.record in records and a.due_on < self.today]
        if any(a.status == "open" for a in past_due):
            return
        if past_due:
            action = max(past_due, key=lambda a: a.due_on)
            action.status, action.follow_up, action.closed_at = "open", "", None
            return
        old = [r for r in records.values() if r.submitted_at and r.submitted_at.date()
               < self.today - timedelta(days=30)]  # fmt: skip
        if old:
            record = max(old, key=lambda r: r.submitted_at)
            activity = self.city.activities[record.activity]
            action = self._action(record, activity, self.words.general_remedy(activity.topic))
            self.out.actions.append(
                replace(action, due_on=local_date(record.submitted_at) + timedelta(days=14),
                        status="open", follow_up="", closed_at=None)
            )  # fmt: skip


def _rounded(value: float, step: float) -> float:
    return round(value / step) * step

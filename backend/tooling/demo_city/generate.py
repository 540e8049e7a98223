"""The demo city as plain rows: generate_city(config, seed, today) -> DemoCity. Pure and deterministic.

The same seed, configuration and day give the same city. The configuration is seeds/demo/*.toml
(see read_config). Deliberate imperfections, named in city.toml [imperfections]:
- nh-lx-tcm (柳溪县中医院) holds no neonatal asphyxia drill in 2025-Q3;
- at nh-dh-people's (东湖区人民医院) 2025-H2 joint meeting the invited ICU doctors are excused,
  so no ICU doctor attends;
- nh-sq-people's (石桥县人民医院) 2026-Q2 PPH drill is cancelled with a reason and held two weeks later;
- some staff join in mid-2025 or mid-2026, a few leave, a few are on leave; some attendance is
  late, left early, absent or excused; township health centres have no ICU.
"""

from __future__ import annotations

import random
import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from backend.core.clock import SHANGHAI
from backend.core.periods import Period, period_containing, periods_between
from backend.core.working_days import is_working_day

SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "demo"
FIRST_DAY = date(2025, 1, 1)


def read_config(directory: Path = SEEDS) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for name in ("city.toml", "staffing.toml"):
        config.update(tomllib.loads((directory / name).read_text(encoding="utf-8")))
    return config


@dataclass
class StaffRow:
    key: int
    institution: str  # institution code
    department: int  # department key
    department_kind: str
    staff_number: str
    name: str
    role: str
    title: str
    position: str
    active_from: date
    active_to: date | None = None
    leave: tuple[date, date] | None = None

    def available(self, day: date) -> bool:
        if day < self.active_from or (self.active_to and day > self.active_to):
            return False
        return not (self.leave and self.leave[0] <= day <= self.leave[1])


@dataclass
class ActivityRow:
    key: int
    uid: uuid.UUID
    kind: str
    topic: str
    title: str
    host_institution: str | None
    host_jurisdiction: str | None
    starts_at: datetime
    ends_at: datetime
    place: str
    status: str
    cancel_reason: str = ""
    credit_class: str = ""
    credits: float | None = None
    facilitator: int | None = None  # staff key


@dataclass
class DemoCity:
    config: dict[str, Any]
    departments: list[dict[str, Any]] = field(
        default_factory=list
    )  # key, institution, kind, name_zh
    staff: list[StaffRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    invitations: list[tuple[int, int]] = field(default_factory=list)  # activity key, staff key
    attendance: list[tuple[int, int, str, str, float | None]] = field(default_factory=list)
    # activity key, staff key, status, drill role, credits earned


def generate_city(
    config: dict[str, Any], seed: int, today: date, first_day: date = FIRST_DAY
) -> DemoCity:
    """Staff, then activities from `first_day` to the end of today's quarter.

    `config["group_scale"]` (default 1) multiplies the size of every invited group and
    `config["drills_per_quarter"]` (default 1) repeats the quarterly drills: the synthetic
    province uses them to reach its activity and attendance volume.
    """
    city = DemoCity(config=config)
    rng = random.Random(seed)
    for institution in config["institutions"]:
        _staff_institution(city, rng, institution)
    _Scheduler(city, rng, today, first_day).run()
    return city


# --- staff -------------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random, names: dict[str, str]) -> str:
    given = names["given"]
    length = 2 if rng.random() < 0.7 else 1
    return rng.choice(names["surnames"]) + "".join(rng.choice(given) for _ in range(length))


def _joining(rng: random.Random, joining: dict[str, float]) -> tuple[date, date | None]:
    draw = rng.random()
    if draw < joining["mid_2025"]:
        return date(2025, 6, 1) + timedelta(days=rng.randrange(120)), None
    if draw < joining["mid_2025"] + joining["mid_2026"]:
        return date(2026, 6, 1) + timedelta(days=rng.randrange(120)), None
    joined = date(2005, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    if rng.random() < joining["left_share"]:
        return joined, date(2025, 3, 1) + timedelta(days=rng.randrange(540))
    return joined, None


def _staff_institution(city: DemoCity, rng: random.Random, institution: dict[str, Any]) -> None:
    config = city.config
    level = institution["level"]
    low, high = config["headcount"][level]
    headcount = rng.randint(low, high)
    number = 1000
    for template in config["departments"][level]:
        department = len(city.departments)
        city.departments.append(
            {
                "key": department,
                "institution": institution["code"],
                "kind": template["kind"],
                "name_zh": template["name_zh"],
            }
        )
        for _ in range(max(1, round(headcount * template["share"]))):
            number += 1
            role = _weighted(rng, config["roles"][template["kind"]])
            active_from, active_to = _joining(rng, config["joining"])
            leave = None
            if active_to is None and rng.random() < config["joining"]["leave_share"]:
                start = date(2025, 2, 1) + timedelta(days=rng.randrange(480))
                leave = (start, start + timedelta(days=150))
            city.staff.append(
                StaffRow(
                    key=len(city.staff),
                    institution=institution["code"],
                    department=department,
                    department_kind=template["kind"],
                    staff_number=f"{number}",
                    name=_name(rng, config["names"]),
                    role=role,
                    title="none"
                    if role == "administrator" and rng.random() < 0.3
                    else _weighted(rng, config["titles"]),
                    position=config["positions"][role],
                    active_from=active_from,
                    active_to=active_to,
                    leave=leave,
                )
            )


# --- activities ----------------------------------------------------------------------------------

NEONATAL = ("neonatologist", "paediatrician")
CME_ROLES = ("obstetrician", "midwife", "nurse", *NEONATAL)
CME_DEPARTMENTS = ("obstetrics", "neonatology", "paediatrics")
ATTENDANCE_WEIGHTS = {
    "present": 0.84,
    "late": 0.05,
    "left_early": 0.02,
    "absent": 0.05,
    "excused": 0.04,
}


class _Scheduler:
    def __init__(self, city: DemoCity, rng: random.Random, today: date, first_day: date) -> None:
        self.city, self.rng, self.today, self.first_day = city, rng, today, first_day
        self.group_scale = city.config.get("group_scale", 1)
        self.last_day = period_containing("quarter", today).last_day
        self.staff_of: dict[str, list[StaffRow]] = {}
        for person in city.staff:
            self.staff_of.setdefault(person.institution, []).append(person)
        self.imperfections = city.config["imperfections"]

    def run(self) -> None:
        for institution in self.city.config["institutions"]:
            self._institution_calendar(institution)
        for county in self.city.config["counties"]:
            self._commission_calendar(county)
        # last, so the rest of the calendar stays what it was before these drills were added;
        # the synthetic province's cities carry this table too, with codes none of theirs
        for code, per_year in self.city.config.get("caesarean_drills", {}).items():
            if code in self.staff_of:
                self._caesarean_drills(code, per_year)

    # one institution's year after year
    def _institution_calendar(self, institution: dict[str, Any]) -> None:
        code = institution["code"]
        for quarter in self._periods("quarter"):
            for _ in range(self.city.config.get("drills_per_quarter", 1)):
                self._drill(institution, quarter, "pph")
                self._drill(institution, quarter, "neonatal_asphyxia")
        for half in self._periods("half"):
            self._joint_meeting(institution, half)
        if institution["level"] != "primary":
            for month in self._periods("month"):
                self._meeting(code, month, "self_assessment", "产科质量与安全自我评估会", 5)
        for year in self._periods("year"):
            self._meeting(code, year, "warning_education", "孕产妇安全典型案例警示教育", 14)
            for _ in range(2 if institution["level"] == "tertiary" else 1):
                self._cme(institution, year)
        if set(institution.get("centres", [])) & {"city_maternal", "city_neonatal"}:
            for month in self._periods("month"):
                self._meeting(code, month, "zone_meeting", "片区母婴安全例会", 5)

    def _periods(self, kind: str) -> list[Period]:
        return periods_between(kind, self.first_day, self.last_day)

    def _drill(self, institution: dict[str, Any], quarter: Period, topic: str) -> None:
        code = institution["code"]
        missed = self.imperfections["missed_asphyxia_drill"]
        if (code, quarter.label, topic) == (
            missed["institution"],
            missed["quarter"],
            "neonatal_asphyxia",
        ):
            return
        title = {
            "pph": "产后出血技能培训及快速反应团队演练",
            "neonatal_asphyxia": "新生儿窒息复苏技能培训及演练",
        }[topic]
        day = self._day_in(quarter, avoid_last_week=True)
        cancelled = self.imperfections["cancelled_drill"]
        if (code, quarter.label, topic) == (
            cancelled["institution"],
            cancelled["quarter"],
            cancelled["topic"],
        ):
            day = min(day, quarter.end - timedelta(days=30))
            drill = self._activity(
                "drill", topic, title, code, None, day, self._drill_hours(), "产房"
            )
            drill.status, drill.cancel_reason = "cancelled", cancelled["reason"]
            self._invite(drill, self._drill_team(code, topic, day))
            day = self._next_working_day(day + timedelta(days=14))
        drill = self._activity("drill", topic, title, code, None, day, self._drill_hours(), "产房")
        self._take_part(drill, self._drill_team(code, topic, day), drill=True)

    def _caesarean_drills(self, code: str, per_year: int) -> None:
        """Emergency caesarean drills (DDI) in `per_year` quarters of each year, drawn."""
        quarters = self._periods("quarter")
        for year in self._periods("year"):
            of_year = [q for q in quarters if year.start <= q.start < year.end]
            for quarter in sorted(self.rng.sample(of_year, min(per_year, len(of_year)))):
                day = self._day_in(quarter, avoid_last_week=True)
                drill = self._activity(
                    "drill", "emergency_caesarean", "紧急剖宫产（DDI）应急演练", code, None, day,
                    self._drill_hours(), "手术室",
                )  # fmt: skip
                self._take_part(drill, self._drill_team(code, drill.topic, day), drill=True)

    def _drill_team(self, code: str, topic: str, day: date) -> list[list[StaffRow]]:
        pick = self._picker(code, day)
        if topic == "emergency_caesarean":
            return [
                pick(roles=["obstetrician"], count=(2, 3)),
                pick(roles=["anaesthetist"], count=(1, 2)),
                pick(roles=["midwife"], count=(1, 2)),
                pick(roles=["nurse"], departments=["obstetrics"], count=(1, 3)),
                pick(roles=list(NEONATAL), count=(1, 1)),
            ]
        if topic == "pph":
            return [
                pick(roles=["obstetrician"], count=(2, 4)),
                pick(roles=["midwife"], count=(2, 3)),
                pick(roles=["nurse"], departments=["obstetrics"], count=(2, 4)),
                pick(roles=["anaesthetist"], count=(1, 2)),
            ]
        return [
            pick(roles=["obstetrician"], count=(1, 2)),
            pick(roles=["midwife"], count=(1, 3)),
            pick(roles=list(NEONATAL), count=(2, 3)),
            pick(roles=["nurse"], departments=["neonatology", "paediatrics"], count=(1, 3)),
        ]

    def _joint_meeting(self, institution: dict[str, Any], half: Period) -> None:
        code = institution["code"]
        day = self._day_in(half, avoid_last_week=True)
        pick = self._picker(code, day)
        groups = [
            pick(departments=["obstetrics"], roles=["obstetrician"], count=(2, 3)),
            pick(departments=["neonatology", "paediatrics"], roles=list(NEONATAL), count=(1, 2)),
            pick(departments=["emergency"], roles=["emergency_doctor"], count=(1, 1)),
            pick(departments=["icu"], roles=["icu_doctor"], count=(1, 2)),
            pick(departments=["medical_affairs"], count=(1, 1)),
        ]
        meeting = self._activity(
            "joint_meeting",
            "",
            "产科、儿科、急诊、重症多学科联席会议",
            code,
            None,
            day,
            (time(15), time(17)),
            "行政楼会议室",
        )
        flawed = self.imperfections["joint_meeting_without_icu"]
        absent = set()
        if (code, half.label) == (flawed["institution"], flawed["half"]):
            absent = {person.key for person in groups[3]}
        self._take_part(meeting, groups, excused=absent)

    def _meeting(self, code: str, period: Period, kind: str, title: str, size: int) -> None:
        day = self._day_in(period, avoid_last_week=False)
        pick = self._picker(code, day)
        departments = ["obstetrics", "neonatology", "paediatrics"]
        if kind == "zone_meeting":
            departments = ["obstetrics", "medical_affairs", "science_education"]
        group = pick(departments=departments, count=(size - 2, size + 2))
        meeting = self._activity(
            kind, "", title, code, None, day, (time(14, 30), time(16)), "示教室"
        )
        self._take_part(meeting, [group])

    def _cme(self, institution: dict[str, Any], year: Period) -> None:
        code = institution["code"]
        tertiary = institution["level"] == "tertiary"
        day = self._day_in(year, avoid_last_week=True)
        eligible = [
            p
            for p in self.staff_of[code]
            if p.role in CME_ROLES and p.department_kind in CME_DEPARTMENTS and p.available(day)
        ]
        group = [p for p in eligible if self.rng.random() < 0.75]
        credit_class = "provincial" if tertiary and self.rng.random() < 0.5 else "city"
        session = self._activity(
            "cme_session",
            "",
            "危重孕产妇及新生儿救治继续医学教育项目",
            code,
            None,
            day,
            (time(8, 30), time(12)),
            "学术报告厅",
        )
        session.credit_class = credit_class
        session.credits = {"provincial": 4.0, "city": 2.0}[credit_class]
        self._take_part(session, [group], credits=session.credits)

    def _commission_calendar(self, county: dict[str, Any]) -> None:
        members = [
            i["code"] for i in self.city.config["institutions"] if i["county"] == county["code"]
        ]
        for month in self._periods("month"):
            day = self._day_in(month, avoid_last_week=False)
            group = [
                p
                for code in members
                for p in self._picker(code, day)(roles=["administrator"], count=(1, 1))
            ]
            meeting = self._activity(
                "work_meeting",
                "",
                f"{county['name_zh']}母婴安全工作例会",
                None,
                county["code"],
                day,
                (time(9), time(11)),
                "卫健委会议室",
            )
            self._take_part(meeting, [group])
        for year in self._periods("year"):
            day = self._day_in(year, avoid_last_week=True)
            group = [
                p
                for code in members
                for p in self._picker(code, day)(roles=["obstetrician", "midwife"], count=(2, 3))
            ]
            drill = self._activity(
                "regional_drill",
                "pph",
                f"{county['name_zh']}危重孕产妇救治应急演练",
                None,
                county["code"],
                day,
                (time(9), time(12)),
                "县人民医院",
            )
            self._take_part(drill, [group], drill=True)

    # --- building blocks --------------------------------------------------------------------

    def _picker(self, code: str, day: date):
        people = [p for p in self.staff_of[code] if p.available(day)]

        def pick(roles=None, departments=None, count=(1, 1)) -> list[StaffRow]:
            pool = [
                p
                for p in people
                if (roles is None or p.role in roles)
                and (departments is None or p.department_kind in departments)
            ]
            wanted = self.rng.randint(count[0] * self.group_scale, count[1] * self.group_scale)
            return self.rng.sample(pool, min(len(pool), wanted))

        return pick

    def _day_in(self, period: Period, avoid_last_week: bool) -> date:
        last = period.last_day - timedelta(
            days=7 if avoid_last_week and period.kind != "month" else 0
        )
        span = max(1, (last - period.start).days + 1)
        for _ in range(40):
            day = period.start + timedelta(days=self.rng.randrange(span))
            if is_working_day(day):
                return day
        return period.start

    def _next_working_day(self, day: date) -> date:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day

    def _drill_hours(self) -> tuple[time, time]:
        draw = self.rng.random()
        if draw < 0.15:
            return time(19, 30), time(21)  # night drill: real conditions
        if draw < 0.35:
            return time(9), time(11)
        return time(14, 30), time(16, 30)

    def _activity(
        self,
        kind: str,
        topic: str,
        title: str,
        institution: str | None,
        jurisdiction: str | None,
        day: date,
        hours: tuple[time, time],
        place: str,
    ) -> ActivityRow:
        starts = datetime.combine(day, hours[0], SHANGHAI)
        ends = datetime.combine(day, hours[1], SHANGHAI)
        row = ActivityRow(
            key=len(self.city.activities),
            uid=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            kind=kind,
            topic=topic,
            title=title,
            host_institution=institution,
            host_jurisdiction=jurisdiction,
            starts_at=starts,
            ends_at=ends,
            place=place,
            status="held" if day < self.today else "planned",
        )
        self.city.activities.append(row)
        return row

    def _invite(self, activity: ActivityRow, groups: list[list[StaffRow]]) -> list[StaffRow]:
        invited: dict[int, StaffRow] = {}
        for group in groups:
            for person in group:
                invited.setdefault(person.key, person)
        self.city.invitations.extend((activity.key, key) for key in invited)
        return list(invited.values())

    def _take_part(
        self,
        activity: ActivityRow,
        groups: list[list[StaffRow]],
        drill: bool = False,
        excused: set[int] = frozenset(),
        credits: float | None = None,
    ) -> None:
        """Invite the groups; if held, record attendance: the first of each group always came."""
        invited = self._invite(activity, groups)
        if activity.status != "held":
            return
        firsts = {group[0].key for group in groups if group}
        leader_set = False
        for person in invited:
            if person.key in excused:
                status = "excused"
            elif person.key in firsts:
                status = "present"
            else:
                status = _weighted(self.rng, ATTENDANCE_WEIGHTS)
            came = status in ("present", "late", "left_early")
            role = ""
            if drill and came:
                role = "member"
                if not leader_set and person.role == "obstetrician":
                    role, leader_set = "team_leader", True
                    activity.facilitator = person.key
            earned = credits if credits is not None and came else None
            self.city.attendance.append((activity.key, person.key, status, role, earned))

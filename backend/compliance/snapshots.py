"""Each institution's year, judged once and kept until its facts, rules or engine change.

A snapshot holds the year's assessments (findings before the date they are judged on) and, for
the matrix, how many subjects of each rule and period would have each status while the period is
open and once it is over. Reading one for any as_of is then a lookup, not a judgement.

A snapshot is current while
- its `stamp` equals the institution's facts versions (`freshness.stamps`, read before the facts
  were gathered, so a write landing during the computation leaves it stale), and
- its `basis` equals the digest of the profile's rules and of the engine's own source files (a
  changed seed file or a new release of the engine makes every snapshot stale by itself).
Stale or missing snapshots are judged again when read, a few hundred institutions at a time,
except (for readers that ask `serve_stale`) one whose institution's own facts are as judged and
which is stale only because the rules or the engine changed, or a bulk load bumped every
institution: that one is served as it is, marked `updating`, while `rejudging` judges it again
in the background.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import msgspec

from backend.competencies.framework import default_coverage, default_frameworks
from backend.compliance.evaluate import assess, status_of
from backend.compliance.facts import Facts, Subject
from backend.compliance.findings import Assessment
from backend.compliance.freshness import stamps
from backend.compliance.gather import (
    InstitutionFacts,
    credit_rule_years,
    fact_range,
    gather,
    staff_rule_kinds,
)
from backend.compliance.profiles import jurisdiction_tree, profile_for
from backend.compliance.tables import ComplianceSnapshot
from backend.core.clock import utc_now
from backend.core.database import current_engine
from backend.core.settings import verify_snapshots
from backend.credits.policy import default_policies
from backend.institutions.tables import Institution
from backend.rules.catalogue import Catalogue, Rule, default_catalogue

CHUNK = 200  # institutions judged together: one gathering of facts each
_ENGINE_FILES = (
    "evaluate.py",
    "facts.py",
    "findings.py",
    "gather.py",
    "credit_facts.py",
    "snapshots.py",
    "measure_inspections.py",
    "../inspections/facts.py",
    "measure_paired_support.py",
    "../paired_support/facts.py",
    "../paired_support/weeks.py",
    "measure_spot_checks.py",
    "../spot_checks/facts.py",
    "measure_competencies.py",
    "../competencies/facts.py",
)
# The credit policies (cme_credits) and the competency framework and coverage thresholds
# (seeds/competencies/) are judged by too: a changed seeds/credits/ file, like a
# changed rule, makes every snapshot stale by itself.
_ENGINE = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes() for name in _ENGINE_FILES)
    + msgspec.json.encode(default_policies())
    + msgspec.json.encode((default_frameworks(), default_coverage()))
).digest()

# A matrix cell's source: rule, period (start and end as date ordinals), and the count of
# subjects with each status while the period is open and once it is over.
Cell = tuple[str, int, int, dict[str, int], dict[str, int]]


class StaleSnapshot(RuntimeError):
    """A stored snapshot disagrees with the facts: some write did not call facts_changed."""


@dataclass
class Snapshot:
    institution_id: int
    cells: list[Cell]
    assessments: list[Assessment] | None  # read only when asked for (`detail`)
    version: tuple = ()  # basis, stamp and computed_at as stored: which judgement this is
    views: dict = field(default_factory=dict)  # answers derived from it (matrix cells), kept
    updating: bool = False  # served stale (rules, engine or everything changed), being re-judged

    @property
    def judged_at(self) -> datetime | None:
        return self.version[2] if self.version else None


# The decoded cells of current snapshots, kept in this process: a warm matrix reads only each
# snapshot's version from the database. Every read checks the version against the stored row,
# so several processes never serve each other's stale judgements.
_KEPT: dict[tuple[int, int], Snapshot] = {}
_KEPT_AT_MOST = 20_000


def basis(profile: str, rules: list[Rule]) -> str:
    digest = hashlib.sha256(_ENGINE + profile.encode() + msgspec.json.encode(rules))
    return digest.hexdigest()[:32]


def verifying() -> bool:
    """DRILLBOOK_VERIFY_SNAPSHOTS=1 (the tests): every snapshot read is checked against a fresh
    judgement; a difference is an error, not a silently stale page."""
    return verify_snapshots()


async def snapshots(
    rows: list[dict],
    tree: dict[int, dict],
    year: int,
    catalogue: Catalogue,
    detail: bool = False,
    serve_stale: bool = False,
) -> dict[int, Snapshot]:
    """The current snapshot of each institution row (id, jurisdiction) for the year.
    `serve_stale` (readers of the shipped catalogue): a snapshot stale only by its basis or by
    a bulk change is returned marked `updating`, and the background re-judging is started."""
    if not rows:
        return {}
    plan = JudgingPlan(rows, tree, year, catalogue)
    current = await stamps(plan.ids)
    found, unread, outdated = await _kept_or_unread(plan, current, detail)
    if unread:
        found.update(await _read(plan, unread, current, detail))
    if found and verifying():
        await _verify(plan, found, current)
    if outdated and serve_stale and catalogue is default_catalogue():
        found.update(await _read(plan, outdated, current, detail, accept=servable_stale))
        if any(snapshot.updating for snapshot in found.values()):
            from backend.compliance import rejudging  # it judges with this module

            rejudging.start(year)
    stale = [i for i in plan.ids if i not in found]
    shipped = catalogue is default_catalogue()  # another catalogue's judgements are not kept
    async for judged in judge_in_chunks(plan, stale, current, store=shipped):
        for institution, snapshot in judged.items():
            # the assessments only when asked for: a province's would fill gigabytes
            found[institution] = (
                snapshot if detail else dataclasses.replace(snapshot, assessments=None)
            )
    return found


_VERSION = (ComplianceSnapshot.basis, ComplianceSnapshot.stamp, ComplianceSnapshot.computed_at)


def _version(row: dict) -> tuple:
    return row["basis"], row["stamp"], row["computed_at"]


def is_current(plan: JudgingPlan, current: dict[int, str], row: dict) -> bool:
    institution = row["institution"]
    return row["basis"] == plan.basis_of(institution) and row["stamp"] == current[institution]


def servable_stale(plan: JudgingPlan, current: dict[int, str], row: dict) -> bool:
    """Stale, but the institution's own facts are as judged: only the rules, the engine or a
    bulk change (`everything`) moved since. Its own part is the stamp after the dot."""
    own = row["stamp"].partition(".")[2]
    return (
        not is_current(plan, current, row) and own == current[row["institution"]].partition(".")[2]
    )


async def _kept_or_unread(
    plan: JudgingPlan, current: dict[int, str], detail: bool
) -> tuple[dict[int, Snapshot], list[int], list[int]]:
    """Current snapshots this process has decoded already, the current ones it must read, and
    the stale ones that could be served while they are judged again (`servable_stale`)."""
    versions = await ComplianceSnapshot.select(ComplianceSnapshot.institution, *_VERSION).where(
        (ComplianceSnapshot.year == plan.year) & ComplianceSnapshot.institution.is_in(plan.ids)
    )
    found, unread, outdated = {}, [], []
    for row in versions:
        if not is_current(plan, current, row):
            if servable_stale(plan, current, row):
                outdated.append(row["institution"])
            continue
        kept = _KEPT.get((row["institution"], plan.year))
        if kept and kept.version == _version(row) and not detail:
            found[row["institution"]] = kept
        else:
            unread.append(row["institution"])
    return found, unread, outdated


async def _read(
    plan: JudgingPlan, ids: list[int], current: dict[int, str], detail: bool, accept=is_current
) -> dict[int, Snapshot]:
    """The snapshots of `ids` that `accept` (current ones; or `servable_stale` ones, marked)."""
    columns = [ComplianceSnapshot.institution, *_VERSION, ComplianceSnapshot.cells]
    columns += [ComplianceSnapshot.assessments] if detail else []
    rows = await ComplianceSnapshot.select(*columns).where(
        (ComplianceSnapshot.year == plan.year) & ComplianceSnapshot.institution.is_in(ids)
    )
    found = {}
    for row in rows:
        if not accept(plan, current, row):
            continue  # judged again meanwhile
        institution = row["institution"]
        found[institution] = Snapshot(
            institution,
            _CELLS.decode(row["cells"]),
            _ASSESSMENTS.decode(row["assessments"]) if detail else None,
            _version(row),
            updating=accept is not is_current,
        )
        if accept is not is_current:
            continue  # not kept: served only until it is judged again
        if len(_KEPT) >= _KEPT_AT_MOST:
            _KEPT.clear()
        _KEPT[institution, plan.year] = dataclasses.replace(found[institution], assessments=None)
    return found


async def judge_everything(years: Iterable[int]) -> int:
    """After a bulk load: every institution judged for these years, so no reader waits.
    CHUNK institutions at a time, each chunk's judgements dropped once stored: holding the
    whole province's assessments until the year was done was the peak of `generate-province`
    (about 70 MB per 1,000 institutions)."""
    tree = await jurisdiction_tree()
    rows = await Institution.select(Institution.id, Institution.jurisdiction)
    for year in years:
        plan = JudgingPlan(rows, tree, year, default_catalogue())
        async for _ in judge_in_chunks(plan, plan.ids, await stamps(plan.ids), store=True):
            pass
    return len(rows)


class JudgingPlan:
    """Which rules judge each institution, and the basis its snapshot must have."""

    def __init__(self, rows: list[dict], tree: dict[int, dict], year: int, catalogue: Catalogue):
        self.year = year
        self.ids = [row["id"] for row in rows]
        self.profiles = {row["id"]: profile_for(tree, row["jurisdiction"]) for row in rows}
        self.rules = {p: catalogue.rules_of(p) for p in set(self.profiles.values())}
        self.bases = {p: basis(p, rules) for p, rules in self.rules.items()}

    def basis_of(self, institution_id: int) -> str:
        return self.bases[self.profiles[institution_id]]

    def rules_of(self, institution_id: int) -> list[Rule]:
        return self.rules[self.profiles[institution_id]]


async def judge_in_chunks(
    plan: JudgingPlan, ids: list[int], current: dict[int, str], store: bool
) -> AsyncIterator[dict[int, Snapshot]]:
    """Each CHUNK of `ids` judged (and stored when `store`), yielded as it is done. The next
    chunk's facts are read while this one is judged: the database answers those queries while
    Python counts, so the two overlap (inside a transaction, which has one connection, they
    take turns). `current`: the facts versions read before any of their facts."""
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    if not chunks:
        return
    overlap = current_engine().current_transaction.get() is None
    ahead = asyncio.ensure_future(_facts_of(plan, chunks[0]))
    try:
        for index, chunk in enumerate(chunks):
            facts = await ahead
            if index + 1 < len(chunks):
                ahead = asyncio.ensure_future(_facts_of(plan, chunks[index + 1]))
                if not overlap:
                    await ahead
            yield await _judged(plan, chunk, facts, current, store)
    finally:
        ahead.cancel()


async def judge(
    plan: JudgingPlan, ids: list[int], current: dict[int, str], store: bool
) -> dict[int, Snapshot]:
    """One batch (at most CHUNK institutions) judged from its facts, stored when `store`."""
    return await _judged(plan, ids, await _facts_of(plan, ids), current, store)


async def _facts_of(plan: JudgingPlan, ids: list[int]) -> dict[int, InstitutionFacts]:
    first, last = date(plan.year, 1, 1), date(plan.year, 12, 31)
    rule_sets = plan.rules.values()
    return await gather(
        ids,
        *fact_range(first, last),
        staff_rule_kinds(rule_sets),
        credit_rule_years(rule_sets, plan.year),
    )


async def _judged(
    plan: JudgingPlan,
    ids: list[int],
    facts: dict[int, InstitutionFacts],
    current: dict[int, str],
    store: bool,
) -> dict[int, Snapshot]:
    first, last = date(plan.year, 1, 1), date(plan.year, 12, 31)
    judged, records = {}, []
    for count, institution in enumerate(ids):
        if count % 10 == 9:
            await asyncio.sleep(0)  # let the next chunk's queries (and other requests) go on
        found = assessments_for(facts[institution], plan.rules_of(institution), first, last)
        judged[institution] = Snapshot(institution, cells_of(found), found)
        records.append(
            ComplianceSnapshot(
                institution=institution,
                year=plan.year,
                basis=plan.basis_of(institution),
                stamp=current[institution],
                computed_at=utc_now(),
                cells=msgspec.json.encode(judged[institution].cells).decode(),
                assessments=msgspec.json.encode(found).decode(),
            )
        )
    if store and records:
        await ComplianceSnapshot.insert(*records).on_conflict(
            target=(ComplianceSnapshot.institution, ComplianceSnapshot.year),
            action="DO UPDATE",
            values=[
                ComplianceSnapshot.basis,
                ComplianceSnapshot.stamp,
                ComplianceSnapshot.computed_at,
                ComplianceSnapshot.cells,
                ComplianceSnapshot.assessments,
            ],
        )
    return judged


def assessments_for(
    facts: InstitutionFacts, rules: list[Rule], first: date, last: date
) -> list[Assessment]:
    """Every assessment about one institution: itself, its centre duties, departments, staff."""
    by_subject: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_subject[rule.subject].append(rule)
    shared = facts.facts()
    institution = facts.institution
    found = assess(by_subject["institution"], institution, shared, first, last)
    if institution.centre_kinds:
        centre = Subject(
            kind="critical_care_centre",
            id=institution.id,
            name=institution.name,
            centre_kinds=institution.centre_kinds,
        )
        found += assess(by_subject["critical_care_centre"], centre, shared, first, last)
    for department in sorted(facts.departments, key=lambda s: s.id):
        found += assess(by_subject["department"], department, shared, first, last)
    staff_rules = by_subject["staff_member"]
    for person in sorted(facts.staff, key=lambda s: s.id):
        found += assess(staff_rules, person, facts.facts_of_staff(person.id), first, last)
    for agreement in facts.paired_support:  # rotations this institution supports
        rotation = Subject(kind="paired_support_rotation", id=agreement.agreement_id,
                           name=agreement.name)  # fmt: skip
        rotation_facts = Facts(paired_support=(agreement,),
                               recorded=Facts().recorded | {"paired_support"})  # fmt: skip
        rotation_rules = by_subject["paired_support_rotation"]
        found += assess(rotation_rules, rotation, rotation_facts, first, last)
    return found


def cells_of(assessments: list[Assessment]) -> list[Cell]:
    """Counts per rule and period of each status while open and once over. Assessments that
    differ only by subject share a status, so each distinct outcome is judged once (a province
    holds hundreds of thousands of assessments and a few thousand outcomes)."""
    outcomes = Counter(
        (a.rule_id, a.period_start, a.period_end, a.settled, len(a.counted), len(a.planned),
         bool(a.nearly), a.required)
        for a in assessments
    )  # fmt: skip
    grouped: dict[tuple[str, date, date], tuple[dict, dict]] = {}
    for outcome, n in outcomes.items():
        rule_id, start, end, settled, counted, planned, nearly, required = outcome
        # status_of reads only these fields
        sample = Assessment(rule_id, "", 0, "", "", start, end, required, settled, (),
                            (0,) * counted, (0,) * nearly, (0,) * planned)  # fmt: skip
        opened, over = grouped.setdefault((rule_id, start, end), ({}, {}))
        for counts, period_over in ((opened, False), (over, True)):
            status = status_of(sample, period_over).value
            counts[status] = counts.get(status, 0) + n
    return [
        (rule_id, start.toordinal(), end.toordinal(), opened, over)
        for (rule_id, start, end), (opened, over) in grouped.items()
    ]


def rule_statuses(
    cells: Iterable[Cell], first: date, last: date, as_of: date
) -> dict[str, Counter]:
    """Per rule, how many subject-periods overlapping first..last have each status on as_of."""
    first_day, last_day, today = first.toordinal(), last.toordinal(), as_of.toordinal()
    counts: dict[str, Counter] = defaultdict(Counter)
    for rule_id, start, end, opened, over in cells:
        if start <= last_day and end > first_day:
            tally = counts[rule_id]
            for status, n in (over if today >= end else opened).items():
                tally[status] += n
    return counts


_CELLS = msgspec.json.Decoder(list[Cell])
_ASSESSMENTS = msgspec.json.Decoder(list[Assessment])


async def _verify(plan: JudgingPlan, found: dict[int, Snapshot], read_at: dict[int, str]) -> None:
    """`read_at`: the stamps the snapshots in `found` were read against."""
    ids = sorted(found)
    before = await stamps(ids)
    fresh = await judge(plan, ids, before, store=False)
    after = await stamps(ids)
    for institution in ids:
        if not read_at.get(institution) == before[institution] == after[institution]:
            continue  # a write landed since the snapshot was read: nothing to compare against
        stored, judged = found[institution], fresh[institution]
        same = _comparable(stored.cells) == _comparable(judged.cells) and (
            stored.assessments is None or set(stored.assessments) == set(judged.assessments)
        )
        if not same:
            raise StaleSnapshot(
                f"the compliance snapshot of institution {institution} for {plan.year} is stale: "
                "a write changed its facts without calling compliance.freshness.facts_changed"
            )


def _comparable(cells: list[Cell]) -> set:
    return {
        (rule, start, end, frozenset(opened.items()), frozenset(over.items()))
        for rule, start, end, opened, over in cells
    }

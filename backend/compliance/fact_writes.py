"""The guard that makes a forgotten `facts_changed` fail: on only in verification mode.

Every table the compliance facts are read from is listed once, in FACT_TABLES (a test derives
the tables a judgement reads and checks each is listed). With DRILLBOOK_VERIFY_SNAPSHOTS=1 (the
tests, the e2e servers) `install()` wraps the two Piccolo engines' one road to the database,
`run_querystring`: every INSERT, UPDATE or DELETE on a fact table inside a transaction is noted
against that transaction, and so is `facts_changed` (its write to compliance_facts_version, or
its call with no institution). When the outermost transaction is about to commit, one that
wrote facts and announced nothing is rolled back and raises `UnannouncedFacts` naming the
tables. So a new writer that forgets the call fails in its first test, whether or not that test
reads a snapshot afterwards. Raw SQL is caught too: the statement itself is read, not the query
builder that made it.

Not guarded: writes outside a transaction (each statement commits alone; services write inside
`core.database.transaction()`, test fixtures write rows directly before anything is judged) and
rows written straight to the driver (the synthetic province, which calls `everything_changed`).
The guard checks that a transaction announced, not which institutions it named; the snapshot
verification (`snapshots._verify`) still catches a wrong institution when a test reads it.

Without verification nothing is installed: the engines run Piccolo's own methods, no cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance
from backend.competencies.tables import CompetencyAssessment
from backend.compliance.tables import FactsVersion
from backend.credits.tables import CreditCertificate
from backend.drill_records.tables import DrillRecord, DrillRecordVersion
from backend.inspections.tables import InspectionVisit
from backend.institutions.tables import Department, Institution, Zone
from backend.paired_support.tables import (
    ClinicDay,
    PairedSupportAgreement,
    PairedSupportRosterMember,
)
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample
from backend.staff.tables import LeavePeriod, StaffMember

# The tables compliance facts are read from (compliance.gather and the loaders it calls). A
# writer of any of them calls compliance.freshness.facts_changed in the same transaction.
FACT_TABLES = frozenset(
    table._meta.tablename
    for table in (
        Institution,
        Department,
        StaffMember,
        LeavePeriod,
        Activity,
        Attendance,
        DrillRecord,
        DrillRecordVersion,
        CreditCertificate,
        CompetencyAssessment,
        InspectionVisit,
        PairedSupportAgreement,
        PairedSupportRosterMember,
        ClinicDay,
        Zone,
        SpotCheckSample,
        SpotCheckDraw,
        SpotCheckReview,
    )
)
_VERSIONS = FactsVersion._meta.tablename
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
# A row lock, not a change: `Table.update({Table.column: Table.column})` sets a column to itself.
_LOCK = re.compile(r'\s*UPDATE\s+"(\w+)"\s+SET\s+"(\w+)"\s*=\s*"\1"\."\2"\s+WHERE\s', re.IGNORECASE)


class UnannouncedFacts(RuntimeError):
    """A transaction changed compliance facts without calling facts_changed."""


class _Ledger:
    __slots__ = ("announced", "written")

    def __init__(self) -> None:
        self.written: set[str] = set()
        self.announced = False


_LEDGERS: dict[int, _Ledger] = {}  # by id() of the outermost open transaction
_installed = False


def guarding() -> bool:
    return _installed


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement writes; None for anything else."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match and not _LOCK.match(sql) else None


def announce(engine: Any) -> None:
    """facts_changed was called (maybe with no institution): the transaction announced."""
    transaction = engine.current_transaction.get()
    if _installed and transaction is not None:
        _LEDGERS.setdefault(id(transaction), _Ledger()).announced = True


def _note(engine: Any, querystring: Any) -> None:
    transaction = engine.current_transaction.get()
    if transaction is None:
        return
    sql, _ = querystring.compile_string(engine_type=engine.engine_type)
    table = written_table(sql)
    if table == _VERSIONS:
        _LEDGERS.setdefault(id(transaction), _Ledger()).announced = True
    elif table in FACT_TABLES:
        _LEDGERS.setdefault(id(transaction), _Ledger()).written.add(table)


def _noting(run: Callable) -> Callable:
    async def run_querystring(self, querystring, in_pool: bool = False):
        _note(self, querystring)
        return await run(self, querystring, in_pool=in_pool)

    run_querystring.__wrapped__ = run  # type: ignore[attr-defined]
    return run_querystring


def _checking(leave: Callable) -> Callable:
    async def __aexit__(self, exception_type, exception, traceback):
        if self._parent is not None:  # a nested block: the outermost one commits
            return await leave(self, exception_type, exception, traceback)
        ledger = _LEDGERS.pop(id(self), None)
        if exception is None and ledger and ledger.written and not ledger.announced:
            error = UnannouncedFacts(
                f"a transaction wrote {', '.join(sorted(ledger.written))} without calling "
                "compliance.freshness.facts_changed (its snapshots would stay stale)"
            )
            await leave(self, UnannouncedFacts, error, None)  # rolled back, connection closed
            raise error
        return await leave(self, exception_type, exception, traceback)

    __aexit__.__wrapped__ = leave  # type: ignore[attr-defined]
    return __aexit__


def install() -> None:
    """Verification mode: guard both engines (once per process)."""
    global _installed
    if _installed:
        return
    for engine in (SQLiteEngine, PostgresEngine):
        engine.run_querystring = _noting(engine.run_querystring)
    for transaction in (SQLiteTransaction, PostgresTransaction):
        transaction.__aexit__ = _checking(transaction.__aexit__)
    _installed = True

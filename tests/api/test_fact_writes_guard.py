"""A writer of compliance facts cannot forget facts_changed: in verification mode (the whole
suite) a transaction that writes a fact table without announcing it is rolled back and fails,
naming the table, whether or not anything reads a snapshot afterwards."""

import asyncio
import os
import re
import subprocess
import sys
from datetime import date

import pytest

from backend.auth.tables import LoginAttempt
from backend.compliance import fact_writes
from backend.compliance.fact_writes import FACT_TABLES, UnannouncedFacts
from backend.compliance.freshness import facts_changed
from backend.compliance.profiles import jurisdiction_tree
from backend.compliance.snapshots import snapshots
from backend.compliance.tables import ComplianceSnapshot
from backend.core.database import current_engine, transaction
from backend.institutions.tables import Institution
from backend.rules.catalogue import default_catalogue
from backend.staff.tables import StaffMember

_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.IGNORECASE)


def test_the_guard_is_on_in_the_tests():
    assert fact_writes.guarding()


def test_a_transaction_writing_facts_without_announcing_fails_and_is_rolled_back(world):
    async def forgetful():
        async with transaction():
            await Institution.update({Institution.name_zh: "改名医院"}).where(
                Institution.id == world.hosp_a
            )

    with pytest.raises(UnannouncedFacts, match="institution"):
        asyncio.run(forgetful())
    name = Institution.select(Institution.name_zh).where(Institution.id == world.hosp_a)
    assert name.first().run_sync()["name_zh"] != "改名医院"


def test_a_nested_block_is_checked_when_the_outermost_commits(world):
    async def nested():
        async with transaction(), transaction():
            await StaffMember.update({StaffMember.position: "护士长"}).where(
                StaffMember.id == world.s_a
            )

    with pytest.raises(UnannouncedFacts, match="staff_member"):
        asyncio.run(nested())


def test_raw_sql_writing_facts_is_caught_too(world):
    async def raw():
        async with transaction():
            await Institution.raw(
                "UPDATE institution SET name_zh = {} WHERE id = {}", "改名医院", world.hosp_a
            )

    with pytest.raises(UnannouncedFacts, match="institution"):
        asyncio.run(raw())


def test_announced_writes_and_other_tables_pass(world):
    async def writes():
        async with transaction():
            await Institution.update({Institution.name_zh: "改名医院"}).where(
                Institution.id == world.hosp_a
            )
            await facts_changed([world.hosp_a])
        async with transaction():  # no institution concerned, but the writer said so
            await StaffMember.delete().where(StaffMember.id == -1)
            await facts_changed([])
        async with transaction():  # not a fact table: nothing to announce
            await LoginAttempt.delete().where(LoginAttempt.id == -1)

    asyncio.run(writes())
    name = Institution.select(Institution.name_zh).where(Institution.id == world.hosp_a)
    assert name.first().run_sync()["name_zh"] == "改名医院"


def test_a_service_that_forgets_facts_changed_fails(api, world, monkeypatch):
    async def forgot(institution_ids):
        return None

    monkeypatch.setattr("backend.staff.service.facts_changed", forgot)
    response = api("officer").patch(f"/api/staff/{world.s_a}", json={"title": "associate_senior"})
    assert response.status_code == 500
    title = StaffMember.select(StaffMember.title).where(StaffMember.id == world.s_a)
    assert title.first().run_sync()["title"] != "associate_senior"


def test_every_table_a_judgement_reads_is_guarded(world):
    """FACT_TABLES is derived here from what judging every institution actually reads."""
    read: set[str] = set()
    engine = current_engine()
    run = type(engine).run_querystring

    async def recording(self, querystring, in_pool=False):
        sql, _ = querystring.compile_string(engine_type=self.engine_type)
        if sql.lstrip().upper().startswith("SELECT"):
            read.update(name.lower() for name in _READ.findall(sql))
        return await run(self, querystring, in_pool=in_pool)

    async def judge():
        await ComplianceSnapshot.delete(force=True)
        tree = await jurisdiction_tree()
        rows = await Institution.select(Institution.id, Institution.jurisdiction)
        type(engine).run_querystring = recording
        try:
            await snapshots(rows, tree, date.today().year, default_catalogue(), detail=True)
        finally:
            type(engine).run_querystring = run

    asyncio.run(judge())
    bookkeeping = {"compliance_snapshot", "compliance_facts_version"}
    assert read - bookkeeping <= FACT_TABLES, read - bookkeeping - FACT_TABLES
    assert "attendance" in read and "staff_member" in read  # the recording saw the gathering


def test_without_verification_nothing_is_wrapped():
    """The guard's cost outside verification mode: none, the engines run Piccolo's own code."""
    script = (
        "import backend.compliance.freshness\n"
        "from piccolo.engine.postgres import PostgresEngine, PostgresTransaction\n"
        "from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction\n"
        "from backend.compliance import fact_writes\n"
        "wrapped = [c for c in (SQLiteEngine.run_querystring, PostgresEngine.run_querystring,\n"
        "           SQLiteTransaction.__aexit__, PostgresTransaction.__aexit__)\n"
        "           if hasattr(c, '__wrapped__')]\n"
        "print(fact_writes.guarding(), len(wrapped))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DRILLBOOK_VERIFY_SNAPSHOTS"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "0"]

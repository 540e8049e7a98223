"""Every write to an activity lands in the audit chain; a row changed behind the app's back is found."""

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from backend.audit.chain import append, verify
from backend.audit.tables import AuditEntry
from backend.core.database import transaction

DRILL = {
    "kind": "drill",
    "topic": "pph",
    "title": "产后出血急救演练",
    "starts_at": "2031-03-10T09:00",
    "ends_at": "2031-03-10T11:00",
    "place": "产房",
}


def _entries() -> list[dict]:
    return AuditEntry.select().order_by(AuditEntry.seq).run_sync()


def _cli_verify() -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", "audit", "verify"], capture_output=True, text=True
    )


def test_booking_editing_and_cancelling_each_leave_an_entry_that_names_who_did_it(world, api):
    officer = api("officer")
    activity = officer.post("/api/activities", json=DRILL).json()["activity"]
    officer.patch(f"/api/activities/{activity['id']}", json={"place": "手术室"})
    officer.post(f"/api/activities/{activity['id']}/cancel", json={"reason": "停电"})
    entries = _entries()
    assert [e["action"] for e in entries] == [
        "activity.booked",
        "activity.edited",
        "activity.cancelled",
    ]
    assert {e["entity_id"] for e in entries} == {activity["id"]}
    assert len({e["actor"] for e in entries}) == 1 and entries[0]["actor"] is not None
    assert "手术室" in entries[1]["payload"] and "停电" in entries[2]["payload"]
    verdict = asyncio.run(verify())
    assert verdict.entries == 3 and verdict.broken is None


def test_a_payload_changed_behind_the_apps_back_breaks_the_chain_at_that_entry(world, api):
    officer = api("officer")
    for day in (10, 11, 12):
        officer.post("/api/activities", json={**DRILL, "starts_at": f"2031-03-{day}T09:00",
                                              "ends_at": f"2031-03-{day}T11:00"})  # fmt: skip
    second = _entries()[1]
    tampered = second["payload"].replace("产房", "病房")
    AuditEntry.update({AuditEntry.payload: tampered}).where(
        AuditEntry.seq == second["seq"]
    ).run_sync()
    verdict = asyncio.run(verify())
    assert verdict.broken is not None and verdict.broken.seq == second["seq"]
    assert verdict.entries == 1  # the one before it still verifies
    result = _cli_verify()
    assert result.returncode == 1
    assert f"entry {second['seq']} is broken" in result.stderr


def test_a_deleted_entry_in_the_middle_is_found_as_a_gap(world):
    at = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    for n in range(4):
        asyncio.run(append("test.write", "activity", n, {"n": n}, actor=None, at=at))
    AuditEntry.delete().where(AuditEntry.seq == 2).run_sync()
    verdict = asyncio.run(verify())
    assert verdict.broken is not None and verdict.broken.seq == 2


def test_concurrent_appends_keep_one_unbroken_chain(world):
    at = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)

    async def write(n: int) -> None:
        async with transaction():
            await append("test.write", "activity", n, {"n": n}, actor=None, at=at + timedelta(n))

    async def many() -> None:
        await asyncio.gather(*(write(n) for n in range(20)))

    asyncio.run(many())
    verdict = asyncio.run(verify())
    assert verdict.entries == 20 and verdict.broken is None
    assert _cli_verify().returncode == 0

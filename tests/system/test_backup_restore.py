"""`drillbook backup` / `drillbook restore`: a round trip keeps every table's content, the audit
chain verifies after it, and a damaged or foreign backup is refused without writing anything."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from backend.audit.chain import verify
from backend.audit.tables import AuditEntry
from backend.core.backup import (
    BackupRefused,
    backed_up_tables,
    restore_backup,
    rows_in_database,
    write_backup,
)
from backend.staff.tables import StaffMember
from backend.tooling.local_server import ROOT
from tests.attendance_activities import book, started


@pytest.fixture
def filled(world, api):
    """The world plus what people write: a booked drill with invitations, its attendance, a
    submitted drill record with a corrective action (an audit entry for each write)."""
    officer = api("officer")
    activity = book(officer, invite=[world.s_a])
    started(activity["id"])
    path = f"/api/activities/{activity['id']}/attendance"
    entries = [{"staff_id": world.s_a, "status": "present", "drill_role": "team_leader"}]
    assert officer.put(path, json={"entries": entries}).status_code == 200
    content = {
        "scenario": {"template_id": "pph-atony-vaginal", "title": "宫缩乏力性产后出血"},
        "team": [{"staff_id": world.s_a, "drill_role": "team_leader"}],
        "timings": {"minutes_to_recognition": 9, "measured_blood_loss_ml": 1200},
        "debrief": {"summary": "识别偏晚，需复训。"},
    }
    record = officer.post(f"/api/activities/{activity['id']}/record", json=content)
    assert record.status_code == 201, record.text
    assert AuditEntry.count().run_sync() >= 3
    return world


def hashes(path: Path) -> dict[str, tuple[int, str]]:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return {t["name"]: (t["rows"], t["sha256"]) for t in manifest["tables"]}


def test_a_round_trip_keeps_every_tables_content_and_the_audit_chain(filled, api, tmp_path):
    first = tmp_path / "first.zip"
    asyncio.run(write_backup(first))
    before = hashes(first)
    assert set(before) == {t._meta.tablename for t in backed_up_tables()}
    assert before["audit_entry"][0] >= 3 and before["drill_record"][0] == 1
    asyncio.run(restore_backup(first, force=True))  # empties the database, then loads it
    second = tmp_path / "second.zip"
    asyncio.run(write_backup(second))
    assert hashes(second) == before
    verdict = asyncio.run(verify())
    assert verdict.broken is None and verdict.entries == before["audit_entry"][0]
    # new rows get new ids after the restored ones (PostgreSQL sequences were moved on)
    booked = api("officer").post(
        "/api/activities",
        json={"kind": "drill", "topic": "pph", "title": "恢复后新建", "place": "产房",
              "starts_at": "2031-03-03T09:00", "ends_at": "2031-03-03T11:00"},
    )  # fmt: skip
    assert booked.status_code == 201, booked.text


def test_a_restore_refuses_a_database_that_is_not_empty_without_force(filled, tmp_path):
    backup = tmp_path / "backup.zip"
    asyncio.run(write_backup(backup))
    StaffMember.delete().where(StaffMember.id == filled.s_b).run_sync()
    with pytest.raises(BackupRefused) as refused:
        asyncio.run(restore_backup(backup))
    assert "--force" in str(refused.value)
    assert not StaffMember.exists().where(StaffMember.id == filled.s_b).run_sync()


def _rewritten(source: Path, target: Path, change) -> None:
    """A copy of the backup with one member's bytes changed (the zip itself stays well-formed)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item.filename, change(item.filename, old.read(item.filename)))


def _one_row_changed(name: str, data: bytes) -> bytes:
    if name != "tables/staff_member.jsonl":
        return data
    return data.replace("张晓梅".encode(), "张晓明".encode())


def _other_migration(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migration"] = "2026-11-23T12:09:30:000000"
    return json.dumps(manifest).encode()


def _flip_a_byte(path: Path) -> None:
    """One byte of a table's stored data (not of a header field no one reads, such as a time)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("tables/staff_member.jsonl")
    data = bytearray(path.read_bytes())
    name_length = int.from_bytes(
        data[member.header_offset + 26 : member.header_offset + 28], "little"
    )
    extra_length = int.from_bytes(
        data[member.header_offset + 28 : member.header_offset + 30], "little"
    )
    start = member.header_offset + 30 + name_length + extra_length
    data[start + member.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_or_foreign_backup_is_refused_and_writes_nothing(filled, tmp_path):
    good = tmp_path / "good.zip"
    asyncio.run(write_backup(good))
    StaffMember.delete().where(StaffMember.id == filled.s_b).run_sync()
    rows = asyncio.run(rows_in_database())
    edited, foreign, flipped = (tmp_path / n for n in ("edited.zip", "foreign.zip", "flip.zip"))
    _rewritten(good, edited, _one_row_changed)
    _rewritten(good, foreign, _other_migration)
    flipped.write_bytes(good.read_bytes())
    _flip_a_byte(flipped)
    (tmp_path / "notes.txt").write_text("not a backup")
    cases = {
        edited: "staff_member",
        foreign: "2026-11-23T12:09:30:000000",
        flipped: "damaged",
        tmp_path / "notes.txt": "not a drillbook backup",
    }
    for path, said in cases.items():
        with pytest.raises(BackupRefused) as refused:
            asyncio.run(restore_backup(path, force=True))
        assert said in str(refused.value), str(refused.value)
        assert asyncio.run(rows_in_database()) == rows
        assert not StaffMember.exists().where(StaffMember.id == filled.s_b).run_sync()


def _drillbook(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DRILLBOOK_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "backend.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_the_commands_restore_a_backup_into_a_fresh_sqlite_database(filled, tmp_path):
    """From the database under test (SQLite or PostgreSQL) into a new SQLite file."""
    main = os.environ["DRILLBOOK_DATABASE_URL"]
    backup, again = tmp_path / "main.zip", tmp_path / "copy.zip"
    url = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    done = _drillbook(main, "backup", str(backup))
    assert f"{len(backed_up_tables())} tables" in done.stdout, done.stderr
    not_migrated = _drillbook(url, "restore", str(backup))
    assert not_migrated.returncode == 1 and "drillbook migrate" in not_migrated.stderr
    assert _drillbook(url, "migrate").returncode == 0
    done = _drillbook(url, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "chain intact" in _drillbook(url, "audit", "verify").stdout
    assert _drillbook(url, "backup", str(again)).returncode == 0
    assert hashes(again) == hashes(backup)
    refused = _drillbook(url, "restore", str(backup))
    assert refused.returncode == 1 and "--force" in refused.stderr

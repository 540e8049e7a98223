"""`drillbook backup FILE` and `drillbook restore FILE`: every table in one portable file.

The file is a zip of `manifest.json` and `tables/<table>.jsonl` (one JSON object per row, in id
order). Values are written the way both engines read them back alike (timestamps ISO 8601 in
UTC, dates ISO, decimals and UUIDs as text), so a SQLite backup restores into PostgreSQL and the
other way round. The manifest names the schema's newest migration and, per table, its row count
and the sha256 of its .jsonl; a restore checks all of it before it writes anything, then writes
every row in one transaction. Uploaded evidence files live outside the database and are not in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from piccolo.apps.migrations.tables import Migration
from piccolo.columns import UUID, Date, ForeignKey, Numeric, Timestamp, Timestamptz
from piccolo.querystring import QueryString
from piccolo.table import Table

from backend.core.clock import utc_now
from backend.core.database import current_engine, transaction

FORMAT = "drillbook-backup"
VERSION = 1
APP_NAME = "drillbook"
PAGE = 2000  # rows read, or inserted, at a time

MESSAGES: dict[str, tuple[str, str]] = {
    "unreadable": (
        "无法读取备份文件 {path}：它不是 drillbook 备份，或已损坏。",
        "Cannot read the backup file {path}: it is not a drillbook backup, or it is damaged.",
    ),
    "damaged_table": (
        "备份文件已损坏：表 {table} 的内容与清单不符（{what}）。未写入任何数据。",
        "The backup file is damaged: table {table} does not match its manifest ({what}). Nothing was written.",
    ),
    "other_schema": (
        "备份来自另一数据库结构（迁移 {theirs}），本数据库为迁移 {ours}。请使用同一版本的 drillbook 恢复。",
        "The backup comes from another schema (migration {theirs}); this database is at migration {ours}. Restore it with the same drillbook version.",
    ),
    "not_migrated": (
        "数据库尚未建表，请先运行 drillbook migrate。",
        "The database has no tables yet: run drillbook migrate first.",
    ),
    "not_empty": (
        "数据库不是空的（已有 {rows} 行）。如确要用备份替换其全部内容，请加 --force。",
        "The database is not empty ({rows} rows). Add --force to replace everything in it with the backup.",
    ),
}


class BackupRefused(Exception):
    """The restore was refused before anything was written; the text says why, zh then en."""

    def __init__(self, code: str, **params: Any) -> None:
        zh, en = MESSAGES[code]
        super().__init__(f"{zh.format(**params)}\n{en.format(**params)}")
        self.code = code


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class Summary:
    migration: str
    tables: list[TableSummary]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


# --- tables and values --------------------------------------------------------------------------


def backed_up_tables() -> list[type[Table]]:
    """Every drillbook table, each after the tables it refers to (so inserts satisfy keys)."""
    from backend.piccolo_app import ALL_TABLES

    ordered: list[type[Table]] = []

    def visit(table: type[Table]) -> None:
        if table in ordered:
            return
        for fk in table._meta.foreign_key_columns:
            referenced = fk._foreign_key_meta.resolved_references
            if referenced is not table:
                visit(referenced)
        ordered.append(table)

    for table in ALL_TABLES:
        visit(table)
    return ordered


def _self_references(table: type[Table]) -> list[ForeignKey]:
    return [
        fk for fk in table._meta.foreign_key_columns
        if fk._foreign_key_meta.resolved_references is table
    ]  # fmt: skip


def encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # SQLite keeps 1.50 as 1.5, PostgreSQL as 1.50: one text for the same number
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _decoder(column) -> Any:
    if isinstance(column, Timestamptz | Timestamp):
        return datetime.fromisoformat
    if isinstance(column, Date):
        return date.fromisoformat
    if isinstance(column, Numeric):
        return Decimal
    if isinstance(column, UUID):
        return uuid.UUID
    return None


def decode_row(table: type[Table], row: dict[str, Any]) -> dict[str, Any]:
    values = dict(row)
    for column in table._meta.columns:
        name, decoder = column._meta.name, _decoder(column)
        if decoder is not None and values.get(name) is not None:
            values[name] = decoder(values[name])
    return values


def row_line(row: dict[str, Any]) -> bytes:
    text = json.dumps({k: encode(v) for k, v in row.items()}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))  # fmt: skip
    return (text + "\n").encode("utf-8")


async def schema_migration() -> str:
    """The newest migration applied to this database ('' before any)."""
    if not await Migration.table_exists():
        raise BackupRefused("not_migrated")
    rows = await Migration.select(Migration.name).where(Migration.app_name == APP_NAME)
    return max((r["name"] for r in rows), default="")


# --- backup -------------------------------------------------------------------------------------


async def _rows_of(table: type[Table]):
    after = None
    while True:
        query = table.select().order_by(table._meta.primary_key).limit(PAGE)
        if after is not None:
            query = query.where(table._meta.primary_key > after)
        rows = await query
        for row in rows:
            yield row
        if len(rows) < PAGE:
            return
        after = rows[-1][table._meta.primary_key._meta.name]


async def _write_table(archive: zipfile.ZipFile, table: type[Table]) -> TableSummary:
    name, digest, count = table._meta.tablename, hashlib.sha256(), 0
    with archive.open(f"tables/{name}.jsonl", "w", force_zip64=True) as member:
        async for row in _rows_of(table):
            line = row_line(row)
            member.write(line)
            digest.update(line)
            count += 1
    return TableSummary(name, count, digest.hexdigest())


async def write_backup(path: Path) -> Summary:
    """Every table into `path` (written beside it first, so a failure leaves no partial file)."""
    partial = path.with_name(path.name + ".partial")
    engine = current_engine()
    migration = await schema_migration()
    tables: list[TableSummary] = []
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            # one read transaction: every table as of the same moment (SQLite in WAL mode and
            # PostgreSQL's repeatable read both give it a snapshot; writers are not held up)
            async with engine.transaction():
                if engine.engine_type == "postgres":
                    await engine.run_ddl("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                for table in backed_up_tables():
                    tables.append(await _write_table(archive, table))
            archive.writestr("manifest.json", _manifest(migration, engine.engine_type, tables))
        os.chmod(partial, 0o600)  # password hashes and sessions are in it
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(migration, tables)


def _manifest(migration: str, engine_type: str, tables: list[TableSummary]) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "migration": migration,
            "database": engine_type,
            "created_at": utc_now().isoformat(),
            "tables": [{"name": t.name, "rows": t.rows, "sha256": t.sha256} for t in tables],
        },
        ensure_ascii=False,
        indent=1,
    )


# --- restore ------------------------------------------------------------------------------------

_UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, EOFError, UnicodeDecodeError, ValueError,
               KeyError, TypeError)  # fmt: skip


def read_manifest(archive: zipfile.ZipFile, path: Path) -> Summary:
    try:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise ValueError("not a drillbook backup")
        tables = [TableSummary(t["name"], int(t["rows"]), str(t["sha256"]))
                  for t in manifest["tables"]]  # fmt: skip
        return Summary(str(manifest["migration"]), tables)
    except _UNREADABLE as exc:
        raise BackupRefused("unreadable", path=path) from exc


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    with archive.open(f"tables/{name}.jsonl") as member:
        yield from member


def _check_table(archive: zipfile.ZipFile, expected: TableSummary) -> None:
    digest, count = hashlib.sha256(), 0
    try:
        for line in _lines(archive, expected.name):
            json.loads(line)
            digest.update(line)
            count += 1
    except _UNREADABLE as exc:
        raise BackupRefused("damaged_table", table=expected.name, what="unreadable") from exc
    if count != expected.rows:
        raise BackupRefused("damaged_table", table=expected.name,
                            what=f"{count} rows, manifest {expected.rows}")  # fmt: skip
    if digest.hexdigest() != expected.sha256:
        raise BackupRefused("damaged_table", table=expected.name, what="sha256")


def check_backup(archive: zipfile.ZipFile, path: Path, migration: str) -> Summary:
    """The whole file is checked before a single row is written."""
    summary = read_manifest(archive, path)
    names = [t._meta.tablename for t in backed_up_tables()]
    if sorted(t.name for t in summary.tables) != sorted(names) or summary.migration != migration:
        raise BackupRefused("other_schema", theirs=summary.migration or "-", ours=migration)
    for expected in summary.tables:
        _check_table(archive, expected)
    return summary


async def rows_in_database() -> int:
    total = 0
    for table in backed_up_tables():
        total += await table.count()
    return total


async def _empty_everything() -> None:
    engine = current_engine()
    tables = backed_up_tables()
    if engine.engine_type == "postgres":
        names = ", ".join(t._meta.tablename for t in tables)
        await engine.run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return
    for table in tables:  # SQLite applies RESTRICT row by row: unlink trees first
        for fk in _self_references(table):
            await table.update({fk: None}, force=True)
    for table in reversed(tables):
        await table.delete(force=True)


def _parents_first(table: type[Table], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table that refers to itself, each after the row it points to."""
    links = [fk._meta.name for fk in _self_references(table)]
    if not links:
        return rows
    pk = table._meta.primary_key._meta.name
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    waiting = rows
    while waiting:
        ready = [r for r in waiting if all(r[c] is None or r[c] in placed for c in links)]
        if not ready:  # a cycle or a dangling parent: let the database say no
            ordered.extend(waiting)
            break
        ordered.extend(ready)
        placed.update(r[pk] for r in ready)
        waiting = [r for r in waiting if r[pk] not in placed]
    return ordered


async def _insert(table: type[Table], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), PAGE // 4):
        chunk = rows[start : start + PAGE // 4]
        await table.insert(*(table(**decode_row(table, row)) for row in chunk))


async def _restore_table(archive: zipfile.ZipFile, expected: TableSummary) -> None:
    table = next(t for t in backed_up_tables() if t._meta.tablename == expected.name)
    digest, batch = hashlib.sha256(), []
    self_referring = bool(_self_references(table))
    for line in _lines(archive, expected.name):
        digest.update(line)
        batch.append(json.loads(line))
        if len(batch) >= PAGE and not self_referring:
            await _insert(table, batch)
            batch = []
    if digest.hexdigest() != expected.sha256:  # the file changed since it was checked
        raise BackupRefused("damaged_table", table=expected.name, what="sha256")
    await _insert(table, _parents_first(table, batch))


async def _reset_sequences() -> None:
    """PostgreSQL: the next id of every table follows the restored ones."""
    engine = current_engine()
    if engine.engine_type != "postgres":
        return  # SQLite: a new row takes max(id) + 1 by itself
    for table in backed_up_tables():
        if table._meta.primary_key.value_type is not int:
            continue  # a text key (roster import jobs) has no sequence
        name, pk = table._meta.tablename, table._meta.primary_key._meta.db_column_name
        await engine.run_querystring(QueryString(
            f"SELECT setval(pg_get_serial_sequence('{name}', '{pk}'), "
            f"COALESCE((SELECT MAX({pk}) FROM {name}), 0) + 1, false)"
        ))  # fmt: skip


async def restore_backup(path: Path, force: bool = False) -> Summary:
    """Replace the database's content with the backup's, all of it or (refused, failed) none."""
    migration = await schema_migration()
    try:
        archive = zipfile.ZipFile(path)
    except _UNREADABLE as exc:
        raise BackupRefused("unreadable", path=path) from exc
    with archive:
        summary = check_backup(archive, path, migration)
        async with transaction():
            rows = await rows_in_database()
            if rows and not force:
                raise BackupRefused("not_empty", rows=rows)
            if rows:
                await _empty_everything()
            for expected in summary.tables:
                await _restore_table(archive, expected)
            await _reset_sequences()
    return summary


def describe(summary: Summary) -> str:
    return f"{len(summary.tables)} tables, {summary.rows} rows, migration {summary.migration}"

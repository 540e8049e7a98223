"""Bulk row writers for the synthetic province: millions of rows in seconds, in one transaction.

The ORM writes a few thousand rows a second: fine for the demo city, hours for a province.
These go straight to the driver (sqlite3 executemany, asyncpg COPY) with ids chosen here, so
foreign keys need no round trip. Both commit only at the end: a failure leaves nothing behind.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine


class RowSink(Protocol):
    async def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class SqliteSink:
    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.connection.execute("BEGIN IMMEDIATE")

    async def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
            [tuple(_sqlite_value(v) for v in row) for row in rows],
        )

    async def commit(self) -> None:
        self.connection.execute("COMMIT")
        self.connection.execute(
            "ANALYZE"
        )  # fresh statistics: without them the planner scans by kind
        self.connection.close()

    async def rollback(self) -> None:
        self.connection.execute("ROLLBACK")
        self.connection.close()


def _sqlite_value(value: Any) -> Any:
    # the text Piccolo itself stores: '2025-01-17 06:30:00+00:00', '2025-01-17'
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


class PostgresSink:
    def __init__(self, connection: Any, transaction: Any) -> None:
        self.connection, self.transaction = connection, transaction
        self.tables: set[str] = set()

    @classmethod
    async def open(cls, config: dict[str, Any]) -> PostgresSink:
        import asyncpg

        connection = await asyncpg.connect(**config)
        transaction = connection.transaction()
        await transaction.start()
        return cls(connection, transaction)

    async def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        await self.connection.copy_records_to_table(table, records=rows, columns=list(columns))
        self.tables.add(table)

    async def commit(self) -> None:
        for table in self.tables:  # ids were chosen here: move each serial past them
            await self.connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        await self.transaction.commit()
        await self.connection.execute("ANALYZE")
        await self.connection.close()

    async def rollback(self) -> None:
        await self.transaction.rollback()
        await self.connection.close()


async def open_sink(engine: Engine) -> RowSink:
    if isinstance(engine, PostgresEngine):
        return await PostgresSink.open(engine.config)
    return SqliteSink(engine.path)

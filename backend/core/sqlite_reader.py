"""A plain sqlite3 connection kept open, for the hottest read (a calendar feed's fingerprint).

Piccolo's SQLite engine opens a connection on a new thread for every query (about 3 ms); one
indexed read on a connection kept open costs a fraction of a millisecond, so it runs inline.
Autocommit: each statement sees what has been committed. PostgreSQL needs none of this (pool).
"""

from __future__ import annotations

import sqlite3

from piccolo.engine.sqlite import SQLiteEngine

from backend.core.database import current_engine

_OPEN: dict[str, sqlite3.Connection] = {}


def sqlite_reader() -> sqlite3.Connection | None:
    """The open connection to the configured SQLite file; None on PostgreSQL."""
    engine = current_engine()
    if not isinstance(engine, SQLiteEngine):
        return None
    path = engine.connection_kwargs["database"]
    if path not in _OPEN:
        connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        connection.row_factory = sqlite3.Row
        _OPEN[path] = connection
    return _OPEN[path]

"""Indexes that let a judging batch read only the activities it needs (issue 16).

Judging reads, per batch of institutions, what their staff attended and presented in the year.
Without these, PostgreSQL found those activities by scanning every activity of the year in the
province, once per batch: at 10,000 institutions each batch read 287,000 activities to keep
about 10,000, and judging grew faster than the province.
- activity_kind_starts_at: the activity kinds staff rules count (CME sessions), by date;
- activity_credit_sessions: held activities that carry CME credits, by date (partial index);
- activity_facilitator: the sessions a person presented (their credits as presenter).
Composite and partial indexes are not expressed by Piccolo columns, hence raw SQL (both engines).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T01:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "activity indexes for judging batches"

INDEXES = [
    ("activity_kind_starts_at", "activity (kind, starts_at)"),
    ("activity_credit_sessions",
     "activity (starts_at) WHERE status = 'held' AND credit_class <> ''"),
    ("activity_facilitator", "activity (facilitator)"),
]  # fmt: skip


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="drillbook", description=DESCRIPTION)

    async def create_indexes():
        for name, definition in INDEXES:
            await engine_finder().run_ddl(f"CREATE INDEX {name} ON {definition}")

    async def drop_indexes():
        for name, _ in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager

"""One version row per (record, version), as a unique index (SQLite cannot ALTER TABLE ADD
CONSTRAINT; see 2026-11-23T05:00:49)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T02:42:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "drill record version unique index"

NAME, TABLE, COLUMNS = (
    "drill_record_version_record_version",
    "drill_record_version",
    "record, version",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="drillbook", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(f"CREATE UNIQUE INDEX {NAME} ON {TABLE} ({COLUMNS})")

    async def drop_index():
        await engine_finder().run_ddl(f"DROP INDEX {NAME}")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager

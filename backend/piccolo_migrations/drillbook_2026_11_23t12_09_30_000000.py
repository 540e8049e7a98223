"""One compliance snapshot per institution and year, as a unique index (SQLite cannot ALTER TABLE
ADD CONSTRAINT; see 2026-11-23T05:00:49). Snapshots are written with ON CONFLICT on it."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T12:09:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "compliance snapshot unique index"

NAME, TABLE, COLUMNS = (
    "compliance_snapshot_institution_year",
    "compliance_snapshot",
    "institution, year",
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

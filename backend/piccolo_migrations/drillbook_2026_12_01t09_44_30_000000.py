"""Oversight's one-row-per-pair rules as unique indexes (SQLite cannot ALTER TABLE ADD
CONSTRAINT; see 2026-11-23T05:00:49): a record is drawn once per sample, an inspection visits an
institution once, a staff member is on an agreement's roster once."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T09:44:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "oversight unique indexes"

INDEXES = (
    ("spot_check_draw_sample_record", "spot_check_draw", "sample, record"),
    ("inspection_visit_activity_institution", "inspection_visit", "activity, institution"),
    (
        "paired_support_roster_member_agreement_staff",
        "paired_support_roster_member",
        "agreement, staff_member",
    ),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="drillbook", description=DESCRIPTION)

    async def create_indexes():
        for name, table, columns in INDEXES:
            await engine_finder().run_ddl(f"CREATE UNIQUE INDEX {name} ON {table} ({columns})")

    async def drop_indexes():
        for name, _, _ in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager

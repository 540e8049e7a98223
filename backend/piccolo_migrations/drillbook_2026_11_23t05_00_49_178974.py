"""Composite uniqueness, as unique indexes.

SQLite cannot ALTER TABLE ADD CONSTRAINT, so Piccolo's Unique constraint does not
migrate there; a unique index enforces the same thing on both engines. Raw steps run
before a migration's table changes, which is why this is a migration of its own.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T05:00:49:178974"
VERSION = "1.38.0"
DESCRIPTION = "composite unique indexes"

UNIQUE_INDEXES = [
    ("zone_membership_zone_institution", "zone_membership", "zone, institution"),
    ("department_institution_name", "department", "institution, name_zh"),
    ("staff_member_institution_number", "staff_member", "institution, staff_number"),
    ("invitation_activity_staff", "invitation", "activity, staff_member"),
    ("attendance_activity_staff", "attendance", "activity, staff_member"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="drillbook", description=DESCRIPTION)

    async def create_indexes():
        for name, table, columns in UNIQUE_INDEXES:
            await engine_finder().run_ddl(f"CREATE UNIQUE INDEX {name} ON {table} ({columns})")

    async def drop_indexes():
        for name, _, _ in UNIQUE_INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager

"""Competencies' one-row-per-pair rules as unique indexes (SQLite cannot ALTER TABLE ADD
CONSTRAINT): a person has one score per exam, one assessment per competency per record."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T13:07:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "competency unique indexes"

INDEXES = (
    ("competency_assessment_exam_staff", "competency_assessment", "exam, staff_member"),
    (
        "competency_assessment_record_staff_competency",
        "competency_assessment",
        "record, staff_member, competency",
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

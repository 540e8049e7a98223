"""Fills in the pinyin of existing institution and staff names (the previous migration added the
columns; Piccolo runs a migration's raw steps before its column changes, hence two files)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.querystring import QueryString

from backend.core.chinese_order import person_pinyin_text, pinyin_text

ID = "2026-12-01T20:41:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "fill name_pinyin"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="drillbook", description=DESCRIPTION)
    manager.add_raw(_fill_pinyin)
    return manager


async def _fill_pinyin() -> None:
    engine = engine_finder()
    for table, column, text in (
        ("institution", "name_zh", pinyin_text),
        ("staff_member", "name", person_pinyin_text),  # a person's surname read as a surname
    ):
        rows = await engine.run_querystring(
            QueryString(f"SELECT id, {column} AS name FROM {table}")
        )
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            cases = " ".join("WHEN {} THEN {}" for _ in chunk)
            ids = ", ".join("{}" for _ in chunk)
            values = [v for row in chunk for v in (row["id"], text(row["name"]))]
            sql = f"UPDATE {table} SET name_pinyin = CASE id {cases} END WHERE id IN ({ids})"
            await engine.run_querystring(QueryString(sql, *values, *[r["id"] for r in chunk]))

"""`drillbook bench compliance --sizes`: which database each size is measured on, and the table."""

from __future__ import annotations

from backend.tooling.benchmarks import compliance_growth
from backend.tooling.benchmarks.compliance_growth import database_of_size, table_text


def test_each_size_has_its_own_database_named_after_the_configured_one() -> None:
    assert (
        database_of_size("postgresql://postgres@127.0.0.1:5432/province", 3000)
        == "postgresql://postgres@127.0.0.1:5432/province_3000"
    )
    assert database_of_size("sqlite:///data/province.sqlite3", 1000) == (
        "sqlite:///data/province_1000.sqlite3"
    )


def test_growth_compares_time_with_rows_of_the_previous_size(monkeypatch) -> None:
    measured = {
        1000: {"institutions": 1000, "attendance": 1_600_000, "stale_seconds": 2.0},
        3000: {"institutions": 3000, "attendance": 4_800_000, "stale_seconds": 7.0},
    }
    monkeypatch.setattr(
        compliance_growth, "_measured", lambda url, size, year, runs: dict(measured[size])
    )
    rows = compliance_growth.growth_table([1000, 3000], 2025, 1)
    assert [row["growth"] for row in rows] == ["-", "×3.50 / ×3.00"]
    text = table_text(rows)
    assert "| 3000 | 4800000 |" in text
    assert "every snapshot stale (s)" in text.splitlines()[0]

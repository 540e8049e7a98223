"""Compliance kept ready: each institution's assessments for a year, and when its facts changed.

The matrix of a province reads these instead of re-judging every institution; writes that change
an institution's facts bump its version (`freshness.py`), and a snapshot with an older version
is judged again when next read (`snapshots.py`).
"""

from piccolo.columns import ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.institutions.tables import Institution


class FactsVersion(Table, tablename="compliance_facts_version"):
    """How often the facts about an institution changed. `scope` is the institution's id, or 0
    for every institution at once (bulk loads)."""

    scope = Integer(unique=True)
    version = Integer(default=0)


class ComplianceSnapshot(Table, tablename="compliance_snapshot"):
    """One institution's year, judged. Valid while `basis` (rules, profile, engine) and `stamp`
    (the facts versions it was read at) are still current."""

    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.cascade)
    year = Integer()
    basis = Varchar(length=64)
    stamp = Varchar(length=32)
    computed_at = Timestamptz()
    cells = Text()  # JSON: per rule and period, how many subjects have each status
    assessments = Text()  # JSON: every Assessment (findings before as_of)
    # one row per (institution, year): unique index compliance_snapshot_institution_year


class JudgingLease(Table, tablename="compliance_judging_lease"):
    """Who is re-judging stale snapshots in the background, until when: one holder at a time
    across every worker process (`name` says which job, e.g. a year)."""

    name = Varchar(length=64, unique=True)
    holder = Varchar(length=64, default="")
    expires_at = Timestamptz()

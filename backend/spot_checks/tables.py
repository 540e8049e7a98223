from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.auth.tables import User
from backend.drill_records.tables import DrillRecord
from backend.institutions.tables import Institution, Zone


class SpotCheckSample(Table):
    """One draw of a zone's submitted drill records of an ended quarter. Fixed once drawn: a redraw
    is a new sample that names the one it replaces and why."""

    zone = ForeignKey(Zone, null=False, index=True, on_delete=OnDelete.restrict)
    quarter = Varchar(length=8, index=True)  # period label, e.g. 2026-Q3
    size = Integer()  # draws asked for
    seed = Integer()
    inputs = Text()  # JSON: the risk weights and each institution's risk and records at the draw
    drawn_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    drawn_at = Timestamptz()
    replaces = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    reason = Text(default="")  # why a redraw replaced the earlier sample ("" for a first draw)
    superseded = Boolean(default=False)  # a later redraw replaced it


class SpotCheckDraw(Table):
    """One drill record version drawn into a sample."""

    sample = ForeignKey(SpotCheckSample, null=False, index=True, on_delete=OnDelete.cascade)
    position = Integer()  # order of the draw, 1..n
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    record = ForeignKey(DrillRecord, null=False, index=True, on_delete=OnDelete.restrict)
    version = Integer()  # the record version drawn: the review reads exactly this one
    drawn_for = Varchar(length=16)  # coverage (every institution once) | risk (weighted draw)


class SpotCheckReview(Table):
    """The reviewer's checklist, rating and 点评 of one draw; findings become rectification orders."""

    draw = ForeignKey(SpotCheckDraw, null=False, unique=True, on_delete=OnDelete.cascade)
    reviewer = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    checklist = Text(default="{}")  # JSON: checklist item id -> {"answer": yes|no|n/a, "note"}
    rating = Varchar(length=16, default="")  # a rating id of seeds/spot_checks/checklist.toml
    comment = Text(default="")  # 点评
    status = Varchar(length=16, default="draft")  # draft | submitted
    created_at = Timestamptz()
    submitted_at = Timestamptz(null=True, default=None)

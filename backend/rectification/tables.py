from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from backend.auth.tables import User
from backend.institutions.tables import Institution
from backend.spot_checks.tables import SpotCheckReview


class RectificationOrder(Table):
    """A finding raised in a spot-check review, to be put right by the reviewed institution."""

    review = ForeignKey(SpotCheckReview, null=False, index=True, on_delete=OnDelete.restrict)
    institution = ForeignKey(Institution, null=False, index=True, on_delete=OnDelete.restrict)
    finding = Text()
    due_on = Date()
    status = Varchar(length=16, default="open", index=True)  # open | answered | returned | accepted
    raised_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    raised_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class RectificationAnswer(Table):
    """The institution's answer to an order and the reviewer's decision on it."""

    order = ForeignKey(RectificationOrder, null=False, index=True, on_delete=OnDelete.cascade)
    note = Text()
    answered_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    answered_at = Timestamptz()
    decision = Varchar(length=16, default="")  # "" (awaiting) | accepted | returned
    decision_note = Text(default="")
    decided_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)


class RectificationEvidence(Table):
    """A photo or document attached to an answer; the file sits outside the web root."""

    answer = ForeignKey(RectificationAnswer, null=False, index=True, on_delete=OnDelete.cascade)
    filename = Varchar(length=200)
    content_type = Varchar(length=64)
    size = Integer()
    sha256 = Varchar(length=64)
    stored_name = Varchar(length=100)
    uploaded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    uploaded_at = Timestamptz()

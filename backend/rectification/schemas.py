"""The API's shapes of rectification orders, answers and their evidence."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import msgspec

# Several lines of text, at most 2000 characters: line breaks and tabs allowed, other control
# characters (bell, escape, NUL ...) refused.
NOTE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*(?![\s\S])"
Note2000 = Annotated[str, msgspec.Meta(max_length=2000, pattern=NOTE)]


class OrderStatus(StrEnum):
    open = "open"
    answered = "answered"
    returned = "returned"
    accepted = "accepted"


class Decision(StrEnum):
    accepted = "accepted"
    returned = "returned"


class FindingIn(msgspec.Struct, forbid_unknown_fields=True):
    finding: Note2000
    due_on: date


class AnswerIn(msgspec.Struct, forbid_unknown_fields=True):
    note: Note2000


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    decision: Decision
    note: Note2000 = ""


class EvidenceOut(msgspec.Struct):
    id: int
    answer_id: int
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str


class AnswerOut(msgspec.Struct):
    id: int
    note: str
    answered_by: str
    answered_at: datetime
    decision: str  # "" (awaiting the reviewer) | accepted | returned
    decision_note: str
    decided_by: str
    decided_at: datetime | None
    evidence: list[EvidenceOut] = []


class SourceOut(msgspec.Struct):
    """The spot-check the finding came from."""

    review_id: int
    review_status: str
    zone_id: int
    zone_name: str
    quarter: str
    record_id: int
    activity_title: str
    activity_date: date


class OrderOut(msgspec.Struct):
    id: int
    institution_id: int
    institution_name: str
    finding: str
    due_on: date
    status: str  # open | answered | returned | accepted
    overdue: bool  # due before today (Shanghai) and not accepted
    days_overdue: int
    raised_by: str
    raised_at: datetime
    closed_at: datetime | None
    source: SourceOut
    latest_answer: AnswerOut | None = None


class OrderDetail(OrderOut, kw_only=True):
    answers: list[AnswerOut] = []
    may_answer: bool = False
    may_decide: bool = False


class OrderPage(msgspec.Struct):
    items: list[OrderOut]
    total: int
    page: int
    page_size: int

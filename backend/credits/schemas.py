"""What the credit API answers, and the conversion from the pure ledger (translated here, at
the edge: the ledger computes on codes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from backend.core.messages import render
from backend.credits.ledger import CountedEntry, Standing
from backend.credits.policy import CreditPolicy
from backend.credits.service import Ledger, Person, Register


class PolicyOut(msgspec.Struct):
    id: str
    name: str
    source_title: str
    source_issuer: str
    source_clause: str
    source_quote: str
    quote_verified: bool
    effective_from: date
    effective_from_verified: bool


class CreditClassOut(msgspec.Struct):
    code: str  # I | II (or the single class of an unsplit policy)
    label: str
    earned: float
    counted: float  # after the class's upper bound
    min: float
    max_counted: float  # 0: no upper bound
    missing: float


class LedgerEntryOut(msgspec.Struct):
    source: str  # attendance | presentation | certificate
    ref_id: int  # activity id, or certificate id
    title: str
    on: date
    credit_class: str  # the activity's class (national ...) or the certificate's (I, II)
    cme_class: str
    credits: float  # what the session or certificate carries
    earned: float  # what it earns this person
    attendance_status: str
    note: str


class LedgerOut(msgspec.Struct):
    staff_member_id: int
    name: str
    year: int
    policy: PolicyOut
    required: float
    classes: list[CreditClassOut]
    total_counted: float
    missing_total: float
    met: bool
    entries: list[LedgerEntryOut]


class RegisterRowOut(msgspec.Struct):
    staff_member_id: int
    name: str
    staff_number: str
    department: str
    counted: dict[str, float]  # per class code, after the class bounds
    total: float
    missing: dict[str, float]  # per class code, and "total"
    met: bool


class RegisterClassOut(msgspec.Struct):
    code: str
    label: str


class RegisterOut(msgspec.Struct):
    institution_id: int
    institution_name: str
    year: int
    policy: PolicyOut
    required: float
    classes: list[RegisterClassOut]
    rows: list[RegisterRowOut]


def policy_out(policy: CreditPolicy, lang: str) -> PolicyOut:
    return PolicyOut(
        id=policy.id,
        name=policy.name_en if lang == "en" else policy.name_zh,
        source_title=policy.source.title,
        source_issuer=policy.source.issuer,
        source_clause=policy.source.clause,
        source_quote=policy.source.quote,
        quote_verified=policy.source.quote_verified,
        effective_from=policy.effective_from,
        effective_from_verified=policy.effective_from_verified,
    )


def class_label(policy: CreditPolicy, code: str, lang: str) -> str:
    bounds = next(c for c in policy.classes if c.code == code)
    return bounds.label_en if lang == "en" else bounds.label_zh


def entry_note(counted: CountedEntry, lang: str) -> str:
    separator = "; " if lang == "en" else "；"
    return separator.join(render(code, lang, **params) for code, params in counted.notes)


def ledger_out(ledger: Ledger, lang: str) -> LedgerOut:
    policy, standing = ledger.policy, ledger.standing
    return LedgerOut(
        staff_member_id=ledger.person.id,
        name=ledger.person.name,
        year=ledger.year,
        policy=policy_out(policy, lang),
        required=standing.required,
        classes=[
            CreditClassOut(
                c.code,
                class_label(policy, c.code, lang),
                c.earned,
                c.counted,
                c.min,
                c.max_counted,
                c.missing,
            )
            for c in standing.classes
        ],  # fmt: skip
        total_counted=standing.total_counted,
        missing_total=standing.missing_total,
        met=standing.met,
        entries=[
            LedgerEntryOut(
                e.entry.source,
                e.entry.ref_id,
                e.entry.title,
                e.entry.on,
                e.entry.credit_class,
                e.cme_class,
                e.entry.credits,
                e.earned,
                e.entry.status,
                entry_note(e, lang),
            )
            for e in standing.entries
        ],  # fmt: skip
    )


def register_row_out(person: Person, standing: Standing) -> RegisterRowOut:
    missing = {c.code: c.missing for c in standing.classes}
    return RegisterRowOut(
        staff_member_id=person.id,
        name=person.name,
        staff_number=person.staff_number,
        department=person.department,
        counted={c.code: c.counted for c in standing.classes},
        total=standing.total_counted,
        missing={**missing, "total": standing.missing_total},
        met=standing.met,
    )


def register_out(register: Register, lang: str) -> RegisterOut:
    policy = register.policy
    return RegisterOut(
        institution_id=register.institution_id,
        institution_name=register.institution_name,
        year=register.year,
        policy=policy_out(policy, lang),
        required=policy.yearly_required,
        classes=[
            RegisterClassOut(c.code, class_label(policy, c.code, lang)) for c in policy.classes
        ],
        rows=[register_row_out(person, standing) for person, standing in register.rows],
    )


class CertificateOut(msgspec.Struct):
    id: int
    staff_member_id: int
    staff_name: str
    staff_number: str
    title: str
    cme_class: str
    credits: float
    earned_on: date
    status: str  # pending | confirmed | rejected
    status_label: str
    decision_note: str
    has_file: bool
    file_name: str
    submitted_at: datetime
    decided_at: datetime | None


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    decision: str  # confirm | reject
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


def certificate_out(row: dict, lang: str) -> CertificateOut:
    return CertificateOut(
        id=row["id"],
        staff_member_id=row["staff_member"],
        staff_name=row["staff_member.name"],
        staff_number=row["staff_member.staff_number"],
        title=row["title"],
        cme_class=row["cme_class"],
        credits=float(row["credits"]),
        earned_on=row["earned_on"],
        status=row["status"],
        status_label=render(f"credit_status_{row['status']}", lang),
        decision_note=row["decision_note"],
        has_file=bool(row["stored_name"]),
        file_name=row["file_name"],
        submitted_at=row["submitted_at"],
        decided_at=row["decided_at"],
    )

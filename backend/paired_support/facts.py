"""The paired-support facts of supporting institutions, for the compliance engine (gather.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from backend.compliance.facts import ClinicDayFact, PairedSupportFact, RosterFact
from backend.paired_support.tables import (
    ClinicDay,
    PairedSupportAgreement,
    PairedSupportRosterMember,
)
from backend.paired_support.weeks import days_off_between


async def paired_support_facts(
    supporting_ids: list[int], first_day: date, last_day: date
) -> dict[int, list[PairedSupportFact]]:
    """Supporting institution id -> its agreements overlapping first_day..last_day, by id."""
    agreements = await PairedSupportAgreement.select(
        PairedSupportAgreement.id,
        PairedSupportAgreement.supporting,
        PairedSupportAgreement.starts_on,
        PairedSupportAgreement.ends_on,
        PairedSupportAgreement.supported.name_zh.as_alias("supported_name"),
    ).where(
        PairedSupportAgreement.supporting.is_in(supporting_ids)
        & (PairedSupportAgreement.starts_on <= last_day)
        & (PairedSupportAgreement.ends_on >= first_day)
    )
    if not agreements:
        return {}
    ids = [row["id"] for row in agreements]
    roster: dict[int, list[RosterFact]] = defaultdict(list)
    for row in await PairedSupportRosterMember.select(
        PairedSupportRosterMember.agreement,
        PairedSupportRosterMember.staff_member,
        PairedSupportRosterMember.joined_on,
        PairedSupportRosterMember.left_on,
        PairedSupportRosterMember.staff_member.title.as_alias("title"),
    ).where(PairedSupportRosterMember.agreement.is_in(ids)):
        roster[row["agreement"]].append(
            RosterFact(row["staff_member"], row["title"], row["joined_on"], row["left_on"])
        )
    days: dict[int, list[ClinicDayFact]] = defaultdict(list)
    for row in await ClinicDay.select(
        ClinicDay.id,
        ClinicDay.agreement,
        ClinicDay.day,
        ClinicDay.staff_member,
        ClinicDay.status,
        ClinicDay.confirmed_at,
    ).where(
        ClinicDay.agreement.is_in(ids) & (ClinicDay.day >= first_day) & (ClinicDay.day <= last_day)
    ):
        days[row["agreement"]].append(
            ClinicDayFact(
                row["id"],
                row["day"],
                row["staff_member"],
                row["status"],
                row["confirmed_at"] is not None,
            )
        )
    result: dict[int, list[PairedSupportFact]] = defaultdict(list)
    for row in sorted(agreements, key=lambda r: r["id"]):
        result[row["supporting"]].append(_fact(row, roster, days, first_day, last_day))
    return result


def _fact(row: dict[str, Any], roster, days, first_day: date, last_day: date) -> PairedSupportFact:
    first, last = max(row["starts_on"], first_day), min(row["ends_on"], last_day)
    return PairedSupportFact(
        agreement_id=row["id"],
        name=row["supported_name"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        roster=tuple(sorted(roster[row["id"]], key=lambda m: (m.staff_id, m.joined_on))),
        clinic_days=tuple(sorted(days[row["id"]], key=lambda d: (d.day, d.id))),
        days_off=days_off_between(first, last),
    )

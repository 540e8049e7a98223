"""The demo city's rectification orders (整改通知), raised from the spot-check reviews the demo's
spot-check part wrote: one open, one overdue, one answered and awaiting the centre, one accepted.
Written directly, inside load_demo_city's transaction, after the spot-check demo; if that wrote no
submitted review there is nothing to raise and this writes nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from backend.auth.tables import User
from backend.core.clock import SHANGHAI
from backend.institutions.tables import Zone
from backend.rectification.tables import RectificationAnswer, RectificationOrder
from backend.spot_checks.tables import SpotCheckReview, SpotCheckSample

FINDINGS = (
    # (finding, due in days from today, state)
    ("产后出血量为目测估计，未称重测量。请培训称重法，产房配备量血器具。", 21, "open"),
    ("复盘只有总结，缺少分析环节；请按 PEARLS 四个阶段组织复盘并记录改进措施。", -12, "overdue"),
    ("演练中未明确记录员，各时间节点缺失。请指定记录员并使用计时表。", 10, "answered"),
    ("快速反应团队缺少麻醉科人员。请将麻醉科纳入产后出血演练团队。", -30, "accepted"),
)
ANSWERS = {
    "answered": "已指定每次演练的记录员，印制计时表并在 11 月演练中使用，附计时表照片。",
    "accepted": "麻醉科已加入快速反应团队名单，11 月联合演练中麻醉科 2 人到场。",
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


async def load_rectification(today: date) -> dict[str, int]:
    reviews = (
        await SpotCheckReview.select(
            SpotCheckReview.id,
            SpotCheckReview.draw.institution.as_alias("institution"),
            SpotCheckReview.draw.sample.as_alias("sample"),
        )
        .where(SpotCheckReview.status == "submitted")
        .order_by(SpotCheckReview.id)
    )
    if not reviews:
        return {}
    zones = {
        row["id"]: row["zone"]
        for row in await SpotCheckSample.select(SpotCheckSample.id, SpotCheckSample.zone).where(
            SpotCheckSample.id.is_in(sorted({r["sample"] for r in reviews}))
        )
    }
    # every order in one zone (the first reviewed one), so its reviewer sees all four states
    zone_id = zones[reviews[0]["sample"]]
    reviews = [r for r in reviews if zones[r["sample"]] == zone_id]
    zone = await Zone.select(Zone.lead_institution).where(Zone.id == zone_id).first()
    reviewer = (
        await User.select(User.id)
        .where((User.role == "reviewer") & (User.institution == zone["lead_institution"]))
        .first()
    )
    written = 0
    for index, (finding, due_in, state) in enumerate(FINDINGS):
        review = reviews[index % len(reviews)]
        officer = (
            await User.select(User.id)
            .where((User.role == "officer") & (User.institution == review["institution"]))
            .first()
        )
        raised_on = today - timedelta(days=40)
        accepted = state == "accepted"
        order = RectificationOrder(
            review=review["id"], institution=review["institution"], finding=finding,
            due_on=today + timedelta(days=due_in),
            status={"overdue": "open"}.get(state, state), raised_by=reviewer and reviewer["id"],
            raised_at=_at(raised_on, 10),
            closed_at=_at(today - timedelta(days=33), 16) if accepted else None,
        )  # fmt: skip
        await order.save()
        written += 1
        if state in ANSWERS:
            await RectificationAnswer(
                order=order.id, note=ANSWERS[state], answered_by=officer and officer["id"],
                answered_at=_at(today - timedelta(days=35 if accepted else 2), 15),
                decision="accepted" if accepted else "",
                decision_note="已核实，同意验收。" if accepted else "",
                decided_by=reviewer["id"] if accepted and reviewer else None,
                decided_at=_at(today - timedelta(days=33), 16) if accepted else None,
            ).save()  # fmt: skip
    return {"rectification_orders": written}

"""Demo spot-checks: for each demo zone, one sample of the last ended quarter drawn by its
centre's reviewer, with two submitted reviews (one rated poor), so the spot-check pages and the
centre's zone-spot-check are not empty. Written in bulk inside the loader's transaction, like the
rest of the demo data: not appended to the audit chain. Risk inputs leave compliance gaps at 0
(nothing is judged yet while the demo loads); the other factors are counted as usual.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from backend.auth.tables import User
from backend.core.clock import utc_now
from backend.core.periods import PeriodKind, period_containing
from backend.institutions.tables import Zone
from backend.spot_checks.checklist import checklist
from backend.spot_checks.sampling import draw, gather_inputs
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample

SEED = 2025
COMMENTS = {
    "good": "情景设置贴近本院实际，团队分工明确，关键时间节点记录完整；复盘能结合流程提出改进。",
    "fail": "关键时间节点记录不全，部分指标超出目标时限；复盘停留在描述层面，整改措施缺少负责人和完成期限，请限期整改。",
}


async def write_spot_checks(today: date) -> dict[str, int]:
    quarter = period_containing(PeriodKind.quarter, period_containing("quarter", today).start
                                - timedelta(days=1))  # fmt: skip
    now = utc_now()
    samples = reviews = 0
    for zone in await Zone.select().order_by(Zone.id):
        inputs = await gather_inputs(zone, quarter, today, with_compliance=False)
        covered = sum(1 for i in inputs["institutions"].values() if i["records"])
        size = covered + 2
        drawn = draw(inputs, size, SEED)
        reviewer = await User.select(User.id).where(
            (User.role == "reviewer") & (User.institution == zone["lead_institution"])
        ).first()  # fmt: skip
        reviewer_id = reviewer["id"] if reviewer else None
        rows = await SpotCheckSample.insert(
            SpotCheckSample(zone=zone["id"], quarter=quarter.label, size=size, seed=SEED,
                            inputs=json.dumps(inputs, ensure_ascii=False, sort_keys=True),
                            drawn_by=reviewer_id, drawn_at=now - timedelta(days=3))
        ).returning(SpotCheckSample.id)  # fmt: skip
        samples += 1
        if not drawn:
            continue
        draw_ids = await SpotCheckDraw.insert(
            *[SpotCheckDraw(sample=rows[0]["id"], position=i, institution=d.institution,
                            record=d.record, version=d.version, drawn_for=d.drawn_for)
              for i, d in enumerate(drawn, start=1)]
        ).returning(SpotCheckDraw.id)  # fmt: skip
        items = [item.id for item in checklist().items]
        for row, rating in zip(draw_ids, ("good", "fail"), strict=False):
            answers = {item: {"answer": "yes", "note": ""} for item in items}
            if rating == "fail":
                answers["timings_within_target"] = {"answer": "no", "note": "关键时间未记录或超时"}
                answers["corrective_actions_concrete"] = {"answer": "no", "note": "无负责人"}
            await SpotCheckReview.insert(
                SpotCheckReview(draw=row["id"], reviewer=reviewer_id, status="submitted",
                                checklist=json.dumps(answers, ensure_ascii=False), rating=rating,
                                comment=COMMENTS[rating], created_at=now - timedelta(days=2),
                                submitted_at=now - timedelta(hours=1))
            )  # fmt: skip
            reviews += 1
    return {"spot_check_samples": samples, "spot_check_reviews": reviews}

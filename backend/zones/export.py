"""The quarterly zone report as an Excel file: the league table, and the spot-checks with their
rectification orders. Chinese headers; every text cell through the formula-safe writer."""

from __future__ import annotations

import pandas as pd

from backend.zones import schemas
from reports.compliance import xlsx_bytes

REVIEW_ZH = {"none": "未点评", "draft": "点评中", "submitted": "已点评"}
ORDER_ZH = {
    "open": "待整改",
    "answered": "已答复待审核",
    "returned": "退回重改",
    "accepted": "已通过",
}

LEAGUE_COLUMNS = ["排名", "机构", "区县", "未达标项数", "抽查记录数", "已点评", "点评中", "评级",
                  "较差评级数", "未结整改", "逾期整改", "本季度已通过整改"]  # fmt: skip
SPOT_COLUMNS = ["季度", "机构", "抽查序号", "演练", "演练日期", "点评状态", "评级", "整改事项",
                "整改期限", "整改状态", "逾期天数"]  # fmt: skip


def league_frame(overview: schemas.ZoneOverview) -> pd.DataFrame:
    records = []
    for item in overview.institutions:
        record = {
            "排名": item.rank,
            "机构": item.name_zh,
            "区县": item.jurisdiction_name,
            "未达标项数": item.gaps,
            "抽查记录数": item.sample.draws,
            "已点评": item.sample.reviewed,
            "点评中": item.sample.drafts,
            "评级": "、".join(f"{r.name_zh}×{r.count}" for r in item.ratings),
            "较差评级数": item.poor_ratings,
            "未结整改": item.orders.open,
            "逾期整改": item.orders.overdue,
            "本季度已通过整改": item.orders.accepted,
        }
        for point in item.trend:
            record[f"{point.quarter} 未达标项数"] = point.gaps
        records.append(record)
    trend = [f"{q} 未达标项数" for q in overview.quarters]
    return pd.DataFrame.from_records(records, columns=LEAGUE_COLUMNS + trend)


def spot_frame(overview: schemas.ZoneOverview) -> pd.DataFrame:
    """One row per order; a drawn record without orders has a row of its own; an earlier
    quarter's order still open follows its own quarter's label."""
    orders_of: dict[int, list[schemas.ZoneOrder]] = {}
    for order in overview.orders:
        orders_of.setdefault(order.draw_id, []).append(order)
    records = []

    def order_cells(order: schemas.ZoneOrder | None) -> dict:
        if order is None:
            return {"整改事项": "", "整改期限": "", "整改状态": "", "逾期天数": ""}
        return {
            "整改事项": order.finding,
            "整改期限": order.due_on.isoformat(),
            "整改状态": ORDER_ZH.get(order.status, order.status),
            "逾期天数": order.days_overdue or "",
        }

    for draw in overview.draws:
        base = {
            "季度": draw.quarter,
            "机构": draw.institution_name,
            "抽查序号": draw.position,
            "演练": draw.activity_title,
            "演练日期": draw.held_on.isoformat() if draw.held_on else "",
            "点评状态": REVIEW_ZH.get(draw.review_status, draw.review_status),
            "评级": draw.rating_name_zh,
        }
        for order in orders_of.pop(draw.draw_id, None) or [None]:
            records.append({**base, **order_cells(order)})
    for orders in orders_of.values():  # earlier quarters' open orders
        for order in orders:
            base = {"季度": order.quarter, "机构": order.institution_name, "抽查序号": "",
                    "演练": "", "演练日期": "", "点评状态": "", "评级": ""}  # fmt: skip
            records.append({**base, **order_cells(order)})
    return pd.DataFrame.from_records(records, columns=SPOT_COLUMNS)


def zone_report(overview: schemas.ZoneOverview) -> bytes:
    return xlsx_bytes({"片区排名": league_frame(overview), "抽查与整改": spot_frame(overview)})


def report_name(overview: schemas.ZoneOverview) -> str:
    return f"zone-{overview.zone.id}-{overview.quarter}.xlsx"

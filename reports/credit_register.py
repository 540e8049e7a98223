"""The 学分登记表: an institution's CME credits for a year, as DataFrames and an .xlsx.

Builders take the plain dict the register API returns (msgspec.to_builtins of RegisterOut), so
the download and `drillbook report credits` write the same file.
"""

from __future__ import annotations

import pandas as pd

from backend.core.chinese_order import by_pinyin
from reports.compliance import xlsx_bytes

MET_ZH = {True: "达标", False: "未达标"}


def _class_columns(register: dict) -> list[tuple[str, str]]:
    return [(c["code"], c["label"]) for c in register["classes"]]


def person_frame(register: dict) -> pd.DataFrame:
    """One row per staff member: counted credits per class, total, what is missing, met."""
    classes = _class_columns(register)
    columns = ["科室", "姓名", "工号", *[label for _, label in classes], "合计（计入）",
               *[f"{label}尚缺" for _, label in classes], "合计尚缺", "是否达标"]  # fmt: skip
    records = [
        {
            "科室": row["department"] or "（未分科室）",
            "姓名": row["name"],
            "工号": row["staff_number"],
            **{label: row["counted"][code] for code, label in classes},
            "合计（计入）": row["total"],
            **{f"{label}尚缺": row["missing"][code] for code, label in classes},
            "合计尚缺": row["missing"]["total"],
            "是否达标": MET_ZH[row["met"]],
        }
        for row in register["rows"]
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def department_frame(people: pd.DataFrame, class_labels: list[str]) -> pd.DataFrame:
    """Per department: head count, how many met, the share, and credit sums per class."""
    if people.empty:
        return pd.DataFrame(columns=["科室", "人数", "达标人数", "达标率", *class_labels, "合计"])
    grouped = people.assign(met=people["是否达标"] == MET_ZH[True]).groupby("科室", sort=True)
    frame = pd.DataFrame({"人数": grouped.size(), "达标人数": grouped["met"].sum().astype(int)})
    frame["达标率"] = (frame["达标人数"] / frame["人数"]).round(3)
    for label in class_labels:
        frame[label] = grouped[label].sum().round(2)
    frame["合计"] = grouped["合计（计入）"].sum().round(2)
    frame = frame.loc[by_pinyin(frame.index)]  # departments as Chinese readers look them up
    return frame.reset_index()


def register_sheets(register: dict) -> dict[str, pd.DataFrame]:
    people = person_frame(register)
    labels = [label for _, label in _class_columns(register)]
    return {"人员学分": people, "科室汇总": department_frame(people, labels)}


def register_xlsx(register: dict) -> bytes:
    """Two sheets, header rows frozen and bold: 人员学分 and 科室汇总."""
    return xlsx_bytes(register_sheets(register))


def register_file_name(register: dict) -> str:
    return f"{register['institution_name']}-{register['year']}-学分登记表.xlsx"

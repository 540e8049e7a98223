"""Why a finding has its status, in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterable

# Names of the roles and departments a rule may require, as reasons show them.
ATTENDEE_LABELS: dict[str, tuple[str, str]] = {
    "obstetrician": ("产科医师", "obstetrician"),
    "midwife": ("助产士", "midwife"),
    "nurse": ("护士", "nurse"),
    "neonatologist": ("新生儿科医师", "neonatologist"),
    "paediatrician": ("儿科医师", "paediatrician"),
    "anaesthetist": ("麻醉医师", "anaesthetist"),
    "icu_doctor": ("重症医学科医师", "ICU doctor"),
    "emergency_doctor": ("急诊科医师", "emergency doctor"),
    "transfusion_doctor": ("输血科医师", "transfusion doctor"),
    "obstetrics": ("产科", "obstetrics"),
    "neonatology": ("新生儿科", "neonatology"),
    "paediatrics": ("儿科", "paediatrics"),
    "emergency": ("急诊科", "emergency"),
    "icu": ("重症医学科", "ICU"),
    "anaesthesia": ("麻醉科", "anaesthesia"),
    "transfusion": ("输血科", "transfusion"),
    "medical_affairs": ("医务科", "medical affairs"),
    "nursing": ("护理部", "nursing"),
}


def _label(code: str, lang: int) -> str:
    """`neonatology|paediatrics` (alternatives) -> 新生儿科或儿科."""
    words = [ATTENDEE_LABELS.get(part, (part, part))[lang] for part in code.split("|")]
    return ("或" if lang == 0 else " or ").join(words)


def _labels(codes: Iterable[str], lang: int) -> str:
    return ("、" if lang == 0 else ", ").join(_label(code, lang) for code in codes)


def _count(value: float) -> str:
    return f"{value:g}"


def met(done: int, required: float) -> tuple[str, str]:
    return (
        f"已完成 {done} 次，要求至少 {_count(required)} 次。",
        f"{done} held, at least {_count(required)} required.",
    )


def partly_met(done: int, required: float, missing: list[str], incomplete: int) -> tuple[str, str]:
    zh = [f"符合要求的只有 {done} 次（要求 {_count(required)} 次）"]
    en = [f"only {done} of {_count(required)} fully qualifying"]
    if missing:
        zh.append(f"已举办的活动缺少：{_labels(missing, 0)}")
        en.append(f"held activities lacked: {_labels(missing, 1)}")
    if incomplete:
        zh.append(f"{incomplete} 次演练记录尚未提交")
        en.append(f"{incomplete} drill record(s) not submitted")
    sentence = "; ".join(en)
    return "；".join(zh) + "。", sentence[0].upper() + sentence[1:] + "."


def gap(required: float) -> tuple[str, str]:
    return (
        f"本周期已结束，未举办符合要求的活动（要求至少 {_count(required)} 次）。",
        f"The period ended without a qualifying activity ({_count(required)} required).",
    )


def planned(done: int, planned_count: int, required: float) -> tuple[str, str]:
    return (
        f"已完成 {done} 次，已计划 {planned_count} 次，要求 {_count(required)} 次。",
        f"{done} held and {planned_count} planned; {_count(required)} required.",
    )


def due_soon(done: int, required: float) -> tuple[str, str]:
    return (
        f"本周期尚未结束，已完成 {done} 次，要求 {_count(required)} 次，且未安排足够的活动。",
        f"The period is open: {done} held of {_count(required)} required, and not enough planned.",
    )


def not_in_force() -> tuple[str, str]:
    return ("该规定在此期间未生效。", "The rule was not in force in this period.")


def not_covered() -> tuple[str, str]:
    return ("该规定不适用于此对象。", "The rule does not apply to this subject.")


def not_active_long_enough(days: int, minimum: int) -> tuple[str, str]:
    return (
        f"本周期内在岗仅 {days} 天（不足 {minimum} 天），不纳入考核。",
        f"Active only {days} days in the period (under {minimum}); not counted.",
    )


FACT_LABELS: dict[str, tuple[str, str]] = {
    "drill_records": ("演练记录", "drill records"),
    "spot_checks": ("抽查点评记录", "spot-check reviews"),
    "paired_support": ("对口支援排班与坐诊记录", "paired-support rotations"),
    "inspections": ("质量检查记录", "quality inspections"),
}


def no_data(sources: Iterable[str]) -> tuple[str, str]:
    sources = list(sources)
    zh = "、".join(FACT_LABELS.get(s, (s, s))[0] for s in sources)
    en = ", ".join(FACT_LABELS.get(s, (s, s))[1] for s in sources)
    return (
        f"系统尚未记录该规定所需的数据（{zh}），暂无法判断。",
        f"drillbook does not record the facts this rule needs yet ({en}).",
    )


def invite_list_short(rule_name: tuple[str, str], missing: list[str]) -> tuple[str, str]:
    """A booking warning: the people invited cannot make the activity count fully."""
    return (
        f"邀请名单中没有{_labels(missing, 0)}，本次活动将不能完全满足“{rule_name[0]}”的要求。",
        f"Nobody invited is a {_labels(missing, 1)}: this will not fully count for "
        f"“{rule_name[1]}”.",
    )

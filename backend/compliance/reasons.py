"""Why a finding has its status, in Chinese and English."""

from __future__ import annotations

from collections.abc import Iterable

from backend.compliance.labels import attendee_labels
from backend.credits.policy import default_policies

# Names of the roles and departments a rule may require, as reasons show them: the pages' words.
ATTENDEE_LABELS: dict[str, tuple[str, str]] = attendee_labels()


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


def profile_ended(
    name_zh: str, name_en: str, valid_to: str, successor_zh: str = "", successor_en: str = ""
) -> tuple[str, str]:
    """A period after the end of the profile in force: its rules are not applied past it."""
    zh = f"本辖区采用的《{name_zh}》已于 {valid_to} 到期，此后不再按其评判"
    en = f"The {name_en} ended on {valid_to} and is not applied after it"
    if successor_zh:
        zh += f"；继任方案：《{successor_zh}》，请改用继任方案。"
        en += f"; its successor is the {successor_en}: switch to it."
    else:
        zh += "；尚无继任方案。"
        en += "; no successor plan is in drillbook yet."
    return zh, en


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
    "credits": ("该年度适用的学分政策", "a credit policy for the year"),
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


# The drill a measured rule needs, and the measure, as reasons show them: (zh, en).
METRIC_LABELS: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "decision_to_delivery_minutes": (
        ("紧急剖宫产演练", "emergency caesarean drill"),
        ("DDI", "DDI"),
        ("分钟", "minutes"),
    ),
    "minutes_to_first_uterotonic": (
        ("产后出血演练", "PPH drill"),
        ("首剂宫缩剂时间", "time to first uterotonic"),
        ("分钟", "minutes"),
    ),
    "minutes_to_effective_ventilation": (
        ("新生儿复苏演练", "neonatal resuscitation drill"),
        ("有效通气时间", "time to effective ventilation"),
        ("分钟", "minutes"),
    ),
}


def _metric_words(metric: str) -> tuple[tuple[str, str], tuple[str, str], tuple[str, str]]:
    return METRIC_LABELS.get(metric, (("演练", "drill"), (metric, metric), ("", "")))


def metric_over(metric: str, limit: str, *over: str) -> tuple[str, str]:
    """`over`: date, value, date, value ... of the drills whose recorded value was too long."""
    drill, name, unit = _metric_words(metric)
    pairs = list(zip(over[::2], over[1::2], strict=True))
    zh = "；".join(f"{day} 的{drill[0]}{name[0]}为 {value} {unit[0]}" for day, value in pairs)
    en = "; ".join(f"the {drill[1]} of {day} recorded a {name[1]} of {value} {unit[1]}"
                   for day, value in pairs)  # fmt: skip
    return (
        f"{zh}，超过 {limit} {unit[0]}的要求。",
        f"{en[0].upper()}{en[1:]}, over the {limit} {unit[1]} required.",
    )


def metric(
    status: str, metric_id: str, limit: str, done: int, planned_count: int
) -> tuple[str, str]:
    """A measured rule's reason when no recorded value was over the limit."""
    drill, name, unit = _metric_words(metric_id)
    if status == "met":
        return (
            f"{done} 次{drill[0]}记录的{name[0]}均在 {limit} {unit[0]}以内。",
            f"The {name[1]} recorded in {done} {drill[1]}(s) is within {limit} {unit[1]}.",
        )
    if status == "planned":
        return planned(done, planned_count, 1)
    if status == "gap":
        return (
            f"本周期已结束，没有记录了{name[0]}的{drill[0]}。",
            f"The period ended with no {drill[1]} with a recorded {name[1]}.",
        )
    return (
        f"本周期尚未结束，还没有记录了{name[0]}的{drill[0]}，也未安排。",
        f"The period is open: no {drill[1]} with a recorded {name[1]} yet, and none planned.",
    )


def credits_met(policy_id: str, total: str, required: str, *classes: str) -> tuple[str, str]:
    zh, en = _credit_counts(policy_id, total, required, classes)
    return f"已达到年度学分要求：{zh}。", f"Yearly credits reached: {en}."


def credits_short(policy_id: str, total: str, required: str, *classes: str) -> tuple[str, str]:
    zh, en = _credit_counts(policy_id, total, required, classes)
    return f"年度学分尚未达到要求：{zh}。", f"Yearly credits not reached: {en}."


def _credit_counts(
    policy_id: str, total: str, required: str, classes: tuple[str, ...]
) -> tuple[str, str]:
    """ "Ⅰ类学分 3/5，Ⅱ类学分 12/15，共 15/25 学分": `classes` is code, counted, minimum of each
    class, named as the credit policy names them; classes without a minimum are not listed."""
    labels = {
        c.code: (c.label_zh, c.label_en)
        for p in default_policies()
        if p.id == policy_id
        for c in p.classes
    }
    triples = zip(classes[::3], classes[1::3], classes[2::3], strict=True)
    shown = [(labels.get(code, (code, code)), n, m) for code, n, m in triples if float(m) > 0]
    zh = [f"{label[0]} {n}/{m}" for label, n, m in shown] + [f"共 {total}/{required} 学分"]
    en = [f"{label[1]} {n}/{m}" for label, n, m in shown] + [f"{total}/{required} credits in all"]
    return "，".join(zh), ", ".join(en)


# --- paired support (对口支援), measure_paired_support.py ---------------------------------------


def paired_outside() -> tuple[str, str]:
    return ("本周不在对口支援协议期内。", "This week lies outside the paired-support agreement.")


def paired_holiday_week() -> tuple[str, str]:
    return (
        "法定节假日周：本周没有工作日，不要求坐诊（drillbook 的理解，政策原文未作规定）。",
        "Statutory holiday week: no working day this week, so no clinic day is expected "
        "(drillbook's reading; the policy text does not say).",
    )


def paired_no_working_day() -> tuple[str, str]:
    return (
        "本周在协议期内的日子都不是工作日，不要求坐诊。",
        "The days of this week inside the agreement are all days off; no clinic day is expected.",
    )


_TITLES = {
    "junior": ("初级", "junior"),
    "intermediate": ("中级", "intermediate"),
    "associate_senior": ("副高", "associate senior"),
    "senior": ("正高", "senior"),
}


def _roster_words(size: int, low: int, high: int | str, title: str = "") -> tuple[str, str]:
    span = f"{low}-{high}" if high != "" else f"至少 {low}"
    span_en = f"{low}-{high}" if high != "" else f"at least {low}"
    zh_title, en_title = _TITLES.get(title, ("", ""))
    return (
        f"支援人员名单为 {size} 人（要求 {span} 名{zh_title}及以上职称人员）"
        if zh_title
        else f"支援人员名单为 {size} 人（要求 {span} 人）",
        f"the roster has {size} (needs {span_en} staff of title {en_title} or above)"
        if en_title
        else f"the roster has {size} (needs {span_en})",
    )


def paired_roster_off(size: int, low: int, high: int | str, title: str = "") -> tuple[str, str]:
    zh, en = _roster_words(size, low, high, title)
    return (
        f"本周已坐诊，但{zh}。",
        f"Clinic day held, but {en}.",
    )


def paired_roster_off_none(
    size: int, low: int, high: int | str, title: str = ""
) -> tuple[str, str]:
    zh, en = _roster_words(size, low, high, title)
    return (
        f"本周没有经确认的坐诊，且{zh}。",
        f"No confirmed clinic day this week, and {en}.",
    )


def paired_unconfirmed(count: int) -> tuple[str, str]:
    return (
        f"已登记坐诊 {count} 次，等待支援单位确认。",
        f"{count} clinic day(s) logged, awaiting confirmation by the supporting institution.",
    )


def inspection_coverage(
    measure: str, done: int, required: str, reach: int, total: int, *names: str
) -> tuple[str, str]:
    """Inspection coverage (compliance/measure_inspections.py): what the held inspections
    covered, and how far the planned ones would take it."""
    done, reach, total = int(done), int(reach), int(total)
    if measure == "districts":
        zh = f"已检查 {done} 个区县（共需 {required} 个）"
        en = f"{done} counties/districts inspected ({required} required)"
        if names:
            zh += "：" + "、".join(names)
            en += ": " + ", ".join(names)
        if reach > done:
            zh += f"；加上计划中的检查可覆盖 {reach} 个"
            en += f"; with the planned inspections, {reach}"
        return zh + "。", en + "."
    share = f"{float(required) * 100:g}%"
    if not total:
        return (
            "辖区内没有在册的助产机构，无需检查。",
            "The county has no registered midwifery institution to inspect.",
        )
    zh = f"已检查 {done}/{total} 家助产机构（{round(100 * done / total)}%，需 ≥{share}）"
    en = f"{done} of {total} midwifery institutions inspected ({round(100 * done / total)}%, ≥{share} required)"
    if reach > done:
        zh += f"；加上计划中的检查可达 {reach}/{total} 家（{round(100 * reach / total)}%）"
        en += f"; with the planned inspections, {reach} of {total} ({round(100 * reach / total)}%)"
    return zh + "。", en + "."


# --- spot-checks (抽查点评), measure_spot_checks.py ---------------------------------------------


def spot_checks(done: int, required: str) -> tuple[str, str]:
    """Reviews of sampled drill records the centre submitted in the period."""
    return (
        f"本季度已提交 {done} 份抽查点评，要求至少 {required} 份。",
        f"{done} spot-check reviews submitted this quarter, at least {required} required.",
    )

"""Words the competency pages and exports show for the framework's codes (never the codes)."""

from __future__ import annotations

from backend.competencies.framework import Competency, Framework
from backend.compliance.reasons import ATTENDEE_LABELS

STATE_LABELS: dict[str, tuple[str, str]] = {
    "current": ("有效", "current"),
    "expiring": ("即将到期", "expiring"),
    "expired": ("已过期", "expired"),
    "never": ("未考核", "never assessed"),
}
METHOD_LABELS: dict[str, tuple[str, str]] = {
    "drill": ("演练考核", "drill"),
    "written": ("笔试", "written exam"),
    "skills_station": ("技能站考核", "skills station"),
    "certificate": ("外部培训证书", "external certificate"),
}
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "demonstrated": ("已掌握", "demonstrated"),
    "needs_practice": ("需加强练习", "needs practice"),
    "not_observed": ("未观察到", "not observed"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "confirmed": ("已确认", "confirmed"),
}
TOPIC_LABELS: dict[str, tuple[str, str]] = {
    "pph": ("产后出血", "postpartum haemorrhage"),
    "neonatal_asphyxia": ("新生儿窒息复苏", "neonatal asphyxia"),
    "emergency_caesarean": ("紧急剖宫产", "emergency caesarean"),
    "eclampsia": ("子痫", "eclampsia"),
    "amniotic_fluid_embolism": ("羊水栓塞", "amniotic fluid embolism"),
    "shoulder_dystocia": ("肩难产", "shoulder dystocia"),
    "maternal_resuscitation": ("孕产妇心肺复苏", "maternal resuscitation"),
    "other": ("其他", "other"),
}


def label(table: dict[str, tuple[str, str]], code: str) -> tuple[str, str]:
    return table.get(code, (code, code))


def role_label(role: str) -> tuple[str, str]:
    return label(ATTENDEE_LABELS, role)


def requirement_label(entry: str) -> tuple[str, str]:
    """`nurse@neonatology` -> 新生儿科护士 / neonatology nurse."""
    role, _, kind = entry.partition("@")
    zh, en = role_label(role)
    if not kind:
        return zh, en
    kind_zh, kind_en = label(ATTENDEE_LABELS, kind)
    return f"{kind_zh}{zh}", f"{kind_en} {en}"


def domain_names(framework: Framework) -> dict[str, tuple[str, str]]:
    return {d.id: (d.name_zh, d.name_en) for d in framework.domains}


def domain_order(framework: Framework, competencies: list[Competency]) -> list[Competency]:
    """Grouped by domain in the framework's domain order, framework order within a domain."""
    rank = {d.id: i for i, d in enumerate(framework.domains)}
    position = {c.id: i for i, c in enumerate(framework.competencies)}
    return sorted(competencies, key=lambda c: (rank.get(c.domain, 99), position[c.id]))

"""What a record's content says against its topic sheet: targets met or missed, timings that
cannot be, fields missing before submission, differences between versions. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Mapping

from backend.drill_records.schemas import (
    ChangeOut,
    MissingField,
    RecordContent,
    SourceOut,
    TargetOut,
)
from backend.drill_records.topics import Measure, TopicSheet

# Content fields as people read them (zh, en); timings take their measure's name.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "scenario.template_id": ("情景模板", "scenario template"),
    "scenario.title": ("情景名称", "scenario title"),
    "scenario.description": ("情景描述", "scenario description"),
    "team": ("演练团队", "team"),
    "debrief.reactions": ("复盘：感受", "debrief: reactions"),
    "debrief.description": ("复盘：经过", "debrief: what happened"),
    "debrief.analysis": ("复盘：分析", "debrief: analysis"),
    "debrief.summary": ("复盘：总结", "debrief: summary"),
    "problems": ("发现的问题", "problems found"),
}

# A competency mark as a version's changes read it (names, not ids: the page shows the value).
OUTCOME_LABELS: dict[str, str] = {
    "demonstrated": "已掌握",
    "needs_practice": "需加强练习",
    "not_observed": "未观察到",
}

ROLE_LABELS: dict[str, str] = {
    "team_leader": "组长",
    "scribe": "记录员",
    "member": "队员",
    "observer": "观察员",
    "patient_actor": "标准化病人",
}


def outcome(measure: Measure, value: float | None) -> str:
    if value is None:
        return "not_recorded"
    if measure.unit == "yes_no" and measure.target_yes is not None:
        return "met" if bool(value) == measure.target_yes else "missed"
    if measure.target_max is None:
        return "recorded"
    return "met" if value <= measure.target_max else "missed"


def targets(sheet: TopicSheet, timings: Mapping[str, float | None]) -> list[TargetOut]:
    """Each measure of the topic with the recorded value and how it went."""
    found = []
    for m in sheet.measures:
        value = timings.get(m.id)
        target = m.target_yes if m.unit == "yes_no" else m.target_max
        found.append(
            TargetOut(
                measure=m.id, name_zh=m.name_zh, name_en=m.name_en, unit=m.unit,
                start_zh=m.start_zh, start_en=m.start_en, required=m.required, value=value,
                target=target, outcome=outcome(m, value),
                source=SourceOut(m.source.document, m.source.clause, m.source.local_choice),
            )
        )  # fmt: skip
    return found


def timing_problem(measure: Measure | None, value: float | None, drill_minutes: float) -> str:
    """The message code of a timing that cannot be, or "" when it may stand."""
    if measure is None:
        return "record_unknown_measure"
    if value is None:
        return ""
    if value < 0:
        return "record_timing_negative"
    if measure.unit == "minutes" and value > drill_minutes:
        return "record_timing_too_long"
    if measure.unit == "yes_no" and value not in (0, 1):
        return "record_yes_no_value"
    return ""


def missing_for_submission(sheet: TopicSheet, content: RecordContent) -> list[MissingField]:
    """Every field a submitted record must have and this one lacks."""
    missing = []
    if not content.scenario.title.strip():
        missing.append(_missing("scenario.title"))
    if not content.team:
        missing.append(_missing("team"))
    if not content.debrief.summary.strip():
        missing.append(_missing("debrief.summary"))
    for m in sheet.measures:
        if m.required and content.timings.get(m.id) is None:
            missing.append(MissingField(f"timings.{m.id}", m.name_zh, m.name_en))
    return missing


def _missing(path: str) -> MissingField:
    zh, en = FIELD_LABELS[path]
    return MissingField(path, zh, en)


def flattened(
    content: RecordContent,
    sheet: TopicSheet,
    names: Mapping[int, str],
    competencies: Mapping[str, tuple[str, str]] | None = None,
) -> dict[str, tuple[str, str, str | float | None]]:
    """path -> (label_zh, label_en, value as people read it). `competencies`: id -> (zh, en)
    names, for the assessments ("能力评估：张晓梅 · 新生儿正压通气" -> "已掌握（评语）")."""
    flat: dict[str, tuple[str, str, str | float | None]] = {}
    values = {
        "scenario.template_id": content.scenario.template_id,
        "scenario.title": content.scenario.title,
        "scenario.description": content.scenario.description,
        "team": "、".join(
            f"{names.get(m.staff_id, m.staff_id)}（{ROLE_LABELS.get(m.drill_role, m.drill_role)}）"
            for m in content.team
        ),
        "debrief.reactions": content.debrief.reactions,
        "debrief.description": content.debrief.description,
        "debrief.analysis": content.debrief.analysis,
        "debrief.summary": content.debrief.summary,
        "problems": content.problems,
    }
    for path, value in values.items():
        flat[path] = (*FIELD_LABELS[path], value)
    for measure_id in sorted(content.timings):
        measure = sheet.measure(measure_id)
        zh, en = (measure.name_zh, measure.name_en) if measure else (measure_id, measure_id)
        flat[f"timings.{measure_id}"] = (zh, en, content.timings[measure_id])
    for mark in content.assessments:
        person = names.get(mark.staff_id, "")
        zh, en = (competencies or {}).get(mark.competency, ("", ""))
        outcome = OUTCOME_LABELS.get(mark.outcome, mark.outcome)
        flat[f"assessments.{mark.staff_id}.{mark.competency}"] = (
            f"能力评估：{person} · {zh}", f"Assessment: {person} · {en}",
            f"{outcome}（{mark.comment}）" if mark.comment else outcome,
        )  # fmt: skip
    return flat


def differences(
    before: RecordContent | None,
    after: RecordContent,
    sheet: TopicSheet,
    names: Mapping[int, str],
    competencies: Mapping[str, tuple[str, str]] | None = None,
) -> list[ChangeOut]:
    """What changed from one version to the next (everything set, for the first)."""
    old = flattened(before, sheet, names, competencies) if before else {}
    new = flattened(after, sheet, names, competencies)
    changes = []
    for path in [*new, *(p for p in old if p not in new)]:
        old_value = old[path][2] if path in old else None
        new_value = new[path][2] if path in new else None
        if _blank(old_value) and _blank(new_value) or old_value == new_value:
            continue
        zh, en = (new.get(path) or old[path])[:2]
        changes.append(ChangeOut(path, zh, en, old_value, new_value))
    return changes


def _blank(value: object) -> bool:
    return value is None or value == ""

"""Targets, impossible timings, missing fields and version differences: pure, no database."""

from backend.drill_records.judging import (
    differences,
    missing_for_submission,
    outcome,
    targets,
    timing_problem,
)
from backend.drill_records.schemas import Debrief, RecordContent, Scenario, TeamMember
from backend.drill_records.topics import topic_sheets

PPH = topic_sheets()["pph"]


def test_a_timing_within_its_target_is_met_and_one_over_is_missed():
    uterotonic = PPH.measure("minutes_to_first_uterotonic")
    assert outcome(uterotonic, 5) == "met"
    assert outcome(uterotonic, 5.5) == "missed"
    assert outcome(uterotonic, None) == "not_recorded"


def test_a_yes_no_measure_is_met_by_the_expected_answer():
    measured = PPH.measure("blood_loss_measured")
    assert (outcome(measured, 1), outcome(measured, 0)) == ("met", "missed")


def test_a_value_without_a_target_is_only_recorded():
    assert outcome(PPH.measure("measured_blood_loss_ml"), 1500) == "recorded"


def test_targets_list_every_measure_of_the_topic_with_its_source():
    found = targets(PPH, {"minutes_to_recognition": 2})
    assert [t.measure for t in found] == [m.id for m in PPH.measures]
    assert found[0].outcome == "met" and found[0].source.document


def test_negative_too_long_and_unknown_timings_are_named():
    recognition = PPH.measure("minutes_to_recognition")
    assert timing_problem(recognition, -1, 60) == "record_timing_negative"
    assert timing_problem(recognition, 61, 60) == "record_timing_too_long"
    assert timing_problem(recognition, 60, 60) == ""
    assert timing_problem(PPH.measure("measured_blood_loss_ml"), 2500, 60) == ""
    assert timing_problem(None, 1, 60) == "record_unknown_measure"


def test_missing_fields_name_every_gap_in_chinese():
    missing = missing_for_submission(PPH, RecordContent())
    labels = [m.label_zh for m in missing]
    assert labels[:3] == ["情景名称", "演练团队", "复盘：总结"]
    assert "首剂宫缩剂" in labels and "给予氨甲环酸" not in labels  # not required


def test_differences_name_each_changed_field_with_old_and_new_values():
    before = RecordContent(
        scenario=Scenario(title="宫缩乏力"), team=[TeamMember(staff_id=1)],
        timings={"minutes_to_first_uterotonic": 4}, debrief=Debrief(summary="好"),
    )  # fmt: skip
    after = RecordContent(
        scenario=Scenario(title="宫缩乏力"), team=[TeamMember(staff_id=1, drill_role="team_leader")],
        timings={"minutes_to_first_uterotonic": 6}, debrief=Debrief(summary="好"),
    )  # fmt: skip
    changes = {c.path: c for c in differences(before, after, PPH, {1: "张晓梅"})}
    assert set(changes) == {"team", "timings.minutes_to_first_uterotonic"}
    assert (changes["team"].old, changes["team"].new) == ("张晓梅（队员）", "张晓梅（组长）")
    assert changes["timings.minutes_to_first_uterotonic"].label_zh == "首剂宫缩剂"
    first = differences(None, before, PPH, {1: "张晓梅"})
    assert {c.path for c in first} >= {"scenario.title", "debrief.summary"}

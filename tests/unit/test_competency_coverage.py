"""The department coverage check against the seeded thresholds (pure: no database)."""

from datetime import date

from backend.competencies.coverage import Holding, check_thresholds
from backend.competencies.framework import Source, Threshold, version_on

FRAMEWORK = version_on(date(2026, 6, 1))
SOURCE = Source(document="指南", clause="条款", local_choice=True)
PPV = Threshold("neonatal-ppv", ("neonatology", "obstetrics"), 2, True, SOURCE)
PPH = Threshold("pph-recognition", ("obstetrics",), 1, False, SOURCE)


def _people(*people: tuple[bool, set[str]]) -> list[Holding]:
    return [Holding(night, frozenset(holds)) for night, holds in people]


def test_one_night_shift_holder_of_two_needed_is_a_warning():
    [check] = check_thresholds(
        [PPV], "neonatology", _people((True, {"neonatal-ppv"}), (True, set())), FRAMEWORK
    )
    assert check.warning and (check.holders, check.people, check.min_current) == (1, 2, 2)
    assert check.message_zh.startswith("值夜班人员中“新生儿正压通气”能力有效的仅 1 人")
    assert "Please arrange" in check.message_en


def test_two_night_shift_holders_are_enough():
    people = _people((True, {"neonatal-ppv"}), (True, {"neonatal-ppv"}), (False, set()))
    [check] = check_thresholds([PPV], "neonatology", people, FRAMEWORK)
    assert not check.warning and check.holders == 2 and check.people == 2
    assert "达到要求的 2 人" in check.message_zh


def test_day_staff_holders_do_not_count_when_only_nights_do():
    people = _people((True, {"neonatal-ppv"}), (False, {"neonatal-ppv"}), (False, {"neonatal-ppv"}))
    [check] = check_thresholds([PPV], "obstetrics", people, FRAMEWORK)
    assert check.warning and check.holders == 1


def test_a_threshold_for_everyone_counts_day_staff_too():
    [check] = check_thresholds(
        [PPH], "obstetrics", _people((False, {"pph-recognition"})), FRAMEWORK
    )
    assert not check.warning and check.people == 1
    assert check.message_zh.startswith("本科室人员中")


def test_thresholds_apply_only_to_their_kinds_of_department():
    assert check_thresholds([PPV, PPH], "paediatrics", _people((True, set())), FRAMEWORK) == []
    names = [c.competency.id for c in check_thresholds([PPV, PPH], "neonatology", [], FRAMEWORK)]
    assert names == ["neonatal-ppv"]


def test_an_empty_department_warns():
    [check] = check_thresholds([PPV], "neonatology", [], FRAMEWORK)
    assert check.warning and check.people == 0

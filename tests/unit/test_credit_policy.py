"""The credit policy files and the yearly arithmetic: pure, no database."""

from datetime import date
from pathlib import Path

import msgspec
import pytest

from backend.credits.ledger import CreditEntry, credit_standing
from backend.credits.policy import (
    CREDITS_DIR,
    CreditPolicyError,
    load_credit_policies,
    policy_for_year,
)

POLICIES = load_credit_policies(include_not_in_force=True)
LONG_STANDING = next(p for p in POLICIES if p.id == "cme-2006")
DRAFT = next(p for p in POLICIES if p.id == "cme-2026-draft")


def _session(ref: int, credit_class: str, credits: float, status: str = "present", hours=3.0):
    return CreditEntry("attendance", ref, f"讲座{ref}", date(2025, 3, ref % 28 + 1),
                       credit_class, credits, hours, status)  # fmt: skip


def _certificate(ref: int, cme_class: str, credits: float) -> CreditEntry:
    return CreditEntry("certificate", ref, f"证书{ref}", date(2025, 6, 1), cme_class, credits)


def _presentation(ref: int, credit_class: str, credits: float) -> CreditEntry:
    return CreditEntry("presentation", ref, f"授课{ref}", date(2025, 5, ref % 28 + 1),
                       credit_class, credits, 2.0)  # fmt: skip


# --- the files -------------------------------------------------------------------------------


def test_only_versions_in_force_are_loaded_by_default():
    assert [p.id for p in load_credit_policies()] == ["cme-2006"]


def test_the_unverified_newer_regulation_is_never_chosen_for_a_year():
    policies = load_credit_policies(include_not_in_force=True)
    assert policy_for_year(policies, 2027).id == "cme-2006"
    assert policy_for_year(policies, 1999) is None


def test_a_past_year_keeps_the_version_in_force_then():
    enacted = msgspec.structs.replace(DRAFT, in_force=True)
    policies = [LONG_STANDING, enacted]
    assert policy_for_year(policies, 2025).id == "cme-2006"
    assert policy_for_year(policies, 2026).id == "cme-2026-draft"


def test_the_long_standing_policy_says_where_it_comes_from():
    assert LONG_STANDING.source.title == "继续医学教育学分授予与管理办法"
    assert "两类学分不可相互替代" in LONG_STANDING.source.quote
    assert LONG_STANDING.yearly_required == 25


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def _long_standing_text() -> str:
    return (CREDITS_DIR / "cme-2006.toml").read_text(encoding="utf-8")


def test_an_unknown_key_is_an_error_naming_file_and_field(tmp_path):
    text = _long_standing_text().replace("[presenting]\n", "[presenting]\nbonus = 1\n")
    with pytest.raises(
        CreditPolicyError, match=r"cme-2006\.toml: presenting\.bonus: unknown field"
    ):
        load_credit_policies(_write(tmp_path, "cme-2006", text))


def test_a_missing_source_is_an_error_naming_file_and_field(tmp_path):
    text = _long_standing_text()
    start = text.index("[source]")
    text = text[:start] + text[text.index("# How the total") :]
    with pytest.raises(CreditPolicyError, match=r"cme-2006\.toml: source: required field"):
        load_credit_policies(_write(tmp_path, "cme-2006", text))


def test_an_attendance_status_without_a_factor_is_an_error(tmp_path):
    text = _long_standing_text().replace("excused = 0.0\n", "")
    with pytest.raises(CreditPolicyError, match="attendance_factors: missing excused"):
        load_credit_policies(_write(tmp_path, "cme-2006", text))


def test_a_mapping_to_a_class_the_policy_lacks_is_an_error(tmp_path):
    text = _long_standing_text().replace('city = "II"', 'city = "III"')
    with pytest.raises(CreditPolicyError, match="activity_classes: unknown class 'III'"):
        load_credit_policies(_write(tmp_path, "cme-2006", text))


def test_a_figure_written_as_text_is_an_error(tmp_path):
    text = _long_standing_text().replace("yearly_required = 25", 'yearly_required = "25"')
    with pytest.raises(CreditPolicyError, match="yearly_required"):
        load_credit_policies(_write(tmp_path, "cme-2006", text))


# --- the arithmetic --------------------------------------------------------------------------


def test_exactly_25_with_5_class_i_is_met():
    entries = [_session(1, "provincial", 5)] + [_session(i, "city", 4) for i in range(2, 7)]
    standing = credit_standing(LONG_STANDING, entries)
    assert standing.of_class("I").counted == 5 and standing.of_class("II").counted == 20
    assert standing.total_counted == 25 and standing.missing_total == 0 and standing.met


def test_only_10_of_12_class_i_credits_count():
    entries = [_session(1, "national", 12), _session(2, "institution", 15)]
    standing = credit_standing(LONG_STANDING, entries)
    assert standing.of_class("I").earned == 12 and standing.of_class("I").counted == 10
    assert standing.total_counted == 25 and standing.met


def test_class_ii_credits_cannot_fill_a_class_i_shortfall():
    entries = [_session(1, "national", 3)] + [_session(i, "city", 10) for i in range(2, 5)]
    standing = credit_standing(LONG_STANDING, entries)
    assert standing.of_class("I").missing == 2
    assert standing.of_class("II").counted == 20  # 30 earned, 20 count
    assert standing.total_counted == 23 and standing.missing_total == 2
    assert not standing.met


def test_both_classes_at_their_minimum_still_miss_the_total():
    standing = credit_standing(LONG_STANDING, [_session(1, "national", 5), _session(2, "city", 15)])
    assert [c.missing for c in standing.classes] == [0, 0]
    assert standing.missing_total == 5 and not standing.met


def test_late_and_leaving_early_earn_half_and_say_so():
    entries = [_session(1, "city", 4, "late"), _session(2, "city", 4, "left_early"),
               _session(3, "city", 4, "absent"), _session(4, "city", 4, "excused")]  # fmt: skip
    standing = credit_standing(LONG_STANDING, entries)
    assert [e.earned for e in standing.entries] == [2, 2, 0, 0]
    assert standing.entries[0].notes[-1] == ("credit_note_late", {"percent": "50"})
    assert standing.entries[2].notes[-1][0] == "credit_note_absent"
    assert standing.of_class("II").earned == 4


def test_presenting_earns_the_factor_and_is_not_counted_twice():
    entries = [_presentation(1, "institution", 2), _session(1, "institution", 2)]
    standing = credit_standing(LONG_STANDING, entries)
    assert standing.of_class("II").earned == 4
    attended = next(e for e in standing.entries if e.entry.source == "attendance")
    assert attended.earned == 0 and attended.notes[0][0] == "credit_note_counted_as_presenter"


def test_presenting_counts_for_at_most_the_yearly_cap():
    entries = [_presentation(i, "city", 2) for i in range(1, 5)]  # 4 x 2 x 2 = 16
    standing = credit_standing(LONG_STANDING, entries)
    assert [e.earned for e in standing.entries] == [4, 4, 2, 0]
    assert standing.entries[2].notes[-1] == ("credit_note_presenting_cap", {"cap": "10"})
    assert standing.of_class("II").earned == 10


def test_one_project_counts_for_at_most_25_credits():
    standing = credit_standing(LONG_STANDING, [_certificate(1, "II", 30)])
    assert standing.entries[0].earned == 25
    assert standing.entries[0].notes[-1] == ("credit_note_activity_cap", {"cap": "25"})


def test_confirmed_certificates_count_in_their_claimed_class():
    standing = credit_standing(LONG_STANDING, [_certificate(1, "I", 6), _certificate(2, "II", 4)])
    assert standing.of_class("I").earned == 6 and standing.of_class("II").earned == 4


def test_under_the_unsplit_version_hours_give_credits_and_any_class_counts():
    entries = [_session(1, "national", 99, hours=6.0), _session(2, "institution", 99, hours=1.5)]
    entries += [_certificate(3, "II", 22)]
    standing = credit_standing(DRAFT, entries)
    assert [c.code for c in standing.classes] == ["all"]
    assert [e.earned for e in standing.entries] == [2, 0.5, 22]
    assert standing.entries[0].notes[0] == ("credit_note_by_hours", {"hours": "6", "per": "3"})
    assert standing.total_counted == 24.5 and standing.missing_total == 0.5


def test_nothing_at_all_misses_every_class_and_the_total():
    standing = credit_standing(LONG_STANDING, [])
    assert [(c.code, c.missing) for c in standing.classes] == [("I", 5), ("II", 15)]
    assert standing.missing_total == 25 and not standing.met

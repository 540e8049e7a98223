"""Drawing a spot-check sample from its stored inputs: every institution with records covered,
the same seed gives the same sample, high-risk institutions are drawn more often, and a size
larger than the records available draws them all. Also the seed files' validation."""

from collections import Counter
from pathlib import Path

import pytest

from backend.spot_checks.checklist import (
    SpotCheckSeedError,
    load_checklist,
    load_risk_weights,
    risk_weights,
)
from backend.spot_checks.sampling import COVERAGE, RISK, draw, risk_of

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def inputs(records: dict[int, int], risks: dict[int, float]) -> dict:
    """records: institution -> how many submitted records (ids 100*institution + n)."""
    candidates = [[100 * i + n, 1, i] for i, count in records.items() for n in range(count)]
    return {
        "candidates": candidates,
        "institutions": {str(i): {"risk": risks[i], "records": records[i]} for i in records},
    }


ZONE = inputs({1: 6, 2: 6, 3: 6, 4: 0}, {1: 1.0, 2: 1.0, 3: 9.0, 4: 1.0})


def test_every_institution_with_records_gets_a_coverage_draw_first():
    for seed in range(50):
        drawn = draw(ZONE, 5, seed)
        assert [d.drawn_for for d in drawn] == [COVERAGE] * 3 + [RISK] * 2
        assert [d.institution for d in drawn[:3]] == [1, 2, 3]
        assert len({d.record for d in drawn}) == 5  # without replacement


def test_the_same_inputs_and_seed_give_the_same_sample_and_another_seed_may_not():
    assert draw(ZONE, 8, 42) == draw(ZONE, 8, 42)
    reordered = dict(ZONE, candidates=list(reversed(ZONE["candidates"])))
    assert draw(reordered, 8, 42) == draw(ZONE, 8, 42)  # the stored order does not matter
    assert any(draw(ZONE, 8, seed) != draw(ZONE, 8, 42) for seed in range(5))


def test_over_200_seeds_the_high_risk_institution_is_drawn_more_often():
    risk_draws = Counter()
    for seed in range(200):
        risk_draws.update(d.institution for d in draw(ZONE, 5, seed) if d.drawn_for == RISK)
    assert risk_draws[3] > 2 * risk_draws[1] and risk_draws[3] > 2 * risk_draws[2]
    assert risk_draws[1] > 0  # a low risk is still a chance


def test_a_size_larger_than_the_records_draws_all_of_them():
    small = inputs({1: 2, 2: 1}, {1: 1.0, 2: 5.0})
    drawn = draw(small, 10, 1)
    assert sorted(d.record for d in drawn) == [100, 101, 200]


def test_no_records_no_draws():
    assert draw(inputs({1: 0}, {1: 1.0}), 3, 1) == []


def test_risk_is_the_base_plus_weighted_factors_from_the_seed():
    weights = risk_weights().as_dict()
    factors = {"compliance_gaps": 2, "missed_timing_targets": 1, "open_rectifications": 0,
               "past_poor_ratings": 1}  # fmt: skip
    expected = (weights["base"] + 2 * weights["compliance_gaps"]
                + weights["missed_timing_targets"] + weights["past_poor_ratings"])  # fmt: skip
    assert risk_of(factors, weights) == expected


def test_the_committed_seed_files_load():
    checklist = load_checklist(SEEDS)
    assert [i.id for i in checklist.items] == [
        "scenario_realism", "required_roles_present", "timings_within_target",
        "debrief_quality", "corrective_actions_concrete"]  # fmt: skip
    assert [r.name_zh for r in checklist.ratings] == ["优", "良", "合格", "不合格"]
    assert checklist.poor_ratings == {"fail"}
    assert load_risk_weights(SEEDS).weights.past_poor_ratings > 0


@pytest.mark.parametrize(
    "file, text, named",
    [
        ("risk_weights.toml", "base = 1.0\n[weights]\ncompliance_gaps = 1\n",
         "risk_weights.toml: weights.missed_timing_targets"),
        ("risk_weights.toml", "base = 1.0\n[weights]\ncompliance_gaps = -1\n"
         "missed_timing_targets = 1\nopen_rectifications = 1\npast_poor_ratings = 1\n",
         "risk_weights.toml: weights.compliance_gaps: must not be negative"),
        ("checklist.toml", '[source]\ndocument = "d"\nclause = "c"\n[[items]]\nid = "a"\n'
         'text_zh = "甲"\ntext_en = "A"\n[[ratings]]\nid = "ok"\nname_zh = "好"\nname_en = "OK"\n',
         "checklist.toml: ratings: mark at least one rating poor"),
        ("checklist.toml", '[source]\ndocument = "d"\nclause = "c"\n[[items]]\nid = "a"\n'
         'text_zh = "甲"\ntext_en = "A"\ncolour = "red"\n',
         "checklist.toml: items[0].colour: unknown field"),
    ],
)  # fmt: skip
def test_a_wrong_seed_file_is_refused_naming_the_file_and_field(tmp_path, file, text, named):
    folder = tmp_path / "spot_checks"
    folder.mkdir()
    (folder / file).write_text(text, encoding="utf-8")
    loader = load_checklist if file == "checklist.toml" else load_risk_weights
    with pytest.raises(SpotCheckSeedError) as error:
        loader(tmp_path)
    assert named in str(error.value)

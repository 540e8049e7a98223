"""The drill topic sheets in seeds/drill_records/: strict, sourced, one place for the DDI target."""

import shutil
from pathlib import Path

import pytest

from backend.drill_records.topics import DrillSeedError, load_topic_sheets
from backend.rules.catalogue import SEEDS_DIR


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds", ignore=shutil.ignore_patterns("demo"))
    return tmp_path / "seeds"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_topic_sheet_loads_with_templates_and_sourced_measures():
    sheets = load_topic_sheets()
    assert set(sheets) == {
        "pph", "neonatal_asphyxia", "emergency_caesarean", "eclampsia", "shoulder_dystocia",
        "amniotic_fluid_embolism",
    }  # fmt: skip
    for sheet in sheets.values():
        assert sheet.templates
        for measure in sheet.measures:
            assert measure.source.document and measure.source.clause
            assert not measure.source.document.endswith(".txt")  # titles, never file names
    pph = {m.id for m in sheets["pph"].measures}
    assert {"minutes_to_first_uterotonic", "blood_loss_measured"} <= pph


def test_the_ddi_target_comes_from_the_rule_file(seeds_copy):
    _edit(seeds_copy / "rules" / "ddi-target.toml", "max_value = 30", "max_value = 25")
    (ddi,) = load_topic_sheets(seeds_copy)["emergency_caesarean"].measures
    assert ddi.target_max == 25


def test_an_unknown_key_is_refused_naming_file_and_field(seeds_copy):
    _edit(seeds_copy / "drill_records" / "eclampsia.toml", "required = true", "requried = true")
    with pytest.raises(DrillSeedError, match=r"eclampsia.toml: measures\[0\].requried: unknown"):
        load_topic_sheets(seeds_copy)


def test_a_measure_without_a_source_is_refused_naming_file_and_field(seeds_copy):
    path = seeds_copy / "drill_records" / "shoulder_dystocia.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(x for x in text.splitlines() if not x.startswith("source")))
    with pytest.raises(DrillSeedError, match=r"shoulder_dystocia.toml: measures\[0\].source: req"):
        load_topic_sheets(seeds_copy)


def test_repeating_the_ddi_number_in_the_drill_seed_is_refused(seeds_copy):
    path = seeds_copy / "drill_records" / "emergency_caesarean.toml"
    _edit(
        path, 'target_from_rule = "ddi-target"', 'target_from_rule = "ddi-target"\ntarget_max = 30'
    )
    with pytest.raises(DrillSeedError, match="emergency_caesarean.toml: .*do not repeat it"):
        load_topic_sheets(seeds_copy)


def test_a_topic_that_does_not_match_its_file_is_refused(seeds_copy):
    _edit(seeds_copy / "drill_records" / "pph.toml", 'topic = "pph"', 'topic = "eclampsia"')
    with pytest.raises(DrillSeedError, match="pph.toml: topic"):
        load_topic_sheets(seeds_copy)

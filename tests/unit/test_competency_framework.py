"""The competency framework files and validity arithmetic: pure, no database."""

from datetime import date
from pathlib import Path

import pytest

from backend.activities.vocabulary import DrillTopic
from backend.competencies.framework import (
    COMPETENCIES_DIR,
    FrameworkError,
    load_coverage,
    load_frameworks,
    version_on,
)
from backend.competencies.holdings import add_months, passed, state_of, valid_until

SHIPPED = load_frameworks()


def _framework(directory: Path, stem: str, effective: str, valid_months: int, extra: str = ""):
    (directory / f"{stem}.toml").write_text(
        f'''id = "{stem}"
name_zh = "框架"
name_en = "Framework"
effective_from = {effective}
expiring_within_days = 60

[[domains]]
id = "neo"
name_zh = "新生儿复苏"
name_en = "Neonatal resuscitation"

[[competencies]]
id = "ppv"
domain = "neo"
name_zh = "正压通气"
name_en = "PPV"
required_of = ["neonatologist", "nurse@neonatology"]
methods = ["drill", "skills_station"]
drill_topics = ["neonatal_asphyxia"]
pass_mark = 80
valid_months = {valid_months}
source = {{ document = "指南", clause = "正压通气", local_choice = true }}
{extra}''',
        encoding="utf-8",
    )


def test_shipped_framework_names_every_competency_with_its_source():
    latest = SHIPPED[-1]
    assert len(latest.competencies) >= 10
    for competency in latest.competencies:
        assert competency.name_zh and competency.name_en
        assert competency.source.document and competency.source.clause
    covered = {topic for c in latest.competencies for topic in c.drill_topics}
    assert {DrillTopic.pph, DrillTopic.neonatal_asphyxia} <= covered


def test_shipped_coverage_thresholds_name_known_competencies():
    thresholds = load_coverage().thresholds
    assert any(t.competency == "neonatal-ppv" and t.night_shifts_only for t in thresholds)


def test_who_must_hold_what_reads_role_and_department():
    latest = SHIPPED[-1]
    neonatal_nurse = {c.id for c in latest.required_for("nurse", "neonatology")}
    obstetric_nurse = {c.id for c in latest.required_for("nurse", "obstetrics")}
    assert "neonatal-ppv" in neonatal_nurse and "neonatal-ppv" not in obstetric_nurse
    assert "pph-recognition" in obstetric_nurse and "pph-recognition" not in neonatal_nurse
    assert latest.required_for("administrator", "medical_affairs") == ()


def test_validity_ends_the_day_before_the_same_date_months_later():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 11, 15), 14) == date(2026, 1, 15)
    assert valid_until("neonatal-ppv", date(2026, 3, 10)) == date(2027, 3, 9)
    assert valid_until("no-such-competency", date(2026, 3, 10)) is None


def test_states_around_the_sixty_day_window():
    today = date(2026, 12, 1)
    assert state_of(None, today) == "never"
    assert state_of(date(2026, 11, 30), today) == "expired"
    assert state_of(date(2026, 12, 1), today) == "expiring"  # still valid today
    assert state_of(date(2027, 1, 29), today) == "expiring"
    assert state_of(date(2027, 1, 30), today) == "current"


def test_an_assessment_keeps_the_validity_of_the_version_it_was_made_under(tmp_path):
    _framework(tmp_path, "framework-a", "2024-01-01", 12)
    _framework(tmp_path, "framework-b", "2026-07-01", 24)
    versions = load_frameworks(tmp_path)
    assert version_on(date(2026, 6, 30), versions).id == "framework-a"
    assert version_on(date(2026, 7, 1), versions).id == "framework-b"
    assert version_on(date(2020, 1, 1), versions).id == "framework-a"  # before the first
    assert valid_until("ppv", date(2026, 6, 30), versions) == date(2027, 6, 29)
    assert valid_until("ppv", date(2026, 7, 1), versions) == date(2028, 6, 30)


def test_pass_mark_is_out_of_a_hundred_and_scales_with_the_exam():
    ppv = SHIPPED[-1].competency("neonatal-ppv")
    assert passed(ppv, 80, 100) and not passed(ppv, 79.5, 100)
    assert passed(ppv, 40, 50) and not passed(ppv, 39, 50)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (
            '\n[[competencies]]\nid = "x"\ndomain = "nowhere"\nname_zh = "x"\nname_en = "x"\n'
            'required_of = ["midwife"]\nmethods = ["certificate"]\nvalid_months = 12\n'
            'source = { document = "d", clause = "c" }\n',
            "domain",
        ),
        (
            '\n[[competencies]]\nid = "y"\ndomain = "neo"\nname_zh = "y"\nname_en = "y"\n'
            'required_of = ["surgeon"]\nmethods = ["certificate"]\nvalid_months = 12\n'
            'source = { document = "d", clause = "c" }\n',
            "required_of",
        ),
        (
            '\n[[competencies]]\nid = "z"\ndomain = "neo"\nname_zh = "z"\nname_en = "z"\n'
            'required_of = ["midwife"]\nmethods = ["written"]\nvalid_months = 12\n'
            'source = { document = "d", clause = "c" }\n',
            "pass_mark",
        ),
        (
            '\n[[competencies]]\nid = "w"\ndomain = "neo"\nname_zh = "w"\nname_en = "w"\n'
            'required_of = ["midwife"]\nmethods = ["drill"]\nvalid_months = 12\n'
            'source = { document = "d", clause = "c" }\n',
            "drill_topics",
        ),
    ],
)
def test_a_bad_framework_file_is_refused_naming_file_and_field(tmp_path, extra, field):
    _framework(tmp_path, "framework-bad", "2024-01-01", 12, extra)
    with pytest.raises(FrameworkError) as refused:
        load_frameworks(tmp_path)
    assert "framework-bad.toml" in str(refused.value) and field in str(refused.value)


def test_unknown_keys_are_refused(tmp_path):
    _framework(tmp_path, "framework-typo", "2024-01-01", 12, "\nvalid_monthz = 3\n")
    with pytest.raises(FrameworkError, match="valid_monthz"):
        load_frameworks(tmp_path)


def test_shipped_files_live_where_the_loader_looks():
    assert (COMPETENCIES_DIR / "coverage.toml").exists()
    assert sorted(p.name for p in COMPETENCIES_DIR.glob("framework-*.toml"))

"""Every word the pages show comes from both dictionaries, vocabulary included (no browser needed)."""

import json
import re
from enum import StrEnum

import pytest

from backend.activities.vocabulary import ActivityKind, ActivityStatus, CreditClass, DrillTopic
from backend.attendance.vocabulary import AttendanceStatus, DrillRole, InvitationStatus
from backend.auth.roles import UserRole
from backend.institutions.vocabulary import (
    DepartmentKind,
    InstitutionKind,
    InstitutionLevel,
    JurisdictionLevel,
)
from backend.staff.vocabulary import ProfessionalTitle, StaffRole
from tests.e2e.conftest import ROOT

FRONTEND = ROOT / "frontend_static"
LANGUAGES = ["zh-CN", "en"]
VOCABULARY: dict[str, type[StrEnum]] = {
    "institution_kind": InstitutionKind,
    "institution_level": InstitutionLevel,
    "jurisdiction_level": JurisdictionLevel,
    "department_kind": DepartmentKind,
    "staff_role": StaffRole,
    "title": ProfessionalTitle,
    "activity_kind": ActivityKind,
    "activity_status": ActivityStatus,
    "drill_topic": DrillTopic,
    "credit_class": CreditClass,
    "attendance_status": AttendanceStatus,
    "invitation_status": InvitationStatus,
    "drill_role": DrillRole,
    "user_role": UserRole,
}


# The dictionary parts the shell loads, read from frontend_static/i18n.js so the two cannot drift.
PARTS = json.loads(
    re.search(r"const PARTS = (\[[^\]]*\]);", (FRONTEND / "i18n.js").read_text("utf-8")).group(1)
)


def dictionary_parts(language: str) -> list[dict[str, str]]:
    folder = FRONTEND / "i18n"
    return [json.loads((folder / f"{language}{p}.json").read_text("utf-8")) for p in PARTS]


def dictionary(language: str) -> dict[str, str]:
    return {key: text for part in dictionary_parts(language) for key, text in part.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_is_defined_in_two_parts_of_the_dictionary(language):
    parts = dictionary_parts(language)
    assert sum(len(part) for part in parts) == len(dictionary(language))


def keys_in_page_code() -> set[str]:
    sources = [*FRONTEND.glob("*.js"), *FRONTEND.glob("pages/*.js"), FRONTEND / "index.html"]
    pattern = re.compile(r'\bt\(\s*"([^"]+)"|data-i18n="([^"]+)"')
    return {a or b for path in sources for a, b in pattern.findall(path.read_text("utf-8"))}


def test_both_languages_have_the_same_words():
    assert set(dictionary("zh-CN")) == set(dictionary("en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_pages_ask_for_is_in_the_dictionary(language):
    used = keys_in_page_code()
    assert len(used) > 50
    assert sorted(used - set(dictionary(language))) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_vocabulary_value_has_a_label(language):
    words = dictionary(language)
    missing = [
        f"{group}.{value}"
        for group, vocabulary in VOCABULARY.items()
        for value in vocabulary
        if not words.get(f"{group}.{value}", "").strip()
    ]
    assert missing == []


def test_page_code_holds_no_chinese_text():
    sources = [*FRONTEND.glob("*.js"), *FRONTEND.glob("pages/*.js")]
    chinese = re.compile(r"[\u4e00-\u9fff]")
    offenders = [
        f"{path.name}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if chinese.search(line) and not line.lstrip().startswith("//")
    ]
    assert offenders == []

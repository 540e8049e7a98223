"""Messages of this concept, by code, in Chinese and English (merged into core/messages.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- drill assessments --
    # -- exams and certificates --
    # -- reading: a person, a department, a commission --
}

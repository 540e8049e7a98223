"""Importing an exam's scores from a spreadsheet (.xlsx, or .csv): a header row naming the
columns 工号 and 成绩 (other columns are ignored), then one person a row.

All or nothing: every bad row is reported with its number as the spreadsheet shows it (an
unknown 工号, a score that is not a number or out of range, the same person twice) and nothing is
written. The rows found are merged into the exam's scores: people in the file get the score
of the file, others keep theirs (two sessions of one exam may come as two files).
Reading reuses the roster import's guarded reader (backend/staff/spreadsheet.py).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from backend.auth.scope import Viewer
from backend.competencies import exams
from backend.competencies.exams import Problem, Rejected, Score
from backend.core.errors import InvalidInput
from backend.staff.spreadsheet import off_the_loop, spreadsheet_cells
from backend.staff.tables import StaffMember

STAFF_NUMBER = ("工号", "staff number", "staff_number")
SCORE = ("成绩", "分数", "score")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _header(cell: Any) -> str:
    return str(cell).strip().lower() if cell is not None else ""


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel keeps 工号 1001 as the number 1001.0
    return str(cell).strip()


def _number(cell: Any) -> float | None | str:
    """The score, None when blank, or the text as written when it is not a number."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().replace("，", ".")
    return float(text) if _NUMBER.match(text) else str(cell).strip()[:40]


def read_rows(table: list[list[Any]]) -> list[tuple[int, str, float | None | str]]:
    """(row number as shown, 工号, score) for every filled row below the header."""
    start = next((i for i, row in enumerate(table) if any(_text(c) for c in row)), None)
    if start is None:
        raise InvalidInput("competency_exam_import_empty")
    header = [_header(c) for c in table[start]]
    number_at = next((header.index(h) for h in STAFF_NUMBER if h in header), None)
    score_at = next((header.index(h) for h in SCORE if h in header), None)
    if number_at is None or score_at is None:
        raise InvalidInput("competency_exam_import_columns", row=start + 1)
    rows = []
    for index in range(start + 1, len(table)):
        row = table[index]
        staff_number = _text(row[number_at]) if number_at < len(row) else ""
        score = _number(row[score_at]) if score_at < len(row) else None
        if not staff_number and score is None:
            continue
        rows.append((index + 1, staff_number, score))
    if not rows:
        raise InvalidInput("competency_exam_import_empty")
    return rows


async def import_scores(
    viewer: Viewer, exam_id: int, filename: str, content: bytes, now: datetime
) -> dict:
    exam = await exams.writable_exam(viewer, exam_id)
    rows = read_rows(await off_the_loop(spreadsheet_cells, content, filename or ""))
    eligible = await exams.people_for(exam)
    by_number = {p["staff_number"]: p for p in eligible.values()}
    known = {
        r["staff_number"]: r
        for r in await StaffMember.select(StaffMember.staff_number, StaffMember.name).where(
            StaffMember.institution == exam["institution"]
        )
    }
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    found: list[Score] = []
    for row, staff_number, score in rows:
        person = by_number.get(staff_number)
        if not staff_number:
            problems.append(Problem(row, "competency_exam_import_no_staff_number"))
            continue
        if person is None:
            other = known.get(staff_number)
            code = "competency_exam_not_active" if other else "competency_exam_unknown_number"
            problems.append(Problem(row, code, {"staff_number": staff_number,
                                                "held_on": exam["held_on"].isoformat()},
                                    staff_number, other["name"] if other else ""))  # fmt: skip
            continue
        who = {"staff_number": staff_number, "name": person["name"]}
        if staff_number in seen:
            problems.append(Problem(row, "competency_exam_duplicate_person",
                                    {"first": seen[staff_number]}, **who))  # fmt: skip
            continue
        seen[staff_number] = row
        if isinstance(score, str):
            problems.append(Problem(row, "competency_exam_score_not_number", {"value": score},
                                    **who))  # fmt: skip
            continue
        problem = exams.score_problem(score, exam["max_score"])
        if problem:
            problems.append(Problem(row, problem[0], problem[1], **who))
            continue
        found.append(Score(person["id"], score))
    if problems:
        raise Rejected(problems, "row")
    merged = await exams.current_scores(exam_id)
    merged.update({s.staff_id: s.score for s in found})
    result = await exams.write_scores(viewer, exam, [Score(i, s) for i, s in merged.items()],
                                      now, "competency_exam.scores_imported")  # fmt: skip
    return {**result, "imported": len(found)}

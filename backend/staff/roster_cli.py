"""`drillbook import-roster FILE --institution CODE`: the same check and apply as the upload page."""

from __future__ import annotations

from pathlib import Path

from backend.core.errors import DomainError
from backend.core.messages import render
from backend.institutions.tables import Institution
from backend.staff.roster_service import apply_roster, check_roster


async def import_roster_file(path: str, institution_code: str) -> int:
    """Exit code: 0 imported, 1 the file was rejected, 2 unknown institution or unreadable file."""
    institution = (
        await Institution.select(Institution.id, Institution.name_zh)
        .where(Institution.code == institution_code)
        .first()
    )
    if institution is None:
        print(f"找不到机构编码“{institution_code}”。Unknown institution code {institution_code!r}.")
        return 2
    file = Path(path)
    if not file.is_file():
        print(f"找不到文件 {path}。File not found: {path}")
        return 2
    try:
        check = await check_roster(institution["id"], file.read_bytes(), file.name)
    except DomainError as exc:
        print(render(exc.code, "zh", **exc.params))
        return 2
    if check.errors:
        print(render("roster_rejected", "zh", count=len({e.row for e in check.errors})))
        for error in check.errors:
            message = render(error.code, "zh", **error.params)
            print(
                "  "
                + render(
                    "roster_row_error", "zh", row=error.row, column=error.column, message=message
                )
            )
        return 1
    result = await apply_roster(institution["id"], check.rows)
    print(
        f"{institution['name_zh']}：新增 {result.created} 人，更新 {result.updated} 人，未变 {result.unchanged} 人。"
    )
    return 0

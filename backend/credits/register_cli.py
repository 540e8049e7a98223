"""`drillbook report credits --institution CODE --year YYYY --out FILE.xlsx`: the same 学分登记表
the register page downloads."""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec

from backend.compliance.report import COMMAND_LINE
from backend.core.errors import DomainError
from backend.core.messages import render
from backend.credits.schemas import register_out
from backend.credits.service import credit_register
from backend.institutions.tables import Institution
from reports.credit_register import register_xlsx


async def write_register_file(institution_code: str, year: int, out: Path) -> int:
    """Exit code: 0 written, 2 unknown institution or a year no policy covers."""
    institution = (
        await Institution.select(Institution.id).where(Institution.code == institution_code).first()
    )
    if institution is None:
        print(f"找不到机构编码“{institution_code}”。Unknown institution code {institution_code!r}.",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        register = await credit_register(COMMAND_LINE, institution["id"], year)
    except DomainError as exc:
        print(render(exc.code, "zh", **exc.params), file=sys.stderr)
        return 2
    out.write_bytes(register_xlsx(msgspec.to_builtins(register_out(register, "zh"))))
    met = sum(1 for _, standing in register.rows if standing.met)
    print(f"report: {out} ({register.institution_name}, {len(register.rows)} staff, "
          f"{met} met, policy {register.policy.id})")  # fmt: skip
    return 0

"""The compliance report for a jurisdiction: matrix, gap list, trend and heatmap."""

from __future__ import annotations

from datetime import date

import msgspec

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.compliance.service import jurisdiction_verdicts, matrix_of
from backend.core.clock import today_in_shanghai
from backend.core.errors import NotFound
from backend.institutions.tables import Jurisdiction
from backend.rules.catalogue import default_catalogue
from reports.compliance import ComplianceReport, findings_frame, matrix_frame

# The command line reads everything, like an administrator.
COMMAND_LINE = Viewer(
    0, "drillbook", "drillbook", UserRole.admin, None, None, None, "zh-CN", None, None
)


async def compliance_report(
    viewer: Viewer, jurisdiction_id: int, year: int, as_of: date | None, period: str | None = None
) -> ComplianceReport:
    """The matrix, the findings and their views from one evaluation of the jurisdiction."""
    as_of = as_of or today_in_shanghai()
    tree, verdicts = await jurisdiction_verdicts(viewer, jurisdiction_id, year, as_of, period)
    matrix = msgspec.to_builtins(matrix_of(jurisdiction_id, year, as_of, period, tree, verdicts))
    names = {rule_id: rule.name_zh for rule_id, rule in default_catalogue().rules.items()}
    findings = {v.row["name_zh"]: msgspec.to_builtins(v.findings_out()) for v in verdicts}
    title = f"{tree[jurisdiction_id]['name_zh']} {period or year} 合规矩阵"
    return ComplianceReport(title, matrix_frame(matrix, names), findings_frame(findings))


async def jurisdiction_id_for(code_or_id: str) -> int:
    column = Jurisdiction.id if code_or_id.isdigit() else Jurisdiction.code
    value = int(code_or_id) if code_or_id.isdigit() else code_or_id
    row = await Jurisdiction.select(Jurisdiction.id).where(column == value).first()
    if row is None:
        raise NotFound("unknown_jurisdiction", id=code_or_id)
    return row["id"]

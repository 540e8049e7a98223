"""The compliance report for a jurisdiction: matrix, gap list, trend and heatmap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import msgspec

from backend.auth.roles import UserRole
from backend.auth.scope import Viewer
from backend.compliance.service import Verdict, jurisdiction_verdicts, matrix_of, window
from backend.core.clock import today_in_shanghai
from backend.core.errors import NotFound
from backend.institutions.tables import Jurisdiction
from backend.rules.catalogue import default_catalogue
from backend.rules.shown_citations import shown_citations
from reports.compliance import ComplianceReport, findings_frame, matrix_frame

# The command line reads everything, like an administrator.
COMMAND_LINE = Viewer(
    0, "drillbook", "drillbook", UserRole.admin, None, None, None, "zh-CN", None, None
)


@dataclass(frozen=True)
class RowFilter:
    """The matrix page's filters, so a download shows what the reader sees."""

    county: str | None = None  # county name, as the page lists them
    kind: str | None = None  # institution kind
    status: str | None = None  # keep rows with at least one cell of this status

    def keeps(self, row: dict) -> bool:
        return (
            (not self.county or row["jurisdiction_name"] == self.county)
            and (not self.kind or row["institution"]["kind"] == self.kind)
            and (not self.status or any(c["status"] == self.status for c in row["cells"]))
        )


async def compliance_report(
    viewer: Viewer,
    jurisdiction_id: int,
    year: int,
    as_of: date | None,
    period: str | None = None,
    rows: RowFilter = RowFilter(),
    with_findings: bool = True,
) -> ComplianceReport:
    """The matrix, the findings and their views from one evaluation of the jurisdiction.
    Without findings (the .csv and .png hold only the matrix) a province takes a tenth of the time."""
    as_of = as_of or today_in_shanghai()
    tree, verdicts = await jurisdiction_verdicts(
        viewer, jurisdiction_id, year, period, detail=with_findings
    )
    first, last = window(year, period)
    matrix = msgspec.to_builtins(matrix_of(jurisdiction_id, year, as_of, period, tree, verdicts))
    matrix["rows"] = [row for row in matrix["rows"] if rows.keeps(row)]
    kept = {row["institution"]["id"] for row in matrix["rows"]}
    names = {rule_id: rule.name_zh for rule_id, rule in default_catalogue().rules.items()}
    findings = {
        v.row["name_zh"]: _finding_rows(v, first, last, as_of)
        for v in verdicts
        if with_findings and v.row["id"] in kept
    }
    title = f"{tree[jurisdiction_id]['name_zh']} {period or year} 合规矩阵"
    return ComplianceReport(title, matrix_frame(matrix, names), findings_frame(findings))


def _finding_rows(verdict: Verdict, first: date, last: date, as_of: date) -> list[dict]:
    """What the findings sheets show of each finding, as `reports.findings_frame` reads it (a
    province has 140,000 findings: plain rows, one citation list per rule, no API structs)."""
    rules = {r.id: r for r in verdict.rules}
    cited = {
        r.id: [
            {"clause": c.clause, "quote": c.quote}
            for c in shown_citations(r.citations, first.year)[:1]
        ]
        for r in verdict.rules
    }
    return [
        {
            "rule_name_zh": rules[f.rule_id].name_zh,
            "subject_name": name,
            "period": f.period,
            "required": f.required,
            "done": f.done,
            "status": f.status.value,
            "reason_zh": f.reason_zh,
            "citations": cited[f.rule_id],
        }
        for f, name in verdict.findings(first, last, as_of)
    ]


async def jurisdiction_id_for(code_or_id: str) -> int:
    column = Jurisdiction.id if code_or_id.isdigit() else Jurisdiction.code
    value = int(code_or_id) if code_or_id.isdigit() else code_or_id
    row = await Jurisdiction.select(Jurisdiction.id).where(column == value).first()
    if row is None:
        raise NotFound("unknown_jurisdiction", id=code_or_id)
    return row["id"]

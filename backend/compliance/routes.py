from datetime import date
from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.params import FromPath, FromQuery, QueryParameter

from backend.auth.dependencies import CurrentViewer
from backend.calendar_feeds.words import label
from backend.compliance import schemas, service
from backend.compliance.commissions import commission_duties
from backend.compliance.report import RowFilter, compliance_report
from backend.core.download_names import content_disposition, file_name
from reports.compliance import FORMATS, STATUS_ZH, report_bytes

PeriodLabel = Annotated[str | None, QueryParameter(description="2026-Q1, 2026-H1, 2026-03")]
AsOf = Annotated[
    date | None, QueryParameter(description="judge as of this Shanghai date (default today)")
]


class ComplianceController(Controller):
    path = "/api/compliance"
    tags = ["compliance"]

    @get("/")
    async def institution(
        self,
        viewer: CurrentViewer,
        institution: FromQuery[int],
        year: FromQuery[int],
        as_of: AsOf = None,
        rule: Annotated[
            str | None,
            QueryParameter(
                max_length=100, description="one rule's findings, with their activities named"
            ),
        ] = None,
    ) -> schemas.InstitutionCompliance:
        return await service.institution_compliance(viewer, institution, year, as_of, rule_id=rule)

    @get("/matrix")
    async def matrix(
        self,
        viewer: CurrentViewer,
        jurisdiction: FromQuery[int],
        year: FromQuery[int],
        as_of: AsOf = None,
        period: PeriodLabel = None,
    ) -> schemas.ComplianceMatrix:
        return await service.compliance_matrix(viewer, jurisdiction, year, as_of, period)

    @get("/commissions")
    async def commissions(
        self,
        viewer: CurrentViewer,
        jurisdiction: FromQuery[int],
        year: FromQuery[int],
        as_of: AsOf = None,
        period: PeriodLabel = None,
    ) -> schemas.CommissionDuties:
        """The health commissions' own duties (work meetings, regional drills...) at and below
        a jurisdiction."""
        return await commission_duties(viewer, jurisdiction, year, as_of, period)

    @get("/report")
    async def report(
        self,
        viewer: CurrentViewer,
        jurisdiction: FromQuery[int],
        year: FromQuery[int],
        as_of: AsOf = None,
        period: PeriodLabel = None,
        format: Annotated[Literal["xlsx", "csv", "png"], QueryParameter()] = "xlsx",
        county: FromQuery[str | None] = None,
        kind: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        """The matrix as a file; county, kind and status narrow it as the page's filters do."""
        rows = RowFilter(county, kind, status)
        report = await compliance_report(
            viewer, jurisdiction, year, as_of, period, rows, with_findings=format == "xlsx"
        )
        # 南禾市-2026-合规矩阵-东岭县-综合医院-未达标.xlsx: what the reader filtered is in the name
        name = file_name(
            *report.title.split(" "),
            county,
            label("institution_kind", kind or ""),
            STATUS_ZH.get(status or "", status),
            suffix=f".{format}",
        )
        fallback = f"compliance-{jurisdiction}-{year}{'-' + period if period else ''}.{format}"
        return Response(
            report_bytes(report, format),
            media_type=FORMATS[format],
            headers={
                "Content-Disposition": content_disposition(name, fallback, inline=format == "png")
            },
        )


class StaffComplianceController(Controller):
    path = "/api/staff/{staff_id:int}/compliance"
    tags = ["compliance"]

    @get("/")
    async def show(
        self,
        viewer: CurrentViewer,
        staff_id: FromPath[int],
        year: FromQuery[int],
        as_of: AsOf = None,
    ) -> schemas.StaffCompliance:
        return await service.staff_compliance(viewer, staff_id, year, as_of)

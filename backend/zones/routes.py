from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import FromPath, QueryParameter

from backend.auth.dependencies import CurrentViewer
from backend.core.download_names import content_disposition, file_name
from backend.zones import schemas
from backend.zones.commission_summary import commission_summary
from backend.zones.export import report_name, zone_report
from backend.zones.overview import zone_overview

Quarter = Annotated[
    str | None,
    QueryParameter(description="2026-Q3 (default: the current quarter, China time)", max_length=16),
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ZoneOverviewController(Controller):
    path = "/api/zones/{zone_id:int}"
    tags = ["zones"]

    @get("/overview")
    async def overview(
        self, viewer: CurrentViewer, zone_id: FromPath[int], quarter: Quarter = None
    ) -> schemas.ZoneOverview:
        """The zone page: league table, spot-checks, rectification and trend for a quarter."""
        return await zone_overview(viewer, zone_id, quarter, serve_stale=True)

    @get("/overview.xlsx", media_type=XLSX)
    async def report(
        self, viewer: CurrentViewer, zone_id: FromPath[int], quarter: Quarter = None
    ) -> Response[bytes]:
        """The quarterly zone report as an Excel file."""
        overview = await zone_overview(viewer, zone_id, quarter)
        return Response(
            zone_report(overview),
            media_type=XLSX,
            headers={
                "Content-Disposition": content_disposition(
                    file_name(overview.zone.name_zh, overview.quarter, "季度报告", suffix=".xlsx"),
                    report_name(overview),
                )
            },
        )


class CommissionSummaryController(Controller):
    path = "/api/commissions/{jurisdiction_id:int}"
    tags = ["zones"]

    @get("/summary")
    async def summary(
        self,
        viewer: CurrentViewer,
        jurisdiction_id: FromPath[int],
        year: Annotated[int | None, QueryParameter(ge=2000, le=2100)] = None,
    ) -> schemas.CommissionSummary:
        """A commission's landing page: most gaps, overdue rectification, its own duties."""
        return await commission_summary(viewer, jurisdiction_id, year)

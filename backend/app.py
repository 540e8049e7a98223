"""create_app(settings) -> Litestar: routes, error handlers, static pages. Nothing else."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.static_files import create_static_files_router

from backend.activities.routes import ActivityController, MyActivityController
from backend.attendance.check_in_routes import CheckInController, CheckInSheetController
from backend.attendance.recording_routes import AttendanceController, ResultsAwaitingController
from backend.attendance.routes import InvitationController
from backend.auth.routes import SessionController
from backend.auth.user_routes import UserController
from backend.calendar_feeds.routes import (
    InstitutionFeedController,
    InviteFileController,
    MyFeedController,
    calendar_feed,
)
from backend.competencies.certificate_routes import (
    CompetencyCertificateController,
    StaffCompetencyCertificateController,
)
from backend.competencies.drill_assessment_routes import DrillAssessmentController
from backend.competencies.exam_routes import CompetencyExamController
from backend.competencies.routes import CompetencyReadingController
from backend.compliance.routes import ComplianceController, StaffComplianceController
from backend.core.csrf import CrossSiteGuard
from backend.core.data_years import DataYearsController
from backend.core.errors import EXCEPTION_HANDLERS, ErrorResponseDocs, refuse_ids_out_of_range
from backend.core.favicon import favicon
from backend.core.health import health
from backend.core.pagination import provide_page
from backend.core.request_log import RequestLog, log_unrouted, provide_logged_viewer
from backend.core.security_headers import add_security_headers
from backend.core.settings import Settings, load_settings
from backend.credits.routes import CreditController, StaffCreditController
from backend.drill_records.routes import (
    ActionController,
    ActivityRecordController,
    RecordController,
)
from backend.inspections.routes import InspectionController
from backend.institutions.routes import (
    DepartmentController,
    InstitutionController,
    JurisdictionController,
    ZoneController,
)
from backend.paired_support.routes import PairedSupportController
from backend.rectification.routes import FindingController, RectificationController
from backend.rules.routes import RuleController
from backend.spot_checks.routes import SpotCheckController
from backend.staff.roster_routes import RosterImportController
from backend.staff.routes import InstitutionStaffController, StaffController
from backend.year_plan.routes import YearPlanController
from backend.zones.routes import CommissionSummaryController, ZoneOverviewController

FRONTEND = Path(__file__).resolve().parent.parent / "frontend_static"

ROUTES = [
    health,
    SessionController,
    UserController,
    JurisdictionController,
    InstitutionController,
    DepartmentController,
    ZoneController,
    ZoneOverviewController,
    CommissionSummaryController,
    StaffController,
    InstitutionStaffController,
    RosterImportController,
    ActivityController,
    MyActivityController,
    InvitationController,
    InspectionController,
    InviteFileController,
    MyFeedController,
    InstitutionFeedController,
    calendar_feed,
    ComplianceController,
    StaffComplianceController,
    RuleController,
    YearPlanController,
    AttendanceController,
    ResultsAwaitingController,
    CheckInController,
    CheckInSheetController,
    RecordController,
    ActivityRecordController,
    ActionController,
    DrillAssessmentController,
    CreditController,
    StaffCreditController,
    SpotCheckController,
    FindingController,
    RectificationController,
    PairedSupportController,
    CompetencyReadingController,
    CompetencyExamController,
    CompetencyCertificateController,
    StaffCompetencyCertificateController,
    DataYearsController,
    favicon,
]


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()
    return Litestar(
        route_handlers=[
            *ROUTES,
            create_static_files_router(path="/", directories=[FRONTEND], html_mode=True),
        ],
        dependencies={
            "viewer": Provide(provide_logged_viewer),
            "paging": Provide(provide_page, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=refuse_ids_out_of_range,
        plugins=[ErrorResponseDocs()],
        middleware=[RequestLog(), CrossSiteGuard()],
        before_send=[log_unrouted, add_security_headers],
        state=State({"settings": settings}),
        openapi_config=OpenAPIConfig(title="drillbook", version="0.1.0"),
        request_max_body_size=settings.max_upload_bytes,
        debug=False,
    )


def served_app() -> Litestar:
    """What `drillbook serve` runs, once in each worker process (uvicorn factory): the app holding
    its PostgreSQL connections open (tests' in-process clients do not)."""
    from backend.core.database import close_database_pool, open_database_pool

    app = create_app()
    app.on_startup.append(open_database_pool)
    app.on_shutdown.append(close_database_pool)
    return app

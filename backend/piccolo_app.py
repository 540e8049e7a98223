"""The one Piccolo app: every table, one migrations folder."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from backend.activities.tables import Activity
from backend.attendance.tables import Attendance, Invitation
from backend.audit.tables import AuditEntry
from backend.auth.tables import LoginAttempt, User, UserSession
from backend.calendar_feeds.tables import CalendarFeed
from backend.competencies.tables import (
    CompetencyAssessment,
    CompetencyCertificate,
    CompetencyExam,
)
from backend.compliance.tables import ComplianceSnapshot, FactsVersion, JudgingLease
from backend.credits.tables import CreditCertificate
from backend.drill_records.tables import (
    CorrectiveAction,
    DrillRecord,
    DrillRecordVersion,
    RecordEvidence,
)
from backend.inspections.tables import InspectionVisit
from backend.institutions.tables import Department, Institution, Jurisdiction, Zone, ZoneMembership
from backend.paired_support.tables import (
    ClinicDay,
    PairedSupportAgreement,
    PairedSupportRosterMember,
)
from backend.rectification.tables import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationOrder,
)
from backend.spot_checks.tables import SpotCheckDraw, SpotCheckReview, SpotCheckSample
from backend.staff.tables import LeavePeriod, RosterImportJob, StaffMember

ALL_TABLES = [
    Jurisdiction,
    Institution,
    Zone,
    ZoneMembership,
    Department,
    StaffMember,
    LeavePeriod,
    User,
    UserSession,
    Activity,
    Invitation,
    Attendance,
    CalendarFeed,
    FactsVersion,
    ComplianceSnapshot,
    JudgingLease,
    DrillRecord,
    DrillRecordVersion,
    CorrectiveAction,
    RecordEvidence,
    CreditCertificate,
    AuditEntry,
    LoginAttempt,
    RosterImportJob,
    SpotCheckSample,
    SpotCheckDraw,
    SpotCheckReview,
    RectificationOrder,
    RectificationAnswer,
    RectificationEvidence,
    PairedSupportAgreement,
    PairedSupportRosterMember,
    ClinicDay,
    InspectionVisit,
    CompetencyExam,
    CompetencyCertificate,
    CompetencyAssessment,
]

APP_CONFIG = AppConfig(
    app_name="drillbook",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=ALL_TABLES,
)

"""Reading competencies: a person's, a department's matrix (and its Excel file), the commission's
coverage of an area, the people due for a topic, and the framework in force."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import FromPath, FromQuery, QueryParameter

from backend.activities.vocabulary import DrillTopic
from backend.auth.dependencies import CurrentViewer
from backend.calendar_feeds.words import label
from backend.competencies import view_schemas as vs
from backend.competencies.coverage import area_coverage
from backend.competencies.department_matrix import department_matrix
from backend.competencies.due import due_people
from backend.competencies.matrix_export import matrix_workbook, workbook_name
from backend.competencies.person import framework_view, person_competencies
from backend.core.download_names import content_disposition, file_name
from backend.staff.vocabulary import StaffRole

INT64_MAX = 2**63 - 1
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CompetencyReadingController(Controller):
    tags = ["competencies"]

    @get("/api/competencies")
    async def framework(self, viewer: CurrentViewer) -> vs.FrameworkOut:
        """The competency framework in force today: domains, competencies, who must hold them."""
        return framework_view()

    @get("/api/staff/{staff_id:int}/competencies")
    async def person(self, viewer: CurrentViewer, staff_id: FromPath[int]) -> vs.PersonCompetencies:
        """A person's competencies: state, evidence, the next activity that would renew each."""
        return await person_competencies(viewer, staff_id)

    @get("/api/departments/{department_id:int}/competency-matrix")
    async def matrix(
        self,
        viewer: CurrentViewer,
        department_id: FromPath[int],
        role: FromQuery[StaffRole | None] = None,
    ) -> vs.DepartmentMatrix:
        """People x competencies of a department, coloured by state, and its coverage."""
        return await department_matrix(viewer, department_id, role and role.value)

    @get("/api/departments/{department_id:int}/competency-matrix.xlsx", media_type=XLSX)
    async def matrix_xlsx(
        self,
        viewer: CurrentViewer,
        department_id: FromPath[int],
        role: FromQuery[StaffRole | None] = None,
    ) -> Response[bytes]:
        """The department matrix as an Excel file (states in Chinese, a coverage sheet)."""
        matrix = await department_matrix(viewer, department_id, role and role.value)
        return Response(
            matrix_workbook(matrix),
            media_type=XLSX,
            headers={
                "Content-Disposition": content_disposition(
                    file_name(
                        matrix.institution_name,
                        matrix.department_name_zh,
                        label("staff_role", matrix.role or ""),
                        "能力矩阵",
                        matrix.as_of.isoformat(),
                        suffix=".xlsx",
                    ),
                    workbook_name(matrix),
                )
            },
        )

    @get("/api/competency-coverage")
    async def coverage(
        self,
        viewer: CurrentViewer,
        jurisdiction: Annotated[
            int, QueryParameter(ge=1, le=INT64_MAX, description="the area's jurisdiction")
        ],
    ) -> vs.AreaCoverage:
        """Per institution of an area, the share of required staff holding each competency."""
        return await area_coverage(viewer, jurisdiction)

    @get("/api/competencies/due")
    async def due(
        self,
        viewer: CurrentViewer,
        institution: Annotated[int | None, QueryParameter(ge=1, le=INT64_MAX)] = None,
        topic: FromQuery[DrillTopic | None] = None,
        activity: Annotated[int | None, QueryParameter(ge=1, le=INT64_MAX)] = None,
    ) -> vs.DueList:
        """People whose competencies that the topic (or activity) assesses are due."""
        return await due_people(viewer, institution, topic and topic.value, activity)

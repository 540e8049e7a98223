"""The competency assessments of a drill record: `/api/records/{id}/assessments`. Handlers are one
or two lines over the services (competencies/drill_assessments.py, drill_records/service.py)."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.params import FromPath, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.auth.scope import Viewer
from backend.competencies import drill_assessments
from backend.competencies.drill_assessments import AssessmentSheetOut, AssessmentsIn
from backend.core.clock import utc_now
from backend.drill_records import service


async def _sheet(viewer: Viewer, record_id: int) -> AssessmentSheetOut:
    record, activity = await service.readable_record(viewer, record_id)
    content = await service.content_in_force(record)
    return await drill_assessments.sheet(viewer, record, activity, content)


class DrillAssessmentController(Controller):
    path = "/api/records/{record_id:int}/assessments"
    tags = ["competencies"]

    @get("/")
    async def sheet(self, viewer: CurrentViewer, record_id: FromPath[int]) -> AssessmentSheetOut:
        """The competencies the drill's topic covers, the people who may be assessed and the
        marks of the version in force, all by name."""
        return await _sheet(viewer, record_id)

    @put("/")
    async def replace(
        self, viewer: CurrentViewer, record_id: FromPath[int], data: JSONBody[AssessmentsIn]
    ) -> AssessmentSheetOut:
        """The draft's whole list of marks (the same list again changes nothing); a submitted
        record answers 409 `record_locked`: amend it instead."""
        await service.replace_assessments(viewer, record_id, data.assessments, utc_now())
        return await _sheet(viewer, record_id)


__all__ = ["DrillAssessmentController"]

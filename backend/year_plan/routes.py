from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai, utc_now
from backend.year_plan import service
from backend.year_plan.schemas import AcceptIn, AcceptOut, YearPlanOut


class YearPlanController(Controller):
    path = "/api/institutions/{institution_id:int}/year-plan"
    tags = ["year plan"]

    @get("/")
    async def plan(
        self,
        viewer: CurrentViewer,
        institution_id: FromPath[int],
        year: FromQuery[int],
        night_drills: FromQuery[bool] = False,
        weekend_drills: FromQuery[bool] = False,
    ) -> YearPlanOut:
        """Proposed activities for the year from the institution's rules, on working days."""
        return await service.year_plan(
            viewer, institution_id, year, today_in_shanghai(), night_drills, weekend_drills
        )

    @post("/accept", status_code=201)
    async def accept(
        self, viewer: CurrentViewer, institution_id: FromPath[int], data: JSONBody[AcceptIn]
    ) -> AcceptOut:
        """Book the accepted (possibly edited) proposals as planned activities with invitations."""
        return await service.accept(viewer, institution_id, data, utc_now())

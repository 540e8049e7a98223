"""The institutions a quality inspection visits."""

from litestar import Controller, get, put
from litestar.params import FromPath, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import utc_now
from backend.inspections import service
from backend.inspections.schemas import InspectedIn, InspectedOut


class InspectionController(Controller):
    path = "/api/activities/{activity_id:int}/inspected-institutions"
    tags = ["inspections"]

    @get("/")
    async def read(self, viewer: CurrentViewer, activity_id: FromPath[int]) -> InspectedOut:
        """The institutions visited (of those outside the viewer's scope, only a count), and for
        the host the institutions it may list."""
        return await service.inspected(viewer, activity_id)

    @put("/")
    async def replace(
        self, viewer: CurrentViewer, activity_id: FromPath[int], data: JSONBody[InspectedIn]
    ) -> InspectedOut:
        """Replaces the whole list (the host of the inspection only)."""
        await service.replace_inspected(viewer, activity_id, data, utc_now())
        return await service.inspected(viewer, activity_id)

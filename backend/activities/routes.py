from datetime import date, timedelta
from typing import Annotated

from litestar import Controller, get
from litestar.params import FromQuery, QueryParameter

from backend.activities import schemas, service
from backend.activities.vocabulary import ActivityKind, ActivityStatus
from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai
from backend.core.errors import InvalidInput
from backend.core.pagination import Paging

DateFrom = Annotated[
    date | None, QueryParameter(name="from", description="Shanghai date, inclusive")
]
DateTo = Annotated[date | None, QueryParameter(name="to", description="Shanghai date, inclusive")]


def _ordered(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_to < date_from:
        raise InvalidInput("end_before_start")


class ActivityController(Controller):
    path = "/api/activities"
    tags = ["activities"]

    @get("/")
    async def index(
        self,
        viewer: CurrentViewer,
        paging: Paging,
        institution: FromQuery[int | None] = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        kind: FromQuery[ActivityKind | None] = None,
        status: FromQuery[ActivityStatus | None] = None,
    ) -> schemas.ActivityPage:
        _ordered(date_from, date_to)
        return await service.list_activities(
            viewer,
            paging,
            institution,
            date_from,
            date_to,
            kind and kind.value,
            status and status.value,
        )


class MyActivityController(Controller):
    path = "/api/me/activities"
    tags = ["activities"]

    @get("/")
    async def index(
        self, viewer: CurrentViewer, date_from: DateFrom = None, date_to: DateTo = None
    ) -> list[schemas.MyActivityOut]:
        """Default window: 90 days back to 90 days ahead of today in Shanghai."""
        today = today_in_shanghai()
        date_from = date_from or today - timedelta(days=90)
        date_to = date_to or today + timedelta(days=90)
        _ordered(date_from, date_to)
        return await service.my_activities(viewer, date_from, date_to)

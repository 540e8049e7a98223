from datetime import date, timedelta
from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.activities import booking, schemas, service
from backend.activities.vocabulary import ActivityKind, ActivityStatus, DrillTopic
from backend.attendance.invitees import suggestion
from backend.attendance.registration import activity_detail
from backend.auth.dependencies import CurrentViewer
from backend.auth.roles import UserRole
from backend.auth.scope import visible_institution
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.errors import Forbidden, InvalidInput
from backend.core.pagination import Paging
from backend.core.periods import day_in_range

DateFrom = Annotated[
    date | None, QueryParameter(name="from", description="Shanghai date, inclusive")
]
DateTo = Annotated[date | None, QueryParameter(name="to", description="Shanghai date, inclusive")]


def _ordered(date_from: date | None, date_to: date | None) -> None:
    day_in_range("from", date_from)
    day_in_range("to", date_to)
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

    @post("/")
    async def book(
        self, viewer: CurrentViewer, data: JSONBody[schemas.ActivityIn]
    ) -> schemas.BookingOut:
        """Book an activity (or a series). 409 `double_booked` lists clashes unless a reason
        to override them is given; 409 `likely_duplicate` names the same kind and topic by the
        same host that day unless `confirm_duplicate`; 400 for a time in the past unless
        `allow_past`."""
        return await booking.book(viewer, data, utc_now())

    @get("/invite-suggestion")
    async def invite_suggestion(
        self,
        viewer: CurrentViewer,
        institution: FromQuery[int],
        kind: FromQuery[ActivityKind],
        topic: FromQuery[DrillTopic | None] = None,
        on: FromQuery[date | None] = None,
    ) -> schemas.InviteSuggestion:
        """Whom the rules want at this kind of activity, and the staff who fit."""
        visible_institution(viewer, institution)
        if viewer.role == UserRole.staff:
            raise Forbidden("forbidden")  # a booking tool: it lists colleagues' roles
        day = day_in_range("on", on) or today_in_shanghai()
        return await suggestion(institution, kind.value, topic.value if topic else "", day)

    @get("/{activity_id:int}")
    async def detail(
        self, viewer: CurrentViewer, activity_id: FromPath[int]
    ) -> schemas.ActivityDetail:
        return await activity_detail(viewer, activity_id)

    @patch("/{activity_id:int}")
    async def edit(
        self,
        viewer: CurrentViewer,
        activity_id: FromPath[int],
        data: JSONBody[schemas.ActivityPatch],
    ) -> schemas.BookingOut:
        """Edit or reschedule one occurrence, or it and the rest of its series."""
        return await booking.edit(viewer, activity_id, data, utc_now())

    @post("/{activity_id:int}/cancel", status_code=200)
    async def cancel(
        self, viewer: CurrentViewer, activity_id: FromPath[int], data: JSONBody[schemas.CancelIn]
    ) -> schemas.BookingOut:
        return await booking.cancel(viewer, activity_id, data, utc_now())


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

"""Attendance taken at an activity, replies to invitations, activities awaiting their results."""

from litestar import Controller, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from backend.activities.schemas import ActivityOut
from backend.attendance import awaiting_results, recording, replies, sheet
from backend.attendance.recording import ScopedSheet, scoped_sheet
from backend.attendance.schemas import AttendanceIn, ReplyIn, ReplyOut
from backend.auth.dependencies import CurrentViewer
from backend.core.clock import utc_now


class AttendanceController(Controller):
    path = "/api/activities/{activity_id:int}"
    tags = ["attendance"]

    @get("/attendance")
    async def read(self, viewer: CurrentViewer, activity_id: FromPath[int]) -> ScopedSheet:
        """Everyone on the list and every walk-in, with their replies and recorded status (of
        other institutions' people, at an activity the viewer does not host, only a count)."""
        return await scoped_sheet(viewer, await sheet.sheet(viewer, activity_id, utc_now()))

    @put("/attendance")
    async def save(
        self, viewer: CurrentViewer, activity_id: FromPath[int], data: JSONBody[AttendanceIn]
    ) -> ScopedSheet:
        """The whole list (people left out lose their row, except people the viewer is not shown,
        who keep theirs); marks a planned activity held."""
        now = utc_now()
        await recording.save_sheet(viewer, activity_id, data, now)
        return await scoped_sheet(viewer, await sheet.sheet(viewer, activity_id, now))

    @post("/reply", status_code=200)
    async def reply(
        self, viewer: CurrentViewer, activity_id: FromPath[int], data: JSONBody[ReplyIn]
    ) -> ReplyOut:
        """The invited staff member accepts, or declines with a reason."""
        return await replies.reply(viewer, activity_id, data, utc_now())


class ResultsAwaitingController(Controller):
    path = "/api/activities/awaiting-results"
    tags = ["attendance"]

    @get("/")
    async def index(
        self, viewer: CurrentViewer, institution: FromQuery[int | None] = None
    ) -> list[ActivityOut]:
        """Activities that ended while still planned (结果待确认), oldest first."""
        return await awaiting_results.awaiting_results(viewer, utc_now(), institution)

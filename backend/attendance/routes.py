from litestar import Controller, delete, post
from litestar.params import FromPath, JSONBody

from backend.activities import checks, schemas
from backend.activities.service import visible_activity
from backend.attendance import registration
from backend.auth.dependencies import CurrentViewer
from backend.core.clock import utc_now
from backend.core.errors import InvalidInput


class InvitationController(Controller):
    """Who is invited to an activity, and self-registration for open sessions."""

    path = "/api/activities/{activity_id:int}"
    tags = ["attendance"]

    @post("/invitations", status_code=200)
    async def invite(
        self, viewer: CurrentViewer, activity_id: FromPath[int], data: JSONBody[schemas.InviteIn]
    ) -> schemas.BookingOut:
        return await registration.invite(viewer, activity_id, data, utc_now())

    @delete("/invitations/{staff_member_id:int}", status_code=200)
    async def uninvite(
        self, viewer: CurrentViewer, activity_id: FromPath[int], staff_member_id: FromPath[int]
    ) -> schemas.RegistrationOut:
        await checks.editable_activity(viewer, activity_id)
        return await registration.withdraw(viewer, activity_id, staff_member_id, utc_now())

    @post("/registration", status_code=200)
    async def register(
        self, viewer: CurrentViewer, activity_id: FromPath[int]
    ) -> schemas.RegistrationOut:
        """A staff member takes a seat, or a place on the waitlist when the session is full."""
        return await registration.register(viewer, activity_id, utc_now())

    @delete("/registration", status_code=200)
    async def withdraw(
        self, viewer: CurrentViewer, activity_id: FromPath[int]
    ) -> schemas.RegistrationOut:
        if viewer.staff_member_id is None:
            raise InvalidInput("needs_staff_member")
        await visible_activity(viewer, activity_id)
        return await registration.withdraw(viewer, activity_id, viewer.staff_member_id, utc_now())

from __future__ import annotations

import io
from datetime import datetime

import msgspec
import segno
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath

from backend.auth.dependencies import CurrentViewer
from backend.calendar_feeds import service
from backend.core.clock import utc_now
from backend.core.errors import NotFound

ICS = "text/calendar"  # Litestar adds "; charset=utf-8" to text types


class FeedAddressOut(msgspec.Struct):
    url: str
    webcal_url: str
    created_at: datetime


def _address(request: Request, address: service.FeedAddress) -> FeedAddressOut:
    base = request.app.state.settings.public_url or str(request.base_url).rstrip("/")
    url = f"{base}/calendar/{address.token}.ics"
    webcal = "webcal://" + url.split("://", 1)[1]
    return FeedAddressOut(url, webcal, address.created_at)


class InviteFileController(Controller):
    path = "/api/activities/{activity_id:int}/invite.ics"
    tags = ["calendars"]

    @get("/", media_type=ICS)
    async def invite(self, viewer: CurrentViewer, activity_id: FromPath[int]) -> Response[bytes]:
        """One event to add to a calendar; METHOD:CANCEL once the activity is cancelled."""
        body, name = await service.invite_file(viewer, activity_id)
        return Response(
            body, media_type=ICS, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )


class MyFeedController(Controller):
    path = "/api/me/calendar-feed"
    tags = ["calendars"]

    @get("/")
    async def address(self, request: Request, viewer: CurrentViewer) -> FeedAddressOut:
        """The secret subscription address of the viewer's own schedule (made on first use)."""
        return _address(request, await service.feed_address(viewer, None, utc_now()))

    @post("/rotate", status_code=200)
    async def rotate(self, request: Request, viewer: CurrentViewer) -> FeedAddressOut:
        """Revoke the current address (it answers 404 from now on) and issue a new one."""
        return _address(request, await service.feed_address(viewer, None, utc_now(), True))

    @get("/qr.svg", media_type="image/svg+xml")
    async def qr_code(self, request: Request, viewer: CurrentViewer) -> Response[bytes]:
        """The address as a QR code, for subscribing on a phone."""
        address = _address(request, await service.feed_address(viewer, None, utc_now()))
        out = io.BytesIO()
        segno.make(address.url, error="m").save(out, kind="svg", scale=5, border=2)
        return Response(out.getvalue(), media_type="image/svg+xml")


class InstitutionFeedController(Controller):
    path = "/api/institutions/{institution_id:int}/calendar-feed"
    tags = ["calendars"]

    @get("/")
    async def address(
        self, request: Request, viewer: CurrentViewer, institution_id: FromPath[int]
    ) -> FeedAddressOut:
        """The officer's subscription to every activity the institution hosts."""
        return _address(request, await service.feed_address(viewer, institution_id, utc_now()))

    @post("/rotate", status_code=200)
    async def rotate(
        self, request: Request, viewer: CurrentViewer, institution_id: FromPath[int]
    ) -> FeedAddressOut:
        address = await service.feed_address(viewer, institution_id, utc_now(), rotate=True)
        return _address(request, address)


@get("/calendar/{name:str}", media_type=ICS, tags=["calendars"])
async def calendar_feed(request: Request, name: FromPath[str]) -> Response[bytes]:
    """The subscription feed: no login, the secret address is the key. ETag and 304."""
    if not name.endswith(".ics"):
        raise NotFound("unknown_calendar_feed")
    answer = await service.feed_file(
        name.removesuffix(".ics"), utc_now(), request.headers.get("if-none-match")
    )
    headers = {"ETag": answer.etag, "Cache-Control": "private, no-cache"}
    if answer.body is None:
        return Response(b"", status_code=304, headers=headers, media_type=ICS)
    return Response(answer.body, media_type=ICS, headers=headers)

from __future__ import annotations

import io
import re
from datetime import datetime
from urllib.parse import urlparse

import msgspec
import segno
from litestar import Controller, Request, Response, asgi, get, post
from litestar.params import FromPath
from litestar.types import Receive, Scope, Send

from backend.auth.dependencies import CurrentViewer
from backend.calendar_feeds import service
from backend.core.clock import utc_now
from backend.core.download_names import content_disposition
from backend.core.errors import NotFound, error_body, language_of
from backend.core.messages import render
from backend.core.public_url import public_base
from backend.institutions.tables import Institution

ICS = "text/calendar"  # Litestar adds "; charset=utf-8" to text types
# TOKEN.ics, the token as secrets.token_urlsafe makes it: anything else (a NUL byte, which
# PostgreSQL refuses in a query) is no address, without asking the database.
FEED_NAME = re.compile(r"[A-Za-z0-9_-]{1,128}\.ics")


class FeedAddressOut(msgspec.Struct):
    url: str
    webcal_url: str
    created_at: datetime


def _address(request: Request, address: service.FeedAddress) -> FeedAddressOut:
    base = public_base(request)
    url = f"{base}/calendar/{address.token}.ics"
    webcal = "webcal://" + url.split("://", 1)[1]
    return FeedAddressOut(url, webcal, address.created_at)


class InviteFileController(Controller):
    path = "/api/activities/{activity_id:int}/invite.ics"
    tags = ["calendars"]

    @get("/", media_type=ICS)
    async def invite(
        self, request: Request, viewer: CurrentViewer, activity_id: FromPath[int]
    ) -> Response[bytes]:
        """One event to add to a calendar; METHOD:CANCEL once the activity is cancelled."""
        host = urlparse(public_base(request)).hostname
        body, name = await service.invite_file(viewer, activity_id, host)
        disposition = content_disposition(name, f"invite-{activity_id}.ics")
        return Response(body, media_type=ICS, headers={"Content-Disposition": disposition})


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


async def _existing(institution_id: int) -> int:
    """An administrator sees every institution, so a missing one must be caught here (not by
    the database refusing the feed row)."""
    if not await Institution.exists().where(Institution.id == institution_id):
        raise NotFound("unknown_institution", id=institution_id)
    return institution_id


class InstitutionFeedController(Controller):
    path = "/api/institutions/{institution_id:int}/calendar-feed"
    tags = ["calendars"]

    @get("/")
    async def address(
        self, request: Request, viewer: CurrentViewer, institution_id: FromPath[int]
    ) -> FeedAddressOut:
        """The officer's subscription to every activity the institution hosts."""
        institution_id = await _existing(institution_id)
        return _address(request, await service.feed_address(viewer, institution_id, utc_now()))

    @post("/rotate", status_code=200)
    async def rotate(
        self, request: Request, viewer: CurrentViewer, institution_id: FromPath[int]
    ) -> FeedAddressOut:
        institution_id = await _existing(institution_id)
        address = await service.feed_address(viewer, institution_id, utc_now(), rotate=True)
        return _address(request, address)


@asgi("/calendar", is_mount=True, copy_scope=False)
async def calendar_feed(scope: Scope, receive: Receive, send: Send) -> None:
    """The subscription feed: no login, the secret address is the key. ETag and 304.

    A bare ASGI handler: calendar apps poll feeds all day, and most answers are a 304 that needs
    one narrow query and none of the request machinery the JSON API uses."""
    headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
    name = scope["path"].strip("/")  # the mount's remainder: TOKEN.ics
    if scope["method"] not in ("GET", "HEAD"):
        await _send(send, 405, _error("method_not_allowed", headers), "application/json")
        return
    try:
        if not FEED_NAME.fullmatch(name):
            raise NotFound("unknown_calendar_feed")
        public_host = urlparse(scope["app"].state.settings.public_url).hostname
        answer = await service.feed_file(
            name.removesuffix(".ics"), utc_now(), headers.get("if-none-match"), public_host
        )
    except NotFound as exc:
        await _send(send, 404, _error(exc.code, headers), "application/json")
        return
    extra = [(b"etag", answer.etag.encode()), (b"cache-control", b"private, no-cache")]
    if answer.body is None:
        await _send(send, 304, b"", None, extra)
    else:
        await _send(send, 200, answer.body, ICS_UTF8, extra)


ICS_UTF8 = "text/calendar; charset=utf-8"


def _error(code: str, headers: dict[str, str]) -> bytes:
    language = language_of(headers.get("accept-language", ""))
    return msgspec.json.encode(error_body(code, render(code, language)))


async def _send(
    send: Send, status: int, body: bytes, media_type: str | None, extra: list | None = None
) -> None:
    headers = [(b"content-length", str(len(body)).encode()), *(extra or [])]
    if media_type:
        headers.append((b"content-type", media_type.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

"""Refuses writes to the API that a page of another origin made a logged-in browser send.

The session cookie is SameSite=Lax, so a page on another port of the same host (same *site*,
other *origin*) still gets it sent along. Browsers say where a request came from: modern ones
in Sec-Fetch-Site, all of them in Origin (or at least Referer) on unsafe methods. A request
without any of these headers does not come from a browser page (curl, scripts, the tests) and
carries no cookie a browser would add on its own, so it passes.

JSON routes also refuse bodies of other types: a plain HTML form or a no-preflight fetch can
only send text/plain, urlencoded or multipart bodies, which Litestar would otherwise decode as
JSON all the same.
"""

from __future__ import annotations

from urllib.parse import urlparse

from litestar.connection import ASGIConnection
from litestar.enums import RequestEncodingType, ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from backend.core.errors import Forbidden, UnsupportedMedia
from backend.core.public_url import own_origins

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# "none": typed in the address bar or opened from a bookmark, i.e. the person did it.
TRUSTED_FETCH_SITES = frozenset({"same-origin", "none"})


class CrossSiteGuard(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["method"] in UNSAFE_METHODS and scope["path"].startswith("/api/"):
            connection: ASGIConnection = ASGIConnection(scope)
            refuse_cross_site(connection)
            refuse_non_json_body(connection, scope)
        await next_app(scope, receive, send)


def refuse_cross_site(connection: ASGIConnection) -> None:
    headers = connection.headers
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in TRUSTED_FETCH_SITES:
        raise Forbidden("cross_site_request")
    origin = headers.get("origin")
    if origin is None:
        # Browsers may leave Origin out (old ones, some redirects); Referer still tells.
        referer = headers.get("referer")
        origin = _origin_of(referer) if referer else None
    if origin is not None and origin.lower() not in own_origins(connection):
        raise Forbidden("cross_site_request")


def _origin_of(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


def refuse_non_json_body(connection: ASGIConnection, scope: Scope) -> None:
    if not takes_json_body(scope):
        return
    content_type = connection.headers.get("content-type")
    if content_type is None:
        if connection.headers.get("content-length", "0") != "0" or (
            "transfer-encoding" in connection.headers
        ):
            raise UnsupportedMedia("json_body_expected")
        return
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMedia("json_body_expected")


def takes_json_body(scope: Scope) -> bool:
    """True when the route's `data` parameter is a JSON body (uploads declare multipart)."""
    signature = getattr(scope.get("route_handler"), "parsed_fn_signature", None)
    data = signature.parameters.get("data") if signature else None
    if data is None:
        return False
    media_type = getattr(data.kwarg_definition, "media_type", RequestEncodingType.JSON)
    return media_type == RequestEncodingType.JSON

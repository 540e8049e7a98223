"""Guards of the file-upload routes: `@post(..., guards=UPLOAD_GUARDS)`.

Litestar reads a route's multipart body before it resolves `viewer`, so without these an anonymous
upload was answered by whatever the body parser made of it, and a broken body by a 500. Guards
run before the body is read: anonymous -> 401 untouched (the viewer found is kept on the request,
so the route's `viewer` does not read the session again); a body that is not a form (JSON, text)
-> 415 `form_body_expected` naming multipart/form-data; then the form is parsed here, once (the
route's `data` reuses it), a broken one answering 400 `upload_malformed`. Oversize bodies keep
their 413 with the limit.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.handlers.base import BaseRouteHandler

from backend.auth.dependencies import provide_viewer
from backend.core.errors import InvalidInput, UnsupportedMedia

# What a browser's file form sends; a form without a file (e.g. a certificate typed in by hand)
# may come urlencoded.
FORM_MEDIA_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})


async def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """401 for anonymous callers, before their body is read (the viewer is kept on the request)."""
    await provide_viewer(connection)


async def sends_a_form(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """415 naming multipart/form-data for a body of another type (JSON sent to an upload was
    read as an empty form and answered "choose a file")."""
    content_type = connection.headers.get("content-type")
    if content_type is None:
        if connection.headers.get("content-length", "0") != "0" or (
            "transfer-encoding" in connection.headers
        ):
            raise UnsupportedMedia("form_body_expected")
        return
    if content_type.split(";", 1)[0].strip().lower() not in FORM_MEDIA_TYPES:
        raise UnsupportedMedia("form_body_expected")


async def well_formed_form(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """400 with a message a person understands for a multipart body that cannot be read."""
    if not isinstance(connection, Request):
        return
    try:
        await connection.form()
    except RequestEntityTooLarge:
        raise
    # the parser's own 400s, an unknown part charset (LookupError), undecodable text (ValueError)
    except (ClientException, LookupError, ValueError) as exc:
        raise InvalidInput("upload_malformed") from exc


UPLOAD_GUARDS = [signed_in, sends_a_form, well_formed_form]

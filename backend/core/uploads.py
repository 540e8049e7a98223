"""Guards of the file-upload routes: `@post(..., guards=UPLOAD_GUARDS)`.

Litestar reads a route's multipart body before it resolves `viewer`, so without these an anonymous
upload was answered by whatever the body parser made of it, and a broken body by a 500. Guards
run before the body is read: anonymous -> 401 untouched; then the form is parsed here, once
(the route's `data` reuses it), a broken one answering 400 `upload_malformed`. Oversize bodies
keep their 413 with the limit.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.handlers.base import BaseRouteHandler

from backend.auth.dependencies import provide_viewer
from backend.core.errors import InvalidInput


async def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """401 for anonymous callers, before their body is read."""
    await provide_viewer(connection)  # type: ignore[arg-type]


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


UPLOAD_GUARDS = [signed_in, well_formed_form]

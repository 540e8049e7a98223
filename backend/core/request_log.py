"""One JSON line per HTTP request, without personal data.

A line holds the time, method, route TEMPLATE (`/calendar/{token:str}.ics`, never the concrete
path: feed tokens and ids are in paths), status, duration, the viewer's role when a route asked
who is logged in, and a request id (also sent back as `X-Request-ID`). Never the query string,
names, usernames, cookies, tokens or bodies. uvicorn's own access log prints full paths and is
turned off by `drillbook serve`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from litestar import Request
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from backend.auth.dependencies import provide_viewer
from backend.auth.scope import Viewer
from backend.core.clock import utc_now_exact

LOGGER = logging.getLogger("drillbook.requests")
_STATE_KEY = "drillbook_request_log"
# An id from the reverse proxy (nginx `$request_id`) ties its log to ours; anything else is
# replaced, so a client cannot write text of its choosing into the log.
_PROXY_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
UNROUTED = "-"


def _configure() -> None:
    if not LOGGER.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        LOGGER.addHandler(handler)
        LOGGER.setLevel(logging.INFO)
        LOGGER.propagate = False


_configure()


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _PROXY_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


def _route(scope: Scope) -> str:
    """The matched template; a mounted ASGI app (the calendar feed) has none of its own, so it is
    its mount path with a placeholder for the rest (the feed token)."""
    if template := scope.get("path_template"):
        return template
    handler = scope.get("route_handler")
    if handler is not None and getattr(handler, "is_mount", False):
        return min(handler.paths).rstrip("/") + "/{path}"
    return UNROUTED


def _line(scope: Scope, route: str, status: int, duration_ms: float | None) -> str:
    entry = scope["state"].get(_STATE_KEY, {})
    return json.dumps(
        {
            "time": utc_now_exact().isoformat(timespec="milliseconds"),
            "method": scope.get("method", ""),
            "route": route,
            "status": status,
            "duration_ms": duration_ms,
            "role": entry.get("role"),
            "request_id": entry.get("request_id") or _request_id(scope),
        },
        separators=(",", ":"),
    )


class RequestLog(ASGIMiddleware):
    """Routed requests: the template is known once the router has matched the route."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        started = time.perf_counter()
        entry = {"request_id": _request_id(scope), "role": None}
        scope["state"][_STATE_KEY] = entry
        status = 500

        async def logged_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", entry["request_id"].encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await next_app(scope, receive, logged_send)
        finally:
            duration = round((time.perf_counter() - started) * 1000, 1)
            LOGGER.info(_line(scope, _route(scope), status, duration))


async def log_unrouted(message: Message, scope: Scope) -> None:
    """before_send hook: requests the router refused (no route, method not allowed) never reach
    the middleware; they get their line here, without a duration."""
    if scope.get("type") != "http" or "route_handler" in scope:
        return
    if message["type"] == "http.response.start":
        LOGGER.info(_line(scope, UNROUTED, message["status"], None))


async def provide_logged_viewer(request: Request) -> Viewer:
    """The `viewer` dependency, noting the role for the request's log line."""
    viewer = await provide_viewer(request)
    entry = request.scope["state"].get(_STATE_KEY)
    if entry is not None:
        entry["role"] = viewer.role.value
    return viewer

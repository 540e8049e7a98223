"""Domain errors and how they reach people: `{"error": code, "message": text}` in their language.

Services raise `DomainError` subclasses with a message code from `messages.py`; the handlers
here pick the language from the request (Accept-Language, default Chinese) and never leak a
stack trace. Anything unexpected becomes a 500 with a generic message and is logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from backend.core.messages import render

log = logging.getLogger("drillbook")


class DomainError(Exception):
    status_code = 400

    def __init__(self, code: str, /, details: Any = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.details = details


class InvalidInput(DomainError):
    status_code = 400


class NotAuthenticated(DomainError):
    status_code = 401


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class TooLarge(DomainError):
    status_code = 413


class UnsupportedMedia(DomainError):
    status_code = 415


def request_language(request: Request) -> str:
    return language_of(request.headers.get("accept-language", ""))


def language_of(accept_language: str) -> str:
    """English when the reader's first language is English; Chinese otherwise."""
    first = accept_language.split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": code, "message": message}
    if details is not None:
        body["details"] = details
    return body


def domain_error_handler(request: Request, exc: DomainError) -> Response:
    lang = request_language(request)
    message = render(exc.code, lang, **exc.params)
    return Response(error_body(exc.code, message, exc.details), status_code=exc.status_code)


def validation_error_handler(request: Request, exc: ValidationException) -> Response:
    lang = request_language(request)
    if _is_malformed_body(exc.detail):
        return Response(
            error_body("malformed_json", render("malformed_json", lang)), status_code=400
        )
    found = exc.extra if isinstance(exc.extra, list) else []
    problems = [_problem(d, lang) for d in found if isinstance(d, dict)]
    separator = "；" if lang == "zh" else "; "
    listed = separator.join(render("invalid_field", lang, **p) for p in problems) or "-"
    message = render("invalid_input", lang, fields=listed)
    return Response(error_body("invalid_input", message, problems or None), status_code=400)


def _is_malformed_body(detail: str | None) -> bool:
    """The JSON parser's complaints; "Invalid UTF-8 encoded string" is a body in another
    encoding (GBK, Latin-1), to its sender just as much not JSON as a broken one."""
    text = (detail or "").lower()
    return any(word in text for word in ("malformed", "decode", "truncated", "utf-8"))


def _problem(detail: dict, lang: str) -> dict[str, str]:
    """One wrong field as a person reads it: its path (`people[2].staff_member_id`) and why."""
    text = str(detail.get("message", ""))
    field = field_path(detail)
    problem = {"field": field, "reason": render(_reason_code(text), lang, **_reason_params(text))}
    if detail.get("source"):
        problem["source"] = str(detail["source"])
    return problem


def field_path(detail: dict) -> str:
    """`key` is where msgspec stopped (`data` is the body itself); a missing or unknown field
    is named only in the message."""
    key = str(detail.get("key") or "")
    key = "" if key == "data" else key.removeprefix("data.")
    named = re.search(r"field `([^`]+)`", str(detail.get("message", "")))
    if named:
        return f"{key}.{named.group(1)}" if key else named.group(1)
    return key or "-"


_REASONS = [
    ("missing required field", "reason_required"),
    ("unknown field", "reason_unknown_field"),
    ("invalid enum value", "reason_not_a_choice"),
    ("of length <=", "reason_too_long"),
    ("of length >=", "reason_too_short"),
    ("matching regex", "reason_pattern"),
    (">=", "reason_at_least"),
    (">", "reason_above"),
    ("<=", "reason_at_most"),
    ("<", "reason_below"),
    ("datetime", "reason_datetime"),
    ("date", "reason_date"),
    ("time", "reason_time"),
    ("uuid", "reason_pattern"),
]
_TYPES = {
    "str": "reason_text",
    "int": "reason_integer",
    "float": "reason_number",
    "bool": "reason_boolean",
    "array": "reason_list",
    "object": "reason_object",
    "null": "reason_null",
}


def _reason_code(text: str) -> str:
    lowered = text.lower()
    for needle, code in _REASONS:
        if needle in lowered:
            return code
    expected = re.match(r"Expected `([a-z]+)", text)
    if expected and expected.group(1) in _TYPES:
        return _TYPES[expected.group(1)]
    return "reason_invalid"


def _reason_params(text: str) -> dict[str, str]:
    bound = re.search(r"(?:<=|>=|<|>)\s*(-?[\d.]+)", text)
    return {"limit": bound.group(1)} if bound else {}


_HTTP_CODES = {
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "upload_too_large",
    415: "unsupported_media_type",
}


def http_error_handler(request: Request, exc: HTTPException) -> Response:
    lang = request_language(request)
    status = exc.status_code
    if status >= 500:
        log.exception("server error", exc_info=exc)
        return Response(
            error_body("internal_error", render("internal_error", lang)), status_code=500
        )
    code = _HTTP_CODES.get(status, "bad_request")
    if status == 400 and _is_malformed_body(exc.detail):
        code = "malformed_json"
    params = {}
    if status == 413:
        limit = request.app.state.settings.max_upload_bytes
        params["limit_mb"] = f"{limit / 1024 / 1024:g}"
    return Response(error_body(code, render(code, lang, **params)), status_code=status)


def number_out_of_range_handler(request: Request, exc: Exception) -> Response:
    """An integer in the query or body that the database cannot hold (beyond 64 bits): the
    request is wrong, not the server."""
    if isinstance(exc, asyncpg.exceptions.DataError) and "query argument" not in str(exc):
        return unexpected_error_handler(request, exc)  # the database's own data, not the request's
    log.info("number out of range on %s %s: %s", request.method, request.url.path, exc)
    lang = request_language(request)
    code = "number_out_of_range"
    return Response(error_body(code, render(code, lang)), status_code=400)


def undecodable_text_handler(request: Request, exc: UnicodeDecodeError) -> Response:
    """A form field or file name that is not UTF-8 text."""
    lang = request_language(request)
    return Response(error_body("bad_request", render("bad_request", lang)), status_code=400)


INT64 = range(-(2**63), 2**63)


async def refuse_ids_out_of_range(request: Request) -> None:
    """`before_request`: an id in the path beyond 64 bits names nothing that can exist."""
    for value in request.path_params.values():
        if isinstance(value, int) and value not in INT64:
            raise NotFound("not_found")


def unexpected_error_handler(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    lang = request_language(request)
    return Response(error_body("internal_error", render("internal_error", lang)), status_code=500)


@dataclass
class ErrorBody:
    """What every error answer carries (the OpenAPI document's shape for 4xx and 5xx)."""

    error: str
    message: str
    details: Any = None


_ERROR_DESCRIPTIONS = {
    400: "The request is not valid (wrong or missing fields, bad values).",
    401: "Not logged in.",
    403: "Logged in, but not allowed to do this.",
    404: "Not found, or not visible to this account.",
    409: "In conflict with what is already there.",
    413: "The request body or file is too large.",
    415: "The body or file is of a type this operation does not take.",
    429: "Too many failed attempts: wait (Retry-After) and try again.",
}
# Answers that what an operation takes does not show: login throttling (backend/auth/throttle.py).
_ALSO = {("POST", "/api/session"): {429}}
_NO_INPUT = {"request", "scope", "state", "headers", "cookies", "viewer"}
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def error_statuses(handler: HTTPRouteHandler, path: str) -> list[int]:
    """The error statuses an API operation can answer, from what it takes."""
    params = set(handler.parsed_fn_signature.parameters)
    statuses = set().union(*(_ALSO.get((m, path), set()) for m in handler.http_methods))
    if params - _NO_INPUT:
        statuses |= {400, 401, 404}  # 401: credentials or codes sent are refused
    if "viewer" in params:
        statuses |= {400, 401, 403}
        if handler.http_methods & _WRITES:
            statuses.add(409)
    if "data" in params:
        statuses |= {413, 415}
    return sorted(statuses)


class ErrorResponseDocs(ReceiveRoutePlugin):
    """Documents our `{error, message, details?}` body for every error status an /api operation
    can answer, in place of Litestar's `{status_code, detail}` (which we never send)."""

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/api/"):
            return
        for handler in route.route_handlers:
            documented = {
                status: ResponseSpec(
                    data_container=ErrorBody,
                    description=_ERROR_DESCRIPTIONS[status],
                    generate_examples=False,
                )
                for status in error_statuses(handler, route.path)
            }
            handler.responses = {**documented, **(handler.responses or {})}


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    OverflowError: number_out_of_range_handler,  # SQLite: int too large to convert
    asyncpg.exceptions.DataError: number_out_of_range_handler,  # PostgreSQL: out of int64 range
    UnicodeDecodeError: undecodable_text_handler,
    Exception: unexpected_error_handler,
}

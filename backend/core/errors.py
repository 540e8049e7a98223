"""Domain errors and how they reach people: `{"error": code, "message": text}` in their language.

Services raise `DomainError` subclasses with a message code from `messages.py`; the handlers
here pick the language from the request (Accept-Language, default Chinese) and never leak a
stack trace. Anything unexpected becomes a 500 with a generic message and is logged.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

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
    details = exc.extra if isinstance(exc.extra, list) else None
    fields = [_field_name(d) for d in details or [] if isinstance(d, dict)]
    code = "malformed_json" if _is_malformed_body(exc.detail) else "invalid_input"
    message = render(code, lang, fields=", ".join(f for f in fields if f) or "-")
    return Response(error_body(code, message, details), status_code=400)


def _is_malformed_body(detail: str | None) -> bool:
    text = (detail or "").lower()
    return "malformed" in text or "json is malformed" in text or "decode" in text


def _field_name(detail: dict) -> str:
    """The field a person would recognise: `$.name` or `password` out of msgspec's message."""
    match = re.search(r"`\$?\.?([^`]+)`", str(detail.get("message", "")))
    if match:
        return match.group(1)
    key = detail.get("key")
    return "" if key in (None, "data") else str(key)


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


def unexpected_error_handler(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    lang = request_language(request)
    return Response(error_body("internal_error", render("internal_error", lang)), status_code=500)


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}

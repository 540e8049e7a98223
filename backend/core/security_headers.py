"""Headers that tell browsers to refuse framing, sniffing, foreign scripts and plain HTTP.

A `before_send` hook rather than a middleware: it sees every response the app sends, including
the static pages, 404s and errors raised before any route was found.

The pages (frontend_static) load only their own script modules, one stylesheet and images from
the API; they use no inline scripts or style attributes, so the policy allows nothing else.
The browsable OpenAPI page (/schema) loads its viewer from a CDN with inline code: it keeps
only the framing rule.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SCHEMA_VIEWER_POLICY = "frame-ancestors 'none'"
SCHEMA_VIEWER_PATH = "/schema"
HSTS = "max-age=31536000"  # one year; subdomains are left alone (other hospital systems)

ALWAYS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    message.setdefault("headers", [])
    headers = MutableScopeHeaders.from_message(message)
    for name, value in ALWAYS.items():
        headers[name] = value
    headers["Content-Security-Policy"] = policy_for(scope.get("path", ""))
    if scope["app"].state.settings.production:
        headers["Strict-Transport-Security"] = HSTS


def policy_for(path: str) -> str:
    viewer = path.startswith(SCHEMA_VIEWER_PATH) and not path.endswith((".json", ".yaml"))
    return SCHEMA_VIEWER_POLICY if viewer else PAGE_POLICY

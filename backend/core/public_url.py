"""The address people's phones and calendars reach the app at."""

from urllib.parse import urlparse

from litestar import Request
from litestar.connection import ASGIConnection


def public_base(request: Request) -> str:
    """DRILLBOOK_PUBLIC_URL; in development without it, the address this request came to.

    Production always has DRILLBOOK_PUBLIC_URL (settings refuse to start without it), so feed
    and invitation addresses never come from a Host header the client chose."""
    settings = request.app.state.settings
    if settings.production or settings.public_url:
        return settings.public_url
    return str(request.base_url).rstrip("/")


def own_origins(connection: ASGIConnection) -> set[str]:
    """scheme://host[:port] of this app, as a browser writes it in an Origin header.

    Production: DRILLBOOK_PUBLIC_URL's only. Development also accepts the address the request
    came to (a browser cannot make a page of another origin send this app's Host with its own
    Origin), so a laptop at 127.0.0.1 works while phones use DRILLBOOK_PUBLIC_URL."""
    settings = connection.app.state.settings
    origins = set()
    if settings.public_url:
        parts = urlparse(settings.public_url)
        origins.add(f"{parts.scheme}://{parts.netloc}".lower())
    if not settings.production:
        host = connection.headers.get("host", "")
        origins.add(f"{connection.url.scheme}://{host}".lower())
    return origins

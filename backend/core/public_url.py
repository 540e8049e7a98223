"""The address people's phones and calendars reach the app at."""

from litestar import Request


def public_base(request: Request) -> str:
    """DRILLBOOK_PUBLIC_URL, else the address this request came to (development and demo)."""
    return request.app.state.settings.public_url or str(request.base_url).rstrip("/")

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency

from backend.auth.scope import Viewer
from backend.auth.service import SESSION_COOKIE, viewer_for_token
from backend.core.clock import utc_now

# Where the request's viewer is kept once its session has been read (the request's own state:
# the upload guards and the `viewer` dependency share it, so one request reads the session once).
_VIEWER_STATE_KEY = "drillbook_viewer"


async def provide_viewer(request: Request | ASGIConnection[Any, Any, Any, Any]) -> Viewer:
    """Any route that takes `viewer: Viewer` requires a logged-in user."""
    cached = request.state.get(_VIEWER_STATE_KEY)
    if cached is not None:
        return cached
    secret = request.app.state.settings.secret
    viewer = await viewer_for_token(request.cookies.get(SESSION_COOKIE), secret, utc_now())
    request.state[_VIEWER_STATE_KEY] = viewer
    return viewer


# Route parameter type: `viewer: CurrentViewer` makes a route require a logged-in user.
CurrentViewer = NamedDependency[Viewer]

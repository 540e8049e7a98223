from litestar import Request
from litestar.di import NamedDependency

from backend.auth.scope import Viewer
from backend.auth.service import SESSION_COOKIE, viewer_for_token
from backend.core.clock import utc_now


async def provide_viewer(request: Request) -> Viewer:
    """Any route that takes `viewer: Viewer` requires a logged-in user."""
    secret = request.app.state.settings.secret
    return await viewer_for_token(request.cookies.get(SESSION_COOKIE), secret, utc_now())


# Route parameter type: `viewer: CurrentViewer` makes a route require a logged-in user.
CurrentViewer = NamedDependency[Viewer]

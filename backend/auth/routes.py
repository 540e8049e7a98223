from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.params import JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.auth.roles import UserRole
from backend.auth.schemas import LoginIn, SessionOut
from backend.auth.scope import Viewer
from backend.auth.service import (
    SESSION_COOKIE,
    SESSION_LIFETIME,
    log_in,
    log_out,
    viewer_for_token,
)
from backend.auth.throttle import LoginThrottled, client_address
from backend.core.clock import utc_now
from backend.core.errors import error_body, request_language
from backend.core.messages import render
from backend.institutions.tables import Institution, Jurisdiction


def landing_page(viewer: Viewer) -> str:
    if viewer.role == UserRole.officer:
        return f"#/institutions/{viewer.institution_id}"
    if viewer.role == UserRole.staff:
        return "#/me"
    if viewer.role == UserRole.reviewer:
        return "#/zone"
    if viewer.role == UserRole.commission:  # its summary: most gaps, overdue orders, duties
        return f"#/commission/{viewer.jurisdiction_id}"
    return "#/institutions"


async def session_out(viewer: Viewer) -> SessionOut:
    institution = jurisdiction = None
    if viewer.institution_id:
        institution = (
            await Institution.select(Institution.name_zh)
            .where(Institution.id == viewer.institution_id)
            .first()
        )
    if viewer.jurisdiction_id:
        jurisdiction = (
            await Jurisdiction.select(Jurisdiction.name_zh)
            .where(Jurisdiction.id == viewer.jurisdiction_id)
            .first()
        )
    return SessionOut(
        username=viewer.username,
        display_name=viewer.display_name,
        role=viewer.role.value,
        institution_id=viewer.institution_id,
        institution_name=institution["name_zh"] if institution else None,
        jurisdiction_id=viewer.jurisdiction_id,
        jurisdiction_name=jurisdiction["name_zh"] if jurisdiction else None,
        staff_member_id=viewer.staff_member_id,
        locale=viewer.locale,
        landing=landing_page(viewer),
    )


def throttled_response(request: Request, exc: LoginThrottled) -> Response:
    message = render(exc.code, request_language(request), **exc.params)
    return Response(
        error_body(exc.code, message),
        status_code=exc.status_code,
        headers={"Retry-After": str(exc.retry_after)},
    )


class SessionController(Controller):
    path = "/api/session"
    tags = ["session"]

    @post("/", status_code=200)
    async def create(self, request: Request, data: JSONBody[LoginIn]) -> Response[SessionOut]:
        settings = request.app.state.settings
        now = utc_now()
        address = client_address(request)
        try:
            token = await log_in(
                data.username, data.password, settings.secret, now, address, settings.production
            )
        except LoginThrottled as exc:
            return throttled_response(request, exc)
        viewer = await viewer_for_token(token, settings.secret, now)
        cookie = Cookie(
            key=SESSION_COOKIE,
            value=token,
            httponly=True,
            samesite="lax",
            secure=settings.production,
            max_age=int(SESSION_LIFETIME.total_seconds()),
            path="/",
        )
        return Response(await session_out(viewer), cookies=[cookie])

    @get("/")
    async def show(self, viewer: CurrentViewer) -> SessionOut:
        return await session_out(viewer)

    @delete("/", status_code=200)
    async def destroy(self, request: Request) -> Response[dict]:
        await log_out(request.cookies.get(SESSION_COOKIE), request.app.state.settings.secret)
        response = Response({"status": "logged_out"})
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

"""The administrator's logins page: thin routes over backend/auth/users.py."""

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from backend.auth import users
from backend.auth.dependencies import CurrentViewer
from backend.auth.roles import UserRole
from backend.auth.schemas import PasswordIn, UserIn, UserOut, UserPage
from backend.core.pagination import Paging


class UserController(Controller):
    path = "/api/users"
    tags = ["session"]

    @get("/")
    async def index(
        self,
        viewer: CurrentViewer,
        paging: Paging,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        role: Annotated[UserRole | None, QueryParameter()] = None,
    ) -> UserPage:
        return await users.list_users(viewer, paging, q, role and role.value)

    @post("/")
    async def create(self, viewer: CurrentViewer, data: JSONBody[UserIn]) -> UserOut:
        return await users.create_user(viewer, data)

    @post("/{user_id:int}/password", status_code=200)
    async def set_password(
        self, viewer: CurrentViewer, user_id: FromPath[int], data: JSONBody[PasswordIn]
    ) -> UserOut:
        return await users.set_user_password(viewer, user_id, data)

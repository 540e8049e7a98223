from datetime import date
from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.auth.dependencies import CurrentViewer
from backend.core.pagination import Paging
from backend.staff import schemas, service
from backend.staff.vocabulary import ProfessionalTitle, StaffRole


class StaffController(Controller):
    path = "/api/staff"
    tags = ["staff"]

    @get("/")
    async def index(
        self,
        viewer: CurrentViewer,
        paging: Paging,
        institution: FromQuery[int | None] = None,
        department: FromQuery[int | None] = None,
        role: FromQuery[StaffRole | None] = None,
        title: FromQuery[ProfessionalTitle | None] = None,
        active_on: Annotated[date | None, QueryParameter(description="active on this date")] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> schemas.StaffPage:
        return await service.list_staff(
            viewer,
            paging,
            institution,
            department,
            role and role.value,
            title and title.value,
            active_on,
            q,
        )

    @get("/{staff_id:int}")
    async def show(self, viewer: CurrentViewer, staff_id: FromPath[int]) -> schemas.StaffOut:
        return await service.get_staff_member(viewer, staff_id)

    @patch("/{staff_id:int}")
    async def update(
        self, viewer: CurrentViewer, staff_id: FromPath[int], data: JSONBody[schemas.StaffPatch]
    ) -> schemas.StaffOut:
        return await service.update_staff_member(viewer, staff_id, data)

    @post("/{staff_id:int}/leave")
    async def add_leave(
        self, viewer: CurrentViewer, staff_id: FromPath[int], data: JSONBody[schemas.LeaveIn]
    ) -> schemas.StaffOut:
        return await service.add_leave(viewer, staff_id, data)


class InstitutionStaffController(Controller):
    path = "/api/institutions/{institution_id:int}/staff"
    tags = ["staff"]

    @post("/")
    async def create(
        self, viewer: CurrentViewer, institution_id: FromPath[int], data: JSONBody[schemas.StaffIn]
    ) -> schemas.StaffOut:
        return await service.create_staff_member(viewer, institution_id, data)

from datetime import date

from litestar import Controller, get, patch, post
from litestar.params import Parameter

from backend.auth.scope import Viewer
from backend.core.pagination import PageRequest
from backend.staff import schemas, service
from backend.staff.vocabulary import ProfessionalTitle, StaffRole


class StaffController(Controller):
    path = "/api/staff"
    tags = ["staff"]

    @get("/")
    async def index(
        self,
        viewer: Viewer,
        paging: PageRequest,
        institution: int | None = None,
        department: int | None = None,
        role: StaffRole | None = None,
        title: ProfessionalTitle | None = None,
        active_on: date | None = Parameter(
            default=None, description="active on this date (YYYY-MM-DD)"
        ),
        q: str | None = Parameter(default=None, max_length=100),
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
    async def show(self, viewer: Viewer, staff_id: int) -> schemas.StaffOut:
        return await service.get_staff_member(viewer, staff_id)

    @patch("/{staff_id:int}")
    async def update(
        self, viewer: Viewer, staff_id: int, data: schemas.StaffPatch
    ) -> schemas.StaffOut:
        return await service.update_staff_member(viewer, staff_id, data)

    @post("/{staff_id:int}/leave")
    async def add_leave(
        self, viewer: Viewer, staff_id: int, data: schemas.LeaveIn
    ) -> schemas.StaffOut:
        return await service.add_leave(viewer, staff_id, data)


class InstitutionStaffController(Controller):
    path = "/api/institutions/{institution_id:int}/staff"
    tags = ["staff"]

    @post("/")
    async def create(
        self, viewer: Viewer, institution_id: int, data: schemas.StaffIn
    ) -> schemas.StaffOut:
        return await service.create_staff_member(viewer, institution_id, data)

from litestar import Controller, get, patch, post
from litestar.params import Parameter

from backend.auth.scope import Viewer
from backend.core.pagination import PageRequest
from backend.institutions import schemas, service
from backend.institutions.vocabulary import InstitutionKind, InstitutionLevel


class JurisdictionController(Controller):
    path = "/api/jurisdictions"
    tags = ["institutions"]

    @get("/")
    async def index(self, viewer: Viewer) -> list[schemas.JurisdictionOut]:
        return await service.list_jurisdictions(viewer)

    @get("/{jurisdiction_id:int}")
    async def show(self, viewer: Viewer, jurisdiction_id: int) -> schemas.JurisdictionOut:
        return await service.get_jurisdiction(viewer, jurisdiction_id)

    @post("/")
    async def create(self, viewer: Viewer, data: schemas.JurisdictionIn) -> schemas.JurisdictionOut:
        return await service.create_jurisdiction(viewer, data)

    @patch("/{jurisdiction_id:int}")
    async def update(
        self, viewer: Viewer, jurisdiction_id: int, data: schemas.JurisdictionPatch
    ) -> schemas.JurisdictionOut:
        return await service.update_jurisdiction(viewer, jurisdiction_id, data)


class InstitutionController(Controller):
    path = "/api/institutions"
    tags = ["institutions"]

    @get("/")
    async def index(
        self,
        viewer: Viewer,
        paging: PageRequest,
        jurisdiction: int | None = Parameter(
            default=None, description="this jurisdiction and below"
        ),
        zone: int | None = None,
        kind: InstitutionKind | None = None,
        level: InstitutionLevel | None = None,
        q: str | None = Parameter(default=None, max_length=100),
    ) -> schemas.InstitutionPage:
        return await service.list_institutions(
            viewer, paging, jurisdiction, zone, kind and kind.value, level and level.value, q
        )

    @get("/{institution_id:int}")
    async def show(self, viewer: Viewer, institution_id: int) -> schemas.InstitutionOut:
        return await service.get_institution(viewer, institution_id)

    @post("/")
    async def create(self, viewer: Viewer, data: schemas.InstitutionIn) -> schemas.InstitutionOut:
        return await service.create_institution(viewer, data)

    @patch("/{institution_id:int}")
    async def update(
        self, viewer: Viewer, institution_id: int, data: schemas.InstitutionPatch
    ) -> schemas.InstitutionOut:
        return await service.update_institution(viewer, institution_id, data)

    @get("/{institution_id:int}/departments")
    async def departments(self, viewer: Viewer, institution_id: int) -> list[schemas.DepartmentOut]:
        return await service.list_departments(viewer, institution_id)

    @post("/{institution_id:int}/departments")
    async def create_department(
        self, viewer: Viewer, institution_id: int, data: schemas.DepartmentIn
    ) -> schemas.DepartmentOut:
        return await service.create_department(viewer, institution_id, data)


class DepartmentController(Controller):
    path = "/api/departments"
    tags = ["institutions"]

    @patch("/{department_id:int}")
    async def update(
        self, viewer: Viewer, department_id: int, data: schemas.DepartmentPatch
    ) -> schemas.DepartmentOut:
        return await service.update_department(viewer, department_id, data)


class ZoneController(Controller):
    path = "/api/zones"
    tags = ["institutions"]

    @get("/")
    async def index(self, viewer: Viewer) -> list[schemas.ZoneOut]:
        return await service.list_zones(viewer)

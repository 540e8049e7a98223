from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.auth.dependencies import CurrentViewer
from backend.core.pagination import Paging
from backend.institutions import schemas, service
from backend.institutions.vocabulary import InstitutionKind, InstitutionLevel


class JurisdictionController(Controller):
    path = "/api/jurisdictions"
    tags = ["institutions"]

    @get("/")
    async def index(self, viewer: CurrentViewer) -> list[schemas.JurisdictionOut]:
        return await service.list_jurisdictions(viewer)

    @get("/{jurisdiction_id:int}")
    async def show(
        self, viewer: CurrentViewer, jurisdiction_id: FromPath[int]
    ) -> schemas.JurisdictionOut:
        return await service.get_jurisdiction(viewer, jurisdiction_id)

    @post("/")
    async def create(
        self, viewer: CurrentViewer, data: JSONBody[schemas.JurisdictionIn]
    ) -> schemas.JurisdictionOut:
        return await service.create_jurisdiction(viewer, data)

    @patch("/{jurisdiction_id:int}")
    async def update(
        self,
        viewer: CurrentViewer,
        jurisdiction_id: FromPath[int],
        data: JSONBody[schemas.JurisdictionPatch],
    ) -> schemas.JurisdictionOut:
        return await service.update_jurisdiction(viewer, jurisdiction_id, data)


class InstitutionController(Controller):
    path = "/api/institutions"
    tags = ["institutions"]

    @get("/")
    async def index(
        self,
        viewer: CurrentViewer,
        paging: Paging,
        jurisdiction: Annotated[
            int | None, QueryParameter(description="this jurisdiction and below")
        ] = None,
        zone: FromQuery[int | None] = None,
        kind: FromQuery[InstitutionKind | None] = None,
        level: FromQuery[InstitutionLevel | None] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> schemas.InstitutionPage:
        return await service.list_institutions(
            viewer, paging, jurisdiction, zone, kind and kind.value, level and level.value, q
        )

    @get("/{institution_id:int}")
    async def show(
        self, viewer: CurrentViewer, institution_id: FromPath[int]
    ) -> schemas.InstitutionOut:
        return await service.get_institution(viewer, institution_id)

    @post("/")
    async def create(
        self, viewer: CurrentViewer, data: JSONBody[schemas.InstitutionIn]
    ) -> schemas.InstitutionOut:
        return await service.create_institution(viewer, data)

    @patch("/{institution_id:int}")
    async def update(
        self,
        viewer: CurrentViewer,
        institution_id: FromPath[int],
        data: JSONBody[schemas.InstitutionPatch],
    ) -> schemas.InstitutionOut:
        return await service.update_institution(viewer, institution_id, data)

    @get("/{institution_id:int}/departments")
    async def departments(
        self, viewer: CurrentViewer, institution_id: FromPath[int]
    ) -> list[schemas.DepartmentOut]:
        return await service.list_departments(viewer, institution_id)

    @post("/{institution_id:int}/departments")
    async def create_department(
        self,
        viewer: CurrentViewer,
        institution_id: FromPath[int],
        data: JSONBody[schemas.DepartmentIn],
    ) -> schemas.DepartmentOut:
        return await service.create_department(viewer, institution_id, data)


class DepartmentController(Controller):
    path = "/api/departments"
    tags = ["institutions"]

    @patch("/{department_id:int}")
    async def update(
        self,
        viewer: CurrentViewer,
        department_id: FromPath[int],
        data: JSONBody[schemas.DepartmentPatch],
    ) -> schemas.DepartmentOut:
        return await service.update_department(viewer, department_id, data)


class ZoneController(Controller):
    path = "/api/zones"
    tags = ["institutions"]

    @get("/")
    async def index(self, viewer: CurrentViewer) -> list[schemas.ZoneOut]:
        return await service.list_zones(viewer)

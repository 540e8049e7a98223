from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from backend.auth.dependencies import CurrentViewer
from backend.core.download_names import content_disposition, file_name
from backend.core.errors import InvalidInput, request_language
from backend.core.messages import render
from backend.core.uploads import UPLOAD_GUARDS
from backend.staff import roster_service
from backend.staff.roster_service import RosterJob
from backend.staff.roster_template import roster_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterErrorOut(msgspec.Struct):
    row: int
    column: str
    code: str
    message: str


class RosterResultOut(msgspec.Struct):
    created: int
    updated: int
    unchanged: int


class RosterJobOut(msgspec.Struct):
    id: str
    institution_id: int
    file_name: str
    state: str
    total_rows: int
    processed_rows: int
    result: RosterResultOut | None
    errors: list[RosterErrorOut]


class RosterUpload(msgspec.Struct):
    file: UploadFile | None = None


def job_out(job: RosterJob, lang: str) -> RosterJobOut:
    result = job.result
    return RosterJobOut(
        id=job.id,
        institution_id=job.institution_id,
        file_name=job.file_name,
        state=job.state,
        total_rows=job.total_rows,
        processed_rows=job.processed_rows,
        result=RosterResultOut(result.created, result.updated, result.unchanged)
        if result
        else None,
        errors=[
            RosterErrorOut(e.row, e.column, e.code, render(e.code, lang, **e.params))
            for e in job.errors
        ],
    )


class RosterImportController(Controller):
    tags = ["staff"]

    @post(
        "/api/institutions/{institution_id:int}/roster-imports",
        status_code=202,
        guards=UPLOAD_GUARDS,
    )
    async def create(
        self,
        request: Request,
        viewer: CurrentViewer,
        institution_id: FromPath[int],
        data: Annotated[RosterUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> RosterJobOut:
        if data.file is None:
            raise InvalidInput("roster_no_file")
        content = await data.file.read()
        job = await roster_service.start_import(viewer, institution_id, data.file.filename, content)
        return job_out(job, request_language(request))

    @get("/api/roster-imports/{job_id:str}")
    async def show(
        self, request: Request, viewer: CurrentViewer, job_id: FromPath[str]
    ) -> RosterJobOut:
        return job_out(await roster_service.get_job(viewer, job_id), request_language(request))

    @get("/api/institutions/{institution_id:int}/roster-template.xlsx", media_type=XLSX)
    async def template(
        self, viewer: CurrentViewer, institution_id: FromPath[int]
    ) -> Response[bytes]:
        """An empty roster with the headers the import reads (姓名 … 夜班) and one example row."""
        name, content = await roster_template(viewer, institution_id)
        return Response(
            content,
            media_type=XLSX,
            headers={
                "Content-Disposition": content_disposition(
                    file_name(name, "人员名单模板", suffix=".xlsx"), "roster-template.xlsx"
                )
            },
        )

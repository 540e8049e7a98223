"""Self check-in by a scanned QR code, and the printable sign-in sheet (签到表) with its import."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Annotated

import msgspec
import segno
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from backend.attendance import check_in_service
from backend.attendance.check_in import make_hold, shown_time
from backend.attendance.sign_in_import import SheetRow
from backend.auth.dependencies import CurrentViewer
from backend.core.clock import utc_now
from backend.core.errors import InvalidInput, request_language
from backend.core.messages import render
from backend.core.public_url import public_base
from backend.core.uploads import UPLOAD_GUARDS

PDF = "application/pdf"


class CheckInCodeOut(msgspec.Struct):
    code: str
    url: str  # what the QR code holds: the check-in page with this code
    qr_svg: str
    refresh_at: datetime  # show the next code from here (every 30 s)
    expires_at: datetime  # scans of this code are refused from here
    window_opens_at: datetime
    window_closes_at: datetime
    window_open: bool
    window_message: str


class CheckInIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=200)] = ""  # as read from the QR code
    hold: Annotated[str, msgspec.Meta(max_length=200)] = ""  # from POST /api/check-in/hold


class HoldIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=200)]


class HoldOut(msgspec.Struct):
    hold: str  # send as `hold` to POST /api/check-in once logged in
    expires_at: datetime


class CheckedInActivity(msgspec.Struct):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    host_name: str


class CheckInOut(msgspec.Struct):
    activity: CheckedInActivity
    status: str
    checked_in_at: datetime
    message: str


class ImportedPerson(msgspec.Struct):
    row: int
    staff_member_id: int
    name: str
    checked_in_at: datetime | None


class SheetImportOut(msgspec.Struct):
    marked: int  # people marked present (0 on a dry run)
    dry_run: bool
    people: list[ImportedPerson]
    message: str


class SheetUpload(msgspec.Struct):
    file: UploadFile | None = None


def qr_svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
    return out.getvalue().decode()


class CheckInController(Controller):
    path = "/api/check-in"
    tags = ["attendance"]

    @post("/", status_code=200)
    async def check_in(
        self, request: Request, viewer: CurrentViewer, data: JSONBody[CheckInIn]
    ) -> CheckInOut:
        """The logged-in staff member scanned the code on the screen: marked present now."""
        secret = request.app.state.settings.secret
        done = await check_in_service.check_in(viewer, data.code, secret, utc_now(), data.hold)
        return checked_in_out(done, request_language(request))

    @post("/hold", status_code=200)
    async def hold(self, request: Request, data: JSONBody[HoldIn]) -> HoldOut:
        """No login needed: a phone that scanned a fresh code before logging in keeps the scan
        for ten minutes, then checks in with the hold."""
        hold, expires_at = make_hold(request.app.state.settings.secret, data.code, utc_now())
        return HoldOut(hold, expires_at)


def checked_in_out(done: check_in_service.CheckedIn, lang: str) -> CheckInOut:
    row = done.activity
    host = row["host_institution_name"] or row["host_jurisdiction_name"] or ""
    message = render("check_in_done", lang, title=row["title"], time=shown_time(done.checked_in_at))
    return CheckInOut(
        activity=CheckedInActivity(
            row["id"], row["title"], row["starts_at"], row["ends_at"], row["place"], host
        ),
        status="present",
        checked_in_at=done.checked_in_at,
        message=message,
    )


class CheckInSheetController(Controller):
    """The officer's side: the rotating code for the screen, the paper sheet and its import."""

    path = "/api/activities/{activity_id:int}"
    tags = ["attendance"]

    @get("/check-in-code")
    async def code(
        self, request: Request, viewer: CurrentViewer, activity_id: FromPath[int]
    ) -> CheckInCodeOut:
        """A code for the screen at the venue; fetch again at `refresh_at`."""
        secret, now = request.app.state.settings.secret, utc_now()
        shown = await check_in_service.officer_code(viewer, activity_id, secret, now)
        url = f"{public_base(request)}/#/check-in?code={shown.issued.code}"
        return CheckInCodeOut(
            code=shown.issued.code,
            url=url,
            qr_svg=qr_svg(url),
            refresh_at=shown.issued.refresh_at,
            expires_at=shown.issued.expires_at,
            window_opens_at=shown.window.opens_at,
            window_closes_at=shown.window.closes_at,
            window_open=shown.window.holds(now),
            window_message=render(
                shown.window_state, request_language(request), **shown.window_params
            ),
        )

    @get("/sign-in-sheet.pdf", media_type=PDF)
    async def sheet(
        self, request: Request, viewer: CurrentViewer, activity_id: FromPath[int]
    ) -> Response[bytes]:
        """The printable A4 签到表 of the people on the list, with the check-in page's QR code."""
        page_url = f"{public_base(request)}/#/activities/{activity_id}/check-in"
        body, name = await check_in_service.sheet_file(viewer, activity_id, page_url)
        disposition = f"inline; filename=\"sign-in-{activity_id}.pdf\"; filename*=UTF-8''{name}"
        return Response(body, media_type=PDF, headers={"Content-Disposition": disposition})

    @post("/sign-in-import", status_code=200, guards=UPLOAD_GUARDS)
    async def import_sheet(
        self,
        request: Request,
        viewer: CurrentViewer,
        activity_id: FromPath[int],
        data: Annotated[SheetUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        dry_run: FromQuery[bool] = False,
    ) -> SheetImportOut:
        """The typed-up paper sheet (.xlsx: 姓名, 工号, 签到时间): everyone marked present, or
        nothing written and every wrong row listed."""
        if data.file is None:
            raise InvalidInput("sign_in_no_file")
        content, lang = await data.file.read(), request_language(request)
        rows = await check_in_service.import_sheet(
            viewer, activity_id, content, data.file.filename, utc_now(), dry_run, lang
        )
        return sheet_import_out(rows, dry_run, lang)


def sheet_import_out(rows: list[SheetRow], dry_run: bool, lang: str) -> SheetImportOut:
    code = "sign_in_checked" if dry_run else "sign_in_imported"
    return SheetImportOut(
        marked=0 if dry_run else len(rows),
        dry_run=dry_run,
        people=[ImportedPerson(r.row, r.staff_id, r.name, r.checked_in_at) for r in rows],
        message=render(code, lang, count=len(rows)),
    )

"""Paired support (对口支援): agreements, rosters, clinic days. Thin handlers over service.py."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai, utc_now
from backend.paired_support import service
from backend.paired_support.schemas import (
    AgreementDetail,
    AgreementIn,
    AgreementOut,
    CandidateOut,
    ClinicDayIn,
    ClinicDayOut,
    RosterMemberIn,
    RosterMemberOut,
)


class PairedSupportController(Controller):
    path = "/api/paired-support"
    tags = ["paired support"]

    @get("/agreements")
    async def agreements(
        self, viewer: CurrentViewer, institution: FromQuery[int | None] = None
    ) -> list[AgreementOut]:
        """Agreements the viewer may see; `institution`: those it supports or is supported by."""
        return await service.list_agreements(viewer, institution, today_in_shanghai())

    @get("/candidates")
    async def candidates(
        self, viewer: CurrentViewer, supporting: FromQuery[int]
    ) -> list[CandidateOut]:
        """The institutions an agreement of `supporting` may support (the form's choices), for
        those who may create one; MCH hospitals first."""
        return await service.supported_candidates(viewer, supporting)

    @post("/agreements", status_code=201)
    async def create(self, viewer: CurrentViewer, data: JSONBody[AgreementIn]) -> AgreementDetail:
        """By the administrator, the supporting institution's officer, or a commission over
        both institutions."""
        agreement_id = await service.create_agreement(viewer, data, utc_now())
        return await service.agreement_detail(viewer, agreement_id, today_in_shanghai())

    @get("/agreements/{agreement_id:int}")
    async def detail(self, viewer: CurrentViewer, agreement_id: FromPath[int]) -> AgreementDetail:
        """With its roster, clinic days and the weekly grid (up to a year back, 4 weeks ahead)."""
        return await service.agreement_detail(viewer, agreement_id, today_in_shanghai())

    @post("/agreements/{agreement_id:int}/roster", status_code=201)
    async def add_member(
        self, viewer: CurrentViewer, agreement_id: FromPath[int], data: JSONBody[RosterMemberIn]
    ) -> RosterMemberOut:
        """A staff member of the supporting institution of the rule's title or above; 400 below
        it or past the roster's maximum."""
        return await service.add_member(viewer, agreement_id, data, today_in_shanghai(), utc_now())

    @delete("/agreements/{agreement_id:int}/roster/{staff_id:int}", status_code=200)
    async def remove_member(
        self, viewer: CurrentViewer, agreement_id: FromPath[int], staff_id: FromPath[int]
    ) -> AgreementDetail:
        """Off the roster from today (on it until yesterday)."""
        today = today_in_shanghai()
        await service.remove_member(viewer, agreement_id, staff_id, today, utc_now())
        return await service.agreement_detail(viewer, agreement_id, today)

    @post("/agreements/{agreement_id:int}/clinic-days", status_code=201)
    async def log_clinic_day(
        self, viewer: CurrentViewer, agreement_id: FromPath[int], data: JSONBody[ClinicDayIn]
    ) -> Response[ClinicDayOut]:
        """Held days by the supported institution; planned ones by either side. Logging a held
        day for a planned one turns the plan into the held day (200)."""
        day, created = await service.log_clinic_day(
            viewer, agreement_id, data, today_in_shanghai(), utc_now()
        )
        return Response(day, status_code=201 if created else 200)

    @post("/clinic-days/{clinic_day_id:int}/confirm", status_code=200)
    async def confirm(self, viewer: CurrentViewer, clinic_day_id: FromPath[int]) -> ClinicDayOut:
        """By the supporting institution's officer: the day was worked."""
        return await service.confirm_clinic_day(viewer, clinic_day_id, utc_now())

    @post("/clinic-days/{clinic_day_id:int}/cancel", status_code=200)
    async def cancel(self, viewer: CurrentViewer, clinic_day_id: FromPath[int]) -> ClinicDayOut:
        """A planned day, by either side's officer (who may plan); 400 for a held day."""
        return await service.cancel_clinic_day(viewer, clinic_day_id, utc_now())

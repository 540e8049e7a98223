"""Spot-checks: draw a zone's quarterly sample, redraw it with a reason, read samples and draws,
save and submit the review of a draw. Handlers are one or two lines over the services."""

from __future__ import annotations

from litestar import Controller, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai, utc_now
from backend.spot_checks import reviews, sampling
from backend.spot_checks.schemas import DrawDetail, RedrawIn, ReviewIn, SampleIn, SampleOut


class SpotCheckController(Controller):
    path = "/api/spot-checks"
    tags = ["spot-checks"]

    @post("/samples")
    async def draw(self, viewer: CurrentViewer, data: JSONBody[SampleIn]) -> SampleOut:
        """Draw the sample of a zone's ended quarter (reviewer of the zone's lead, admin)."""
        request = sampling.SampleRequest(data.zone, data.quarter, data.size, data.seed)
        sample_id = await sampling.draw_sample(viewer, request, utc_now(), today_in_shanghai())
        return await reviews.sample(viewer, sample_id)

    @post("/samples/{sample_id:int}/redraw")
    async def redraw(
        self, viewer: CurrentViewer, sample_id: FromPath[int], data: JSONBody[RedrawIn]
    ) -> SampleOut:
        """A new sample replacing this one, with its reason; the old one stays, superseded."""
        request = sampling.RedrawRequest(data.reason, data.seed)
        new_id = await sampling.redraw_sample(
            viewer, sample_id, request, utc_now(), today_in_shanghai()
        )
        return await reviews.sample(viewer, new_id)

    @get("/samples")
    async def index(
        self,
        viewer: CurrentViewer,
        zone: FromQuery[int | None] = None,
        quarter: FromQuery[str | None] = None,
    ) -> list[SampleOut]:
        return await reviews.samples(viewer, zone, quarter)

    @get("/samples/{sample_id:int}")
    async def detail(self, viewer: CurrentViewer, sample_id: FromPath[int]) -> SampleOut:
        return await reviews.sample(viewer, sample_id)

    @get("/draws/{draw_id:int}")
    async def draw_detail(self, viewer: CurrentViewer, draw_id: FromPath[int]) -> DrawDetail:
        """The draw with exactly the record version drawn, and its review."""
        return await reviews.draw_detail(viewer, draw_id, today_in_shanghai())

    @put("/draws/{draw_id:int}/review")
    async def save_review(
        self, viewer: CurrentViewer, draw_id: FromPath[int], data: JSONBody[ReviewIn]
    ) -> DrawDetail:
        """Save the draft review (checklist answers, rating, 点评); replaces the saved draft."""
        await reviews.save_review(viewer, draw_id, data, utc_now())
        return await reviews.draw_detail(viewer, draw_id, today_in_shanghai())

    @post("/draws/{draw_id:int}/review/submit", status_code=200)
    async def submit_review(self, viewer: CurrentViewer, draw_id: FromPath[int]) -> DrawDetail:
        """Submit and lock the review; it then counts for the centre's zone-spot-check."""
        await reviews.submit_review(viewer, draw_id, utc_now())
        return await reviews.draw_detail(viewer, draw_id, today_in_shanghai())


__all__ = ["SpotCheckController"]

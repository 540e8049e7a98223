"""/favicon.ico, which browsers and tools ask for whatever the page links: the SVG icon."""

from __future__ import annotations

from pathlib import Path

from litestar import Response, get

ICON = Path(__file__).resolve().parent.parent.parent / "frontend_static" / "favicon.svg"


@get("/favicon.ico", media_type="image/svg+xml", include_in_schema=False, sync_to_thread=False)
def favicon() -> Response[bytes]:
    return Response(
        ICON.read_bytes(),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )

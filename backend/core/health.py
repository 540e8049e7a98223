from litestar import Request, get
from piccolo.querystring import QueryString

from backend.core.database import current_engine


@get("/api/health", tags=["health"])
async def health(request: Request) -> dict[str, str]:
    await current_engine().run_querystring(QueryString("SELECT 1"))
    return {"status": "ok", "database": request.app.state.settings.database_kind}

"""``/favicon.ico``: browsers ask every site for it, whatever a page links to.

``static/favicon.svg`` is the icon (the pages link it); ``static/favicon.ico`` holds the same icon
as PNG images of 16, 32 and 48 px, for browsers and tools that only read the ICO format.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from thbkg.serve.page import STATIC

ICO = STATIC / "favicon.ico"


def favicon_routes() -> list[Route]:
    async def favicon(_request: Request) -> Response:
        return FileResponse(ICO, media_type="image/vnd.microsoft.icon", headers={"Cache-Control": "max-age=86400"})

    return [Route("/favicon.ico", favicon, methods=["GET", "HEAD"])]

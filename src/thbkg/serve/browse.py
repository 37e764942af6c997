"""The ways in: ``/`` (the home page), ``/search?q=``, ``/id/`` (every kind) and ``/id/<kind>/``
(every thing of a kind). Registered before the entity routes, whose ``/id/<path>`` would otherwise
take ``/id/<kind>/``.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from thbkg.serve.browse_pages import everything_html, home_html, kind_html, search_html
from thbkg.serve.http_error import HttpError
from thbkg.serve.site import Site

KIND = re.compile(r"[a-z][a-z0-9-]{0,60}")  # the kind of a key (docs/iri-policy.md)


def browse_routes(site: Site) -> list[Route]:
    async def home(_request: Request) -> Response:
        about = await site.about()
        documents = [found for d in about.documents if (found := await site.document(d.iri))]
        return HTMLResponse(home_html(about, await site.index(), documents))

    async def find(request: Request) -> Response:
        query = request.query_params.get("q")
        if query is None:
            return HTMLResponse(search_html("", None))
        return HTMLResponse(search_html(query, (await site.searcher()).search(query)))

    async def everything(_request: Request) -> Response:
        return HTMLResponse(everything_html(await site.index()))

    async def kind(request: Request) -> Response:
        name = request.path_params["kind"]
        index = await site.index()
        things = index.of_kind(name) if KIND.fullmatch(name) else []
        if not things:
            raise HttpError(404, "no such kind of thing here: see /id/ for every kind")
        return HTMLResponse(kind_html(name, things, index))

    return [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/search", find, methods=["GET", "HEAD"]),
        Route("/id/", everything, methods=["GET", "HEAD"]),
        Route("/id/{kind}/", kind, methods=["GET", "HEAD"]),
    ]

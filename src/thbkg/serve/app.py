"""The web application: routes, error responses and CORS, on Starlette served by uvicorn.

Why Starlette + uvicorn (h11) rather than the standard library's ThreadingHTTPServer: the server
faces hostile input, and uvicorn bounds what a client can hold (open connections via
``limit_concurrency``, idle keep-alive, header size through h11's event limit) and parses HTTP with
h11, a strict, well-tested parser; Starlette adds routing and CORS that many projects rely on. The
standard server spawns an unbounded thread per connection and tolerates malformed requests.
Queries never run in this process: they go to the worker pool (pool.py) through threads, so the
event loop stays free to answer while queries run.
"""

from __future__ import annotations

from functools import partial

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp

from thbkg.serve.api import api_routes, saved_queries
from thbkg.serve.api_page import api_page_routes
from thbkg.serve.browse import browse_routes
from thbkg.serve.config import ServeConfig
from thbkg.serve.document_page import lead_html
from thbkg.serve.downloads import download_routes
from thbkg.serve.entities import entity_routes
from thbkg.serve.error_page import error_response
from thbkg.serve.favicon import favicon_routes
from thbkg.serve.graph_pages import graph_routes
from thbkg.serve.guard import LocalGraphs
from thbkg.serve.hardening import INTERNAL_ERROR, Hardened
from thbkg.serve.http_error import HttpError
from thbkg.serve.label_api import label_routes
from thbkg.serve.limits import RequestLimits, read_body
from thbkg.serve.negotiate import GRAPHS, MEDIA_TYPES, choose
from thbkg.serve.openapi import UNMATCHED_HEADER
from thbkg.serve.page import page_routes
from thbkg.serve.pool import Pool
from thbkg.serve.protocol import read_operation
from thbkg.serve.query_forms import form_routes
from thbkg.serve.readme_page import readme_routes
from thbkg.serve.service_description import service_description
from thbkg.serve.site import Site
from thbkg.serve.source_texts import SourceTexts
from thbkg.serve.worker import Job

SPARQL_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]
ROW_CAP_HEADER = "X-SPARQL-MaxRows"  # set (to the cap) only when a result was cut at the row cap
COMMON_HEADERS = {"Vary": "Accept"}


def create_app(config: ServeConfig, pool: Pool) -> ASGIApp:
    """The application serving ``pool``'s store under the limits of ``config``."""
    local = LocalGraphs(frozenset(pool.graphs))

    async def sparql(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ", ".join(SPARQL_METHODS), **COMMON_HEADERS})
        body = await read_body(request) if request.method == "POST" else b""
        operation = read_operation(
            request.method, request.scope["query_string"], request.headers.get("content-type"), body
        )
        accept = request.headers.get("accept")
        if operation.query is None:
            fmt = choose(GRAPHS, accept, operation.format)
            return _ok(service_description(config.endpoint, pool.graphs, fmt), fmt)
        for iri in (operation.default_graphs or []) + (operation.named_graphs or []):
            if iri not in local:
                raise HttpError(400, f"graph <{iri[:200]}> is not a graph of this endpoint, which never fetches graphs")
        job = Job(
            operation.query,
            accept,
            operation.format,
            config.max_rows,
            config.endpoint,
            operation.default_graphs,
            operation.named_graphs,
        )
        answer = await anyio.to_thread.run_sync(pool.run, job)
        if answer.status != 200:
            raise HttpError(answer.status, answer.message)
        return _ok(answer.body, answer.fmt, {ROW_CAP_HEADER: str(config.max_rows)} if answer.truncated else {})

    routes: list[Route | Mount] = [Route(path, sparql, methods=SPARQL_METHODS) for path in ("/sparql", "/sparql/")]
    catalogue = saved_queries(config.queries)
    routes += [*api_routes(config, pool, catalogue), *page_routes(catalogue, pool)]
    site = Site(pool, SourceTexts(config.sources))
    routes += [*browse_routes(site), *entity_routes(pool, partial(lead_html, site)), *download_routes(config.dist)]
    routes += [
        *form_routes(config, pool, catalogue),
        *label_routes(pool),
        *api_page_routes(catalogue),
        *readme_routes(config.dist),
        *graph_routes(pool),
        *favicon_routes(),
    ]
    middleware = [Middleware(RequestLimits)]
    if config.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=[ROW_CAP_HEADER, UNMATCHED_HEADER, "Retry-After"],
                max_age=86400,
            )
        )
    handlers = {HttpError: _http_error, HTTPException: _starlette_error, Exception: _internal_error}
    return Hardened(Starlette(routes=routes, middleware=middleware, exception_handlers=handlers))


def _ok(body: bytes, fmt: str, headers: dict[str, str] | None = None) -> Response:
    media = f"{MEDIA_TYPES[fmt]}; charset=utf-8"
    return Response(body, media_type=media, headers={**COMMON_HEADERS, **(headers or {})})


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A page for browsers, one line of text for other clients (error_page.py)."""
    return error_response(request.scope, status, message, headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    return _error(request, exc.status, exc.message, exc.headers)


async def _starlette_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return _error(request, 405, f"{request.method[:20]} is not allowed here", dict(exc.headers or {}))
    if exc.status_code == 404:
        asked = request.scope.get("raw_path", b"").decode("latin-1")[:200]  # as sent: percent-encoded, one line
        return _error(request, 404, f"nothing is served at {asked}")
    return _error(request, exc.status_code, str(exc.detail).splitlines()[0])


async def _internal_error(request: Request, _exc: Exception) -> Response:
    return _error(request, 500, INTERNAL_ERROR.decode().strip())

"""``/api/queries/NAME``: each saved query as a web API call, grlc-style, and its OpenAPI document.

A call binds the URL parameters (else the header's defaults) with ``thbkg.params``, so a value only
ever reaches the query as an escaped term in a VALUES block, then runs through the same guard,
negotiation, worker pool, timeout and row cap as ``/sparql``: the API is no way around its limits.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from thbkg.core.errors import QueryError
from thbkg.serve.config import ServeConfig
from thbkg.serve.http_error import HttpError
from thbkg.serve.negotiate import MEDIA_TYPES
from thbkg.serve.openapi import openapi_document, parameter_schema
from thbkg.serve.pool import Pool
from thbkg.serve.worker import Job
from thbkg.sparql.catalogue import SavedQuery, load_catalogue
from thbkg.sparql.run import prepare

FORMAT_PARAM = "format"  # chooses the result format, as on /sparql; never a query parameter
MAX_PARAMS = 50
HEADERS = {"Vary": "Accept"}
ROW_CAP_HEADER = "X-SPARQL-MaxRows"  # the header /sparql sets when a result was cut at the row cap


def saved_queries(folder: Path | None) -> dict[str, SavedQuery]:
    """The catalogue in ``folder``; none when the server runs without one (``--data`` elsewhere)."""
    return load_catalogue(folder) if folder is not None and folder.is_dir() else {}


def api_routes(config: ServeConfig, pool: Pool, catalogue: dict[str, SavedQuery]) -> list[Route]:
    """The routes of the query API over ``catalogue``, answering from ``pool``."""
    listing = [_entry(query) for query in catalogue.values()]
    document = openapi_document(catalogue)

    async def index(_request: Request) -> Response:
        return JSONResponse(listing, headers=HEADERS)

    async def openapi(_request: Request) -> Response:
        return JSONResponse(document, headers=HEADERS)

    async def call(request: Request) -> Response:
        query = catalogue.get(request.path_params["name"])
        if query is None:
            raise HttpError(404, f"no saved query {request.path_params['name'][:80]!r}; /api/queries lists them")
        given = _given(request.scope["query_string"])
        fmt_param = given.pop(FORMAT_PARAM, None)
        _check_required(query, given)
        try:
            text = prepare(query, given)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        job = Job(text, request.headers.get("accept"), fmt_param, config.max_rows, config.endpoint)
        answer = await anyio.to_thread.run_sync(pool.run, job)
        if answer.status != 200:
            raise HttpError(answer.status, answer.message)
        capped = {ROW_CAP_HEADER: str(config.max_rows)} if answer.truncated else {}
        media = f"{MEDIA_TYPES[answer.fmt]}; charset=utf-8"
        return Response(answer.body, media_type=media, headers={**HEADERS, **capped})

    return [
        Route("/api/queries", index, methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
        Route("/api/queries/{name}", call, methods=["GET"]),
    ]


def _entry(query: SavedQuery) -> dict:
    """What /api/queries says of one query: enough to call it, or to load it into an editor."""
    return {
        "name": query.name,
        "url": f"/api/queries/{query.name}",
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "form": query.form,
        "parameters": [
            {
                "name": p.name,
                "required": p.required,
                "default": query.defaults.get(p.name),
                "schema": parameter_schema(p),
            }
            for p in query.parameters
        ],
        "sparql": query.text,
    }


def _given(raw: bytes) -> dict[str, str]:
    """The URL parameters, each at most once, decoded as UTF-8; anything else answers 400."""
    try:
        pairs = parse_qsl(
            raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_PARAMS
        )
    except UnicodeDecodeError:
        raise HttpError(400, "the URL parameters are not UTF-8") from None
    except ValueError:
        raise HttpError(400, "too many URL parameters") from None
    given: dict[str, str] = {}
    for name, value in pairs:
        if name in given:
            raise HttpError(400, f"parameter {name[:40]!r} is given more than once")
        given[name] = value
    return given


def _check_required(query: SavedQuery, given: dict[str, str]) -> None:
    for param in query.parameters:
        if param.required and param.name not in given and param.name not in query.defaults:
            raise HttpError(400, f"missing parameter {param.name!r}: add ?{param.name}=VALUE to the URL")

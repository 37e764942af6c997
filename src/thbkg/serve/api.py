"""``/api/queries/NAME``: each saved query as a web API call, grlc-style, and its OpenAPI document.

A call binds the URL parameters (else the header's defaults) with ``thbkg.params``, so a value only
ever reaches the query as an escaped term in a VALUES block, then runs through the same guard,
negotiation, worker pool, timeout and row cap as ``/sparql``: the API is no way around its limits.
``NAME.rq`` answers that very text, and the listing gives it with the defaults bound (``sparql``),
so what a client copies runs elsewhere with the same answer. An empty result names, in a header,
the parameter values that match nothing in the data (sparql/hints.py); an unknown name answers 404
with the names most like it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, quote

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from thbkg.core.errors import QueryError
from thbkg.serve.config import ServeConfig
from thbkg.serve.http_error import HttpError
from thbkg.serve.negotiate import MEDIA_TYPES
from thbkg.serve.openapi import ROW_CAP, SPARQL_QUERY, UNMATCHED_HEADER, openapi_document, parameter_schema
from thbkg.serve.param_hints import ParameterHints, read_hints
from thbkg.serve.pool import Pool
from thbkg.serve.worker import Job
from thbkg.sparql.catalogue import SavedQuery, did_you_mean, load_catalogue
from thbkg.sparql.hints import Unmatched
from thbkg.sparql.run import prepare, runnable_text

FORMAT_PARAM = "format"  # chooses the result format, as on /sparql; never a query parameter
MAX_PARAMS = 50
HEADERS = {"Vary": "Accept"}
SAFE = "/:#"  # left as they are in a header's values: keys, CURIEs and IRIs stay readable


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
        query = saved_query(catalogue, request.path_params["name"])
        given = url_parameters(request.scope["query_string"])
        fmt_param = given.pop(FORMAT_PARAM, None)
        text = bound_text(query, given)
        job = Job(text, request.headers.get("accept"), fmt_param, config.max_rows, config.endpoint)
        answer = await anyio.to_thread.run_sync(pool.run, job)
        if answer.status != 200:
            raise HttpError(answer.status, answer.message)
        capped = {ROW_CAP: str(config.max_rows)} if answer.truncated else {}
        media = f"{MEDIA_TYPES[answer.fmt]}; charset=utf-8"
        response = Response(answer.body, media_type=media, headers={**HEADERS, **capped})
        if answer.empty and query.parameters:
            for miss in await unmatched_values(pool, query, given):
                response.headers.append(UNMATCHED_HEADER, unmatched_header(miss))
        return response

    async def text(request: Request) -> Response:
        query = saved_query(catalogue, request.path_params["name"])
        return Response(
            bound_text(query, url_parameters(request.scope["query_string"])), media_type=SPARQL_QUERY, headers=HEADERS
        )

    return [
        Route("/api/queries", index, methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
        Route("/api/queries/{name}.rq", text, methods=["GET"]),
        Route("/api/queries/{name}", call, methods=["GET"]),
    ]


def saved_query(catalogue: dict[str, SavedQuery], name: str) -> SavedQuery:
    """The query called ``name``; else 404, offering the names most like it."""
    if name in catalogue:
        return catalogue[name]
    raise HttpError(404, f"no saved query {name[:80]!r};{did_you_mean(catalogue, name[:80])} /api/queries lists them")


def bound_text(query: SavedQuery, given: dict[str, str]) -> str:
    """The text that runs: ``given`` (else the defaults) bound as ``thbkg query`` binds them."""
    _check_required(query, given)
    try:
        return prepare(query, given)
    except QueryError as exc:
        raise HttpError(400, str(exc)) from None


async def unmatched_values(pool: Pool, query: SavedQuery, given: dict[str, str]) -> list[Unmatched]:
    """The parameter values that match nothing; none when the look-up cannot run now (the pool
    busy or past its time limit), as the empty answer stands without them."""
    try:
        answer = await anyio.to_thread.run_sync(pool.run, ParameterHints(query, given))
    except HttpError:
        return []
    return read_hints(answer) if answer.status == 200 else []


def unmatched_header(miss: Unmatched) -> str:
    """``name=value; closest=v1 v2``, each part percent-encoded as in a URL (spaces, commas,
    semicolons and non-ASCII characters), so the value keeps to one header field."""
    near = " ".join(quote(value, safe=SAFE) for value in miss.closest)
    return f"{quote(miss.name, safe=SAFE)}={quote(miss.value, safe=SAFE)}; closest={near}"


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
        "sparql": runnable_text(query),
        "template": query.text,
    }


def url_parameters(raw: bytes) -> dict[str, str]:
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

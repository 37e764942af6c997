"""Dereferencing our IRIs: ``/id/<kind>/<slug>`` for things, ``/ontology`` for the vocabulary.

HTML for browsers, Turtle, JSON-LD, N-Triples or RDF/XML by Accept (q-values, negotiate.py) or by
``?format=``. The answer is a direct 200 with ``Vary: Accept``, not a 303: the thing's IRI is
``https://w3id.org/thbkg/id/...``, and the w3id redirect already lands on this document about it.
The lookup runs in the worker pool (lookup.py), with the IRI as a term, never as query text.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from thbkg.core.dumps import serialized
from thbkg.core.namespaces import THBR, TURTLE_PREFIXES, graph_iri
from thbkg.serve import entity_page, ontology_page
from thbkg.serve.entity_view import Neighbourhood
from thbkg.serve.http_error import HttpError
from thbkg.serve.lookup import Describe, GraphContents, Task
from thbkg.serve.negotiate import GRAPHS, choose
from thbkg.serve.pool import Pool
from thbkg.serve.worker import RDF_FORMATS

OFFERED = {"html": "text/html", **GRAPHS}
# What our IRIs are made of (docs/iri-policy.md); anything else is not ours, so 404.
PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9][A-Za-z0-9._~-]*)*")
MAX_PATH = 300
HEADERS = {"Vary": "Accept"}


def entity_routes(pool: Pool, lead: Callable[[str], Awaitable[str]] | None = None) -> list[Route]:
    """The routes for things and the ontology, answered from ``pool``; ``lead(iri)`` gives the markup
    that opens a thing's HTML page (a document's text: document_page.py)."""

    async def thing(request: Request) -> Response:
        path = request.path_params["path"]
        if len(path) > MAX_PATH or not PATH.fullmatch(path):
            raise HttpError(404, "no such thing: not an IRI of thbkg")
        fmt = _format(request)
        quads = await lookup(pool, Describe(THBR + path))
        view = Neighbourhood(THBR + path, quads)
        opening = await lead(THBR + path) if lead and fmt == "html" else ""
        return _answer(fmt, lambda: entity_page.entity_html(view, opening), view.description())

    async def ontology(request: Request) -> Response:
        fmt = _format(request)
        quads = await lookup(pool, GraphContents(graph_iri("ontology")))
        return _answer(fmt, lambda: ontology_page.ontology_html(quads), [q.triple for q in quads])

    return [
        Route("/id/{path:path}", thing, methods=["GET", "HEAD"]),
        Route("/ontology", ontology, methods=["GET", "HEAD"]),
    ]


def _format(request: Request) -> str:
    return choose(OFFERED, request.headers.get("accept"), request.query_params.get("format"))


async def lookup(pool: Pool, task: Task) -> list[ox.Quad]:
    """The quads ``task`` finds in the pool's store; its error status as an HttpError."""
    answer = await anyio.to_thread.run_sync(pool.run, task)
    if answer.status != 200:
        raise HttpError(answer.status, answer.message)
    return list(ox.parse(answer.body, format=ox.RdfFormat.N_QUADS))


def _answer(fmt: str, html: Callable[[], str], triples: list[ox.Triple]) -> Response:
    """HTML from ``html()``, or ``triples`` serialised in ``fmt``."""
    if fmt == "html":
        body = html().encode("utf-8")
    else:
        prefixes = TURTLE_PREFIXES if fmt in ("turtle", "rdfxml") else None
        body = serialized(triples, RDF_FORMATS[fmt], prefixes)
    return Response(body, media_type=f"{OFFERED[fmt]}; charset=utf-8", headers=HEADERS)

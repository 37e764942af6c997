"""Run a query on the embedded store or on any SPARQL 1.1 endpoint, with the same parameters.

Both paths send the very same text (parameters already bound by a VALUES block), so a saved query
means the same thing locally and remotely; every failure becomes a one-line QueryError.
"""

from __future__ import annotations

import re
import urllib.error
from collections.abc import Sequence
from urllib.parse import urlparse

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from thbkg.core.errors import QueryError
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.params import absolute_iri, bind, inject_values
from thbkg.sparql.results import Result, decode, from_oxigraph

DEFAULT_TIMEOUT = 30.0
OXIGRAPH_POSITION = re.compile(r"error at (?P<line>\d+):\d+:")  # how Oxigraph starts a syntax error


class EndpointError(QueryError):
    """The endpoint could not be reached or answered with an error."""


class QuerySyntaxError(QueryError):
    """The text is not SPARQL; ``line`` is the line of the text where Oxigraph stopped (0: unknown)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def prepare(query: SavedQuery, given: dict[str, str]) -> str:
    """The query text with its parameters (given, else the header's defaults) bound."""
    return inject_values(query.text, bind(list(query.parameters), given, query.defaults))


def run_local(store: ox.Store, text: str, form: str) -> Result:
    """Run on the embedded store; its default graph is the de-duplicated union (see store.py)."""
    try:
        return from_oxigraph(form, store.query(text))
    except SyntaxError as exc:
        position = OXIGRAPH_POSITION.match(str(exc))
        line = int(position["line"]) if position else 0
        raise QuerySyntaxError(f"SPARQL syntax error: {one_line(str(exc))}", line) from exc
    except OSError as exc:
        raise QueryError(f"the query failed: {one_line(str(exc))}") from exc


def run_remote(
    url: str, text: str, form: str, timeout: float = DEFAULT_TIMEOUT, default_graphs: Sequence[str] = ()
) -> Result:
    """Run through SPARQLWrapper (HTTP POST) against a SPARQL 1.1 endpoint; ``default_graphs`` are
    sent as the protocol's ``default-graph-uri``, for a store that holds our graphs only as named
    graphs (the endpoint's default graph is then their merge)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise QueryError(f"--endpoint must be an http(s) URL, got {url!r}")
    client = SPARQLWrapper(url)
    for graph in default_graphs:
        client.addParameter("default-graph-uri", absolute_iri(graph, "--default-graph-uri").value)
    client.setQuery(text)
    client.queryType = form  # its own guess reads words in comments (a header saying "describe")
    client.setMethod(POST)
    client.setTimeout(max(1, round(timeout)))
    client.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    try:
        response = client.query()
        body = response.response.read()
    except SPARQLWrapperException as exc:
        raise EndpointError(f"endpoint {url} refused the query: {one_line(str(exc))}") from exc
    except urllib.error.HTTPError as exc:
        raise EndpointError(f"endpoint {url} answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise EndpointError(f"cannot reach endpoint {url}: {one_line(str(exc.reason))}") from exc
    except TimeoutError as exc:
        raise EndpointError(f"endpoint {url} did not answer within {timeout:g} s") from exc
    except OSError as exc:
        raise EndpointError(f"cannot talk to endpoint {url}: {one_line(str(exc))}") from exc
    return _decode(url, form, body)


def _decode(url: str, form: str, body: bytes) -> Result:
    try:
        return decode(form, body, url)
    except (SyntaxError, ValueError) as exc:  # the answer is not what SPARQL 1.1 promises
        raise EndpointError(f"endpoint {url} sent an answer that is not SPARQL results: {one_line(str(exc))}") from exc


def one_line(text: str, limit: int = 300) -> str:
    """Collapse white space, so a multi-line engine message fits one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

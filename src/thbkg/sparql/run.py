"""Run a query on the embedded store or on any SPARQL 1.1 endpoint, with the same parameters.

Both paths send the very same text (parameters already bound by a VALUES block), so a saved query
means the same thing locally and remotely; every failure becomes a one-line QueryError.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from thbkg.core.errors import QueryError, one_line
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.endpoint import Endpoint
from thbkg.sparql.http import Credentials, Session, StoreError, http_url
from thbkg.sparql.params import absolute_iri, bind, inject_values
from thbkg.sparql.results import Result, from_oxigraph

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


def runnable_text(query: SavedQuery) -> str | None:
    """The text ``thbkg query NAME`` runs: its defaults bound, so that it runs as it stands on any
    SPARQL 1.1 store (the template alone reads a parameter as an unbound variable, matching
    everything). What the API, the query page and docs/queries.md show; None when a required
    parameter has no default, as the query then cannot run without a value."""
    try:
        return prepare(query, {})
    except QueryError:
        return None


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
    """Run on a SPARQL 1.1 endpoint (see endpoint.py); ``default_graphs`` are sent as the protocol's
    ``default-graph-uri``, for a store that holds our graphs only as named graphs (the endpoint's
    default graph is then their merge)."""
    try:
        graphs = [absolute_iri(graph, "--default-graph-uri").value for graph in default_graphs]
        endpoint = Endpoint(http_url(url, "--endpoint"), Session([url], Credentials(), timeout), "endpoint")
    except ValueError as exc:
        raise QueryError(str(exc)) from exc
    try:
        return endpoint.query(text, form, graphs)
    except StoreError as exc:
        raise EndpointError(str(exc)) from exc

"""Publish a build to a triple store that speaks the SPARQL 1.1 Graph Store Protocol, then check that
every saved query answers there as it does on the embedded store.

One PUT per named graph replaces exactly the graphs of the build and leaves the store's other
graphs alone, so a re-run is safe. The de-duplicated union goes into a graph of our own,
``thbg:all``, and the saved queries run with ``default-graph-uri`` = ``thbg:all`` and one
``named-graph-uri`` per graph of the build: the same dataset the embedded store offers (each
triple once in the default graph, ``GRAPH ?g`` telling the source; see sparql/store.py), whatever the
server's own default graph is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from thbkg.core.dumps import graph_ntriples, turtle, union_ntriples
from thbkg.core.errors import QueryError
from thbkg.core.namespaces import graph_iri
from thbkg.core.terms import Term
from thbkg.release.graph_store import RemoteStore
from thbkg.release.values import comparable
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.http import AuthRefused, Redirected, Refused, StoreError, Unreachable
from thbkg.sparql.results import Result
from thbkg.sparql.run import prepare, run_local

ALL_GRAPH = graph_iri("all")


@dataclass(frozen=True)
class GraphLoad:
    """One graph's PUT: how many triples, and the HTTP status or the error."""

    graph: str
    triples: int
    status: int | None
    error: str = ""


@dataclass
class LoadReport:
    """Every PUT tried, and why loading stopped early (unreachable, credentials refused, redirected), if it did."""

    loads: list[GraphLoad] = field(default_factory=list)
    stopped: str = ""

    @property
    def failed(self) -> list[GraphLoad]:
        return [load for load in self.loads if load.status is None]

    @property
    def complete(self) -> bool:
        return not self.stopped and not self.failed


@dataclass(frozen=True)
class QueryCheck:
    """A saved query's answer on the store against the local one; ``same`` is None when it could not run."""

    name: str
    same: bool | None
    detail: str


def payloads(quads: bytes) -> dict[str, bytes]:
    """Graph IRI -> sorted N-Triples: every named graph of the build, then their union as ``thbg:all``."""
    graphs = graph_ntriples(quads)
    return {**graphs, ALL_GRAPH: union_ntriples(graphs)}


def put_graphs(store: RemoteStore, graphs: dict[str, bytes]) -> LoadReport:
    """PUT every graph (as Turtle). A graph the store refuses is recorded and the rest still go; an
    unreachable store, refused credentials or a redirect not followed stop at once, as every other
    PUT would fail too."""
    report = LoadReport()
    for graph, ntriples in graphs.items():
        count = ntriples.count(b"\n")
        try:
            status = store.put(graph, turtle(ntriples))
        except Refused as exc:
            report.loads.append(GraphLoad(graph, count, None, str(exc)))
            continue
        except (AuthRefused, Redirected, Unreachable) as exc:
            report.stopped = str(exc)
            return report
        report.loads.append(GraphLoad(graph, count, status))
    return report


def check_queries(
    catalogue: dict[str, SavedQuery], local: ox.Store, store: RemoteStore, named: list[str]
) -> list[QueryCheck]:
    """Run every saved query (with its default parameters) locally and on the store; compare the
    answers as sets of comparable terms, so neither row order nor how an engine writes a value matters."""
    checks = []
    for query in catalogue.values():
        try:
            text = prepare(query, {})
            here = answer(run_local(local, text, query.form))
        except QueryError as exc:
            checks.append(QueryCheck(query.name, None, f"does not run locally: {exc}"))
            continue
        try:
            there = answer(store.queries.query(text, query.form, [ALL_GRAPH], named))
        except StoreError as exc:
            checks.append(QueryCheck(query.name, None, str(exc)))
            continue
        checks.append(compare(query.name, here, there))
    return checks


def answer(result: Result) -> bool | frozenset[tuple[Term | None, ...]]:
    """What to compare: ASK's boolean, SELECT's rows or a graph's triples, as a set of comparable terms."""
    if result.boolean is not None:
        return result.boolean
    if result.graph is not None:
        return frozenset(tuple(comparable(term) for term in triple) for triple in result.graph)
    return frozenset(tuple(comparable(row.get(name)) for name in result.variables) for row in result.rows)


def compare(name: str, here: bool | frozenset, there: bool | frozenset) -> QueryCheck:
    if isinstance(here, bool) or isinstance(there, bool):
        return QueryCheck(name, here == there, f"{str(here).lower()} here, {str(there).lower()} in the store")
    if here == there:
        return QueryCheck(name, True, f"{len(here)} row(s)")
    detail = (
        f"{len(here)} row(s) here, {len(there)} in the store: "
        f"{len(here - there)} missing there, {len(there - here)} only there"
        f"{_first('missing there', here - there)}{_first('only there', there - here)}"
    )
    return QueryCheck(name, False, detail)


def _first(what: str, rows: frozenset[tuple[Term | None, ...]]) -> str:
    """The first of ``rows`` in a fixed order, for the report to show what differs (cut at 300
    characters); nothing for no rows."""
    if not rows:
        return ""
    shown = [" | ".join("" if term is None else str(term) for term in row) for row in rows]
    first = min(shown)
    return f"; first {what}: {first[:300]}{'...' if len(first) > 300 else ''}"

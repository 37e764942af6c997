"""The validated data in one pyoxigraph store, read two ways: with pyoxigraph's values (for SPARQL
that compares or computes with them) and with every literal as rdflib reads it (for SHACL Core and
SPARQL that tells datatypes apart, as_written.py).

Only the triples whose object is a typed literal differ between the two, some 7% of the data: the
rest is loaded once, into the default graph, and those triples twice, as written into one named
graph (``VALUES``, where pyoxigraph keeps the values) and with their datatypes prefixed into another
(``WRITTEN``). A query reads the default graph with one of them as its default graph. Before, the
whole data was loaded into two stores, which was half of the time validation took at a thousand
reports.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from thbkg.build.engines.as_written import FUNCTIONS, PREFIX, stored, written
from thbkg.build.engines.as_written import as_written as datatypes_as_written
from thbkg.core.terms import solutions

VALUES = ox.NamedNode(PREFIX + "graph/values")
WRITTEN = ox.NamedNode(PREFIX + "graph/written")
DEFAULT = ox.DefaultGraph()
TYPED = b'"^^<'
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Bound = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]


def typed_lines(data: bytes) -> tuple[bytes, bytes]:
    """The lines of N-Triples ``data`` whose object is a typed literal, and the other lines."""
    typed, rest, start = [], [], 0
    at = data.find(TYPED)
    while at != -1:
        begin, end = data.rfind(b"\n", 0, at) + 1, data.find(b"\n", at) + 1 or len(data)
        rest.append(data[start:begin])
        typed.append(data[begin:end] if data[end - 1 : end] == b"\n" else data[begin:end] + b"\n")
        start = end
        at = data.find(TYPED, end)
    rest.append(data[start:])
    return b"".join(typed), b"".join(rest)


class Dataset:
    """N-Triples data in a store, as pyoxigraph's values or as written."""

    def __init__(self, data: bytes) -> None:
        typed, rest = typed_lines(data)
        self.store = ox.Store()
        self.store.bulk_load(rest, format=ox.RdfFormat.N_TRIPLES)
        self.store.bulk_load(typed, format=ox.RdfFormat.N_TRIPLES, to_graph=VALUES)
        self.store.bulk_load(written(typed), format=ox.RdfFormat.N_TRIPLES, to_graph=WRITTEN)
        # the predicates with a typed literal: the only ones whose values the written graph holds
        self.typed = {quad.predicate for quad in self.store.quads_for_pattern(None, None, None, WRITTEN)}

    def graphs(self, as_written: bool) -> list[GraphName]:
        """The graphs that make up the data as written or as pyoxigraph's values."""
        return [DEFAULT, WRITTEN if as_written else VALUES]

    def query(self, query: str, as_written: bool, substitutions: Bound | None = None) -> ox.QuerySolutions:
        """The rows of SELECT ``query`` on the data as written (``DATATYPE`` reading the datatype as
        written, the bound terms as the written graph keeps them) or as values."""
        if not as_written:
            return solutions(self.store.query(query, default_graph=self.graphs(False), substitutions=substitutions))
        bound: Bound = {
            name: term if isinstance(term, ox.Triple) else stored(term) for name, term in (substitutions or {}).items()
        }
        return solutions(
            self.store.query(
                datatypes_as_written(query),
                default_graph=self.graphs(True),
                substitutions=bound,
                custom_functions=FUNCTIONS,
            )
        )

    def quads(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        obj: ox.NamedNode | ox.BlankNode | ox.Literal | None,
    ) -> Iterator[ox.Quad]:
        """The triples of the data as written that match a pattern. (A look-up in every graph is
        quicker than one in the default graph, and a predicate without typed literals is in no other.)"""
        quads = self.store.quads_for_pattern(subject, predicate, obj)
        if predicate is not None and predicate not in self.typed:
            return quads
        return (quad for quad in quads if quad.graph_name != VALUES)

    def objects(
        self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode
    ) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        """The objects of ``subject``'s triples with ``predicate`` as written (the look-up SHACL Core
        makes for every focus node)."""
        if predicate in self.typed:
            return [quad.object for quad in self.quads(subject, predicate, None)]  # type: ignore[misc]
        return [quad.object for quad in self.store.quads_for_pattern(subject, predicate, None)]  # type: ignore[misc]

    def outgoing(
        self, subject: ox.NamedNode | ox.BlankNode
    ) -> dict[ox.NamedNode, list[ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """The objects of every triple of ``subject`` as written, by predicate."""
        found: dict[ox.NamedNode, list[ox.NamedNode | ox.BlankNode | ox.Literal]] = {}
        typed = self.typed
        for quad in self.store.quads_for_pattern(subject, None, None):
            predicate = quad.predicate
            if predicate not in typed or quad.graph_name != VALUES:
                found.setdefault(predicate, []).append(quad.object)  # type: ignore[arg-type]
        return found

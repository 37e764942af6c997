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


def _triples(data: bytes) -> list[ox.Triple]:
    return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


class Dataset:
    """N-Triples data in a store, as pyoxigraph's values or as written."""

    def __init__(self, data: bytes) -> None:
        typed, rest = typed_lines(data)
        self.store = ox.Store()
        self.store.bulk_load(rest, format=ox.RdfFormat.N_TRIPLES)
        self.store.bulk_load(typed, format=ox.RdfFormat.N_TRIPLES, to_graph=VALUES)
        self.store.bulk_load(written(typed), format=ox.RdfFormat.N_TRIPLES, to_graph=WRITTEN)
        # the predicates with a typed literal: the only ones whose values the written graph holds (one
        # may stay after a change removed its last typed literal: a look-up then only reads less)
        self.typed = {quad.predicate for quad in self.store.quads_for_pattern(None, None, None, WRITTEN)}
        self.typed_lines = set(typed.splitlines(keepends=True))  # what shapes_plan.plan reads of the data

    def typed_data(self) -> bytes:
        """The data's lines with a typed literal: all that shapes_plan.plan needs to read of it."""
        return b"".join(sorted(self.typed_lines))

    def update(self, added: bytes, removed: bytes) -> None:
        """Bring the data up to date with a change: the N-Triples lines ``added`` to it and those
        ``removed`` from it, each stored where loading the changed data would have put it. The
        values graph keeps a literal by its value, so one removed there is given back where another
        triple of the data, written otherwise, has the same value."""
        typed_removed, rest_removed = typed_lines(removed)
        typed_added, rest_added = typed_lines(added)
        for data, graph in ((rest_removed, DEFAULT), (typed_removed, VALUES), (written(typed_removed), WRITTEN)):
            for triple in _triples(data):
                self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
        for triple in _triples(typed_removed):
            for kept in self.store.quads_for_pattern(triple.subject, triple.predicate, None, WRITTEN):
                value = kept.object
                assert isinstance(value, ox.Literal)
                datatype = ox.NamedNode(value.datatype.value.removeprefix(PREFIX))
                self.store.add(
                    ox.Quad(kept.subject, kept.predicate, ox.Literal(value.value, datatype=datatype), VALUES)
                )
        for data, graph in ((rest_added, DEFAULT), (typed_added, VALUES), (written(typed_added), WRITTEN)):
            self.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in _triples(data))
            if graph == VALUES:
                self.typed |= {triple.predicate for triple in _triples(data)}
        self.typed_lines -= set(typed_removed.splitlines(keepends=True))
        self.typed_lines |= set(typed_added.splitlines(keepends=True))

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

"""Entity lookups, run in the query workers like queries, so the web process never holds the store.

A lookup reads the store's quad index, and the evidence pattern of core/evidence.py, with the IRI as
a term, never spliced into query text, and answers a small slice of the data as N-Quads (graph
names kept, so a page can say who states what).
The web process renders that slice as HTML or RDF (entity_page.py, ontology_page.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from thbkg.core.dumps import serialized
from thbkg.core.evidence import document_of_graph, evidence_about
from thbkg.core.names import LABEL_ORDER
from thbkg.serve.worker import Answer

LABELS = [ox.NamedNode(predicate) for predicate in LABEL_ORDER]


class Task(Protocol):
    """A job a worker runs on its store itself (not a query): it answers a slice of the data."""

    def run(self, store: ox.Store) -> Answer: ...


@dataclass(frozen=True)
class Describe:
    """The neighbourhood of one thing: its triples both ways, the parts named ``<iri>#...``, the
    evidence chain (statement, claim, passage, selectors) of every fact about it, and the labels
    of every node met, so the page can name what it links to."""

    iri: str

    def run(self, store: ox.Store) -> Answer:
        this = ox.NamedNode(self.iri)
        found = _named(store, this, None) | _named(store, None, this)
        if not found:
            return Answer(404, message=f"nothing is known about <{self.iri}>")
        own = f"{self.iri}#"
        parts = {q.object for q in found if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(own)}
        found |= _outgoing(store, parts | evidence_about(store, this))
        graphs = {q.graph_name.value for q in found if isinstance(q.graph_name, ox.NamedNode)}
        documents = {ox.NamedNode(d) for g in graphs if (d := document_of_graph(g))}
        nodes = {t for q in found for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
        found |= {q for node in nodes | documents for label in LABELS for q in _named(store, node, None, label)}
        return Answer(200, serialized(sorted(found, key=str), ox.RdfFormat.N_QUADS))


@dataclass(frozen=True)
class GraphContents:
    """Every quad of one named graph (the ontology), or 404 if the store has no such graph."""

    graph: str

    def run(self, store: ox.Store) -> Answer:
        quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(self.graph)))
        if not quads:
            return Answer(404, message=f"no graph <{self.graph}> here")
        return Answer(200, serialized(quads, ox.RdfFormat.N_QUADS))


def _named(
    store: ox.Store, subject: ox.NamedNode | None, obj: ox.NamedNode | None, predicate: ox.NamedNode | None = None
) -> set[ox.Quad]:
    """Matching quads of the named graphs (the default graph only repeats them)."""
    return {
        q
        for q in store.quads_for_pattern(subject, predicate, obj, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }


def _outgoing(store: ox.Store, subjects: Iterable[ox.NamedNode | ox.BlankNode | ox.Literal]) -> set[ox.Quad]:
    return {q for s in subjects if isinstance(s, ox.NamedNode) for q in _named(store, s, None)}

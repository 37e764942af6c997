"""Entity lookups, run in the query workers like queries, so the web process never holds the store.

A lookup reads the store's quad index with the IRI as a term, never spliced into query text, and
answers a small slice of the data as N-Quads (graph names kept, so a page can say who states what).
The web process renders that slice as HTML or RDF (entity_page.py, ontology_page.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.serve.worker import Answer

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OA = "http://www.w3.org/ns/oa#"
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
LABELS = [
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    ox.NamedNode("http://purl.org/dc/terms/title"),
]
STATEMENT_LINKS = [ox.NamedNode(RDF + "subject"), ox.NamedNode(RDF + "object")]
HAS_BODY, HAS_TARGET, HAS_SELECTOR = (ox.NamedNode(OA + n) for n in ("hasBody", "hasTarget", "hasSelector"))
GRAPH_BASE = "https://w3id.org/thbkg/graph/"
DOCUMENT_BASE = "https://w3id.org/thbkg/id/document/"


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
        found |= _outgoing(store, parts)
        statements = {q.subject for q in found if q.object == this and q.predicate in STATEMENT_LINKS}
        claims = {q.subject for st in statements for q in _named(store, None, st, HAS_BODY)}
        passages = {q.object for c in claims for q in _named(store, c, None, HAS_TARGET)}
        selectors = {q.object for p in passages for q in _named(store, p, None, HAS_SELECTOR)}
        found |= _outgoing(store, statements | claims | passages | selectors)
        documents = {ox.NamedNode(DOCUMENT_BASE + g.value.rsplit("/", 1)[1]) for g in _source_graphs(found)}
        nodes = {t for q in found for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
        found |= {q for node in nodes | documents for label in LABELS for q in _named(store, node, None, label)}
        return Answer(200, ox.serialize(sorted(found, key=str), format=ox.RdfFormat.N_QUADS))


@dataclass(frozen=True)
class GraphContents:
    """Every quad of one named graph (the ontology), or 404 if the store has no such graph."""

    graph: str

    def run(self, store: ox.Store) -> Answer:
        quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(self.graph)))
        if not quads:
            return Answer(404, message=f"no graph <{self.graph}> here")
        return Answer(200, ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


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


def _source_graphs(quads: set[ox.Quad]) -> set[ox.NamedNode]:
    """The per-document graphs (source/<id>, evidence/<id>) the quads come from."""
    prefixes = (f"{GRAPH_BASE}source/", f"{GRAPH_BASE}evidence/")
    graphs = {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    return {g for g in graphs if g.value.startswith(prefixes)}

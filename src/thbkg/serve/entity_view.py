"""What an entity page shows, read from the neighbourhood a lookup returns (lookup.Describe).

Kept apart from the HTML so the reading of the evidence pattern (docs/provenance.md: claim ->
statement, claim -> passage -> selectors) is in one place and the page only lays it out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.serve.lookup import DOCUMENT_BASE, GRAPH_BASE, HAS_BODY, HAS_SELECTOR, HAS_TARGET, PROV_DERIVED, RDF

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
NAME_PREDICATES = (SKOS + "prefLabel", RDFS_LABEL, SKOS + "altLabel")
RDF_TYPE = RDF + "type"
OA = "http://www.w3.org/ns/oa#"
LABEL_ORDER = (SKOS + "prefLabel", RDFS_LABEL, "http://purl.org/dc/terms/title")
LANGUAGE_ORDER = ("en", "nb", "no", "")

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


@dataclass(frozen=True)
class Fact:
    """One triple about the thing and the graphs that hold it."""

    triple: Triple
    graphs: tuple[str, ...]


@dataclass
class Passage:
    """A quoted span of a source document and the facts about the thing that it states."""

    iri: str
    document: str
    exact: str
    start: int
    end: int
    facts: list[Triple]


class Neighbourhood:
    """The thing ``iri`` seen through the quads around it."""

    def __init__(self, iri: str, quads: list[ox.Quad]) -> None:
        self.this = ox.NamedNode(iri)
        graphs: dict[Triple, set[str]] = defaultdict(set)
        for q in quads:
            graphs[(q.subject, q.predicate, q.object)].add(q.graph_name.value)
        self.graphs = {t: tuple(sorted(g)) for t, g in graphs.items()}
        self._objects: dict[tuple[str, str], list] = defaultdict(list)
        for s, p, o in self.graphs:
            self._objects[(s.value, p.value)].append(o)
        self.passages = self._read_passages()

    def value(self, subject: ox.Term, predicate: str) -> ox.Term | None:
        found = self._objects.get((subject.value, predicate))
        return found[0] if found else None

    def label(self, node: ox.NamedNode) -> str | None:
        """The best name of ``node``: skos:prefLabel, rdfs:label, dcterms:title; English first."""
        for predicate in LABEL_ORDER:
            found = [o for o in self._objects.get((node.value, predicate), []) if isinstance(o, ox.Literal)]
            for language in LANGUAGE_ORDER:
                for literal in sorted(found, key=lambda x: x.value):
                    if (literal.language or "") == language:
                        return literal.value
        return None

    def _about(self, outgoing: bool) -> list[Fact]:
        side = 0 if outgoing else 2
        return [Fact(t, g) for t, g in sorted(self.graphs.items(), key=_order) if t[side] == self.this]

    def names(self) -> list[Fact]:
        return [f for f in self._about(True) if f.triple[1].value in NAME_PREDICATES]

    def types(self) -> list[Fact]:
        return [f for f in self._about(True) if f.triple[1].value == RDF_TYPE]

    def facts(self) -> list[Fact]:
        """Outgoing triples other than names and types."""
        return [f for f in self._about(True) if f.triple[1].value not in (*NAME_PREDICATES, RDF_TYPE)]

    def mentions(self) -> list[Fact]:
        """Incoming triples, except the evidence graphs' own links (shown as passages instead)."""
        return [f for f in self._about(False) if not all(g.startswith(GRAPH_BASE + "evidence/") for g in f.graphs)]

    def description(self) -> list[ox.Triple]:
        """The triples the RDF forms answer: both ways, plus the parts named ``<iri>#...``."""
        own = (self.this.value, self.this.value + "#")
        return [
            ox.Triple(*t)
            for t in sorted(self.graphs, key=_key)
            if t[0].value == own[0] or t[0].value.startswith(own[1]) or t[2] == self.this
        ]

    def passages_of(self, triple: Triple) -> list[Passage]:
        return [p for ps in self.passages.values() for p in ps if triple in p.facts]

    def _read_passages(self) -> dict[str, list[Passage]]:
        """Passages by document IRI, each document's in text order."""
        found: dict[str, Passage] = {}
        for (claim, predicate), bodies in self._objects.items():
            if predicate != HAS_BODY.value:
                continue
            node = ox.NamedNode(claim)
            passage, document = self.value(node, HAS_TARGET.value), self.value(node, PROV_DERIVED.value)
            facts = [t for t in map(self._statement, bodies) if t and self.this in (t[0], t[2])]
            if passage is None or document is None or not facts:
                continue
            if passage.value not in found:
                exact, start, end = self._selectors(passage)
                found[passage.value] = Passage(passage.value, document.value, exact, start, end, [])
            found[passage.value].facts.extend(f for f in facts if f not in found[passage.value].facts)
        by_document: dict[str, list[Passage]] = defaultdict(list)
        for passage in sorted(found.values(), key=lambda p: (p.document, p.start)):
            by_document[passage.document].append(passage)
        return dict(by_document)

    def _statement(self, node: ox.Term) -> Triple | None:
        parts = [self.value(node, RDF + name) for name in ("subject", "predicate", "object")]
        return (parts[0], parts[1], parts[2]) if all(p is not None for p in parts) else None

    def _selectors(self, passage: ox.Term) -> tuple[str, int, int]:
        exact, start, end = "", -1, -1
        for selector in self._objects.get((passage.value, HAS_SELECTOR.value), []):
            exact = _text(self.value(selector, OA + "exact")) or exact
            start = int(_text(self.value(selector, OA + "start")) or start)
            end = int(_text(self.value(selector, OA + "end")) or end)
        return exact, start, end


def document_of_graph(graph: str) -> str | None:
    """The document IRI whose statements a per-document graph holds, or None."""
    for kind in ("source/", "evidence/"):
        if graph.startswith(GRAPH_BASE + kind):
            return DOCUMENT_BASE + graph[len(GRAPH_BASE + kind) :]
    return None


def _text(term: ox.Term | None) -> str | None:
    return term.value if isinstance(term, ox.Literal) else None


def _key(triple: Triple) -> tuple[str, str, str]:
    return (str(triple[0]), str(triple[1]), str(triple[2]))


def _order(item: tuple[Triple, tuple[str, ...]]) -> tuple[str, str, str]:
    return _key(item[0])

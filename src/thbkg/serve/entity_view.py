"""What an entity page shows, read from the neighbourhood a lookup returns (lookup.Describe).

Kept apart from the HTML so the page only lays out what is read here; the passages are read with
the evidence pattern of core/evidence.py (docs/provenance.md), run on the neighbourhood itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.evidence import Passage, Triple, passages_about, quote_selector_iri
from thbkg.core.names import LABEL_ORDER, best_name
from thbkg.core.namespaces import OA, RDF, RDF_TYPE, RDFS, SKOS, graph_iri
from thbkg.core.terms import lexical

NAME_PREDICATES = (SKOS + "prefLabel", RDFS + "label", SKOS + "altLabel")
EVIDENCE_GRAPHS = graph_iri("evidence/")
# The links of a reified statement to the fact's things, which the page shows as the fact itself.
REIFICATION = (RDF + "subject", RDF + "object")


@dataclass(frozen=True)
class Fact:
    """One triple about the thing and the graphs that hold it."""

    triple: Triple
    graphs: tuple[str, ...]


class Neighbourhood:
    """The thing ``iri`` seen through the quads around it."""

    def __init__(self, iri: str, quads: list[ox.Quad]) -> None:
        self.this = ox.NamedNode(iri)
        graphs: dict[Triple, set[str]] = defaultdict(set)
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode):
                graphs[(q.subject, q.predicate, q.object)].add(q.graph_name.value)
        self.graphs = {t: tuple(sorted(g)) for t, g in graphs.items()}
        self._objects: dict[tuple[str, str], list] = defaultdict(list)
        for s, p, o in self.graphs:
            self._objects[(lexical(s), p.value)].append(o)
        self.passages = self._read_passages(quads)

    def label(self, node: ox.NamedNode) -> str | None:
        """The best name of ``node``: skos:prefLabel, rdfs:label, dcterms:title; English first, then
        the other languages by tag, then a name with no language."""
        name = self.name(node)
        return name.value if name else None

    def name(self, node: ox.NamedNode) -> ox.Literal | None:
        """The literal ``label`` reads, with its language (a page marks a name not in English)."""
        return best_name(
            (predicate, o)
            for predicate in LABEL_ORDER
            for o in self._objects.get((node.value, predicate), [])
            if isinstance(o, ox.Literal)
        )

    def quote(self) -> str | None:
        """The words this thing quotes, where it is a passage (its quote selector's ``oa:exact``)."""
        exact = self._objects.get((quote_selector_iri(self.this.value), OA + "exact"), [])
        found = sorted(o.value for o in exact if isinstance(o, ox.Literal))
        return found[0] if found else None

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
        """Incoming triples, except the evidence graphs' own links (shown as passages instead) and a
        statement's links to its things (a curated link's record holds one in the curation graph)."""
        return [
            f
            for f in self._about(False)
            if not all(g.startswith(EVIDENCE_GRAPHS) for g in f.graphs) and f.triple[1].value not in REIFICATION
        ]

    def description(self) -> list[ox.Triple]:
        """The triples the RDF forms answer: both ways, plus the parts named ``<iri>#...``."""
        own = (self.this.value, self.this.value + "#")
        return [
            ox.Triple(*t)
            for t in sorted(self.graphs, key=_key)
            if lexical(t[0]) == own[0] or lexical(t[0]).startswith(own[1]) or t[2] == self.this
        ]

    def passages_of(self, triple: Triple) -> list[Passage]:
        return [p for ps in self.passages.values() for p in ps if triple in p.facts]

    def _read_passages(self, quads: list[ox.Quad]) -> dict[str, list[Passage]]:
        """Passages by document IRI, each document's in text order: the pattern reads the default
        graph, so the neighbourhood is loaded as one graph for it."""
        store = ox.Store()
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        by_document: dict[str, list[Passage]] = defaultdict(list)
        for passage in passages_about(store, self.this):
            by_document[passage.document].append(passage)
        return dict(by_document)


def _key(triple: Triple) -> tuple[str, str, str]:
    return (str(triple[0]), str(triple[1]), str(triple[2]))


def _order(item: tuple[Triple, tuple[str, ...]]) -> tuple[str, str, str]:
    return _key(item[0])

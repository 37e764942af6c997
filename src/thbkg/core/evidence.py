"""Which passages in which documents state a fact: the SPARQL pattern, and a helper to run it."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, URIRef

# The documented pattern (docs/provenance.md): bind ?s ?p ?o to a fact, get every passage.
PASSAGES_OF_FACT = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?document ?exact ?start ?end WHERE {
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?claim oa:hasBody ?statement ; oa:hasTarget ?passage ; prov:wasDerivedFrom ?document .
  ?passage oa:hasSelector ?quote, ?position .
  ?quote oa:exact ?exact .
  ?position oa:start ?start ; oa:end ?end .
}
ORDER BY ?document ?start
"""


@dataclass(frozen=True)
class Passage:
    """Where a fact is stated: the document, the quoted text and its character offsets."""

    document: URIRef
    exact: str
    start: int
    end: int


def passages_of(graph: Graph | Dataset, s: URIRef, p: URIRef, o: URIRef | Literal) -> list[Passage]:
    """Every passage stating the triple (s, p, o), in document and text order."""
    rows = graph.query(PASSAGES_OF_FACT, initBindings={"s": s, "p": p, "o": o})
    return [Passage(row.document, str(row.exact), int(row.start), int(row.end)) for row in rows]

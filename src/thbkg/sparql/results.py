"""One shape for query results from any engine, so every output format and test sees the same terms.

pyoxigraph gives its own terms, a SPARQL endpoint gives SPARQL 1.1 JSON (or Turtle for graphs);
both become rdflib terms here. ``xsd:string`` literals become plain literals (RDF 1.1 says they are
the same) and lexical forms are kept as sent, so answers from two engines compare equal as sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from thbkg.build.terms import bind_prefixes

INTEGER_DATATYPES = frozenset(
    XSD[t]
    for t in "integer nonPositiveInteger negativeInteger long int short byte nonNegativeInteger unsignedLong "
    "unsignedInt unsignedShort unsignedByte positiveInteger".split()
)


@dataclass
class Result:
    """A SELECT table (variables, rows), an ASK answer (boolean) or a CONSTRUCT/DESCRIBE graph."""

    form: str  # "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE"
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def as_set(self) -> set[tuple[Node | None, ...]]:
        """The rows as a set of canonical tuples (in variable order), to compare engines:
        neither row order nor an engine's choice of integer datatype matters."""
        return {tuple(canonical(row.get(v)) for v in self.variables) for row in self.rows}


def canonical(term: Node | None) -> Node | None:
    """Oxigraph stores xsd:integer's derived types (nonNegativeInteger, int, ...) as xsd:integer,
    where rdflib keeps them; for comparison every integer becomes a canonical xsd:integer, and an
    xsd:string literal (which rdflib keeps typed) a plain one, as RDF 1.1 says they are."""
    if isinstance(term, Literal) and term.datatype in INTEGER_DATATYPES and not term.ill_typed:
        return Literal(str(int(str(term))), datatype=XSD.integer)
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> Literal:
    if lang:
        return Literal(value, lang=lang)
    if datatype and datatype != str(XSD.string):
        return Literal(value, datatype=URIRef(datatype), normalize=False)
    return Literal(value)


def from_oxigraph_term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.language, term.datatype.value)
    return Literal(str(term))  # an RDF 1.2 triple term: shown, not interpreted


def from_oxigraph(form: str, answer: object) -> Result:
    """A result from ``pyoxigraph.Store.query``."""
    if isinstance(answer, ox.QueryBoolean):
        return Result(form, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [
            {v: from_oxigraph_term(solution[v]) for v in variables if solution[v] is not None} for solution in answer
        ]
        return Result(form, variables, rows)
    graph = Graph()
    bind_prefixes(graph)
    for t in answer:  # QueryTriples
        graph.add((from_oxigraph_term(t.subject), from_oxigraph_term(t.predicate), from_oxigraph_term(t.object)))
    return Result(form, graph=graph)


def from_json_term(binding: dict) -> Node:
    kind = binding.get("type")
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    if kind in ("literal", "typed-literal"):
        return literal(binding["value"], binding.get("xml:lang"), binding.get("datatype"))
    raise ValueError(f"unknown term type {kind!r} in the SPARQL JSON results")


def from_sparql_json(form: str, data: dict) -> Result:
    """A result from SPARQL 1.1 Query Results JSON (as an endpoint sends it)."""
    if "boolean" in data:
        return Result(form, boolean=bool(data["boolean"]))
    variables = list(data["head"].get("vars", []))
    rows = [{v: from_json_term(b) for v, b in row.items()} for row in data["results"]["bindings"]]
    return Result(form, variables, rows)

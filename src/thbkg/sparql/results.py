"""One shape for query results from any engine, so every output format and test sees the same terms.

pyoxigraph's own terms throughout: the embedded store gives them, and an endpoint's answer (SPARQL
1.1 Query Results JSON, or Turtle for a graph) is read by pyoxigraph's parsers into them. Lexical
forms stay as sent, and ``xsd:string`` is the plain literal (RDF 1.1 says they are the same), so
answers from two engines compare equal as sets once ``canonical`` has evened out integer types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from thbkg.core import xsd
from thbkg.core.namespaces import XSD
from thbkg.core.terms import Term

XSD_INTEGER = ox.NamedNode(XSD + "integer")


@dataclass
class Result:
    """A SELECT table (variables, rows), an ASK answer (boolean) or a CONSTRUCT/DESCRIBE graph."""

    form: str  # "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE"
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    graph: list[ox.Triple] | None = None

    def as_set(self) -> set[tuple[Term | None, ...]]:
        """The rows as a set of canonical tuples (in variable order), to compare engines:
        neither row order nor an engine's choice of integer datatype matters."""
        return {tuple(canonical(row.get(v)) for v in self.variables) for row in self.rows}


def canonical(term: Term | None) -> Term | None:
    """Oxigraph stores xsd:integer's derived types (nonNegativeInteger, int, ...) as xsd:integer,
    where other stores keep them: for comparison every valid integer becomes a canonical xsd:integer."""
    if not isinstance(term, ox.Literal) or term.datatype.value not in xsd.INTEGERS:
        return term
    if not xsd.valid(term.value, term.datatype.value):
        return term
    digits = term.value.lstrip("+-").lstrip("0") or "0"
    sign = "-" if term.value.startswith("-") and digits != "0" else ""
    return ox.Literal(sign + digits, datatype=XSD_INTEGER)


def from_oxigraph(form: str, answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    """A result from ``pyoxigraph.Store.query`` or ``pyoxigraph.parse_query_results``."""
    if isinstance(answer, ox.QueryBoolean):
        return Result(form, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [{v: t for v, t in zip(variables, solution, strict=True) if t is not None} for solution in answer]
        return Result(form, variables, rows)
    return Result(form, graph=list(dict.fromkeys(answer)))  # a graph is a set: each triple once


def parse_answer(form: str, body: bytes, base: str | None = None) -> Result:
    """An endpoint's answer: SPARQL 1.1 JSON results for SELECT and ASK, Turtle for a graph (its
    relative IRIs resolved against ``base``, the URL it came from). A body that does not parse
    raises the parser's SyntaxError."""
    if form in ("SELECT", "ASK"):
        return from_oxigraph(form, ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    triples = (quad.triple for quad in ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=base))
    return Result(form, graph=list(dict.fromkeys(triples)))


def to_oxigraph(result: Result) -> ox.QuerySolutions | ox.QueryBoolean:
    """The table or boolean as pyoxigraph's own results, for its serialisers to write.

    pyoxigraph makes results only by running or parsing, so the rows go through the SPARQL TSV
    format: each term written by pyoxigraph itself in N-Triples syntax (which escapes tabs and line
    breaks, so a value keeps to its cell) and read back by its TSV parser, term for term."""
    if result.boolean is not None:
        text = "true" if result.boolean else "false"
    else:
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv(row.get(v)) for v in result.variables) for row in result.rows]
        text = "".join(f"{line}\n" for line in lines)
    return ox.parse_query_results(text, format=ox.QueryResultsFormat.TSV)


def _tsv(term: Term | None) -> str:
    if term is None:
        return ""
    return f"<<( {term} )>>" if isinstance(term, ox.Triple) else str(term)

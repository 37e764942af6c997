"""Writing query results: an aligned table for reading, and the standard SPARQL 1.1 formats.

csv, tsv, json and xml are written by pyoxigraph's serialisers, which follow the W3C SPARQL 1.1
Query Results CSV/TSV, JSON and XML formats, so any SPARQL tool reads them; graphs are Turtle or
N-Triples, written by pyoxigraph too. The table shortens IRIs to our prefixes where SPARQL has a
prefixed name for them (any other IRI is printed whole, in ``<...>``, so every IRI it prints can be
pasted back into a query) and long values to keep the columns readable (use csv, tsv, json or xml for
the full values).
"""

from __future__ import annotations

import pyoxigraph as ox

from thbkg.core.dumps import serialized, sorted_ntriples
from thbkg.core.errors import QueryError
from thbkg.core.namespaces import RDF_LANG_STRING, TURTLE_PREFIXES, XSD_STRING, sparql_name
from thbkg.core.terms import Term
from thbkg.sparql.results import Result, to_oxigraph

RESULTS_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
TABLE_FORMATS = ("table", *RESULTS_FORMATS)
GRAPH_FORMATS = ("turtle", "nt")
FORMATS = TABLE_FORMATS + GRAPH_FORMATS
TABLE_CELL_MAX = 100


def result_text(result: Result, fmt: str) -> str:
    """The result as text in ``fmt``, ending in a line break; a format that does not fit the query
    form is an error."""
    if result.graph is not None:
        if fmt in ("table", *GRAPH_FORMATS):
            return graph_text(result.graph, fmt)
        raise QueryError(f"a {result.form} query gives a graph: use --format turtle or nt, not {fmt}")
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"a {result.form} query gives a table: use --format table, csv, tsv, json or xml, not {fmt}")
    if fmt == "table":
        return table(result) if result.boolean is None else f"{str(result.boolean).lower()}\n"
    text = results_bytes(result, fmt).decode("utf-8")
    return text if text.endswith("\n") else text + "\n"  # JSON, XML and a boolean end without one


def results_bytes(result: Result, fmt: str) -> bytes:
    """A table or boolean in one of the SPARQL 1.1 results formats, written by pyoxigraph."""
    return to_oxigraph(result).serialize(format=RESULTS_FORMATS[fmt]) or b""


def graph_text(triples: list[ox.Triple], fmt: str) -> str:
    """Turtle or sorted N-Triples: lexical forms stay as stated ("18", not 18.0)."""
    if fmt == "nt":
        return sorted_ntriples(triples).decode("utf-8")
    used = {term.value for triple in triples for term in triple if isinstance(term, ox.NamedNode)}
    used |= {term.datatype.value for triple in triples for term in triple if isinstance(term, ox.Literal)}
    used -= {XSD_STRING, RDF_LANG_STRING}  # written as plain and tagged literals
    prefixes = {p: ns for p, ns in TURTLE_PREFIXES.items() if any(iri.startswith(ns) for iri in used)}
    return serialized(sorted(triples, key=str), ox.RdfFormat.TURTLE, prefixes).decode("utf-8")


def table_cell(term: Term | None) -> str:
    """A term for the table: IRIs as SPARQL prefixed names or in ``<...>``, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return sparql_name(term.value)
    text = (term.value if isinstance(term, ox.Literal) else str(term)).replace("\n", " ")
    return text if len(text) <= TABLE_CELL_MAX else text[: TABLE_CELL_MAX - 1] + "…"


def table(result: Result) -> str:
    """Aligned columns, a rule under the header, and the row count."""
    grid = [result.variables] + [[table_cell(row.get(v)) for v in result.variables] for row in result.rows]
    widths = [max(len(r[i]) for r in grid) for i in range(len(result.variables))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(grid[0]), rule, *(line(r) for r in grid[1:])]
    count = len(result.rows)
    return "\n".join(body) + f"\n({count} row{'' if count == 1 else 's'})\n"

"""Writing query results: an aligned table for reading, and the standard SPARQL 1.1 formats.

csv, tsv and json follow the W3C SPARQL 1.1 Query Results CSV/TSV and JSON formats, so their
output can be read by any SPARQL tool; the table shortens IRIs to our prefixes and long values
to keep the columns readable (use csv, tsv or json for the full values).
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from thbkg.core.errors import QueryError
from thbkg.core.namespaces import PREFIXES, shorten
from thbkg.sparql.results import Result

TABLE_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "nt")
FORMATS = TABLE_FORMATS + GRAPH_FORMATS
TABLE_CELL_MAX = 100


def render(result: Result, fmt: str) -> str:
    """The result as text in ``fmt``; a format that does not fit the query form is an error."""
    if result.graph is not None:
        if fmt in ("table", "turtle", "nt"):
            return graph_text(result, fmt)
        raise QueryError(f"a {result.form} query gives a graph: use --format turtle or nt, not {fmt}")
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"a {result.form} query gives a table: use --format table, csv, tsv or json, not {fmt}")
    if fmt == "json":
        return json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    return {"table": table, "csv": to_csv, "tsv": to_tsv}[fmt](result)


def graph_text(result: Result, fmt: str) -> str:
    """Turtle or sorted N-Triples, written by pyoxigraph: lexical forms stay as stated ("18", not 18.0)."""
    triples = [ox.Triple(*(_ox(t) for t in triple)) for triple in result.graph or ()]
    if fmt == "nt":
        lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines()
        return "".join(f"{line}\n" for line in sorted(lines))
    used = {str(t) for triple in result.graph or () for t in triple if isinstance(t, URIRef)}
    used |= {str(t.datatype) for triple in result.graph or () for t in triple if isinstance(t, Literal) and t.datatype}
    prefixes = {
        p: str(ns)
        for p, ns in PREFIXES.items()
        if p not in ("thbr", "thbg") and any(iri.startswith(str(ns)) for iri in used)
    }
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    if isinstance(term, Literal) and term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_json(result: Result) -> dict:
    if result.boolean is not None:
        return {"head": {}, "boolean": result.boolean}
    bindings = [{v: json_term(t) for v, t in row.items()} for row in result.rows]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def to_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(row.get(v)) for v in result.variables])
    return out.getvalue()


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def to_tsv(result: Result) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        cells = [row[v].n3().replace("\t", "\\t") if v in row else "" for v in result.variables]
        lines.append("\t".join(cells))
    return "".join(f"{line}\n" for line in lines)


def short(term: Node | None) -> str:
    """A term for the table: IRIs with our prefixes, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        short = shorten(str(term))
        return f"{short[0]}:{short[1]}" if short else f"<{term}>"
    text = _plain(term).replace("\n", " ")
    return text if len(text) <= TABLE_CELL_MAX else text[: TABLE_CELL_MAX - 1] + "…"


def table(result: Result) -> str:
    """Aligned columns, a rule under the header, and the row count."""
    grid = [result.variables] + [[short(row.get(v)) for v in result.variables] for row in result.rows]
    widths = [max(len(r[i]) for r in grid) for i in range(len(result.variables))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(grid[0]), rule, *(line(r) for r in grid[1:])]
    count = len(result.rows)
    return "\n".join(body) + f"\n({count} row{'' if count == 1 else 's'})\n"

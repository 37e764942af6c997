"""Triples as N-Triples lines: the form the build's graphs take between its stages.

A large build holds about a million triples. rdflib adds one to a graph in some 23 microseconds,
so the stages pass sorted N-Triples bytes, one graph at a time, and parse them into rdflib only
where rdflib is the tool (the reference engines, and small graphs a caller asks for). Every line
is written the way pyoxigraph writes it, the same canonical form core/dumps.py writes the downloads in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from thbkg.core import namespaces as ns

Term = Node | ox.NamedNode | ox.Literal | ox.BlankNode
OX_TERMS = (ox.NamedNode, ox.Literal, ox.BlankNode)
# What pyoxigraph writes escaped in a literal: the C0 controls, '"', '\\', DEL and U+FFFE, U+FFFF.
ESCAPED = re.compile('[\x00-\x1f"\\\\\x7f\ufffe\uffff]')


def term(value: Term) -> str:
    """One term in N-Triples, whichever library made it (rdflib's plain literal and pyoxigraph's
    xsd:string literal are the same term, and are written alike). The common kinds are told by
    their exact type first: a large build writes some four million terms."""
    kind = type(value)
    if kind is URIRef:
        return f"<{value}>"
    if kind in OX_TERMS:
        return str(value)
    return _term(value)


def _term(value: Term) -> str:
    if isinstance(value, OX_TERMS):
        return str(value)
    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, Literal):
        return _literal(value)
    if isinstance(value, BNode):
        return f"_:{value}"
    raise TypeError(f"not an RDF term: {value!r}")


def _literal(value: Literal) -> str:
    """A literal as pyoxigraph writes it; one with a language tag or a character pyoxigraph escapes
    (ESCAPED) is written by pyoxigraph itself."""
    text = str(value)
    datatype = value.datatype
    if value.language or ESCAPED.search(text):
        if value.language:
            return str(ox.Literal(text, language=value.language))
        if datatype is None or str(datatype) == ns.XSD_STRING:
            return str(ox.Literal(text))
        return str(ox.Literal(text, datatype=ox.NamedNode(str(datatype))))
    if datatype is None or str(datatype) == ns.XSD_STRING:
        return f'"{text}"'
    return f'"{text}"^^<{datatype}>'


def line(subject: Term, predicate: Term, obj: Term) -> str:
    """One triple as one N-Triples line, with its newline."""
    return f"{term(subject)} {term(predicate)} {term(obj)} .\n"


def split_line(row: str) -> tuple[str, str, str]:
    """Subject, predicate and object of one canonical N-Triples line, as written (IRIs and blank
    nodes hold no space)."""
    subject, predicate, rest = row.split(" ", 2)
    return subject, predicate, rest.rstrip()[:-1].rstrip()


def graph_bytes(lines: Iterable[str]) -> bytes:
    """Lines as a graph's bytes: each once, sorted, so the same triples always give the same bytes."""
    return "".join(sorted(set(lines))).encode("utf-8")


def from_graph(graph: Graph) -> bytes:
    """An rdflib graph's triples as a graph's bytes."""
    return graph_bytes(line(s, p, o) for s, p, o in graph)


def to_graph(data: bytes) -> Graph:
    """A graph's bytes parsed into rdflib, for the code that works on rdflib graphs."""
    graph = Graph()
    if data:
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


class Lines:
    """Triples gathered as N-Triples lines, with the ``add`` of an rdflib graph, for the code that
    builds a large graph a triple at a time."""

    def __init__(self) -> None:
        self.lines: set[str] = set()

    def add(self, triple: tuple[Term, Term, Term]) -> None:
        self.lines.add(line(*triple))

    def __contains__(self, triple: tuple[Term, Term, Term]) -> bool:
        return line(*triple) in self.lines

    def __len__(self) -> int:
        return len(self.lines)

    def update(self, other: Lines) -> None:
        self.lines |= other.lines

    def graph_bytes(self) -> bytes:
        return graph_bytes(self.lines)


def count(data: bytes) -> int:
    """How many triples a graph's bytes hold (one a line)."""
    return data.count(b"\n")

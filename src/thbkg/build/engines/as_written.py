"""The data with its literals as rdflib reads them, in a pyoxigraph store (dataset.py keeps the
triples with a typed literal this way beside the data as values). pyoxigraph's own store
keeps a literal of a type it knows by its value: an ``xsd:nonNegativeInteger`` becomes an
``xsd:integer`` and ``"3.50"^^xsd:decimal`` may become ``"3.5"``, so ``DATATYPE``, ``sameTerm``,
``sh:datatype`` and ``sh:pattern`` would read other literals there than pyshacl reads.

Here every datatype IRI is given a prefix before loading (``"5"^^<urn:thbkg:as-written:
http://www.w3.org/2001/XMLSchema#nonNegativeInteger>``), a type pyoxigraph does not know, so it
keeps the literal as written; the lexical forms of the types derived from ``xsd:integer`` are made
canonical first, as rdflib does when it reads a literal (``"07"`` is ``"7"``), so those that
rdflib reads as one term are one term here too. SHACL Core runs there (core.py), reading each
literal through rdflib. For SPARQL, ``DATATYPE`` in a query is replaced by a function that takes
the prefix off, and each literal of an answer is given back as rdflib reads it. That gives
pyshacl's answer for a query that reads literals only as terms: ``DATATYPE``, ``sameTerm``,
``isLiteral`` and the like, and ``=`` / ``!=`` against a datatype or an IRI. A query that compares
or computes with values, or states a typed literal, would read the prefixed types as unknown ones,
so ``runs_as_written`` refuses it (and the shape falls back to pyshacl).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TypeVar, cast

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.parserutils import CompValue, Expr

from thbkg.build.engines.algebra import algebra as parsed
from thbkg.build.terms import oxigraph_term

T = TypeVar("T")
PREFIX = "urn:thbkg:as-written:"
DATATYPE_OF = ox.NamedNode("urn:thbkg:as-written#datatype")
DATATYPE_CALL = re.compile(r"\bDATATYPE\s*\(", re.IGNORECASE)
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_DERIVED = (
    *("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short"),
    *("byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
)
DERIVED_LITERAL = re.compile(rb'"\^\^<' + re.escape(XSD.encode()) + rb"(" + "|".join(INTEGER_DERIVED).encode() + rb")>")
CANONICAL = re.compile(rb"0|-?[1-9][0-9]*")
# The algebra a query may use: graph patterns, and expressions that read a literal only as a term.
PATTERNS = {"SelectQuery", "Project", "Distinct", "Reduced", "Filter", "BGP", "Join", "LeftJoin", "Union"}
PATTERNS |= {"Minus", "Extend", "ToMultiSet", "Slice", "values", "Graph"}
TESTS = {"Builtin_DATATYPE", "Builtin_sameTerm", "Builtin_isLITERAL", "Builtin_isIRI", "Builtin_isURI"}
TESTS |= {"Builtin_isBLANK", "Builtin_BOUND", "Builtin_STR", "Builtin_STRSTARTS", "Builtin_LANG"}
TESTS |= {"Builtin_NOTEXISTS", "Builtin_EXISTS", "UnaryNot", "ConditionalAndExpression", "ConditionalOrExpression"}


def integers_lost(data: bytes) -> bool:
    """Whether N-Triples ``data`` hold literals whose datatype pyoxigraph's store changes."""
    return DERIVED_LITERAL.search(data) is not None


def written(data: bytes) -> bytes:
    """N-Triples ``data`` with every literal's datatype prefixed, the lexical forms of the types
    derived from xsd:integer made canonical, so a store keeps each literal as rdflib reads it. (Not
    for data where a literal's text holds ``\\"^^<``, where the datatypes cannot be found by their
    bytes.)"""
    for name in INTEGER_DERIVED:
        marker = f'"^^<{XSD}{name}>'.encode()
        if marker not in data:
            continue
        pieces = data.split(marker)
        for number, piece in enumerate(pieces[:-1]):
            head, quote, lexical = piece.rpartition(b'"')
            if head.endswith(b" ") and not CANONICAL.fullmatch(lexical):
                lexical = str(Literal(lexical.decode("utf-8"), datatype=URIRef(XSD + name))).encode("utf-8")
                pieces[number] = head + quote + lexical
        data = marker.join(pieces)
    return data.replace(b'"^^<', b'"^^<' + PREFIX.encode())


def _datatype(term: object) -> ox.NamedNode | None:
    return ox.NamedNode(term.datatype.value.removeprefix(PREFIX)) if isinstance(term, ox.Literal) else None


FUNCTIONS: dict[ox.NamedNode, Callable[..., ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]] = {
    DATATYPE_OF: _datatype
}


def as_written(query: str) -> str:
    """``query`` with each DATATYPE call reading the datatype as written."""
    return DATATYPE_CALL.sub(f"<{DATATYPE_OF.value}>(", query)


def original(term: T) -> T:
    """A term from the store as rdflib reads it from the data (a literal with its own datatype)."""
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(PREFIX):
        return cast(T, oxigraph_term(rdflib_literal(term)))
    return term


def rdflib_literal(term: ox.Literal) -> Literal:
    """A literal of the store as rdflib reads it from the data (lexical form normalised,
    ``ill_typed`` set where the lexical form is not one of its datatype)."""
    return _rdflib(term.value, term.language, term.datatype.value.removeprefix(PREFIX))


@cache
def _rdflib(value: str, language: str | None, datatype: str) -> Literal:
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=None if datatype == XSD + "string" else URIRef(datatype))


def stored(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A term of the data as the store keeps it."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value != XSD + "string":
        return ox.Literal(term.value, datatype=ox.NamedNode(PREFIX + term.datatype.value))
    return term


def runs_as_written(query: str) -> bool:
    """Whether ``query`` gives the same answers on the store above as on the data as written: it
    parses, every DATATYPE call is one the rewrite replaces, and it reads literals only as terms."""
    try:
        algebra = parsed(query)
    except (ParseException, ValueError, TypeError):
        return False
    calls: list[int] = [0]
    return _as_terms(algebra, calls) and calls[0] == len(DATATYPE_CALL.findall(query))


def _as_terms(node: object, calls: list[int]) -> bool:
    """Whether the algebra ``node`` uses only the patterns and tests above, compares (= and !=)
    only with a datatype or an IRI, and states no typed literal; counts its DATATYPE calls."""
    if isinstance(node, Literal):
        return node.datatype is None or str(node.datatype) == XSD + "string"
    if isinstance(node, list | tuple | set):
        return all(_as_terms(item, calls) for item in node)
    if not isinstance(node, CompValue):
        return True
    if node.name == "RelationalExpression":
        sides = (node["expr"], node["other"])
        if node["op"] not in ("=", "!=") or not any(_names_a_type(side) for side in sides):
            return False
    elif node.name not in PATTERNS | TESTS:
        return False
    calls[0] += node.name == "Builtin_DATATYPE"
    return all(_as_terms(value, calls) for key, value in node.items() if key != "_vars")


def _names_a_type(side: object) -> bool:
    return isinstance(side, URIRef) or (isinstance(side, Expr) and side.name == "Builtin_DATATYPE")

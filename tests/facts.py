"""Helpers for tests that check a fact read from a source document against the build."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from thbkg.build.terms import THBR, expand_curie
from thbkg.core.evidence import passages_of
from thbkg.core.namespaces import key_iri


def iri(key_or_curie: str) -> URIRef:
    """A thing's key (``organization/kom``) or a CURIE (``thb:fundedBy``) as an IRI."""
    return expand_curie(key_or_curie) if ":" in key_or_curie else THBR[key_or_curie]


def assert_stated(
    store: ox.Store,
    source_text,
    source_id: str,
    subject: str,
    predicate: str,
    obj: URIRef | Literal | str,
    must_contain: str,
) -> None:
    """The fact is stated by ``source_id`` in a passage whose unchanged text contains
    ``must_contain`` (copied from the document), and the passage offsets point at that text."""
    o = obj if isinstance(obj, URIRef | Literal) else iri(obj)
    s, p = iri(subject), iri(predicate)
    found = passages_of(store, _stored(s), _stored(p), _stored(o))
    passages = [x for x in found if x.document == key_iri(f"document/{source_id}")]
    assert passages, f"{source_id} states no ({subject} {predicate} {obj})"
    text = source_text(source_id)
    for passage in passages:
        assert text[passage.start : passage.end] == passage.exact
    flat = [" ".join(text[x.start : x.end].replace("*", "").split()) for x in passages]
    assert any(must_contain in quote for quote in flat), f"no passage of {source_id} contains {must_contain!r}: {flat}"


def number(value: str) -> Literal:
    """An observation value as the build types it (thb:value is xsd:decimal)."""
    return Literal(value, datatype=XSD.decimal)


def _stored(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    """A test's rdflib term as the store holds it."""
    if not isinstance(term, Literal):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))

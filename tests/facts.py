"""Helpers for tests that check a fact read from a source document against the build."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from thbkg.build.terms import THBR, expand_curie
from thbkg.core.evidence import Passage, passages_of
from thbkg.core.namespaces import key_iri

# "The plan of action was drawn up by the Ministry of Labour and Social Inclusion, the Ministry of
# Children and Equality, the Ministry of Defence, the Ministry of Health and Care Services, the
# Ministry of Justice and the Police and the Ministry of Foreign Affairs." (2010 description)
SIX_MINISTRIES = {
    f"organization/ministry-of-{name}"
    for name in (
        "labour-and-social-inclusion",
        "children-and-equality",
        "defence",
        "health-and-care-services",
        "justice-and-the-police",
        "foreign-affairs",
    )
}


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
    passages = _passages_in(store, source_id, subject, predicate, obj)
    assert passages, f"{source_id} states no ({subject} {predicate} {obj})"
    text = source_text(source_id)
    for passage in passages:
        assert text[passage.start : passage.end] == passage.exact
    flat = [" ".join(text[x.start : x.end].replace("*", "").split()) for x in passages]
    assert any(must_contain in quote for quote in flat), f"no passage of {source_id} contains {must_contain!r}: {flat}"


def assert_figure_counts(
    store: ox.Store,
    source_text,
    source_id: str,
    value: str,
    predicate: str,
    obj: URIRef | Literal | str,
    must_contain: str,
) -> None:
    """A figure the document gives (``value``, its digits) is an observation that the document links
    through ``predicate`` (a dimension or an attribute) to ``obj``, in a passage containing
    ``must_contain``: the figure reaches what it counts without matching words of labels."""
    figures = [
        row["s"].value.removeprefix(str(THBR))
        for row in store.query(FIGURES, substitutions={ox.Variable("o"): _stored(number(value))})
        if row["document"].value == key_iri(f"document/{source_id}")
    ]
    assert figures, f"{source_id} gives no figure {value}"
    linked = [key for key in figures if _passages_in(store, source_id, key, predicate, obj)]
    assert linked, f"no figure {value} of {source_id} ({', '.join(figures)}) has {predicate} {obj}"
    for key in linked:
        assert_stated(store, source_text, source_id, key, predicate, obj, must_contain)


# The observations whose value ?o a claim states, and the document of the claim.
FIGURES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX thb: <https://w3id.org/thbkg/ontology#>
SELECT DISTINCT ?s ?document ?o WHERE {
  ?statement rdf:subject ?s ; rdf:predicate thb:value ; rdf:object ?o .
  ?claim oa:hasBody ?statement ; prov:wasDerivedFrom ?document .
}
"""


def _passages_in(
    store: ox.Store, source_id: str, subject: str, predicate: str, obj: URIRef | Literal | str
) -> list[Passage]:
    """The passages of ``source_id`` that state the fact."""
    o = obj if isinstance(obj, URIRef | Literal) else iri(obj)
    found = passages_of(store, _stored(iri(subject)), _stored(iri(predicate)), _stored(o))
    return [x for x in found if x.document == key_iri(f"document/{source_id}")]


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

"""What an OWL RL closure adds about our things, kept apart from what was stated: one rule for every
engine (build/engines/), so their inferred graphs can be compared line by line."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from thbkg.build.terms import oxigraph_term
from thbkg.core.namespaces import BASE

REFLEXIVE = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, RDF.Property}


def _is_ours(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(BASE)


def _is_trivial(subject: object, predicate: object, obj: object) -> bool:
    if not _is_ours(subject):
        return True
    if predicate in REFLEXIVE and subject == obj:
        return True
    return obj in TRIVIAL_OBJECTS


def ntriples_lines(data: bytes) -> set[str]:
    """The triples of N-Triples ``data`` in their canonical N-Triples form, one line each."""
    return {f"{quad.triple} .\n" for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def inferred(closure: Iterable[tuple[Node, Node, Node]], stated: bytes) -> bytes:
    """The entailments in ``closure`` about our own terms and things, minus the trivial ones
    (reflexive sameAs and subclass axioms, owl:Thing, rdfs:Resource) and minus what ``stated``
    (N-Triples) says: sorted canonical N-Triples lines."""
    found = {
        f"{ox.Triple(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o))} .\n"  # type: ignore[arg-type]
        for s, p, o in closure
        if not _is_trivial(s, p, o)
    }
    return "".join(sorted(found - ntriples_lines(stated))).encode("utf-8")

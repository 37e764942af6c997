"""What an OWL RL closure adds about our things, kept apart from what was stated: one rule for every
engine (build/engines/), so their inferred graphs can be compared line by line."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from thbkg.build.terms import oxigraph_term
from thbkg.core.namespaces import BASE

REFLEXIVE = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, RDF.Property}
_REFLEXIVE_TEXT = frozenset(f"<{term}>" for term in REFLEXIVE)
_TRIVIAL_OBJECT_TEXT = frozenset(f"<{term}>" for term in TRIVIAL_OBJECTS)
_OURS = f"<{BASE}"


def trivial(subject: str, predicate: str, obj: str) -> bool:
    """Whether an entailment, its terms written as N-Triples, is left out: not about one of our
    terms or things, a reflexive axiom, or a class or type every thing has."""
    if not subject.startswith(_OURS):
        return True
    if predicate in _REFLEXIVE_TEXT and subject == obj:
        return True
    return obj in _TRIVIAL_OBJECT_TEXT


def ntriples_lines(data: bytes) -> set[str]:
    """The triples of N-Triples ``data`` in their canonical N-Triples form, one line each."""
    return {f"{quad.triple} .\n" for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def inferred(closure: Iterable[tuple[Node, Node, Node]], stated: bytes) -> bytes:
    """The entailments in ``closure`` about our own terms and things, minus the trivial ones
    (reflexive sameAs and subclass axioms, owl:Thing, rdfs:Resource) and minus what ``stated``
    (N-Triples) says: sorted canonical N-Triples lines."""
    found = set()
    for triple in closure:
        s, p, o = (str(oxigraph_term(term)) for term in triple)
        if not trivial(s, p, o):
            found.add(f"{s} {p} {o} .\n")
    return "".join(sorted(found - ntriples_lines(stated))).encode("utf-8")

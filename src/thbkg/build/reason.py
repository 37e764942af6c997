"""OWL RL reasoning: what the ontology entails about our things, kept apart from what was stated."""

from __future__ import annotations

import owlrl
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

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


def infer(stated: Graph) -> Graph:
    """The OWL RL entailments of ``stated`` about our own terms and things, minus the trivial ones
    (reflexive sameAs and subclass axioms, owl:Thing, rdfs:Resource) and minus what was stated."""
    closure = Graph()
    for triple in stated:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    inferred = Graph()
    for subject, predicate, obj in closure:
        if (subject, predicate, obj) in stated or _is_trivial(subject, predicate, obj):
            continue
        inferred.add((subject, predicate, obj))
    return inferred

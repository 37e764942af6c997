"""The namespaces of core/namespaces.py, and the terms core/evidence.py writes, as rdflib terms, for
the build stage (the one that needs rdflib: owlrl reasons and pyshacl validates on rdflib graphs)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from thbkg.core import namespaces as ns

THB = Namespace(ns.THB)
THBR = Namespace(ns.THBR)
THBG = Namespace(ns.THBG)
THBSH = Namespace(ns.THBSH)
ONTOLOGY_IRI = URIRef(ns.ONTOLOGY_IRI)
ORG = Namespace(ns.ORG)
ELI = Namespace(ns.ELI)
QB = Namespace(ns.QB)
OA = Namespace(ns.OA)
SH = Namespace(ns.SH)
SCHEMA = Namespace(ns.SCHEMA)


def key_iri(key: str) -> URIRef:
    """The IRI of a thing from its key."""
    return URIRef(ns.key_iri(key))


def graph_iri(name: str) -> URIRef:
    """The IRI of one of our named graphs."""
    return URIRef(ns.graph_iri(name))


def expand_curie(curie: str) -> URIRef | None:
    """The IRI of a CURIE with one of our prefixes, or None if it is not one."""
    iri = ns.expand_curie(curie)
    return None if iri is None else URIRef(iri)


def bind_prefixes(graph: Graph) -> None:
    """Bind the project prefixes so every serialisation uses the same short names."""
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)


def rdflib_term(term: ox.NamedNode | ox.Literal | Node) -> Node:
    """A term of core/evidence.py (pyoxigraph's) as rdflib's; rdflib's own pass as they are. A plain
    string stays plain: unlike pyoxigraph, rdflib tells it from an explicit xsd:string."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = None if term.datatype.value == ns.XSD_STRING else URIRef(term.datatype.value)
        return Literal(term.value, datatype=datatype, normalize=False)
    return term


def oxigraph_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as pyoxigraph's, whose N-Triples form (``str``) is the one canonical form the
    engines compare and write: a plain string and an explicit xsd:string become the same term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    return ox.BlankNode(str(term))

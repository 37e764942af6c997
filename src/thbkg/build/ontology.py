"""What the ontology says about each property: which kind it is and which values it takes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from thbkg.build.terms import QB, bind_prefixes
from thbkg.build.turtle import parse_turtle


class Kind(Enum):
    OBJECT = "object"
    DATATYPE = "datatype"
    ANNOTATION = "annotation"


@dataclass(frozen=True)
class PropertyInfo:
    iri: URIRef
    kind: Kind
    range: URIRef | None


def load_ontology(path: Path) -> Graph:
    """The ontology graph, or InputError with the file and line of what stops it being read."""
    graph = parse_turtle(path)
    bind_prefixes(graph)
    return graph


class Vocabulary:
    """The declared classes and properties, looked up by IRI."""

    def __init__(self, ontology: Graph) -> None:
        self.classes = set(ontology.subjects(RDF.type, OWL.Class))
        self.dimensions = {d for d in ontology.subjects(RDF.type, QB.DimensionProperty) if isinstance(d, URIRef)}
        self.properties: dict[URIRef, PropertyInfo] = {}
        for kind, owl_type in (
            (Kind.OBJECT, OWL.ObjectProperty),
            (Kind.DATATYPE, OWL.DatatypeProperty),
            (Kind.ANNOTATION, OWL.AnnotationProperty),
        ):
            for prop in ontology.subjects(RDF.type, owl_type):
                ranges = [r for r in ontology.objects(prop, RDFS.range) if isinstance(r, URIRef)]
                if isinstance(prop, URIRef):
                    self.properties[prop] = PropertyInfo(prop, kind, ranges[0] if len(ranges) == 1 else None)
        # OWL 2 builds rdfs:label in; a source's own name for a thing is stated with it.
        self.properties.setdefault(RDFS.label, PropertyInfo(RDFS.label, Kind.ANNOTATION, None))

    def is_class(self, iri: URIRef) -> bool:
        return iri in self.classes

    def is_dimension(self, iri: URIRef) -> bool:
        """A dimension of the statistics (qb:DimensionProperty), which an indicator may require."""
        return iri in self.dimensions

    def property(self, iri: URIRef) -> PropertyInfo | None:
        return self.properties.get(iri)

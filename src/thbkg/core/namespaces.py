"""The namespaces of thbkg and the reused vocabularies, and how keys become IRIs."""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/thbkg/"
THB = Namespace(BASE + "ontology#")
THBR = Namespace(BASE + "id/")
THBG = Namespace(BASE + "graph/")
ONTOLOGY_IRI = URIRef(BASE + "ontology")

ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
THBSH = Namespace(BASE + "shapes#")

PREFIXES: dict[str, Namespace] = {
    "thb": THB,
    "thbr": THBR,
    "thbg": THBG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "prov": Namespace(str(PROV)),
    "time": Namespace(str(TIME)),
    "org": ORG,
    "eli": ELI,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "oa": OA,
    "schema": SCHEMA,
    "vann": VANN,
    "sh": SH,
}

KEY_PATTERN = re.compile(r"^(?P<kind>[a-z][a-z0-9-]*)/(?P<slug>[a-z0-9][a-z0-9-]*|[A-Z]{3})$")
CURIE_PATTERN = re.compile(r"^(?P<prefix>[a-z][a-z-]*):(?P<local>[A-Za-z_][A-Za-z0-9_-]*)$")


def expand_curie(curie: str) -> URIRef | None:
    """The IRI of a CURIE with one of our prefixes, or None if it is not one."""
    match = CURIE_PATTERN.match(curie)
    if not match or match["prefix"] not in PREFIXES:
        return None
    return URIRef(str(PREFIXES[match["prefix"]]) + match["local"])


def key_iri(key: str) -> URIRef:
    """The IRI of a thing from its key (``organization/kom`` -> ``.../id/organization/kom``)."""
    return THBR[key]


def graph_iri(name: str) -> URIRef:
    """The IRI of one of our named graphs."""
    return THBG[name]


def bind_prefixes(graph: Graph) -> None:
    """Bind the project prefixes so every serialisation uses the same short names."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)

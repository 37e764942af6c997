"""The SPARQL service description a plain GET on /sparql answers with (Turtle by default).

It tells a client what it may rely on: SPARQL 1.1 Query only, the result formats, a default graph
that is the union of the named graphs, and the named graphs themselves.
"""

from __future__ import annotations

import pyoxigraph as ox

from thbkg.core.dumps import serialized
from thbkg.core.namespaces import FORMATS, RDF_TYPE, SD
from thbkg.serve.negotiate import GRAPHS, RESULTS
from thbkg.serve.worker import RDF_FORMATS

FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def service_description(endpoint: str, graphs: list[str], fmt: str) -> bytes:
    """The description of the endpoint at ``endpoint`` holding ``graphs``, in RDF format ``fmt``."""
    sd = {name: ox.NamedNode(SD + name) for name in "endpoint supportedLanguage resultFormat feature".split()}
    service, dataset, default = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
    rdf_type = ox.NamedNode(RDF_TYPE)
    triples = [
        ox.Triple(service, rdf_type, ox.NamedNode(SD + "Service")),
        ox.Triple(service, sd["endpoint"], service),
        ox.Triple(service, sd["supportedLanguage"], ox.NamedNode(SD + "SPARQL11Query")),
        ox.Triple(service, sd["feature"], ox.NamedNode(SD + "UnionDefaultGraph")),
        ox.Triple(service, ox.NamedNode(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, ox.NamedNode(SD + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(SD + "defaultGraph"), default),
        ox.Triple(default, rdf_type, ox.NamedNode(SD + "Graph")),
    ]
    triples += [ox.Triple(service, sd["resultFormat"], ox.NamedNode(FORMATS + FORMAT_IRIS[k])) for k in RESULTS]
    triples += [ox.Triple(service, sd["resultFormat"], ox.NamedNode(FORMATS + FORMAT_IRIS[k])) for k in GRAPHS]
    for index, graph in enumerate(graphs):
        named = ox.BlankNode(f"g{index}")
        triples += [
            ox.Triple(dataset, ox.NamedNode(SD + "namedGraph"), named),
            ox.Triple(named, rdf_type, ox.NamedNode(SD + "NamedGraph")),
            ox.Triple(named, ox.NamedNode(SD + "name"), ox.NamedNode(graph)),
        ]
    prefixes = {"sd": SD, "formats": FORMATS} if fmt == "turtle" else None
    return serialized(triples, RDF_FORMATS[fmt], prefixes)

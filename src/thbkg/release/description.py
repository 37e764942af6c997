"""The dataset description (DCAT and VoID): what the dataset is, where it comes from, what each
download holds with its size and sha256, and what the data uses (triples per graph, classes,
properties), so a catalogue or a downloader can check and choose files without opening them.

Every node has an IRI (no blank nodes), so the description is as reproducible as the data. Links
are absolute IRIs under ``SITE``: downloads at ``SITE + "download/<file>"`` and the SPARQL endpoint
at ``SITE + "sparql"``, the paths ``thbkg serve`` answers on; a mirror serves the same paths under
its own address.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, VOID, XSD

from thbkg import __version__
from thbkg.build.terms import THB, key_iri
from thbkg.core.namespaces import BASE, PREFIXES, shorten
from thbkg.release.dumps import turtle

SITE = BASE
DATASET = URIRef(SITE + "dataset")
PUBLISHER = URIRef(SITE + "dataset/publisher")
SPARQL_ENDPOINT = URIRef(SITE + "sparql")
DOWNLOADS = SITE + "download/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DCAT3_VERSION = URIRef(f"{DCAT}version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
SPDX = Namespace("http://spdx.org/rdf/terms#")
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
GZIP = "application/gzip"
DESCRIPTION_PREFIXES = {"dcat": str(DCAT), "void": str(VOID), "spdx": str(SPDX)}
# Good first things to look up: a body, a law, a plan, a figure, the country.
EXAMPLES = (
    "organization/kom",
    "organization/police-directorate",
    "legal-provision/no-penal-code-1902-s224",
    "action-plan/no-nap-2011-2014",
    "observation/moj2010-presumed-victims-assisted-2009",
    "country/NOR",
)
TITLE = "thbkg: how Norway fights trafficking in human beings"
ABSTRACT = (
    "An open knowledge graph of how Norway fights trafficking in human beings, built from two source "
    "documents (the Norwegian Ministry of Justice and the Police's 2010 description to the BSPPC working "
    "group and the US Department of State's 2011 Trafficking in Persons Report on Norway): the bodies "
    "involved and how they relate, laws and treaties, action plans and measures, permits and services for "
    "victims, statistics as an RDF Data Cube, country roles, findings and recommendations. Every fact is "
    "stated in one named graph per source document, with the verbatim passage that states it."
)


@dataclass(frozen=True)
class Download:
    """One file of ``dist/`` offered as a distribution: its name, what it is, and its bytes."""

    name: str
    title: str
    media_type: str
    data: bytes

    @property
    def compressed(self) -> bool:
        return self.name.endswith(".gz")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Statistics:
    """What the data holds: triples per named graph and, in the union, per class and property."""

    graph_triples: dict[str, int]
    triples: int
    entities: dict[str, int]
    properties: dict[str, int]
    subjects: int
    objects: int


def statistics(graphs: dict[str, bytes], union: bytes) -> Statistics:
    """Counts from the per-graph and union N-Triples."""
    triples = list(ox.parse(union, format=ox.RdfFormat.N_TRIPLES))
    typed = {(t.subject.value, t.object.value) for t in triples if t.predicate.value == str(RDF.type)}
    return Statistics(
        graph_triples={name: data.count(b"\n") for name, data in graphs.items()},
        triples=len(triples),
        entities=dict(sorted(Counter(cls for _, cls in typed).items())),
        properties=dict(sorted(Counter(t.predicate.value for t in triples).items())),
        subjects=len({t.subject for t in triples}),
        objects=len({t.object for t in triples}),
    )


def describe(stats: Statistics, downloads: list[Download], documents: dict[str, Literal]) -> Graph:
    """The DCAT/VoID graph; ``documents`` maps each source document's IRI to its issue date."""
    g = Graph()
    _dataset(g, stats, documents)
    for download in downloads:
        _distribution(g, download)
    for name, count in stats.graph_triples.items():
        g.add((DATASET, VOID.subset, URIRef(name)))
        g.add((URIRef(name), RDF.type, VOID.Dataset))
        g.add((URIRef(name), VOID.triples, Literal(count)))
    for cls, count in stats.entities.items():
        partition = URIRef(f"{SITE}dataset/class/{_slug(cls)}")
        g.add((DATASET, VOID.classPartition, partition))
        g.add((partition, RDF.type, VOID.Dataset))
        g.add((partition, VOID["class"], URIRef(cls)))
        g.add((partition, VOID.entities, Literal(count)))
    for prop, count in stats.properties.items():
        partition = URIRef(f"{SITE}dataset/property/{_slug(prop)}")
        g.add((DATASET, VOID.propertyPartition, partition))
        g.add((partition, RDF.type, VOID.Dataset))
        g.add((partition, VOID.property, URIRef(prop)))
        g.add((partition, VOID.triples, Literal(count)))
    return g


def description_turtle(graph: Graph) -> bytes:
    """The description as Turtle in a fixed order."""
    lines = {line for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines() if line}
    first = f"<{DATASET}> "  # the dataset itself opens the file, then everything else by IRI
    ordered = sorted(lines, key=lambda line: (not line.startswith(first), line))
    return turtle("".join(f"{line}\n" for line in ordered).encode("utf-8"), DESCRIPTION_PREFIXES)


def _dataset(g: Graph, stats: Statistics, documents: dict[str, Literal]) -> None:
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((DATASET, DCTERMS.description, Literal(ABSTRACT, lang="en")))
    g.add((DATASET, DCTERMS.license, LICENCE))
    g.add((DATASET, DCAT3_VERSION, Literal(__version__)))
    g.add((DATASET, OWL.versionInfo, Literal(__version__)))
    g.add((DATASET, DCTERMS.conformsTo, URIRef(f"{BASE}ontology/{__version__}")))
    g.add((DATASET, DCTERMS.publisher, PUBLISHER))
    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, FOAF.name, Literal("thbkg contributors")))
    g.add((DATASET, DCTERMS.spatial, key_iri("country/NOR")))
    g.add((DATASET, DCAT.landingPage, URIRef(SITE)))
    for keyword in ("human trafficking", "trafficking in human beings", "Norway", "linked data"):
        g.add((DATASET, DCAT.keyword, Literal(keyword, lang="en")))
    g.add((DATASET, DCAT.keyword, Literal("menneskehandel", lang="nb")))
    for document in sorted(documents):
        g.add((DATASET, DCTERMS.source, URIRef(document)))
        g.add((DATASET, PROV.wasDerivedFrom, URIRef(document)))
    g.add((DATASET, DCTERMS.modified, latest(documents)))
    g.add((DATASET, VOID.sparqlEndpoint, SPARQL_ENDPOINT))
    g.add((DATASET, VOID.uriSpace, Literal(str(PREFIXES["thbr"]))))
    g.add((DATASET, VOID.triples, Literal(stats.triples)))
    g.add((DATASET, VOID.distinctSubjects, Literal(stats.subjects)))
    g.add((DATASET, VOID.distinctObjects, Literal(stats.objects)))
    g.add((DATASET, VOID.classes, Literal(len(stats.entities))))
    g.add((DATASET, VOID.properties, Literal(len(stats.properties))))
    for example in EXAMPLES:
        g.add((DATASET, VOID.exampleResource, key_iri(example)))
    used = {*stats.entities, *stats.properties}
    for namespace in PREFIXES.values():
        if any(iri.startswith(str(namespace)) for iri in used):
            g.add((DATASET, VOID.vocabulary, URIRef(str(namespace))))


def _distribution(g: Graph, download: Download) -> None:
    node = URIRef(f"{SITE}dataset/distribution/{download.name}")
    url = URIRef(DOWNLOADS + download.name)
    checksum = URIRef(f"{node}#sha256")
    g.add((DATASET, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(download.title, lang="en")))
    g.add((node, DCTERMS.license, LICENCE))
    g.add((node, DCAT.mediaType, URIRef(MEDIA_TYPES + download.media_type)))
    if download.compressed:
        g.add((node, DCAT.compressFormat, URIRef(MEDIA_TYPES + GZIP)))
    g.add((node, DCAT.byteSize, Literal(str(len(download.data)), datatype=XSD.nonNegativeInteger)))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.accessURL, url))
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(download.sha256, datatype=XSD.hexBinary)))
    if download.media_type in ("application/n-quads", "application/trig") and not download.compressed:
        g.add((DATASET, VOID.dataDump, url))


def _slug(iri: str) -> str:
    """``prefix:local`` for a term in one of our namespaces, else a hash of the IRI."""
    short = shorten(iri)
    if short and short[1].replace("-", "").replace("_", "").isalnum():
        return f"{short[0]}:{short[1]}"
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def source_documents(union: bytes) -> dict[str, Literal]:
    """Each ``thb:SourceDocument`` of the data with its ``dcterms:issued`` date."""
    triples = list(ox.parse(union, format=ox.RdfFormat.N_TRIPLES))
    documents = {
        t.subject.value
        for t in triples
        if t.predicate.value == str(RDF.type) and t.object.value == str(THB.SourceDocument)
    }
    return {
        t.subject.value: Literal(t.object.value, datatype=URIRef(t.object.datatype.value))
        for t in triples
        if t.subject.value in documents and t.predicate.value == str(DCTERMS.issued)
    }


def latest(documents: dict[str, Literal]) -> Literal:
    """The newest source document's date, which dates the data: no clock is read, and the data
    changes in substance when a source is added."""
    return max(documents.values(), key=str)

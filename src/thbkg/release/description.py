"""The dataset description (DCAT and VoID): what the dataset is, where it comes from, what each
download holds with its size and sha256, and what the data uses (triples per graph, classes,
properties), so a catalogue or a downloader can check and choose files without opening them.

What the dataset is about (title, abstract, sources, countries, keywords, examples) is read from the
data (about.py). Every node has an IRI (no blank nodes), so the description is as reproducible as
the data. Links
are absolute IRIs under ``SITE``: downloads at ``SITE + "download/<file>"`` and the SPARQL endpoint
at ``SITE + "sparql"``, the paths ``thbkg serve`` answers on; a mirror serves the same paths under
its own address.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg import __version__
from thbkg.core import ntlines
from thbkg.core.dumps import line_blocks, serialized, turtle
from thbkg.core.namespaces import (
    BASE,
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PREFIXES,
    PROV,
    RDF_TYPE,
    SPDX,
    VOID,
    XSD,
    shorten,
)
from thbkg.release.about import About
from thbkg.release.citation import Citation
from thbkg.release.loading import Content

SITE = BASE
DATASET = SITE + "dataset"
PUBLISHER = SITE + "dataset/publisher"
SPARQL_ENDPOINT = SITE + "sparql"
DOWNLOADS = SITE + "download/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
GZIP = "application/gzip"
DESCRIPTION_PREFIXES = {"dcat": DCAT, "void": VOID, "spdx": SPDX}
KEYWORDS = ("human trafficking", "trafficking in human beings", "linked data")


@dataclass(frozen=True)
class Download:
    """One file of ``dist/`` offered as a distribution: its name, what it is, its size and SHA-256,
    and what a query finds in it once loaded. Not its bytes: the export writes each file as soon as
    it is made, so a large build's downloads are not all held at once."""

    name: str
    title: str
    media_type: str
    size: int
    sha256: str
    content: Content = Content.OTHER

    @classmethod
    def of(cls, name: str, title: str, media_type: str, data: bytes, content: Content = Content.OTHER) -> Download:
        return cls(name, title, media_type, len(data), hashlib.sha256(data).hexdigest(), content)

    @property
    def compressed(self) -> bool:
        return self.name.endswith(".gz")


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
    """Counts from the per-graph and union N-Triples, read as lines (core/ntlines.py), a block of
    them at a time: a distinct term is a distinct text, as the build writes each term one way."""
    type_term = f"<{RDF_TYPE}>".encode()
    typed: set[tuple[bytes, bytes]] = set()
    properties: Counter[bytes] = Counter()
    subjects: set[bytes] = set()
    objects: set[bytes] = set()
    triples = 0
    for block in line_blocks(union):
        statements = [line.split(b" ", 2) for line in block.split(b"\n")]
        triples += len(statements)
        typed.update((subject, target) for subject, predicate, target in statements if predicate == type_term)
        properties.update(predicate for _, predicate, _ in statements)
        subjects.update(subject for subject, _, _ in statements)
        objects.update(target for _, _, target in statements)
    return Statistics(
        graph_triples={name: data.count(b"\n") for name, data in graphs.items()},
        triples=triples,
        entities=_by_iri(Counter(target[:-2] for _, target in typed)),
        properties=_by_iri(properties),
        subjects=len(subjects),
        objects=len(objects),
    )


def _by_iri(counts: Counter[bytes]) -> dict[str, int]:
    """Counts by term as written, by IRI (or a literal's text) in order."""
    found: Counter[str] = Counter()
    for written, count in counts.items():
        term = written.decode("utf-8")
        literal = ntlines.literal(term)
        found[literal.value if literal else ntlines.unescape(term.strip("<>"))] += count
    return dict(sorted(found.items()))


# A statement of the description: subject and predicate IRIs, and the object.
Statement = tuple[str, str, ox.NamedNode | ox.Literal]


def describe(stats: Statistics, downloads: list[Download], about: About, citation: Citation) -> list[ox.Triple]:
    """The DCAT/VoID triples of the data counted in ``stats``, which ``about`` describes and
    ``citation`` cites."""
    statements = [
        *_dataset(stats, about),
        (DATASET, DCTERMS + "bibliographicCitation", ox.Literal(citation.text())),
        *(statement for download in downloads for statement in _distribution(download)),
        *_partitions(stats),
    ]
    return [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o) for s, p, o in statements]


def description_turtle(triples: list[ox.Triple]) -> bytes:
    """The description as Turtle in a fixed order."""
    lines = set(serialized(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines())
    first = f"<{DATASET}> "  # the dataset itself opens the file, then everything else by IRI
    ordered = sorted(lines, key=lambda line: (not line.startswith(first), line))
    return turtle("".join(f"{line}\n" for line in ordered).encode("utf-8"), DESCRIPTION_PREFIXES)


def _dataset(stats: Statistics, about: About) -> Iterator[Statement]:
    yield DATASET, RDF_TYPE, ox.NamedNode(DCAT + "Dataset")
    yield DATASET, RDF_TYPE, ox.NamedNode(VOID + "Dataset")
    yield DATASET, DCTERMS + "title", ox.Literal(about.title, language="en")
    yield DATASET, DCTERMS + "description", ox.Literal(about.abstract, language="en")
    yield DATASET, DCTERMS + "license", ox.NamedNode(LICENCE)
    yield DATASET, DCAT + "version", ox.Literal(__version__)
    yield DATASET, OWL + "versionInfo", ox.Literal(__version__)
    yield DATASET, DCTERMS + "conformsTo", ox.NamedNode(f"{BASE}ontology/{__version__}")
    yield DATASET, DCTERMS + "publisher", ox.NamedNode(PUBLISHER)
    yield PUBLISHER, RDF_TYPE, ox.NamedNode(FOAF + "Organization")
    yield PUBLISHER, FOAF + "name", ox.Literal("thbkg contributors")
    for country, name in about.countries.items():
        yield DATASET, DCTERMS + "spatial", ox.NamedNode(country)
        yield DATASET, DCAT + "keyword", ox.Literal(name, language="en")
    yield DATASET, DCAT + "landingPage", ox.NamedNode(SITE)
    for keyword in KEYWORDS:
        yield DATASET, DCAT + "keyword", ox.Literal(keyword, language="en")
    for native in about.native_names:
        yield DATASET, DCAT + "keyword", native
    for document in about.documents:
        yield DATASET, DCTERMS + "source", ox.NamedNode(document.iri)
        yield DATASET, PROV + "wasDerivedFrom", ox.NamedNode(document.iri)
    yield DATASET, DCTERMS + "modified", about.modified
    yield DATASET, VOID + "sparqlEndpoint", ox.NamedNode(SPARQL_ENDPOINT)
    yield DATASET, VOID + "uriSpace", ox.Literal(PREFIXES["thbr"])
    yield DATASET, VOID + "triples", _integer(stats.triples)
    yield DATASET, VOID + "distinctSubjects", _integer(stats.subjects)
    yield DATASET, VOID + "distinctObjects", _integer(stats.objects)
    yield DATASET, VOID + "classes", _integer(len(stats.entities))
    yield DATASET, VOID + "properties", _integer(len(stats.properties))
    for example in about.examples:
        yield DATASET, VOID + "exampleResource", ox.NamedNode(example)
    used = {*stats.entities, *stats.properties}
    for namespace in PREFIXES.values():
        if any(iri.startswith(namespace) for iri in used):
            yield DATASET, VOID + "vocabulary", ox.NamedNode(namespace)


def _distribution(download: Download) -> Iterator[Statement]:
    node = f"{SITE}dataset/distribution/{download.name}"
    url = ox.NamedNode(DOWNLOADS + download.name)
    checksum = f"{node}#sha256"
    yield DATASET, DCAT + "distribution", ox.NamedNode(node)
    yield node, RDF_TYPE, ox.NamedNode(DCAT + "Distribution")
    yield node, DCTERMS + "title", ox.Literal(download.title, language="en")
    yield node, DCTERMS + "license", ox.NamedNode(LICENCE)
    yield node, DCAT + "mediaType", ox.NamedNode(MEDIA_TYPES + download.media_type)
    if download.compressed:
        yield node, DCAT + "compressFormat", ox.NamedNode(MEDIA_TYPES + GZIP)
    yield node, DCAT + "byteSize", _typed(str(download.size), "nonNegativeInteger")
    yield node, DCAT + "downloadURL", url
    yield node, DCAT + "accessURL", url
    yield node, SPDX + "checksum", ox.NamedNode(checksum)
    yield checksum, RDF_TYPE, ox.NamedNode(SPDX + "Checksum")
    yield checksum, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256")
    yield checksum, SPDX + "checksumValue", _typed(download.sha256, "hexBinary")
    if download.media_type in ("application/n-quads", "application/trig") and not download.compressed:
        yield DATASET, VOID + "dataDump", url


def _partitions(stats: Statistics) -> Iterator[Statement]:
    """A VoID subset per named graph, and a partition per class (its entities) and per property
    (its triples)."""
    for name, count in stats.graph_triples.items():
        yield DATASET, VOID + "subset", ox.NamedNode(name)
        yield name, RDF_TYPE, ox.NamedNode(VOID + "Dataset")
        yield name, VOID + "triples", _integer(count)
    for kind, counts, measure in (("class", stats.entities, "entities"), ("property", stats.properties, "triples")):
        for iri, count in counts.items():
            partition = f"{SITE}dataset/{kind}/{_slug(iri)}"
            yield DATASET, f"{VOID}{kind}Partition", ox.NamedNode(partition)
            yield partition, RDF_TYPE, ox.NamedNode(VOID + "Dataset")
            yield partition, VOID + kind, ox.NamedNode(iri)
            yield partition, VOID + measure, _integer(count)


def _integer(count: int) -> ox.Literal:
    return _typed(str(count), "integer")


def _typed(value: str, datatype: str) -> ox.Literal:
    """A literal of the XSD datatype named ``datatype``."""
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _slug(iri: str) -> str:
    """``prefix:local`` for a term in one of our namespaces, else a hash of the IRI."""
    short = shorten(iri)
    if short and short[1].replace("-", "").replace("_", "").isalnum():
        return f"{short[0]}:{short[1]}"
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]

"""Source documents: their catalogue records, checked against the exact bytes of the text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from thbkg.build.ntriples import Lines
from thbkg.build.quotes import SourceText
from thbkg.build.registry import Registry
from thbkg.build.terms import QB, THB, key_iri
from thbkg.build.textfile import decode
from thbkg.build.yamlfile import Node, load, require_fields
from thbkg.core import xsd
from thbkg.core.errors import InputError, Problem

MANIFEST_FIELDS = {"id", "file", "sha256", "title", "publisher", "issued", "language", "period_covered", "area_covered"}
MANIFEST_OPTIONAL = {"creator", "audience", "original_address", "address_note", "licence_status"}
LANGUAGES = "http://id.loc.gov/vocabulary/iso639-1/"
# How `thbkg new-source` marks a field for a curator to fill in ("<fill in: the title ...>").
PLACEHOLDER = "<fill in"
DATA_STRUCTURE = key_iri("dsd/statistics")


@dataclass
class Source:
    """One source document: its id, record and text."""

    id: str
    manifest: Node
    text: SourceText

    @property
    def document(self) -> URIRef:
        return key_iri(f"document/{self.id}")

    @property
    def dataset(self) -> URIRef:
        return key_iri(f"dataset/{self.id}")

    @property
    def language(self) -> str:
        return self.manifest["language"]


def load_sources(directory: Path) -> list[Source]:
    """Every ``<id>.yaml`` record in the folder with its text, sha256 checked."""
    sources, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        manifest = load(path)
        if not isinstance(manifest, Node):
            problems.append(Problem(path, 1, "a source record must be a mapping"))
            continue
        found = require_fields(manifest, MANIFEST_FIELDS, MANIFEST_OPTIONAL) + _placeholders(manifest)
        if found:
            problems += found
            continue
        if manifest["id"] != path.stem:
            problems.append(manifest.problem("id", f"id {manifest['id']!r} differs from the file name {path.stem!r}"))
            continue
        text_path = directory / manifest["file"]
        if not text_path.is_file():
            problems.append(manifest.problem("file", f"source text {text_path} does not exist"))
            continue
        data = text_path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != manifest["sha256"]:
            reason = f"{text_path.name} has sha256 {digest}; the record says {manifest['sha256']}"
            problems.append(manifest.problem("sha256", reason))
            continue
        try:
            sources.append(Source(manifest["id"], manifest, SourceText(decode(text_path, data))))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if not sources:
        raise InputError([Problem(directory, 0, "no source records (*.yaml) found")])
    return sources


def _placeholders(manifest: Node) -> list[Problem]:
    """A problem for each field still holding the placeholder `thbkg new-source` wrote."""
    return [
        manifest.problem(name, f"{name} is still to be filled in: {value}")
        for name, value in manifest.items()
        if isinstance(value, str) and value.startswith(PLACEHOLDER)
    ]


def _issued(value: str) -> Literal | None:
    for datatype in (XSD.date, XSD.gYearMonth, XSD.gYear):
        if xsd.valid(value, str(datatype)):
            return Literal(value, datatype=datatype)
    return None


def _area_covered(graph: Lines, doc: URIRef, record: Node, registry: Registry) -> list[Problem]:
    """``dcterms:spatial``: the countries (one key or a list) that the document reports on."""
    areas = record["area_covered"]
    keys = list(areas) if isinstance(areas, list) else [areas]
    if not keys or not all(isinstance(key, str) for key in keys):
        reason = "area_covered is a country key (country/<ISO alpha-3>) or a list of them"
        return [record.problem("area_covered", reason)]
    problems = []
    for key in keys:
        try:
            graph.add((doc, DCTERMS.spatial, registry.resolve(key)))
        except ValueError as exc:
            problems.append(record.problem("area_covered", str(exc)))
    return problems


def catalogue_graph(sources: list[Source], registry: Registry) -> tuple[Lines, list[Problem]]:
    """The catalogue record of each document and its statistics data set."""
    graph, problems = Lines(), []
    for source in sources:
        record, doc = source.manifest, source.document
        graph.add((doc, RDF.type, THB.SourceDocument))
        graph.add((doc, DCTERMS.title, Literal(record["title"], lang=source.language)))
        graph.add((doc, SKOS.prefLabel, Literal(record["title"], lang=source.language)))
        graph.add((doc, DCTERMS.language, URIRef(LANGUAGES + source.language)))
        graph.add((doc, THB.sha256, Literal(record["sha256"])))
        issued = _issued(record["issued"])
        if issued is None:
            problems.append(record.problem("issued", f"{record['issued']!r} is not a date, year-month or year"))
        else:
            graph.add((doc, DCTERMS.issued, issued))
        for field_name, predicate in (
            ("publisher", DCTERMS.publisher),
            ("creator", DCTERMS.creator),
            ("audience", DCTERMS.audience),
            ("period_covered", DCTERMS.temporal),
        ):
            if record.get(field_name) is None:
                continue
            try:
                graph.add((doc, predicate, registry.resolve(record[field_name])))
            except ValueError as exc:
                problems.append(record.problem(field_name, str(exc)))
        problems += _area_covered(graph, doc, record, registry)
        if record.get("original_address"):
            graph.add((doc, THB.originalAddress, Literal(record["original_address"], datatype=XSD.anyURI)))
        for field_name, predicate in (("address_note", THB.addressNote), ("licence_status", THB.licenceStatus)):
            if record.get(field_name):
                graph.add((doc, predicate, Literal(record[field_name], lang="en")))
        graph.add((source.dataset, RDF.type, QB.DataSet))
        graph.add((source.dataset, QB.structure, DATA_STRUCTURE))
        graph.add((source.dataset, DCTERMS.source, doc))
        graph.add((source.dataset, SKOS.prefLabel, Literal(f"Figures stated in: {record['title']}", lang="en")))
    return graph, problems

"""The map stage: sources, reference data and mappings into named graphs of stated triples."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from thbkg.build.curation import Mapped, read_curation
from thbkg.build.mapping import ClaimMapper, MappingFile, read_mapping
from thbkg.build.ontology import Vocabulary, load_ontology
from thbkg.build.registry import Registry
from thbkg.build.sources import Source, catalogue_graph, load_sources
from thbkg.build.terms import QB, graph_iri, key_iri
from thbkg.build.yamlfile import Node, load, require_fields
from thbkg.core.errors import InputError, Problem
from thbkg.core.layout import Layout

ONTOLOGY_GRAPH = graph_iri("ontology")
REFERENCE_GRAPH = graph_iri("reference")
INFERRED_GRAPH = graph_iri("inferred")
CURATION_GRAPH = graph_iri("curation")
EVIDENCE_PREFIX = str(graph_iri("evidence/"))


def source_graph(source_id: str) -> URIRef:
    return graph_iri(f"source/{source_id}")


def evidence_graph(source_id: str) -> URIRef:
    return graph_iri(f"evidence/{source_id}")


@dataclass
class Stated:
    """Every stated graph by name, and how many claims each source contributed."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)

    def union(self, skip_evidence: bool = False) -> Graph:
        """All graphs merged; without the evidence graphs where only the facts matter."""
        merged = Graph()
        for name, graph in self.graphs.items():
            if skip_evidence and name.startswith(EVIDENCE_PREFIX):
                continue
            for triple in graph:
                merged.add(triple)
        return merged


def _declare_reference(layout: Layout, registry: Registry) -> list[Problem]:
    """Every reference file's entities, and its jurisdictions (the languages of each)."""
    problems = []
    refusal = "a reference file must be a mapping with an entities list, a jurisdictions list or both"
    for path in sorted(layout.reference.glob("*.yaml")):
        root = load(path)
        if not isinstance(root, Node) or not root.keys() & {"entities", "jurisdictions"}:
            problems.append(Problem(path, 1, refusal))
            continue
        found = require_fields(root, set(), {"entities", "jurisdictions"})
        if found:
            problems += found
            continue
        if "entities" in root:
            problems += registry.declare_all(root["entities"], path, "entities")
        if "jurisdictions" in root:
            problems += registry.declare_jurisdictions(root["jurisdictions"], path)
    return problems


def _read_mappings(
    layout: Layout, sources: list[Source], registry: Registry
) -> tuple[list[MappingFile], list[Problem]]:
    known = {source.id for source in sources}
    mappings, problems = [], []
    for path in sorted(layout.mappings.glob("*.yaml")):
        mapping, found = read_mapping(path)
        problems += found
        if mapping is None:
            continue
        source_id = mapping.root["source"]
        if source_id not in known:
            reason = f"unknown source {source_id!r}: no data/sources/{source_id}.yaml"
            problems.append(mapping.root.problem("source", reason))
            continue
        if source_id != path.stem:
            reason = f"source {source_id!r} differs from the file name {path.stem!r}"
            problems.append(mapping.root.problem("source", reason))
            continue
        if "entities" in mapping.root:
            problems += registry.declare_all(mapping.root["entities"], path, "entities")
        mappings.append(mapping)
    mapped = {m.root["source"] for m in mappings}
    problems += [
        Problem(layout.sources / f"{s.id}.yaml", 1, f"source {s.id!r} has no mapping in data/mappings/")
        for s in sources
        if s.id not in mapped
    ]
    return mappings, problems


def assemble(layout: Layout) -> Stated:
    """Read every input; raise InputError listing every problem, or return the stated graphs."""
    ontology = load_ontology(layout.ontology)
    vocabulary = Vocabulary(ontology)
    registry = Registry(vocabulary)
    sources = load_sources(layout.sources)
    registry.documents = {source.id for source in sources}
    problems = _declare_reference(layout, registry)
    mappings, found = _read_mappings(layout, sources, registry)
    problems += found + registry.check_links()
    catalogue, found = catalogue_graph(sources, registry)
    problems += found
    stated = Stated()
    stated.graphs[ONTOLOGY_GRAPH] = ontology
    by_id = {source.id: source for source in sources}
    mapped = Mapped(by_id, {}, {})
    for mapping in mappings:
        source = by_id[mapping.root["source"]]
        mapper = ClaimMapper(source, registry, vocabulary)
        problems += mapper.map_all(mapping.root["claims"])
        stated.graphs[source_graph(source.id)] = mapped.facts[source.id] = mapper.result.facts
        stated.graphs[evidence_graph(source.id)] = mapped.evidence[source.id] = mapper.result.evidence
        stated.claims[source.id] = mapper.result.claims
    stated.graphs[CURATION_GRAPH], found = read_curation(layout.curation, mapped, registry, vocabulary)
    problems += found
    if problems:
        raise InputError(sorted(set(problems), key=lambda p: (str(p.path), p.line, p.reason)))
    reference = registry.reference_graph()
    for triple in catalogue:
        reference.add(triple)
    for mapping in mappings:
        dataset = by_id[mapping.root["source"]].dataset
        for entity in mapping.root.get("entities") or []:
            observation = key_iri(entity["key"])
            if (observation, RDF.type, QB.Observation) in reference:
                reference.add((observation, QB.dataSet, dataset))
    stated.graphs[REFERENCE_GRAPH] = reference
    return stated

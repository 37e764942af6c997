"""The map stage: sources, reference data and mappings into named graphs of stated triples."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDF

from thbkg.build.curation import Mapped, read_curation
from thbkg.build.halves import in_two
from thbkg.build.map_cache import MapCache, keys, still_resolves
from thbkg.build.mapping import ClaimMapper, MappedSource, MappingFile, read_mapping
from thbkg.build.ntriples import from_graph, graph_bytes
from thbkg.build.ontology import Vocabulary, load_ontology
from thbkg.build.registry import Registry
from thbkg.build.sources import Source, catalogue_graph, load_sources
from thbkg.build.terms import QB, graph_iri, key_iri
from thbkg.build.yamlfile import Node, load, require_fields
from thbkg.core.errors import InputError, Problem
from thbkg.core.layout import Layout
from thbkg.core.progress import Tally

ONTOLOGY_GRAPH = graph_iri("ontology")
REFERENCE_GRAPH = graph_iri("reference")
INFERRED_GRAPH = graph_iri("inferred")
CURATION_GRAPH = graph_iri("curation")
EVIDENCE_PREFIX = str(graph_iri("evidence/"))
PARALLEL_SOURCES = 50  # sources to map, from which half of them are mapped in a forked process


def source_graph(source_id: str) -> URIRef:
    return graph_iri(f"source/{source_id}")


def evidence_graph(source_id: str) -> URIRef:
    return graph_iri(f"evidence/{source_id}")


@dataclass
class Stated:
    """Every stated graph by name, as sorted N-Triples (build/ntriples.py), and how many claims
    each source contributed."""

    graphs: dict[URIRef, bytes] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)

    def facts(self) -> bytes:
        """Every graph but the evidence graphs, one after another: what reasoning reads."""
        return b"".join(data for name, data in self.graphs.items() if not name.startswith(EVIDENCE_PREFIX))


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


@dataclass
class Mappings:
    """The mapping files read (or, for a source whose result is kept, the head of one), the kept
    results by source id, and the content hash of each source's inputs."""

    files: list[MappingFile] = field(default_factory=list)
    kept: dict[str, MappedSource] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)


def _read_mappings(
    layout: Layout, sources: list[Source], registry: Registry, cache: MapCache | None
) -> tuple[Mappings, list[Problem]]:
    known = {source.id for source in sources}
    mappings, problems = Mappings(), []
    content_key = keys(layout.ontology)
    for path in sorted(layout.mappings.glob("*.yaml")):
        digest = content_key(path, layout.sources / f"{path.stem}.yaml")
        entry = cache.get(digest, path) if cache else None
        if entry is not None:
            mappings.kept[path.stem] = entry.result
        mapping, found = (entry.mapping, []) if entry is not None else read_mapping(path)
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
        mappings.files.append(mapping)
        mappings.digests[source_id] = digest
    mapped = {m.root["source"] for m in mappings.files}
    problems += [
        Problem(layout.sources / f"{s.id}.yaml", 1, f"source {s.id!r} has no mapping in data/mappings/")
        for s in sources
        if s.id not in mapped
    ]
    return mappings, problems


def _map_source(
    source: Source,
    mapping: MappingFile,
    mappings: Mappings,
    registry: Registry,
    vocabulary: Vocabulary,
    cache: MapCache | None,
) -> tuple[MappedSource, list[Problem]]:
    """What one source's claims state: the kept result while every key it resolved still names
    something, else its claims mapped now (and kept for the next build when they map cleanly)."""
    kept = mappings.kept.get(source.id)
    if kept is not None and still_resolves(kept, registry):
        return kept, []
    if kept is not None:
        full, problems = read_mapping(mapping.path)
        if full is None:
            return MappedSource(), problems
        mapping = full
    mapper = ClaimMapper(source, registry, vocabulary)
    problems = mapper.map_all(mapping.root["claims"])
    if cache is not None and not problems:
        cache.put(mappings.digests[source.id], mapping, mapper.result)
    return mapper.result, problems


def _map_sources(
    pairs: list[tuple[Source, MappingFile]],
    mappings: Mappings,
    registry: Registry,
    vocabulary: Vocabulary,
    cache: MapCache | None,
    tally: Tally | None,
) -> list[tuple[MappedSource, list[Problem]]]:
    """Each source's result (_map_source), in order. From PARALLEL_SOURCES sources with no kept
    result on, a forked copy of this process maps every other one of them (build/halves.py); the
    keys its claims resolved are resolved again here, which mints the places and periods they name
    in this process's registry, as for a kept result."""
    fresh = [pair for pair in pairs if pair[0].id not in mappings.kept]

    def one(pair: tuple[Source, MappingFile]) -> tuple[MappedSource, list[Problem]]:
        return _map_source(pair[0], pair[1], mappings, registry, vocabulary, cache)

    def counted(done: int) -> None:
        if tally:
            tally(done, len(pairs))

    if len(fresh) < PARALLEL_SOURCES:
        results = []
        for pair in pairs:
            results.append(one(pair))
            counted(len(results))
        return results
    mapped = dict(zip((source.id for source, _ in fresh), in_two(fresh, one, counted), strict=True))
    for result, _ in mapped.values():
        still_resolves(result, registry)
    return [mapped[pair[0].id] if pair[0].id in mapped else one(pair) for pair in pairs]


def assemble(layout: Layout, cache: MapCache | None = None, tally: Tally | None = None) -> Stated:
    """Read every input; raise InputError listing every problem, or return the stated graphs. With
    a ``cache``, a source whose inputs are unchanged since it was kept is not mapped again;
    ``tally`` hears how many of the sources have been mapped."""
    ontology = load_ontology(layout.ontology)
    vocabulary = Vocabulary(ontology)
    registry = Registry(vocabulary)
    sources = load_sources(layout.sources)
    registry.documents = {source.id for source in sources}
    problems = _declare_reference(layout, registry)
    mappings, found = _read_mappings(layout, sources, registry, cache)
    problems += found + registry.check_links()
    catalogue, found = catalogue_graph(sources, registry)
    problems += found
    stated = Stated()
    stated.graphs[ONTOLOGY_GRAPH] = from_graph(ontology)
    by_id = {source.id: source for source in sources}
    mapped = Mapped(by_id, {}, {})
    pairs = [(by_id[mapping.root["source"]], mapping) for mapping in mappings.files]
    results = _map_sources(pairs, mappings, registry, vocabulary, cache, tally)
    for (source, _), (result, found) in zip(pairs, results, strict=True):
        problems += found
        mapped.facts[source.id], mapped.passages[source.id] = result.facts, result.passages
        stated.graphs[source_graph(source.id)] = graph_bytes(result.facts)
        stated.graphs[evidence_graph(source.id)] = result.evidence
        stated.claims[source.id] = result.claims
    curation, found = read_curation(layout.curation, mapped, registry, vocabulary)
    stated.graphs[CURATION_GRAPH] = from_graph(curation)
    problems += found
    if problems:
        raise InputError(sorted(set(problems), key=lambda p: (str(p.path), p.line, p.reason)))
    reference = registry.reference_graph()
    reference.update(catalogue)
    for mapping in mappings.files:
        dataset = by_id[mapping.root["source"]].dataset
        for entity in mapping.root.get("entities") or []:
            observation = key_iri(entity["key"])
            if (observation, RDF.type, QB.Observation) in reference:
                reference.add((observation, QB.dataSet, dataset))
    stated.graphs[REFERENCE_GRAPH] = reference.graph_bytes()
    return stated

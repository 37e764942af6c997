"""The curators' links: links between things that no single source document states (a
recommendation of one document answering a gap that another states), read from
``data/curation/*.yaml`` into the graph thbg:curation. Each link is published with a record of who
made it, why, and the passages of the documents it joins (core/evidence.py), so that a source
graph holds only what its own document states.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from thbkg.build.mapping import ntriples_line
from thbkg.build.ntriples import line
from thbkg.build.ontology import Kind, Vocabulary
from thbkg.build.quotes import QuoteNotFound
from thbkg.build.registry import Registry
from thbkg.build.sources import Source
from thbkg.build.terms import THBR, expand_curie, rdflib_term
from thbkg.build.yamlfile import Items, Node, each_mapping, load, require_fields
from thbkg.core.errors import Problem
from thbkg.core.evidence import curated_link_triples, passage_iri

LINK_FIELDS = {"about", "states", "by", "reason", "passages"}
PASSAGE_FIELDS = {"source", "quote"}
PASSAGE_OPTIONAL = {"prefix", "suffix"}

Triple = tuple[URIRef, URIRef, URIRef]


@dataclass
class Mapped:
    """What the mappings made of each source, by source id: its record and text, the facts it
    states and their evidence (whose passages a link may rest on)."""

    sources: dict[str, Source]
    facts: dict[str, set[str]]
    passages: dict[str, set[str]]


@dataclass
class CurationReader:
    """Reads the links of the curation files into one graph: each link and its record."""

    mapped: Mapped
    registry: Registry
    vocabulary: Vocabulary
    graph: Graph = field(default_factory=Graph)
    seen: dict[str, str] = field(default_factory=dict)

    def read_all(self, folder: Path) -> list[Problem]:
        problems: list[Problem] = []
        for path in sorted(folder.glob("*.yaml")):
            problems += self._read_file(path)
        return problems

    def _read_file(self, path: Path) -> list[Problem]:
        root = load(path)
        if not isinstance(root, Node):
            return [Problem(path, 1, "a curation file must be a mapping with a links list")]
        problems = require_fields(root, {"links"}, set())
        if not problems and not isinstance(root["links"], Items):
            problems.append(root.problem("links", "links must be a list"))
        return problems or each_mapping(root["links"], "a link must be a mapping", self._read_link)

    def _read_link(self, link: Node) -> list[Problem]:
        problems = require_fields(link, LINK_FIELDS, set())
        if problems:
            return problems
        try:
            subject = self.registry.resolve(link["about"])
        except ValueError as exc:
            return [link.problem("about", str(exc))]
        curator, problems = self._curator(link)
        passages, found = self._passages(link)
        triples, more = self._triples(link, subject)
        problems += found + more
        reason = link["reason"]
        if not isinstance(reason, str) or not reason.strip():
            problems.append(link.problem("reason", "reason must say, in a sentence, why the curators make the link"))
        if problems or curator is None:
            return problems
        for triple in triples:
            line = ntriples_line(triple)
            self.seen[line] = f"{link.path}:{link.line}"
            self.graph.add(triple)
            label = self._label(triple)
            for s, p, o in curated_link_triples(line, triple, label, str(curator), reason, passages):
                self.graph.add((rdflib_term(s), rdflib_term(p), rdflib_term(o)))
        return []

    def _label(self, triple: Triple) -> str:
        """The link as a sentence of preferred labels: "<subject> addresses <object> (curators' link)"."""
        subject, predicate, obj = triple
        return f"{self._name(subject)} {str(predicate).rsplit('#', 1)[-1]} {self._name(obj)} (curators' link)"

    def _name(self, thing: URIRef) -> str:
        key = str(thing).removeprefix(THBR)
        entity = self.registry.entities.get(key)
        return entity.label if entity is not None and entity.label else key

    def _curator(self, link: Node) -> tuple[URIRef | None, list[Problem]]:
        """Who makes the link: a thing the reference data declares a prov:Agent."""
        key = link["by"]
        entity = self.registry.entities.get(key) if isinstance(key, str) else None
        if entity is None or PROV.Agent not in entity.types:
            return None, [link.problem("by", f"{key!r} is not an agent (prov:Agent) declared in data/reference/")]
        return self.registry.resolve(key), []

    def _passages(self, link: Node) -> tuple[list[str], list[Problem]]:
        """The IRIs of the passages the link rests on: each quote is located in its source's text as a
        mapping's quote is, and must be a passage that a claim of that source quotes."""
        items = link["passages"]
        if not isinstance(items, Items) or not items:
            return [], [link.problem("passages", "passages must list the passages the link rests on")]
        found: list[str] = []

        def read(item: Node) -> list[Problem]:
            problems = require_fields(item, PASSAGE_FIELDS, PASSAGE_OPTIONAL)
            if problems:
                return problems
            source = self.mapped.sources.get(item["source"])
            if source is None:
                return [item.problem("source", f"unknown source {item['source']!r}: no data/sources/<id>.yaml")]
            try:
                located = source.text.locate(item["quote"], item.get("prefix") or "", item.get("suffix") or "")
            except QuoteNotFound as exc:
                return [item.problem("quote", str(exc))]
            passage = passage_iri(source.id, located.start, located.end)
            if passage not in self.mapped.passages.get(source.id, set()):
                reason = f"no claim of {source.id} quotes this passage: quote it as a claim of its mapping does"
                return [item.problem("quote", reason)]
            found.append(passage)
            return []

        return found, each_mapping(items, "a passage must be a mapping with source and quote", read)

    def _triples(self, link: Node, subject: URIRef) -> tuple[list[Triple], list[Problem]]:
        """The triples the link adds: object properties of the ontology, to declared things, that no
        document states and no other link adds."""
        states = link["states"]
        if not isinstance(states, Node) or not states:
            return [], [link.problem("states", "states must map predicates to values")]
        triples: list[Triple] = []
        problems: list[Problem] = []
        for curie, raw in states.items():
            predicate = expand_curie(curie)
            info = self.vocabulary.property(predicate) if predicate else None
            if predicate is None or info is None or info.kind is not Kind.OBJECT:
                reason = f"{curie!r} is not an object property of the ontology: a curated link joins two things"
                problems.append(states.problem(curie, reason))
                continue
            for value in raw if isinstance(raw, Items) else [raw]:
                try:
                    triple = (subject, predicate, self.registry.resolve(value))
                except ValueError as exc:
                    problems.append(states.problem(curie, f"{curie}: {exc}"))
                    continue
                problems += [states.problem(curie, reason) for reason in self._already(triple, f"{curie} {value}")]
                triples.append(triple)
        return triples, problems

    def _already(self, triple: Triple, link: str) -> list[str]:
        """Why the triple cannot be a curated link: a document states it, or another link adds it."""
        stated = line(*triple)
        stating = sorted(source_id for source_id, facts in self.mapped.facts.items() if stated in facts)
        reasons = [
            f"{link} is stated by {source_id}: a claim of its mapping, not a curated link, records it"
            for source_id in stating
        ]
        first = self.seen.get(ntriples_line(triple))
        if first:
            reasons.append(f"{link} is already a curated link at {first}")
        return reasons


def read_curation(
    folder: Path, mapped: Mapped, registry: Registry, vocabulary: Vocabulary
) -> tuple[Graph, list[Problem]]:
    """The graph thbg:curation: every curated link of the folder's files and its record, and the
    problems (file, line, reason) that keep a link out."""
    reader = CurationReader(mapped, registry, vocabulary)
    problems = reader.read_all(folder)
    return reader.graph, problems

"""Turning one source's mapping file into the facts it states and the evidence for each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from thbkg.build.literals import check_against_quote, make_literal
from thbkg.build.ntriples import graph_bytes, line
from thbkg.build.ontology import Kind, Vocabulary
from thbkg.build.quotes import Located, QuoteNotFound
from thbkg.build.registry import Registry
from thbkg.build.sources import Source
from thbkg.build.terms import expand_curie
from thbkg.build.yamlfile import Items, Node, each_mapping, load, require_fields
from thbkg.core.errors import Problem
from thbkg.core.evidence import Quote, claim_iri, claim_triples, passage_iri

MAPPING_FIELDS = {"source", "claims"}
MAPPING_OPTIONAL = {"entities"}
CLAIM_FIELDS = {"quote", "about", "states"}
CLAIM_OPTIONAL = {"prefix", "suffix", "note"}


@dataclass
class MappingFile:
    """A parsed mapping file, before its claims are turned into triples."""

    path: Path
    root: Node


@dataclass
class MappedSource:
    """What one source states (facts) and how each statement is evidenced, as N-Triples lines
    (build/ntriples.py), the passages its claims quote, and the keys its claims resolved (a result
    kept for a later build is reused only while they all still resolve: build/map_cache.py)."""

    facts: set[str] = field(default_factory=set)
    evidence: bytes = b""
    passages: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    claims: int = 0


def read_mapping(path: Path) -> tuple[MappingFile | None, list[Problem]]:
    root = load(path)
    if not isinstance(root, Node):
        return None, [Problem(path, 1, "a mapping must be a YAML mapping with source and claims")]
    problems = require_fields(root, MAPPING_FIELDS, MAPPING_OPTIONAL)
    if not isinstance(root.get("claims"), Items):
        problems.append(root.problem("claims", "claims must be a list"))
    return (None if problems else MappingFile(path, root)), problems


def ntriples_line(triple: tuple[URIRef, URIRef, URIRef | Literal]) -> str:
    """The triple as one N-Triples line (each term's n3), the text its reified statement's IRI is
    hashed from (core/evidence.py)."""
    return " ".join(term.n3() for term in triple) + " ."


class ClaimMapper:
    """Maps the claims of one mapping file, for one source, into a MappedSource."""

    def __init__(self, source: Source, registry: Registry, vocabulary: Vocabulary) -> None:
        self.source = source
        self.registry = registry
        self.vocabulary = vocabulary
        self.result = MappedSource()
        self.evidence: set[str] = set()
        self.seen_claims: dict[str, int] = {}

    def map_all(self, claims: Items) -> list[Problem]:
        problems = each_mapping(claims, "a claim must be a mapping", self._map_claim)
        self.result.evidence = graph_bytes(self.evidence)
        return problems

    def _map_claim(self, claim: Node) -> list[Problem]:
        problems = require_fields(claim, CLAIM_FIELDS, CLAIM_OPTIONAL)
        if problems:
            return problems
        try:
            located = self.source.text.locate(claim["quote"], claim.get("prefix") or "", claim.get("suffix") or "")
        except QuoteNotFound as exc:
            return [claim.problem("quote", str(exc))]
        try:
            subject = self._resolve(claim["about"])
        except ValueError as exc:
            return [claim.problem("about", str(exc))]
        states = claim["states"]
        if not isinstance(states, Node) or not states:
            return [claim.problem("states", "states must map predicates to values")]
        triples = []
        for curie, raw in states.items():
            predicate = expand_curie(curie)
            info = self.vocabulary.property(predicate) if predicate else None
            if info is None:
                problems.append(states.problem(curie, f"unknown predicate {curie!r}: not declared in the ontology"))
                continue
            values = raw if isinstance(raw, Items) else [raw]
            for value in values:
                try:
                    triples.append((subject, predicate, self._object(info.kind, info.range, value, claim["quote"])))
                except ValueError as exc:
                    problems.append(states.problem(curie, f"{curie}: {exc}"))
        if not problems:
            problems += self._record(claim, located, subject, triples)
        return problems

    def _object(self, kind: Kind, range_: URIRef | None, value: object, quote: str) -> URIRef | Literal:
        """The RDF term for one value; ValueError saying why it is not one."""
        if not isinstance(value, str):
            raise ValueError("a value must be a single key or text, or a list of them")
        if kind is Kind.OBJECT:
            return self._resolve(value)
        datatype = RDF.langString if kind is Kind.ANNOTATION else range_
        if datatype is None:
            raise ValueError("the property has no single rdfs:range in the ontology")
        literal = make_literal(value, datatype, self.source.language)
        mismatch = check_against_quote(literal, quote)
        if mismatch:
            raise ValueError(mismatch)
        return literal

    def _resolve(self, key: object) -> URIRef:
        """The IRI of a key, through the registry, noting the key (ValueError when it names nothing)."""
        iri = self.registry.resolve(key)
        self.result.keys.add(str(key))
        return iri

    def _record(self, claim: Node, located: Located, subject: URIRef, triples: list) -> list[Problem]:
        src, about = self.source.id, claim["about"]
        claimed = claim_iri(src, located.start, located.end, about)
        if claimed in self.seen_claims:
            first = self.seen_claims[claimed]
            return [claim.problem("quote", f"the same quote about {about} is already claimed at line {first}")]
        self.seen_claims[claimed] = claim.line
        quote = Quote(
            src, str(self.source.document), located.exact, located.prefix, located.suffix, located.start, located.end
        )
        facts = {ntriples_line(triple): triple for triple in triples}
        self.evidence.update(line(*t) for t in claim_triples(quote, about, str(subject), facts, claim.get("note")))
        self.result.facts.update(line(*triple) for triple in triples)
        self.result.passages.add(passage_iri(src, located.start, located.end))
        self.result.claims += 1
        return []

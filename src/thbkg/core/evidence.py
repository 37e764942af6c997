"""The evidence pattern (docs/provenance.md): how a claim, the passage it quotes and the facts it
states are written, and how a curated link (a link no single document states) records who made
it, why and the passages it rests on; and the SPARQL that reads them back. The build writes
evidence only through ``claim_triples`` and ``curated_link_triples``, and everything after it
reads evidence only through the patterns here, so the two cannot drift apart.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from thbkg.core.namespaces import OA, PROV, RDF, RDFS, SKOS, THB, XSD, graph_iri, key_iri
from thbkg.core.terms import Term, solutions

T = TypeVar("T")
Triple = tuple[ox.NamedNode | ox.BlankNode | ox.Triple, ox.NamedNode, Term]
# A triple of the evidence: our terms, or the terms of a fact passed through as the caller made them.
EvidenceTriple = tuple[ox.NamedNode | T, ox.NamedNode, ox.NamedNode | ox.Literal | T]
PER_DOCUMENT_GRAPHS = (graph_iri("source/"), graph_iri("evidence/"))
DOCUMENTS = key_iri("document/")


def passage_iri(source_id: str, start: int, end: int) -> str:
    """The quoted span ``start``-``end`` of a source's text."""
    return key_iri(f"passage/{source_id}/{start}-{end}")


def quote_selector_iri(passage: str) -> str:
    return f"{passage}#quote"


def position_selector_iri(passage: str) -> str:
    return f"{passage}#position"


def claim_iri(source_id: str, start: int, end: int, about: str) -> str:
    """A claim: what one passage says about one thing (by its key)."""
    return key_iri(f"claim/{source_id}/{start}-{end}/{about}")


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()[:16]


def statement_iri(line: str) -> str:
    """The reified statement of a triple, from the triple's N-Triples line: the same triple gets the
    same IRI in every source, so a fact stated twice is one statement with two claims."""
    return key_iri("statement/" + _digest(line))


def curation_iri(line: str) -> str:
    """The curators' record of a link, from the link's N-Triples line, as its statement's IRI is."""
    return key_iri("curation/" + _digest(line))


def document_of_graph(graph: str) -> str | None:
    """The document whose statements or evidence a per-document graph holds, or None."""
    for prefix in PER_DOCUMENT_GRAPHS:
        if graph.startswith(prefix):
            return DOCUMENTS + graph[len(prefix) :]
    return None


@dataclass(frozen=True)
class Quote:
    """The located span of a source document's text that a claim quotes."""

    source_id: str
    document: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def claim_triples(
    quote: Quote, about: str, subject: str, facts: Mapping[str, tuple[T, T, T]], note: str | None = None
) -> list[EvidenceTriple[T]]:
    """Every triple that evidences one claim: the passage and its selectors, the claim, and one
    reified statement per fact, ``facts`` keyed by their N-Triples lines. The facts' own terms are
    passed through untouched, so the caller's RDF library keeps them exactly as it made them."""
    passage = ox.NamedNode(passage_iri(quote.source_id, quote.start, quote.end))
    quoted, position = (
        ox.NamedNode(quote_selector_iri(passage.value)),
        ox.NamedNode(position_selector_iri(passage.value)),
    )
    claim = ox.NamedNode(claim_iri(quote.source_id, quote.start, quote.end, about))
    document = ox.NamedNode(quote.document)
    offset = ox.NamedNode(XSD + "nonNegativeInteger")
    triples: list[EvidenceTriple[T]] = [
        (passage, _rdf("type"), _oa("SpecificResource")),
        (passage, _oa("hasSource"), document),
        (passage, _oa("hasSelector"), quoted),
        (passage, _oa("hasSelector"), position),
        (quoted, _rdf("type"), _oa("TextQuoteSelector")),
        (quoted, _oa("exact"), ox.Literal(quote.exact)),
        (quoted, _oa("prefix"), ox.Literal(quote.prefix)),
        (quoted, _oa("suffix"), ox.Literal(quote.suffix)),
        (position, _rdf("type"), _oa("TextPositionSelector")),
        (position, _oa("start"), ox.Literal(str(quote.start), datatype=offset)),
        (position, _oa("end"), ox.Literal(str(quote.end), datatype=offset)),
        (claim, _rdf("type"), ox.NamedNode(THB + "Claim")),
        (claim, _oa("motivatedBy"), _oa("describing")),
        (claim, _oa("hasTarget"), passage),
        (claim, ox.NamedNode(PROV + "wasDerivedFrom"), document),
        (claim, ox.NamedNode(THB + "about"), ox.NamedNode(subject)),
    ]
    if note:
        triples.append((claim, ox.NamedNode(RDFS + "comment"), ox.Literal(note, language="en")))
    for line, fact in facts.items():
        statement = ox.NamedNode(statement_iri(line))
        triples += [(claim, _oa("hasBody"), statement), *_statement_triples(statement, fact)]
    return triples


def curated_link_triples(
    line: str, fact: tuple[T, T, T], label: str, curator: str, reason: str, passages: Iterable[str]
) -> list[EvidenceTriple[T]]:
    """The record of one curated link, ``fact`` with its N-Triples ``line``: its name (``label``,
    so a page that lists it reads as a sentence, not a hash), the link's reified statement, who
    made it (``curator``), why (``reason``) and the passages it rests on (their IRIs, each a passage
    a claim quotes). The fact's own terms are passed through untouched."""
    record, statement = ox.NamedNode(curation_iri(line)), ox.NamedNode(statement_iri(line))
    triples: list[EvidenceTriple[T]] = [
        (record, _rdf("type"), ox.NamedNode(THB + "CuratedLink")),
        (record, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(label, language="en")),
        (record, ox.NamedNode(THB + "asserts"), statement),
        (record, ox.NamedNode(PROV + "wasAttributedTo"), ox.NamedNode(curator)),
        (record, ox.NamedNode(RDFS + "comment"), ox.Literal(reason, language="en")),
    ]
    triples += [(record, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(passage)) for passage in passages]
    return triples + _statement_triples(statement, fact)


def _statement_triples(statement: ox.NamedNode, fact: tuple[T, T, T]) -> list[EvidenceTriple[T]]:
    s, p, o = fact
    return [
        (statement, _rdf("type"), _rdf("Statement")),
        (statement, _rdf("subject"), s),
        (statement, _rdf("predicate"), p),
        (statement, _rdf("object"), o),
    ]


def _rdf(name: str) -> ox.NamedNode:
    return ox.NamedNode(RDF + name)


def _oa(name: str) -> ox.NamedNode:
    return ox.NamedNode(OA + name)


PREFIXES = f"PREFIX rdf: <{RDF}>\nPREFIX oa: <{OA}>\nPREFIX prov: <{PROV}>\nPREFIX thb: <{THB}>\n"
# From a statement (?s ?p ?o) to the claims that state it, their passages and the quoted text.
_STATED_IN = """
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?claim oa:hasBody ?statement ; oa:hasTarget ?passage ; prov:wasDerivedFrom ?document .
  ?passage oa:hasSelector ?quote, ?position .
  ?quote oa:exact ?exact .
  ?position oa:start ?start ; oa:end ?end .
"""
_ORDER = "ORDER BY ?document ?start ?end ?passage ?claim ?statement\n"

# The documented pattern: bind ?s ?p ?o to a fact, get every passage that states it.
PASSAGES_OF_FACT = f"{PREFIXES}SELECT ?passage ?document ?exact ?start ?end ?s ?p ?o WHERE {{{_STATED_IN}}}\n{_ORDER}"

# The same for every fact with ?entity as subject or object, with each link of the chain.
PASSAGES_ABOUT = (
    f"{PREFIXES}SELECT * WHERE {{\n  {{ ?statement rdf:subject ?entity }} UNION {{ ?statement rdf:object ?entity }}"
    f"{_STATED_IN}}}\n{_ORDER}"
)

# The documents whose claims state the fact ?s ?p ?o: who says an edge of a graph view.
DOCUMENTS_STATING = """
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?claim oa:hasBody ?statement ; prov:wasDerivedFrom ?document .
"""

# The documents that speak of ?thing: a claim about it, or stating a fact it is the subject or
# object of. Who mentions a node of a graph view.
DOCUMENTS_MENTIONING = """
  { ?claim thb:about ?thing }
  UNION { ?statement rdf:subject ?thing . ?claim oa:hasBody ?statement }
  UNION { ?statement rdf:object ?thing . ?claim oa:hasBody ?statement }
  ?claim prov:wasDerivedFrom ?document .
"""

# Quotes of the claims about ?focus (thb:about), stating ?path where it is bound: what a
# validation report shows beside a finding.
QUOTES_ABOUT = f"""{PREFIXES}SELECT DISTINCT ?document ?exact ?start ?end WHERE {{
  ?claim thb:about ?focus ; oa:hasBody/rdf:predicate ?path ; oa:hasTarget ?passage .
  ?passage oa:hasSource ?document ; oa:hasSelector ?quote, ?position .
  ?quote oa:exact ?exact .
  ?position oa:start ?start ; oa:end ?end .
}}
"""


# The curated links of a fact (?s ?p ?o): each record, who made it, why, and the passages it rests on.
CURATIONS_OF_FACT = f"""{PREFIXES}PREFIX rdfs: <{RDFS}>
SELECT ?record ?curator ?reason ?passage ?document ?exact ?start ?end ?s ?p ?o WHERE {{
  ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?record thb:asserts ?statement ; prov:wasAttributedTo ?curator ; rdfs:comment ?reason ;
          prov:wasDerivedFrom ?passage .
  ?passage oa:hasSource ?document ; oa:hasSelector ?quote, ?position .
  ?quote oa:exact ?exact .
  ?position oa:start ?start ; oa:end ?end .
}}
ORDER BY ?record ?document ?start ?end ?passage
"""


@dataclass(frozen=True)
class Passage:
    """Where facts are stated: the passage, its document, the quoted text, its character offsets,
    and the facts asked about that it states."""

    iri: str
    document: str
    exact: str
    start: int
    end: int
    facts: tuple[Triple, ...] = ()


@dataclass(frozen=True)
class Curation:
    """A curated link of a fact: its record, the curators who made it, why, and the passages of the
    documents it joins."""

    iri: str
    curator: str
    reason: str
    passages: tuple[Passage, ...]


def curations_of(
    store: ox.Store, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.BlankNode | ox.Literal
) -> list[Curation]:
    """Every curated link that adds the triple (s, p, o), with the passages it rests on."""
    substitutions: dict[ox.Variable, Term] = {ox.Variable("s"): s, ox.Variable("p"): p, ox.Variable("o"): o}
    by_record: dict[str, list[ox.QuerySolution]] = defaultdict(list)
    for row in solutions(store.query(CURATIONS_OF_FACT, substitutions=substitutions)):
        by_record[row["record"].value].append(row)
    return [
        Curation(iri, rows[0]["curator"].value, rows[0]["reason"].value, tuple(_passages(rows)))
        for iri, rows in by_record.items()
    ]


def passages_of(
    store: ox.Store, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.BlankNode | ox.Literal
) -> list[Passage]:
    """Every passage stating the triple (s, p, o), in document and text order."""
    substitutions: dict[ox.Variable, Term] = {ox.Variable("s"): s, ox.Variable("p"): p, ox.Variable("o"): o}
    return _passages(solutions(store.query(PASSAGES_OF_FACT, substitutions=substitutions)))


def passages_in(store: ox.Store, document: ox.NamedNode) -> list[Passage]:
    """Every passage of ``document`` that a claim quotes, in text order, with the facts it states:
    the pattern of ``passages_of`` with the document bound instead of the fact."""
    return _passages(solutions(store.query(PASSAGES_OF_FACT, substitutions={ox.Variable("document"): document})))


def passages_about(store: ox.Store, entity: ox.NamedNode) -> list[Passage]:
    """Every passage stating a fact with ``entity`` as subject or object, with those facts."""
    return _passages(solutions(store.query(PASSAGES_ABOUT, substitutions={ox.Variable("entity"): entity})))


def evidence_about(store: ox.Store, entity: ox.NamedNode) -> set[ox.NamedNode]:
    """The statements, claims, passages and selectors that evidence the facts about ``entity``."""
    rows = solutions(store.query(PASSAGES_ABOUT, substitutions={ox.Variable("entity"): entity}))
    links = ("statement", "claim", "passage", "quote", "position")
    return {row[name] for row in rows for name in links if isinstance(row[name], ox.NamedNode)}


def _passages(rows: Iterable[ox.QuerySolution]) -> list[Passage]:
    """One Passage per passage of ``rows``, in the rows' order, each with the facts it states."""
    first: dict[str, ox.QuerySolution] = {}
    facts: dict[str, list[Triple]] = defaultdict(list)
    for row in rows:
        iri = row["passage"].value
        first.setdefault(iri, row)
        fact = (row["s"], row["p"], row["o"])
        if fact not in facts[iri]:
            facts[iri].append(fact)
    return [
        Passage(
            iri,
            row["document"].value,
            row["exact"].value,
            int(row["start"].value),
            int(row["end"].value),
            tuple(facts[iri]),
        )
        for iri, row in first.items()
    ]

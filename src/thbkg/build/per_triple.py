"""OWL RL one stated triple at a time, where the ontology allows it: the engine reasons once over
the ontology and one stand-in triple per predicate and per class the facts use, and each fact's
entailments are its stand-in's, with the fact's subject and object put in.

That is exact when every rule the ontology lets fire reads one instance triple besides the
ontology: subclass, subproperty, equivalence, domain, range, inverse and symmetric properties
(disjointness only makes data inconsistent; it derives no triple). Then what the facts entail
together is the union of what each entails alone, and a triple entails what its stand-in
entails, renamed. It is not exact for a rule that joins two instance triples (an intersection,
a transitive or functional property, a key, a chain, a restriction, sameAs), so an ontology
using any OWL term not listed here, or facts that say anything in the OWL or RDFS vocabularies
besides labels and comments, are reasoned over whole.

This keeps reasoning linear in the facts: `reasonable` takes 21 s over the 200,000 facts of a
1,000-report corpus, the stand-ins a fraction of a second (docs/build.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from rdflib.namespace import OWL, RDF, RDFS

from thbkg.build.ntriples import graph_bytes, split_line
from thbkg.build.reason import trivial
from thbkg.core.namespaces import BASE

Infer = Callable[[bytes], bytes]

ONE_TRIPLE_TERMS = frozenset(
    f"<{term}>".encode()
    for term in (
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.Ontology,
        OWL.versionInfo,
        OWL.versionIRI,
        OWL.priorVersion,
        OWL.imports,
        OWL.deprecated,
        OWL.Thing,
        OWL.Nothing,
        OWL.disjointWith,
        OWL.AllDisjointClasses,
        OWL.members,
        OWL.inverseOf,
        OWL.SymmetricProperty,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        RDFS.Datatype,
        RDFS.Literal,
        RDFS.Class,
        RDFS.Resource,
    )
)
FACT_TERMS = frozenset(f"<{term}>".encode() for term in (RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy))
VOCABULARY_TERM = re.compile(rb"<http://www\.w3\.org/(?:2002/07/owl|2000/01/rdf-schema)#[^>]*>")
TYPE = f"<{RDF.type}>"
BLANK_TYPE = f" {TYPE} _:".encode()
STAND_IN = f"{BASE}.stand-in/"
Key = tuple[str, str]  # (predicate, class) for a typing, (predicate, "") for any other triple


def by_triple(infer: Infer, ontology: bytes, facts: bytes) -> bytes | None:
    """The inferred graph of the ontology and ``facts`` (N-Triples) by ``infer``, one triple at a
    time; None where that would not be exact (module doc)."""
    if not one_triple_rules(ontology, facts):
        return None
    lines = facts.decode("utf-8").splitlines(keepends=True)
    rows = [split_line(row) for row in lines if row.strip()]
    keys = sorted({_key(p, o) for _, p, o in rows})
    entailed = _entailments(infer, ontology, keys)
    found = {f"{s} {p} {o} .\n" for s, p, o in entailed.pop(None, ())}
    for s, p, o in rows:
        for es, ep, eo in entailed.get(_key(p, o), ()):
            subject, obj = _put(es, s, o), _put(eo, s, o)
            if not trivial(subject, ep, obj):
                found.add(f"{subject} {ep} {obj} .\n")
    return graph_bytes(found - set(ontology.decode("utf-8").splitlines(keepends=True)) - set(lines))


def one_triple_rules(ontology: bytes, facts: bytes) -> bool:
    """Whether the ontology uses only one-triple rules, and the facts (N-Triples) add no axioms and
    type nothing with a blank node (module doc): then the facts' entailments are those of each
    triple alone, and so also those of each thing alone (incremental_reason.py)."""
    if STAND_IN.encode() in facts or STAND_IN.encode() in ontology or BLANK_TYPE in facts:
        return False
    return {m.group() for m in VOCABULARY_TERM.finditer(ontology)} <= ONE_TRIPLE_TERMS and {
        m.group() for m in VOCABULARY_TERM.finditer(facts)
    } <= FACT_TERMS


def _entailments(infer: Infer, ontology: bytes, keys: list[Key]) -> dict[Key | None, list[tuple[str, str, str]]]:
    """What the stand-in of each key entails, its subject written ``s`` and its object ``o`` (and
    under None what the stand-ins entail about no stand-in: ontology terms)."""
    stand_ins = []
    for number, (predicate, cls) in enumerate(keys):
        obj = cls or f"<{STAND_IN}o{number}>"
        stand_ins.append(f"<{STAND_IN}s{number}> {predicate} {obj} .\n")
    lines = infer(ontology + "".join(stand_ins).encode("utf-8")).decode("utf-8").splitlines()
    entailed: dict[Key | None, list[tuple[str, str, str]]] = defaultdict(list)
    for row in lines:
        s, p, o = split_line(row)
        which = _stand_in(s)
        which = _stand_in(o) if which is None else which
        entailed[None if which is None else keys[which]].append((_placeholder(s), p, _placeholder(o)))
    return entailed


def _stand_in(term: str) -> int | None:
    """The number of the stand-in ``term`` is, or None."""
    if term.startswith(f"<{STAND_IN}"):
        return int(term[len(STAND_IN) + 2 : -1])
    return None


def _placeholder(term: str) -> str:
    """``s`` or ``o`` for a stand-in's subject or object (no term's N-Triples is a bare letter); any
    other term as it is."""
    return term[len(STAND_IN) + 1] if term.startswith(f"<{STAND_IN}") else term


def _put(term: str, subject: str, obj: str) -> str:
    return subject if term == "s" else obj if term == "o" else term


def _key(predicate: str, obj: str) -> Key:
    return (predicate, obj) if predicate == TYPE else (predicate, "")

"""What the dataset is about, read from the data itself: the source documents with their titles,
publishers and dates (their catalogue records), the countries they cover (``dcterms:spatial``), the
name of the subject in those countries' official languages, and the things the documents say most
about. The downloads' description and README and the query page all say it in these words, so a new
source or a new country changes them with no change to the code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.namespaces import DCTERMS, RDF_TYPE, SKOS, THB, key_iri

SUBJECT = key_iri("exploitation-form/human-trafficking")  # the concept the dataset is about
# The predicates read_about reads, as N-Triples writes them (of rdf:type, only a source document's).
_READ = frozenset(
    f"<{predicate}>".encode()
    for predicate in (
        *(DCTERMS + name for name in ("title", "issued", "publisher", "spatial")),
        *(SKOS + "prefLabel", THB + "officialLanguage", THB + "about"),
    )
)
_TYPE, _SOURCE_DOCUMENT = f"<{RDF_TYPE}>".encode(), f"<{THB}SourceDocument> .".encode()
_NEEDLES = (*(b" " + predicate + b" " for predicate in sorted(_READ)), b" " + _TYPE + b" " + _SOURCE_DOCUMENT)
EXAMPLE_COUNT = 6  # the things most claims are about, offered as first things to look up
CONTENTS = (
    "It describes the bodies involved and how they relate, laws and treaties, action plans and measures, "
    "permits and services for victims, statistics as an RDF Data Cube, country roles, findings and "
    "recommendations. Every fact is stated in one named graph per source document, with the verbatim "
    "passage that states it."
)


@dataclass(frozen=True)
class Document:
    """A source document as its catalogue record gives it."""

    iri: str
    title: str
    publisher: str | None  # the publisher's English name
    issued: ox.Literal

    def cited(self) -> str:
        """“Title”, publisher, date."""
        return ", ".join([f"“{self.title}”", *([self.publisher] if self.publisher else []), self.issued.value])


@dataclass(frozen=True)
class About:
    """The documents (oldest first), the countries they cover by IRI with their English names, the
    subject's names in the countries' official languages, and the things most claims are about."""

    documents: list[Document]
    countries: dict[str, str]
    native_names: list[ox.Literal]
    examples: list[str]

    @property
    def subject(self) -> str:
        """``how Finland and Sweden fight trafficking in human beings``: the countries by name."""
        names = sorted(self.countries.values())
        places = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names) or "countries"
        return f"how {places} {'fights' if len(names) == 1 else 'fight'} trafficking in human beings"

    @property
    def title(self) -> str:
        return f"thbkg: {self.subject}"

    @property
    def summary(self) -> str:
        """One sentence: what the graph covers and the documents it is built from."""
        count = len(self.documents)
        cited = "; ".join(document.cited() for document in self.documents)
        plural = "" if count == 1 else "s"
        return f"An open knowledge graph of {self.subject}, built from {count} source document{plural}: {cited}."

    @property
    def abstract(self) -> str:
        return f"{self.summary} {CONTENTS}"

    @property
    def modified(self) -> ox.Literal:
        """The newest document's date, which dates the data: no clock is read, and the data changes
        in substance when a source is added."""
        return max((document.issued for document in self.documents), key=lambda date: date.value)


class _Index:
    """The triples by subject and predicate."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.values: dict[tuple[str, str], list[ox.NamedNode | ox.Literal]] = defaultdict(list)
        for t in triples:
            if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode | ox.Literal):
                self.values[(t.subject.value, t.predicate.value)].append(t.object)

    def objects(self, predicate: str) -> list[str]:
        """Every IRI that is a value of ``predicate``, once for each subject it is the value of."""
        return [
            v.value for (_, p), vs in self.values.items() if p == predicate for v in vs if isinstance(v, ox.NamedNode)
        ]

    def subjects(self, predicate: str, value: str) -> list[str]:
        return sorted(s for (s, p), vs in self.values.items() if p == predicate and ox.NamedNode(value) in vs)

    def iris(self, subject: str, predicate: str) -> list[str]:
        return sorted(v.value for v in self.values[(subject, predicate)] if isinstance(v, ox.NamedNode))

    def literal(self, subject: str, predicate: str, language: str | None = None) -> ox.Literal | None:
        """The first literal value (in order of its text), in ``language`` if given."""
        found = [
            v
            for v in self.values[(subject, predicate)]
            if isinstance(v, ox.Literal) and (language is None or (v.language or "").lower() == language.lower())
        ]
        return min(found, key=lambda v: v.value, default=None)

    def name(self, iri: str) -> str | None:
        label = self.literal(iri, SKOS + "prefLabel", "en")
        return label.value if label else None


def about_ntriples(ntriples: bytes) -> About:
    """What sorted N-Triples (the union of a build's graphs) say the dataset is about: only the
    statements read_about reads are parsed, a small part of a large build, found as the lines that
    hold the text of one of its predicates (or a source document's type), then checked term by term
    (the text may be in a literal, or be an object), and parsed in the order of the lines."""
    found = {line for line in _lines_holding(ntriples, _NEEDLES) if _read(line.split(b" ", 2))}
    return read_about(ox.parse(b"\n".join(sorted(found)), format=ox.RdfFormat.N_TRIPLES))


def _lines_holding(data: bytes, needles: Iterable[bytes]) -> Iterator[bytes]:
    """Each line of ``data`` that holds one of ``needles``, once for each of them it holds."""
    for needle in needles:
        at = data.find(needle)
        while at >= 0:
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            yield data[data.rfind(b"\n", 0, at) + 1 : end]
            at = data.find(needle, end)


def _read(terms: list[bytes]) -> bool:
    return len(terms) == 3 and (terms[1] in _READ or (terms[1] == _TYPE and terms[2] == _SOURCE_DOCUMENT))


def read_about(triples: Iterable[ox.Triple]) -> About:
    """What the triples (the reference graph at least; the evidence as well for the examples) say
    the dataset is about."""
    index = _Index(triples)
    documents = index.subjects(RDF_TYPE, THB + "SourceDocument")
    records = []
    for iri in documents:
        title, issued = index.literal(iri, DCTERMS + "title"), index.literal(iri, DCTERMS + "issued")
        publishers = [name for publisher in index.iris(iri, DCTERMS + "publisher") if (name := index.name(publisher))]
        if issued is not None:
            records.append(Document(iri, title.value if title else iri, publishers[0] if publishers else None, issued))
    records.sort(key=lambda document: (document.issued.value, document.iri))
    areas = sorted({area for iri in documents for area in index.iris(iri, DCTERMS + "spatial")})
    tags = sorted({tag.value for area in areas for tag in index.values[(area, THB + "officialLanguage")]} - {"en"})
    native = [label for tag in tags if (label := index.literal(SUBJECT, SKOS + "prefLabel", tag)) is not None]
    claims = Counter(index.objects(THB + "about"))
    ranked = sorted(claims.items(), key=lambda item: (-item[1], item[0]))
    examples = sorted({*areas, *(iri for iri, _ in ranked[:EXAMPLE_COUNT])})
    return About(records, {area: index.name(area) or area for area in areas}, native, examples)

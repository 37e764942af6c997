"""Every thing of ours with its kind, classes and names: what the home page counts, the index pages
list and the search looks through.

A worker reads them from the store's index (``AllNames``, a task like lookup.py's) and the web
process keeps them (``ThingIndex``), as the data does not change while the server runs. The names
of the other nodes met (ontology terms, the values of facts) come along, so pages can name what they
link to without asking again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.dumps import serialized
from thbkg.core.names import best_name, language_order
from thbkg.core.namespaces import DCTERMS, RDF_TYPE, RDFS, SKOS, THB, THBR
from thbkg.serve.categories import Category, category_of
from thbkg.serve.worker import Answer

# What a thing is called: the best of LABEL_ORDER is shown; all of these are searched.
NAMES = (SKOS + "prefLabel", RDFS + "label", SKOS + "altLabel", DCTERMS + "title", SKOS + "notation")
SHA256 = THB + "sha256"  # a document's text is known by the digest its catalogue record gives


@dataclass(frozen=True)
class AllNames:
    """Worker task: the classes of every thing of ours, and every name of every node (with the
    documents' digests), as N-Triples, each triple once."""

    def run(self, store: ox.Store) -> Answer:
        found: set[ox.Triple] = set()
        for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None):
            if _ours(quad.subject) and not isinstance(quad.graph_name, ox.DefaultGraph):
                found.add(quad.triple)
        for predicate in (*NAMES, SHA256):
            for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                    found.add(quad.triple)
        return Answer(200, serialized(sorted(found, key=str), ox.RdfFormat.N_TRIPLES))


def _ours(node: object) -> bool:
    """A thing of ours: an IRI under ``id/``, not a ``#`` part of one (a passage's selectors)."""
    return isinstance(node, ox.NamedNode) and node.value.startswith(THBR) and "#" not in node.value


@dataclass(frozen=True)
class Thing:
    """One thing: its IRI, key (``organization/kom``), kind (``organization``), classes, names
    (in the order of NAMES, each language's) and category."""

    iri: str
    types: tuple[str, ...]
    names: tuple[tuple[str, ox.Literal], ...]
    label: str | None
    category: Category

    @property
    def key(self) -> str:
        return self.iri[len(THBR) :]

    @property
    def kind(self) -> str:
        return self.key.split("/", 1)[0]

    @property
    def path(self) -> str:
        """Its page on this server."""
        return "/id/" + self.key

    @property
    def shown(self) -> str:
        """Its best name, else its key."""
        return self.label or self.key


class ThingIndex:
    """The things of ours and the names of every node, read from ``AllNames``' triples."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        types: dict[str, set[str]] = defaultdict(set)
        names: dict[str, list[tuple[str, ox.Literal]]] = defaultdict(list)
        self.digests: dict[str, str] = {}
        for t in triples:
            if not isinstance(t.subject, ox.NamedNode):
                continue
            subject, predicate, value = t.subject.value, t.predicate.value, t.object
            if predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
                types[subject].add(value.value)
            elif predicate == SHA256 and isinstance(value, ox.Literal):
                self.digests[subject] = value.value
            elif isinstance(value, ox.Literal):
                names[subject].append((predicate, value))
        order = {predicate: n for n, predicate in enumerate(NAMES)}
        self.names = {
            iri: tuple(sorted(set(found), key=lambda n: (order[n[0]], language_order(n[1]))))
            for iri, found in names.items()
        }
        self.labels = {iri: best for iri in self.names if (best := _best(self.names[iri])) is not None}
        self.things = {
            iri: Thing(iri, tuple(sorted(classes)), self.names.get(iri, ()), self.labels.get(iri), category_of(classes))
            for iri, classes in sorted(types.items())
        }

    def label(self, iri: str) -> str | None:
        return self.labels.get(iri)

    def of_kind(self, kind: str) -> list[Thing]:
        """The things whose key starts ``kind/``, by name."""
        return sorted((t for t in self.things.values() if t.kind == kind), key=_by_name)

    def kinds(self) -> dict[Category, dict[str, int]]:
        """How many things of each kind, under the category most of that kind's things belong to."""
        counts: dict[str, dict[Category, int]] = defaultdict(lambda: defaultdict(int))
        for thing in self.things.values():
            counts[thing.kind][thing.category] += 1
        grouped: dict[Category, dict[str, int]] = defaultdict(dict)
        for kind, by_category in sorted(counts.items()):
            main = max(by_category.items(), key=lambda item: item[1])[0]
            grouped[main][kind] = sum(by_category.values())
        return grouped

    def in_category(self, category: Category) -> list[Thing]:
        return sorted((t for t in self.things.values() if t.category == category), key=_by_name)


def _best(names: tuple[tuple[str, ox.Literal], ...]) -> str | None:
    """The name a page shows (core/names.py)."""
    best = best_name(names)
    return best.value if best else None


def _by_name(thing: Thing) -> tuple[str, str]:
    return thing.shown.casefold(), thing.iri

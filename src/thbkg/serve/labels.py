"""The names of IRIs, for pages that show results: a result table names each thing by its label
and links it, instead of printing its IRI.

A task for the query workers like the entity lookups (lookup.py), so the web process never holds
the store: it reads the store's index with each IRI as a term, never as query text. The best name
is chosen as everywhere (core/names.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.names import LABEL_ORDER, best_name
from thbkg.serve.worker import Answer

MAX_IRIS = 2000  # IRIs named in one request: more than a page of results ever shows


@dataclass(frozen=True)
class Label:
    """A thing's name and the language it is written in ("" when none is given)."""

    text: str
    lang: str


@dataclass(frozen=True)
class Labels:
    """The best label of each of ``iris`` that has one."""

    iris: tuple[str, ...]

    def run(self, store: ox.Store) -> Answer:
        found = {}
        for iri in dict.fromkeys(self.iris):
            label = label_of(store, iri)
            if label is not None:
                found[iri] = [label.text, label.lang]
        return Answer(200, json.dumps(found, ensure_ascii=False, sort_keys=True).encode())


def label_of(store: ox.Store, iri: str) -> Label | None:
    """The best label of ``iri`` in ``store``, or None (no label, or not an IRI at all)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    best = best_name(
        (predicate, q.object)
        for predicate in LABEL_ORDER
        for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None)
        if isinstance(q.object, ox.Literal)
    )
    return Label(best.value, best.language or "") if best else None


def read_labels(answer: Answer) -> dict[str, Label]:
    """The worker's answer back as labels by IRI."""
    return {iri: Label(text, lang) for iri, (text, lang) in json.loads(answer.body).items()}

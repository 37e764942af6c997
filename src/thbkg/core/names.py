"""What a thing is called, chosen one way for every page, result table and graph view: the label
predicates in order of preference (skos:prefLabel, rdfs:label, dcterms:title), and within one
predicate English first, then the other languages by tag, then a name with no language."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from thbkg.core.namespaces import DCTERMS, RDFS, SKOS

LABEL_ORDER = (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title")


def language_order(literal: ox.Literal) -> tuple[bool, bool, str, str]:
    """English first, then other languages by tag, then no language; by text within one."""
    language = literal.language or ""
    return language != "en", not language, language, literal.value


def best_name(names: Iterable[tuple[str, ox.Literal]]) -> ox.Literal | None:
    """The name to show among ``(predicate, literal)`` pairs, or None when none is a label."""
    found = list(names)
    for predicate in LABEL_ORDER:
        labels = [literal for used, literal in found if used == predicate]
        if labels:
            return min(labels, key=language_order)
    return None

"""The names people read for IRIs: English and Norwegian Bokmål labels, looked up in one query per
batch, on the build or an endpoint alike.

A thing of ours has a ``skos:prefLabel``; a class or property of the ontology an ``rdfs:label``.
The name is chosen as on every page (core/names.py); a term with no label is named by its prefixed
IRI, never by a bare ``https://...`` (which no figure should show).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.names import LABEL_ORDER, best_name
from thbkg.core.namespaces import prefixed
from thbkg.core.terms import lexical
from thbkg.sparql.results import Result

Select = Callable[[str], Result]  # SELECT text -> its table
BATCH = 200  # IRIs per look-up: keeps each request well under an endpoint's size limit


@dataclass(frozen=True)
class Names:
    """What a thing is called: its name, English first (always there), and its Bokmål one, if any."""

    en: str
    nb: str | None = None
    labelled: bool = True  # False: the data has no label, ``en`` is the short name


def values_block(variable: str, iris: Iterable[str]) -> str:
    """A VALUES block binding ``?variable`` to each IRI (escaped by pyoxigraph's writer)."""
    return f"VALUES ?{variable} {{ {' '.join(str(ox.NamedNode(iri)) for iri in iris)} }}"


def names_of(select: Select, iris: Iterable[str]) -> dict[str, Names]:
    """The names of every IRI in ``iris``, chosen as everywhere (core/names.py); one without a label
    is named by its ``short_name``."""
    wanted = sorted(set(iris))
    found: dict[str, list[tuple[str, ox.Literal]]] = {iri: [] for iri in wanted}
    predicates = ", ".join(str(ox.NamedNode(predicate)) for predicate in LABEL_ORDER)
    for start in range(0, len(wanted), BATCH):
        text = f"""SELECT ?thing ?predicate ?label WHERE {{
  {values_block("thing", wanted[start : start + BATCH])}
  ?thing ?predicate ?label FILTER(?predicate IN ({predicates}) && isLiteral(?label))
}}"""
        for row in select(text).rows:
            label = row["label"]
            assert isinstance(label, ox.Literal)
            found[lexical(row["thing"])].append((lexical(row["predicate"]), label))
    return {iri: _names(iri, labels) for iri, labels in found.items()}


def _names(iri: str, labels: list[tuple[str, ox.Literal]]) -> Names:
    best = best_name(labels)
    bokmal = best_name((predicate, label) for predicate, label in labels if label.language == "nb")
    return Names(best.value if best else short_name(iri), bokmal.value if bokmal else None, labelled=best is not None)


def short_name(iri: str) -> str:
    """``prefix:local`` for an IRI under a known namespace, else its last segment."""
    short = prefixed(iri)
    return short if not short.startswith("<") else iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

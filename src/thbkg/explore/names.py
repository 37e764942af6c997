"""The names people read for IRIs: English and Norwegian Bokmål labels, looked up in one query per
batch, on the build or an endpoint alike.

A thing of ours has a ``skos:prefLabel``; a class or property of the ontology an ``rdfs:label``.
The preferred label wins; a term with no English label is named by its prefixed IRI, never by a
bare ``https://...`` (which no figure should show).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.namespaces import RDFS, SKOS, prefixed
from thbkg.core.terms import lexical
from thbkg.sparql.results import Result

Select = Callable[[str], Result]  # SELECT text -> its table
BATCH = 200  # IRIs per look-up: keeps each request well under an endpoint's size limit
LANGUAGES = ("en", "nb")


@dataclass(frozen=True)
class Names:
    """What a thing is called: its English label (always there) and its Bokmål one, if any."""

    en: str
    nb: str | None = None
    labelled: bool = True  # False: the data has no English label, ``en`` is the short name


def values_block(variable: str, iris: Iterable[str]) -> str:
    """A VALUES block binding ``?variable`` to each IRI (escaped by pyoxigraph's writer)."""
    return f"VALUES ?{variable} {{ {' '.join(str(ox.NamedNode(iri)) for iri in iris)} }}"


def names_of(select: Select, iris: Iterable[str]) -> dict[str, Names]:
    """The names of every IRI in ``iris`` (one without an English label: its ``short_name``)."""
    wanted = sorted(set(iris))
    found: dict[str, dict[tuple[int, str], str]] = {iri: {} for iri in wanted}
    for start in range(0, len(wanted), BATCH):
        text = f"""SELECT ?thing ?label ?rank WHERE {{
  {values_block("thing", wanted[start : start + BATCH])}
  {{ ?thing <{SKOS}prefLabel> ?label BIND(0 AS ?rank) }} UNION {{ ?thing <{RDFS}label> ?label BIND(1 AS ?rank) }}
  FILTER(LANG(?label) IN ({", ".join(f'"{lang}"' for lang in LANGUAGES)}))
}}"""
        for row in select(text).rows:
            label, rank = row["label"], row["rank"]
            assert isinstance(label, ox.Literal) and isinstance(rank, ox.Literal)
            key = (int(rank.value), label.language or "")
            # several labels of one rank: the first in code-point order, so every run names alike
            labels = found[lexical(row["thing"])]
            if key not in labels or label.value < labels[key]:
                labels[key] = label.value
    return {iri: _names(iri, labels) for iri, labels in found.items()}


def _names(iri: str, labels: dict[tuple[int, str], str]) -> Names:
    def best(language: str) -> str | None:
        ranked = sorted((rank, value) for (rank, lang), value in labels.items() if lang == language)
        return ranked[0][1] if ranked else None

    english = best("en")
    return Names(english or short_name(iri), best("nb"), labelled=english is not None)


def short_name(iri: str) -> str:
    """``prefix:local`` for an IRI under a known namespace, else its last segment."""
    short = prefixed(iri)
    return short if not short.startswith("<") else iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

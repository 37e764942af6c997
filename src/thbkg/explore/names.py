"""The names people read for IRIs: English and Norwegian Bokmål labels, looked up on the build or an
endpoint alike, and the look-up of a pattern for many IRIs that the graph views' details share.

A thing of ours has a ``skos:prefLabel``; a class or property of the ontology an ``rdfs:label``.
The name is chosen as on every page (core/names.py); a term with no label is named by its prefixed
IRI, never by a bare ``https://...`` (which no figure should show).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.names import LABEL_ORDER, best_name
from thbkg.core.namespaces import prefixed
from thbkg.core.terms import Term, lexical
from thbkg.sparql.results import Result

Select = Callable[[str], Result]  # SELECT text -> its table
BATCH = 200  # IRIs per look-up: keeps each request well under an endpoint's size limit
LOOKUP_ROWS = 3  # a look-up of one IRI in a VALUES block costs about as much as reading three rows
LABELS = " UNION ".join(f"{{ ?thing <{p}> ?label BIND(<{p}> AS ?predicate) }}" for p in LABEL_ORDER)


@dataclass(frozen=True)
class Names:
    """What a thing is called: its name, English first (always there), and its Bokmål one, if any."""

    en: str
    nb: str | None = None


def values_block(variable: str, iris: Iterable[str]) -> str:
    """A VALUES block binding ``?variable`` to each IRI (escaped by pyoxigraph's writer)."""
    return f"VALUES ?{variable} {{ {' '.join(str(ox.NamedNode(iri)) for iri in iris)} }}"


def lookup(select: Select, pattern: str, variable: str, iris: Iterable[str]) -> Iterator[dict[str, Term]]:
    """The rows of ``pattern`` (a group graph pattern) with ``?variable`` bound to each of ``iris``:
    BATCH IRIs at a time in a VALUES block, or, for more than one batch where the graph has fewer
    than LOOKUP_ROWS matches of the pattern per IRI asked for (the evidence view of a large build
    asks for most of the graph's things), every match read in one query, those of the IRIs asked
    for kept. Either way the same rows, in an order that does not matter to the callers; counting
    the matches reads at most LOOKUP_ROWS per IRI, a fraction of the look-ups it may save. An answer
    with fewer rows than counted (an endpoint cuts its answers at a row cap, and says so only in a
    header) is set aside for the batches."""
    wanted = sorted(set(iris))
    enough = LOOKUP_ROWS * len(wanted)
    counted = f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT * WHERE {{ {pattern} }} LIMIT {enough} }} }}"
    if len(wanted) > BATCH and (matches := int(lexical(select(counted).rows[0]["n"]))) < enough:
        rows = select(f"SELECT * WHERE {{ {pattern} }}").rows
        if len(rows) == matches:
            asked = set(wanted)
            yield from (row for row in rows if lexical(row[variable]) in asked)
            return
    for start in range(0, len(wanted), BATCH):
        values = values_block(variable, wanted[start : start + BATCH])
        yield from select(f"SELECT * WHERE {{ {values} {pattern} }}").rows


def names_of(select: Select, iris: Iterable[str]) -> dict[str, Names]:
    """The names of every IRI in ``iris``, chosen as everywhere (core/names.py); one without a label
    is named by its ``short_name``."""
    wanted = sorted(set(iris))
    labelled = labels_of(select, wanted)
    return {iri: labelled.get(iri) or Names(short_name(iri)) for iri in wanted}


def labels_of(select: Select, iris: Iterable[str]) -> dict[str, Names]:
    """The names of those of ``iris`` that have a label (a graph view names the others itself)."""
    found: dict[str, list[tuple[str, ox.Literal]]] = {}
    for row in lookup(select, f"{LABELS} FILTER(isLiteral(?label))", "thing", iris):
        label = row["label"]
        assert isinstance(label, ox.Literal)
        found.setdefault(lexical(row["thing"]), []).append((lexical(row["predicate"]), label))
    return {iri: _names(labels) for iri, labels in found.items()}


def _names(labels: list[tuple[str, ox.Literal]]) -> Names:
    best = best_name(labels)
    assert best is not None  # every pair is a label
    bokmal = best_name((predicate, label) for predicate, label in labels if label.language == "nb")
    return Names(best.value, bokmal.value if bokmal else None)


def short_name(iri: str) -> str:
    """``prefix:local`` for an IRI under a known namespace, else its last segment."""
    short = prefixed(iri)
    return short if not short.startswith("<") else iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

"""The values each parameter of a saved query can take that the data has (sparql/choices.py), with
their labels: what the query's form offers. A task for the query workers like the entity lookups
(lookup.py), so the web process never holds the store.

The answer is JSON: ``{parameter name: [[value, label, language], ...]}``, the label empty when
the value has none (a year, or a thing without a name).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

import pyoxigraph as ox

from thbkg.core.errors import QueryError
from thbkg.serve.labels import Label, label_of
from thbkg.serve.worker import Answer
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.choices import choices
from thbkg.sparql.run import run_local


@dataclass(frozen=True)
class Choice:
    """One value to offer, and the label of what it names (None for a literal or no label)."""

    value: str
    label: Label | None


@dataclass(frozen=True)
class FormChoices:
    """The values to offer for each parameter of ``query``."""

    query: SavedQuery

    def run(self, store: ox.Store) -> Answer:
        run = partial(run_local, store)
        found: dict[str, list[list[str]]] = {}
        for param in self.query.parameters:
            try:
                values = choices(param, self.query.defaults.get(param.name), run)
            except QueryError:  # a default that is not a value of its type: offer nothing, the form still works
                values = []
            labels = [label_of(store, value) if param.kind == "iri" else None for value in values]
            found[param.name] = [
                [v, label.text, label.lang] if label else [v, "", ""] for v, label in zip(values, labels, strict=True)
            ]
        return Answer(200, json.dumps(found, ensure_ascii=False).encode())


def read_choices(answer: Answer) -> dict[str, list[Choice]]:
    """The worker's answer back as choices by parameter name."""
    return {
        name: [Choice(value, Label(text, lang) if text else None) for value, text, lang in offered]
        for name, offered in json.loads(answer.body).items()
    }

"""Why a saved query's API call answered nothing: the look-ups of sparql/hints.py, run in a query
worker like the entity lookups (lookup.py), so the web process never holds the store.

The answer is JSON, a list of ``[parameter name, value as given, [closest values]]``, one for each
value that matches nothing in the data; the API names them in a header of the empty result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial

import pyoxigraph as ox

from thbkg.core.errors import QueryError
from thbkg.serve.worker import Answer
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.hints import Unmatched, unmatched
from thbkg.sparql.run import run_local


@dataclass(frozen=True)
class ParameterHints:
    """The values (``given``, else the defaults) of ``query``'s parameters that match nothing."""

    query: SavedQuery
    given: dict[str, str] = field(default_factory=dict)

    def run(self, store: ox.Store) -> Answer:
        try:
            found = unmatched(self.query, self.given, partial(run_local, store))
        except QueryError as exc:
            return Answer(400, message=str(exc))
        return Answer(200, json.dumps([[u.name, u.value, list(u.closest)] for u in found]).encode())


def read_hints(answer: Answer) -> list[Unmatched]:
    """The worker's answer back as Unmatched values."""
    return [Unmatched(name, value, tuple(near)) for name, value, near in json.loads(answer.body)]

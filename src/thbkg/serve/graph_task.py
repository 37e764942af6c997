"""A graph view built in a query worker, like a query, so the web process never holds the store.

The worker builds the view (explore/views.py) on its own store and answers it as Cytoscape JSON
(explore/exports.py), which the graph pages draw and the ``.json`` routes return as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.errors import QueryError
from thbkg.explore.exports import to_bytes
from thbkg.explore.views import build_view, find_view, neighbourhood_graph
from thbkg.serve.worker import Answer
from thbkg.sparql.results import Result
from thbkg.sparql.run import run_local

NEIGHBOURHOOD_DEPTH = 1  # what an entity page draws: the thing and what it links to directly


@dataclass(frozen=True)
class ViewGraph:
    """One view by name, or the neighbourhood of ``focus`` (an IRI) when ``view`` is None."""

    view: str | None
    focus: str | None = None

    def run(self, store: ox.Store) -> Answer:
        def select(text: str) -> Result:
            return run_local(store, text, "SELECT")

        try:
            if self.view is None:
                graph = neighbourhood_graph(select, self.focus or "", NEIGHBOURHOOD_DEPTH)
            else:
                graph = build_view(select, find_view(self.view), {})
        except QueryError as exc:
            return Answer(404, message=str(exc))
        return Answer(200, to_bytes(graph, "cyjs"), fmt="json")

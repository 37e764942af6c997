"""The graph from Python: open it from the build or an endpoint, read saved queries and any SPARQL
as pandas DataFrames, and see it as networkx graph views (see docs/explore.md).

>>> from thbkg.explore import open_graph
>>> kg = open_graph()                        # the project's build; or a build file, or an endpoint URL
>>> kg.query("query-13")                     # a saved query as a DataFrame
>>> actors = kg.view("actors")               # a networkx MultiDiGraph
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from thbkg.explore.views import views

if TYPE_CHECKING:
    from thbkg.explore.graph import KnowledgeGraph, KnowledgeGraphError, open_graph

LAZY = frozenset({"KnowledgeGraph", "KnowledgeGraphError", "open_graph"})


def __getattr__(name: str) -> Any:
    """The graph module's names, imported on first use (PEP 562): it loads pandas, which the
    build's export of the views does without."""
    if name not in LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.graph"), name)


__all__ = ["KnowledgeGraph", "KnowledgeGraphError", "open_graph", "views"]

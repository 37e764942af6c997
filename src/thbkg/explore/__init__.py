"""The graph from Python: open it from the build or an endpoint, read saved queries and any SPARQL
as pandas DataFrames, and see it as networkx graph views (see docs/explore.md).

>>> from thbkg.explore import open_graph
>>> kg = open_graph()                        # the project's build; or a build file, or an endpoint URL
>>> kg.query("query-13")                     # a saved query as a DataFrame
>>> actors = kg.view("actors")               # a networkx MultiDiGraph
"""

from thbkg.explore.graph import KnowledgeGraph, KnowledgeGraphError, open_graph
from thbkg.explore.views import views

__all__ = ["KnowledgeGraph", "KnowledgeGraphError", "open_graph", "views"]

"""The graph as a notebook or a script opens it: from the local build or any SPARQL 1.1 endpoint,
with the same calls either way.

``open_graph()`` reads the project's build, ``open_graph("data/build/thbkg.nq")`` another build
file, ``open_graph("http://127.0.0.1:8000/sparql")`` an endpoint (through SPARQLWrapper and
sparql/http.py, with their deadline and size limit). Saved queries and any SPARQL come back as
pandas DataFrames (frames.py), the views as networkx graphs (views.py). Whatever goes wrong (an
unknown query or view, a bad parameter, a query the store refuses, an endpoint that does not
answer) raises one KnowledgeGraphError whose message says what and how to fix it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path

import networkx as nx
import pandas as pd

from thbkg.core.errors import QueryError
from thbkg.core.layout import Layout, find_root
from thbkg.core.terms import lexical
from thbkg.explore import frames
from thbkg.explore.names import Names, names_of
from thbkg.explore.views import View, build_view, find_view, neighbourhood_graph
from thbkg.sparql.catalogue import SavedQuery, find, load_catalogue
from thbkg.sparql.hints import Runner
from thbkg.sparql.results import Result
from thbkg.sparql.run import DEFAULT_TIMEOUT, prepare, run_local, run_remote
from thbkg.sparql.scanner import query_form
from thbkg.sparql.store import load_build

ParameterValue = str | int | float


class KnowledgeGraphError(Exception):
    """A query, view or endpoint problem, in one line that says what to do."""


class KnowledgeGraph:
    """The thbkg graph at ``where`` (a build file or an endpoint URL), asked through ``run``."""

    def __init__(self, run: Runner, where: str, queries: Path) -> None:
        self._run = run
        self.where = where
        self._queries = queries
        self._catalogue: dict[str, SavedQuery] | None = None

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.where}>"

    def select(self, text: str) -> Result:
        """The raw result of a SELECT query (pyoxigraph terms), for code that wants the terms."""
        return self._ask(text, "SELECT")

    def sparql(self, text: str) -> pd.DataFrame | bool:
        """Any SPARQL query: a SELECT as a table, CONSTRUCT or DESCRIBE as a table of triples, ASK
        as True or False. A column of IRIs without a ``<column>Label`` gets one."""
        try:
            form = query_form(text)
        except QueryError as exc:
            raise KnowledgeGraphError(str(exc)) from None
        return self._frame(self._ask(text, form))

    def query(self, name: str, **parameters: ParameterValue) -> pd.DataFrame:
        """A saved query (``queries/*.rq``) by name or a unique start of it (``"query-13"``), with
        parameter values by name: ``kg.query("query-12", role="country-role/transit")``. A value
        is what ``thbkg query --param`` takes: a key, a CURIE or an IRI for an IRI parameter."""
        try:
            saved = find(self.saved_queries(), name)
            text = prepare(saved, {key: str(value) for key, value in parameters.items()})
        except QueryError as exc:
            raise KnowledgeGraphError(str(exc)) from None
        answer = self._frame(self._ask(text, saved.form))
        if not isinstance(answer, pd.DataFrame):
            raise KnowledgeGraphError(f"{saved.name} is an ASK query: use kg.sparql for it")
        return answer

    def saved_queries(self) -> dict[str, SavedQuery]:
        """The saved queries by name (read once)."""
        if self._catalogue is None:
            try:
                self._catalogue = load_catalogue(self._queries)
            except QueryError as exc:
                raise KnowledgeGraphError(f"{exc}: open the graph inside a thbkg project (root=...)") from None
        return self._catalogue

    def queries(self) -> pd.DataFrame:
        """The saved queries as a table: name, summary and parameters (with defaults)."""
        rows = [(q.name, q.summary, q.parameter_summary()) for q in self.saved_queries().values()]
        return pd.DataFrame(rows, columns=["name", "summary", "parameters"])

    def names(self, iris: Iterable[str]) -> dict[str, Names]:
        """The English (and Norwegian Bokmål) names of IRIs."""
        return names_of(self.select, iris)

    def label(self, iri: str) -> str:
        """The English name of one IRI."""
        return self.names([iri])[iri].en

    def view(self, name: str, **parameters: ParameterValue) -> nx.MultiDiGraph:
        """One of the graph views (``views()`` lists them) as a networkx MultiDiGraph."""
        try:
            view = find_view(name)
        except QueryError as exc:
            raise KnowledgeGraphError(str(exc)) from None
        return self._build(view, {key: str(value) for key, value in parameters.items()})

    def neighbourhood(self, iri: str, depth: int = 1) -> nx.MultiDiGraph:
        """A thing (its IRI or key, ``organization/kom``) with everything within ``depth`` links."""
        try:
            return neighbourhood_graph(self.select, iri, depth)
        except QueryError as exc:
            raise KnowledgeGraphError(str(exc)) from None

    def _build(self, view: View, parameters: Mapping[str, str]) -> nx.MultiDiGraph:
        try:
            return build_view(self.select, view, parameters)
        except QueryError as exc:
            raise KnowledgeGraphError(f"view {view.name!r}: {exc}") from None

    def _ask(self, text: str, form: str) -> Result:
        try:
            return self._run(text, form)
        except QueryError as exc:
            raise KnowledgeGraphError(f"{self.where}: {exc}") from None

    def _frame(self, result: Result) -> pd.DataFrame | bool:
        if result.boolean is not None:
            return result.boolean
        if result.graph is not None:
            return frames.graph_frame(result.graph, self._labels)
        iris = {lexical(row[c]) for row in result.rows for c in frames.iri_columns(result) if c in row}
        return frames.data_frame(result, self._labels(iris))

    def _labels(self, iris: Iterable[str]) -> dict[str, str]:
        return {iri: names.en for iri, names in self.names(iris).items()}


def open_graph(
    where: str | os.PathLike[str] | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> KnowledgeGraph:
    """The graph at ``where``: None for the project's build (``data/build/thbkg.nq``), a build
    file's path, or the URL of a SPARQL 1.1 endpoint (checked to answer before this returns).
    ``root`` is the project folder whose saved queries ``query`` runs (default: the nearest one).
    An empty string counts as None, so ``open_graph(os.environ.get("THBKG_ENDPOINT"))`` reads the
    build unless the variable names an endpoint."""
    layout = Layout(Path(root).resolve() if root else find_root())
    text = os.fspath(where) if where else ""
    if text.startswith(("http://", "https://")):
        graph = KnowledgeGraph(partial(run_remote, text, timeout=timeout), text, layout.queries)
        graph.sparql("ASK { }")  # an endpoint that does not answer fails here, not in the first real query
        return graph
    file = Path(text) if text else layout.build / "thbkg.nq"
    try:
        store = load_build(file)
    except QueryError as exc:
        raise KnowledgeGraphError(str(exc)) from None
    return KnowledgeGraph(partial(run_local, store), str(file), layout.queries)

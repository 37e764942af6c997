"""The quality checks after a change (build/kept_quality.py) give what they give on a store loaded
afresh, change after change, while computing again only the rows a change can reach; and the reach
of a query that reads named graphs (engines/reach.py, ``rows_reach``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from test_engines import corpus
from thbkg.build.engines.reach import DEFAULT, Link, Same, Unbounded, rows_reach
from thbkg.build.kept_checks import KeptChecks
from thbkg.build.pipeline import Build, run_stages
from thbkg.build.quality import load_checks, run_checks
from thbkg.build.serialize import nquads
from thbkg.core.layout import Layout
from thbkg.sparql.store import load_quads

GRAPH = "https://w3id.org/thbkg/graph/"
ID = "https://w3id.org/thbkg/id/"
MOJ = URIRef(GRAPH + "source/no-moj-2010-bsppc")
EVIDENCE = URIRef(GRAPH + "evidence/no-moj-2010-bsppc")
CURATION = URIRef(GRAPH + "curation")
# the 2010 description: "121 were Nigerian citizens, the remaining were of 42 other nationalities."
OTHER = f"<{ID}observation/moj2010-other-victim-nationalities-2009>"
FIGURE_42 = f'{OTHER} <https://w3id.org/thbkg/ontology#value> "42"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
EX = "http://example.org/"
OUTSIDE = URIRef(EX + "graph")


def _with(graphs: Mapping[URIRef, bytes], name: URIRef, add: str = "", drop: str = "") -> dict[URIRef, bytes]:
    changed = dict(graphs)
    lines = set(changed.get(name, b"").splitlines(keepends=True)) | set(add.encode().splitlines(keepends=True))
    lines -= set(drop.encode().splitlines(keepends=True))
    changed[name] = b"".join(sorted(lines))
    return changed


def _first_line(graphs: Mapping[URIRef, bytes], name: URIRef) -> str:
    return graphs[name].splitlines(keepends=True)[0].decode()


# Each change is made to the graphs the one before it left; after each, every check is run and
# compared with its answer on a fresh store.
CHANGES = [
    ("a figure leaves its source graph", lambda g: _with(g, MOJ, drop=FIGURE_42)),
    ("it comes back", lambda g: _with(g, MOJ, add=FIGURE_42)),
    ("a triple with an undeclared predicate", lambda g: _with(g, MOJ, add=f"{OTHER} <{EX}undeclared> <{ID}x> .\n")),
    ("it goes", lambda g: _with(g, MOJ, drop=f"{OTHER} <{EX}undeclared> <{ID}x> .\n")),
    ("an evidence line goes", lambda g: _with(g, EVIDENCE, drop=_first_line(g, EVIDENCE))),
    ("a curated triple without its record", lambda g: _with(g, CURATION, add=f"<{ID}a> <{EX}p> <{ID}b> .\n")),
    ("a graph named outside our namespaces", lambda g: {**g, OUTSIDE: f"<{ID}a> <{EX}q> <{ID}b> .\n".encode()}),
    ("it goes", lambda g: {name: data for name, data in g.items() if name != OUTSIDE}),
    ("a source graph goes whole", lambda g: {name: data for name, data in g.items() if name != MOJ}),
]


def _answers(failures: list) -> list[tuple[str, list]]:
    return [(v.check.name, v.result.rows) for v in failures]


def test_after_each_change_the_checks_answer_as_on_a_fresh_store(build: Build, layout: Layout) -> None:
    checks = load_checks(layout.qc_queries)
    graphs = dict(build.ntriples)
    kept = KeptChecks(graphs)
    assert _answers(kept.quality(checks)) == []  # the repository's build passes
    failing = set()
    for _, change in CHANGES:
        graphs = change(graphs)
        kept.update(graphs)
        found = _answers(kept.quality(checks))
        assert found == _answers(run_checks(load_quads(nquads(graphs)), checks))
        failing |= {name for name, _ in found}
    # the changes find something wrong with most checks: the comparison is not between empty answers
    assert len(failing) >= 5, failing


def test_a_change_is_checked_again_only_where_it_reaches(build: Build, layout: Layout) -> None:
    checks = load_checks(layout.qc_queries)
    graphs = dict(build.ntriples)
    kept = KeptChecks(graphs)
    kept.quality(checks)
    assert kept.checked.whole == {check.name for check in checks}  # the first run is whole
    graphs = _with(graphs, MOJ, drop=FIGURE_42)
    kept.update(graphs)
    found = _answers(kept.quality(checks))
    # the claim still states the figure: that check finds it, and runs whole to report it
    assert [name for name, _ in found] == ["claimed-fact-not-in-source-graph-violation"]
    assert "claimed-fact-not-in-source-graph-violation" in kept.checked.whole
    # the checks a walk bounds, which find nothing, reuse their rows: all but the one counting
    # each predicate's uses across the graphs, whose walk from rdf:type passes the cap
    assert kept.checked.whole <= {"claimed-fact-not-in-source-graph-violation", "undeclared-predicate-violation"}
    kept.update(dict(graphs))  # no change: nothing runs again, and the failure is the last one
    assert _answers(kept.quality(checks)) == found
    assert kept.checked.whole == set()


@pytest.mark.timeout(600)
def test_a_synthetic_corpus_after_each_change(tmp_path: Path) -> None:
    """Ten synthetic reports (bench/corpus.py), which share countries and organisations: lines of
    one report's source and evidence graphs taken out, one moved to another report, and a report
    removed whole, each compared with a fresh store."""
    layout = corpus(tmp_path, 10)
    checks = load_checks(layout.qc_queries)
    graphs = dict(run_stages(layout, check=False).ntriples)
    first, second = sorted(name for name in graphs if name.startswith(GRAPH + "source/syn-"))[:2]
    evidence = URIRef(first.replace("/source/", "/evidence/"))
    moved = _first_line(graphs, first)
    changes = [
        lambda g: _with(g, first, drop=moved),
        lambda g: _with(g, second, add=moved),
        lambda g: _with(g, first, add=moved),
        lambda g: _with(g, evidence, drop=_first_line(g, evidence)),
        lambda g: {name: data for name, data in g.items() if name not in (first, evidence)},
    ]
    kept = KeptChecks(graphs)
    kept.quality(checks)
    failing = set()
    for change in changes:
        graphs = change(graphs)
        kept.update(graphs)
        found = _answers(kept.quality(checks))
        assert found == _answers(run_checks(load_quads(nquads(graphs)), checks))
        failing |= {name for name, _ in found}
    assert failing, "the changes find nothing: the comparison is between empty answers"


GRAPH_QUERY = """
SELECT ?graph ?s WHERE {
  GRAPH ?graph { }
  BIND(IRI(CONCAT("http://example.org/evidence/", STRAFTER(STR(?graph), "/source/"))) AS ?evidence)
  GRAPH ?graph { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?evidence { ?claim <http://example.org/states> ?s } }
}"""


def test_the_reach_of_a_query_over_named_graphs() -> None:
    reach = rows_reach(GRAPH_QUERY)
    assert reach.root == "s"  # both are bound in every row; ?s is the subject of what is read from it
    assert set(reach.steps) == {
        Link(("s", "p", "o", "graph"), 0),
        Link((None, None, None, "graph"), 3),  # that the graph holds a triple
        # read from ?s: ?evidence is computed from ?graph, and a walk cannot follow a computation
        Link(("claim", ox.NamedNode(EX + "states"), "s", "evidence"), 2),
    }
    # with ?s not projected, ?graph is the root, and the graph's triples are read from it
    graph_only = rows_reach(GRAPH_QUERY.replace("SELECT ?graph ?s", "SELECT ?graph"))
    assert graph_only.root == "graph"
    assert Link(("s", "p", "o", "graph"), 3) in graph_only.steps


def test_bind_of_a_variable_is_the_same_value_and_the_default_graph_is_a_position() -> None:
    reach = rows_reach(f"SELECT ?x WHERE {{ ?y <{EX}p> ?z BIND(?y AS ?x) }}")
    assert reach.root == "x"
    assert set(reach.steps) == {Same("x", "y"), Link(("y", ox.NamedNode(EX + "p"), "z", DEFAULT), 0)}


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT ?x WHERE {{ OPTIONAL {{ ?x <{EX}p> ?y }} }}",  # a row may leave ?x unbound
        f"SELECT ?x WHERE {{ ?x <{EX}p> ?y . GRAPH ?g {{ ?a <{EX}q> ?b }} }}",  # joined to ?x by nothing
        # a pattern read only from a value computed from another: a walk cannot follow a computation
        f'SELECT ?x WHERE {{ ?x <{EX}p> ?y BIND(IRI(CONCAT(STR(?y), "/more")) AS ?z) ?z <{EX}q> ?w }}',
    ],
)
def test_rows_that_cannot_be_bounded(query: str) -> None:
    with pytest.raises(Unbounded):
        rows_reach(query)

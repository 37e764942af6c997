"""The checks' stores kept between builds (build/kept_checks.py) end as stores loaded afresh from
the changed build would be, and give the same report and quality-check failures: a triple that
leaves one graph but not another stays in the union, a triple that leaves every graph leaves it,
graphs come and go, and a literal written two ways with one value is kept while one of them stays."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from thbkg.build.engines import engine
from thbkg.build.engines.dataset import Dataset
from thbkg.build.kept_checks import KeptChecks
from thbkg.build.pipeline import Build
from thbkg.build.quality import load_checks, run_checks
from thbkg.build.serialize import nquads
from thbkg.build.validate import load_shapes
from thbkg.build.validation_cache import shapes_key
from thbkg.core.layout import Layout
from thbkg.sparql.store import load_quads

GRAPH = "https://w3id.org/thbkg/graph/"
MOJ, TIP = URIRef(GRAPH + "source/no-moj-2010-bsppc"), URIRef(GRAPH + "source/us-dos-tip-2011-nor")
EVIDENCE = URIRef(GRAPH + "evidence/no-moj-2010-bsppc")
# the 2010 description: "121 were Nigerian citizens, the remaining were of 42 other nationalities."
OTHER = "<https://w3id.org/thbkg/id/observation/moj2010-other-victim-nationalities-2009>"
VALUE = "<https://w3id.org/thbkg/ontology#value>"
DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"
FIGURE_42 = f'{OTHER} {VALUE} "42"^^{DECIMAL} .\n'.encode()
NEW = URIRef(GRAPH + "source/an-added-graph")


def _quads(store: ox.Store) -> tuple[set[ox.Quad], int]:
    """The quads of ``store`` without a blank node, and how many have one (a load names them anew)."""
    quads = list(store.quads_for_pattern(None, None, None))
    blank = [quad for quad in quads if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)]
    return set(quads) - set(blank), len(blank)


def _with(graphs: Mapping[URIRef, bytes], name: URIRef, add: bytes = b"", drop: bytes = b"") -> dict[URIRef, bytes]:
    """``graphs`` with the lines ``add`` added to the graph ``name`` and ``drop`` taken out."""
    changed = dict(graphs)
    lines = set(changed.get(name, b"").splitlines(keepends=True)) | set(add.splitlines(keepends=True))
    lines -= set(drop.splitlines(keepends=True))
    changed[name] = b"".join(sorted(lines))
    return changed


def _as_loaded(kept: KeptChecks, graphs: Mapping[URIRef, bytes]) -> None:
    """Both kept stores hold what stores loaded from ``graphs`` would."""
    union = b"".join(graphs.values())
    fresh = Dataset(union)
    assert _quads(kept.dataset.store) == _quads(fresh.store)
    assert kept.dataset.typed_lines == fresh.typed_lines
    loaded = load_quads(nquads(graphs))
    assert _quads(kept.store) == _quads(loaded)
    assert set(kept.store.named_graphs()) == set(loaded.named_graphs())  # none left empty
    assert set(kept.union().splitlines()) == set(union.splitlines())


def test_a_triple_leaves_the_union_only_with_its_last_graph(build: Build) -> None:
    graphs = dict(build.ntriples)
    assert FIGURE_42 in graphs[MOJ]
    kept = KeptChecks(graphs)
    both = _with(graphs, TIP, add=FIGURE_42)  # the figure stated by a second graph
    change = kept.update(both)
    assert change.added == change.removed == b""
    _as_loaded(kept, both)
    one_left = _with(both, MOJ, drop=FIGURE_42)
    change = kept.update(one_left)
    assert change.lines == b""  # still in the 2011 graph
    _as_loaded(kept, one_left)
    none_left = _with(one_left, TIP, drop=FIGURE_42)
    change = kept.update(none_left)
    assert change.removed == FIGURE_42 and change.added == b""
    _as_loaded(kept, none_left)


def test_a_blank_node_loads_the_stores_again(build: Build) -> None:
    graphs = dict(build.ntriples)
    kept = KeptChecks(graphs)
    line = f"{OTHER} <http://www.w3.org/2000/01/rdf-schema#seeAlso> _:note .\n".encode()
    for changed in (_with(graphs, TIP, add=line), graphs):
        assert kept.update(changed) is None
        _as_loaded(kept, changed)


def test_graphs_come_and_go(build: Build) -> None:
    graphs = dict(build.ntriples)
    kept = KeptChecks(graphs)
    line = f'{OTHER} <http://www.w3.org/2000/01/rdf-schema#comment> "a graph of its own" .\n'.encode()
    added = {**graphs, NEW: line}
    assert kept.update(added).added == line
    _as_loaded(kept, added)
    without = {name: data for name, data in graphs.items() if name != EVIDENCE}
    change = kept.update(without)
    assert change.added == b"" and change.removed
    _as_loaded(kept, without)


def test_one_value_written_two_ways(build: Build) -> None:
    # "42" and "42.0" are one xsd:decimal value: the checks' store and the values graph hold it once
    graphs = dict(build.ntriples)
    other_way = FIGURE_42.replace(b'"42"', b'"42.0"')
    two_ways = _with(graphs, TIP, add=other_way)
    kept = KeptChecks(two_ways)
    _as_loaded(kept, two_ways)
    for changed in (_with(two_ways, MOJ, drop=FIGURE_42), _with(graphs, MOJ, drop=FIGURE_42)):
        kept.update(changed)
        _as_loaded(kept, changed)
    in_one_graph = _with(graphs, MOJ, add=other_way)
    kept.update(in_one_graph)
    _as_loaded(kept, in_one_graph)
    for changed in (_with(in_one_graph, MOJ, drop=FIGURE_42), graphs):
        kept.update(changed)
        _as_loaded(kept, changed)


@pytest.mark.parametrize("name", [MOJ, EVIDENCE])
def test_the_report_and_the_quality_checks_are_those_of_a_fresh_build(
    build: Build, layout: Layout, name: URIRef
) -> None:
    graphs = dict(build.ntriples)
    shapes, key, checks = load_shapes(layout.shapes), shapes_key(layout.shapes), load_checks(layout.qc_queries)
    fast = engine("fast")
    kept = KeptChecks(graphs)
    assert kept.validate(fast, shapes, key) == build.report
    # the figure 42 leaves its graph: the report and quality checks see the change
    changed = _with(graphs, name, drop=FIGURE_42 if name == MOJ else graphs[name].splitlines(keepends=True)[0])
    kept.update(changed)
    assert kept.validate(fast, shapes, key) == fast.validate(b"".join(changed.values()), shapes)
    expected = [(v.check.name, v.result.rows) for v in run_checks(load_quads(nquads(changed)), checks)]
    assert [(v.check.name, v.result.rows) for v in kept.quality(checks)] == expected
    if name == MOJ:  # its claim still states the figure the graph no longer holds
        assert "claimed-fact-not-in-source-graph-violation" in dict(expected)

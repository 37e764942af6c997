"""The downloads' README gives right answers: each file, loaded as its entry says (a file with the
named graphs into pyoxigraph with the union of the graphs as default graph, a file with the union
alone as a plain default graph), answers exactly the saved queries its entry names as the endpoint
does (the build loaded as ``thbkg serve`` loads it; each query with its defaults bound, as ``thbkg
query`` binds them), row for row, and no other. The advice for the endpoint's very dataset (the
union loaded into the default graph as well) gives the endpoint's default graph itself.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from thbkg.build.pipeline import Build, write_outputs
from thbkg.core.layout import Layout
from thbkg.release.export import export
from thbkg.sparql.catalogue import SavedQuery, load_catalogue
from thbkg.sparql.results import canonical, from_oxigraph
from thbkg.sparql.run import prepare
from thbkg.sparql.store import load_dataset

CELL = re.compile(r"`([^`]+)`")
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def folder(build: Build, layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's build written out and exported, as ``thbkg build`` writes data/build and dist."""
    folder = tmp_path_factory.mktemp("advice")
    write_outputs(build, folder / "build")
    export(folder / "build", layout, folder / "dist")
    return folder


@pytest.fixture(scope="module")
def queries(layout: Layout) -> list[SavedQuery]:
    return list(load_catalogue(layout.queries).values())


@pytest.fixture(scope="module")
def endpoint(folder: Path) -> ox.Store:
    """The store ``thbkg serve`` answers from (serve/worker.py loads the build with load_dataset)."""
    return load_dataset(folder / "build" / "thbkg.nq")


def answer(store: ox.Store, query: SavedQuery, union: bool = False) -> tuple:
    """The query's answer, with its defaults bound: the rows as a multiset of canonical terms (a
    repeated row counts), the boolean of an ASK, the triples of a graph."""
    result = from_oxigraph(query.form, store.query(prepare(query, {}), use_default_graph_as_union=union))
    rows = Counter(tuple(canonical(row.get(v)) for v in result.variables) for row in result.rows)
    return result.variables, rows, result.boolean, frozenset(result.graph or ())


@pytest.fixture(scope="module")
def expected(endpoint: ox.Store, queries: list[SavedQuery]) -> dict[str, tuple]:
    return {query.name: answer(endpoint, query) for query in queries}


@pytest.fixture(scope="module")
def entries(folder: Path) -> dict[str, tuple[str, str]]:
    """The README's table of files: file name -> (what it holds, what it answers)."""
    rows = {}
    for line in (folder / "dist" / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = (cells[2], cells[3])
    return rows


def claimed(cell: str, queries: list[SavedQuery]) -> set[str]:
    """The saved queries a README cell says a file answers: all, all but the named ones, or none."""
    names = {query.name for query in queries}
    if cell == f"all {len(queries)} saved queries":
        return names
    if cell.startswith("all but "):
        left = set(CELL.findall(cell.split(", which ")[0]))
        assert left <= names, f"the README names queries that do not exist: {left - names}"
        return names - left
    assert cell.startswith("none"), f"a README cell that says neither all, all but, nor none: {cell!r}"
    return set()


def loaded(path: Path, holds: str) -> tuple[ox.Store, bool]:
    """The file loaded as its entry says: with its named graphs and the union as default graph when
    it holds every named graph, else as a plain default graph; and whether to query the union."""
    data = path.read_bytes()
    stem = path.with_suffix("") if path.suffix == ".gz" else path
    if stem != path:
        data = gzip.decompress(data)
    store = ox.Store()
    fmt = ox.RdfFormat.from_extension(stem.suffix.lstrip("."))
    assert fmt is not None, path.name
    store.load(data, format=fmt)
    return store, "every named graph" in holds


def test_the_readme_has_an_entry_for_every_download(folder: Path, entries: dict[str, tuple[str, str]]) -> None:
    undescribed = {"README.md", "SHA256SUMS", "description.ttl"}
    assert set(entries) == {path.name for path in (folder / "dist").iterdir()} - undescribed


def test_each_download_answers_as_the_endpoint_exactly_the_queries_its_entry_names(
    folder: Path, entries: dict[str, tuple[str, str]], queries: list[SavedQuery], expected: dict[str, tuple]
) -> None:
    observed: dict[str, set[str]] = {}
    for name, (holds, cell) in entries.items():
        path = folder / "dist" / name
        if name.endswith(".gz"):  # the same bytes as the file it packs, so the same answers
            assert gzip.decompress(path.read_bytes()) == (folder / "dist" / name[:-3]).read_bytes()
            continue
        if ox.RdfFormat.from_extension(path.suffix.lstrip(".")) is None:  # a graph view's GraphML: no RDF
            observed[name] = set()
        else:
            store, union = loaded(path, holds)
            observed[name] = {q.name for q in queries if answer(store, q, union) == expected[q.name]}
        assert observed[name] == claimed(cell, queries), name
    for name, (_, cell) in entries.items():
        if name.endswith(".gz"):
            assert claimed(cell, queries) == observed[name[:-3]], name
    # What the README is for: a file with the union alone misses the queries that read named graphs
    # (query-20 among them), and a file with the graphs answers every one.
    assert {q.name for q in queries} == observed["thbkg.nq"] == observed["thbkg.trig"] == observed["thbkg.jsonld"]
    assert "query-20-everything-about-children" not in observed["thbkg.nt"]


def test_the_union_loaded_into_the_default_graph_as_well_is_the_endpoints_dataset(
    folder: Path, endpoint: ox.Store, queries: list[SavedQuery], expected: dict[str, tuple]
) -> None:
    dist = folder / "dist"
    union = {quad.triple for quad in endpoint.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    for name in ("thbkg.nq", "thbkg.trig", "thbkg.jsonld"):
        store, _ = loaded(dist / name, "every named graph")
        store.load(path=dist / "thbkg.nt", format=ox.RdfFormat.N_TRIPLES)  # as the README says
        assert {quad.triple for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph())} == union
        assert set(store.named_graphs()) == set(endpoint.named_graphs())
        assert all(answer(store, q) == expected[q.name] for q in queries), name


def test_oxigraphs_union_counts_a_triple_once_per_graph_and_the_endpoint_once(folder: Path, endpoint) -> None:
    """The README's warning: a triple stated in several graphs (the build states facts in a source
    graph and again in the reference data) matches once per graph in Oxigraph's union."""
    store, _ = loaded(folder / "dist" / "thbkg.nq", "every named graph")
    distinct = sum(1 for _ in ox.parse(path=folder / "dist" / "thbkg.nt", format=ox.RdfFormat.N_TRIPLES))
    quads = sum(1 for _ in store)

    def count(store: ox.Store, union: bool) -> int:
        ((n,),) = (tuple(row) for row in store.query(COUNT_ALL, use_default_graph_as_union=union))
        return int(n.value)

    assert count(endpoint, union=False) == distinct
    assert count(store, union=True) == quads > distinct

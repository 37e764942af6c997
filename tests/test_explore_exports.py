"""Each view written for Gephi, Cytoscape and Graphviz, and read back with the same nodes, edges
and attributes; the same bytes on every run; ``thbkg graph`` and the GraphML files of dist/."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from thbkg.cli import main
from thbkg.core.namespaces import key_iri
from thbkg.explore import KnowledgeGraph, open_graph, views
from thbkg.explore.exports import FORMATS, LIST_SEPARATOR, flat, read_back, to_bytes
from thbkg.release.export import export

ROOT = Path(__file__).resolve().parents[1]
READABLE = [fmt for fmt in FORMATS if fmt != "dot"]


@pytest.fixture(scope="module")
def kg(nquads: Path) -> KnowledgeGraph:
    return open_graph(nquads, root=ROOT)


@pytest.fixture(scope="module")
def graphs(kg) -> dict:
    return {name: kg.view(name) for name in views()} | {"neighbourhood": kg.neighbourhood("organization/kom", 2)}


@pytest.mark.parametrize("fmt", READABLE)
@pytest.mark.parametrize("name", [*views(), "neighbourhood"])
def test_an_export_reads_back_with_the_same_nodes_edges_and_attributes(graphs, name: str, fmt: str) -> None:
    view = graphs[name]
    data = to_bytes(view, fmt)
    if fmt != "cyjs":
        ElementTree.fromstring(data)  # well-formed XML
    back = read_back(data, fmt)
    assert set(back.nodes) == set(view.nodes)
    assert sorted(back.edges(keys=True)) == sorted(view.edges(keys=True))
    expected = flat(view)
    for node, attributes in expected.nodes(data=True):
        for key, value in attributes.items():
            assert back.nodes[node].get(key, back.nodes[node].get("label")) == value, (node, key)
    for source, target, key, attributes in expected.edges(keys=True, data=True):
        assert back.edges[source, target, key]["predicate"] == attributes["predicate"]
        assert back.edges[source, target, key].get("documents") == attributes.get("documents")


def test_lists_are_joined_for_the_file_formats(graphs) -> None:
    kom = flat(graphs["actors"]).nodes[key_iri("organization/kom")]
    assert kom["documents"] == LIST_SEPARATOR.join(graphs["actors"].nodes[key_iri("organization/kom")]["documents"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_view_gives_the_same_bytes(kg, fmt: str) -> None:
    assert to_bytes(kg.view("countries"), fmt) == to_bytes(kg.view("countries"), fmt)
    assert b"lastmodifieddate" not in to_bytes(kg.view("countries"), fmt)


def test_dot_quotes_every_id_and_names_every_node_and_edge(graphs) -> None:
    law = graphs["law"]
    text = to_bytes(law, "dot").decode("utf-8")
    assert text.startswith('digraph "law" {')
    node_lines = re.findall(r'^  "([^"]+)" \[', text, flags=re.MULTILINE)
    edge_lines = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[', text, flags=re.MULTILINE)
    assert set(node_lines) == set(law.nodes)
    assert sorted(edge_lines) == sorted((s, t) for s, t, _ in law.edges(keys=True))


def test_graph_command_writes_a_view(tmp_path: Path, nquads: Path, capsys) -> None:
    target = tmp_path / "actors.gexf"
    code = main(
        ["--root", str(ROOT), "graph", "actors", "--format", "gexf", "--data", str(nquads), "--output", str(target)]
    )
    assert code == 0
    assert key_iri("organization/kom") in set(read_back(target.read_bytes(), "gexf").nodes)
    assert main(["--root", str(ROOT), "graph", "--list"]) == 0
    assert "neighbourhood" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["graph", "actor"], "did you mean actors"),
        (["graph", "neighbourhood"], "--of"),
        (["graph", "law", "--of", "organization/kom"], "--of"),
        (["graph", "neighbourhood", "--of", "organization/kom", "--depth", "9"], "depth must be"),
    ],
)
def test_graph_command_bad_input(arguments: list[str], says: str, nquads: Path, capsys) -> None:
    assert main(["--root", str(ROOT), *arguments, "--data", str(nquads)]) == 2
    assert says in capsys.readouterr().err


def test_dist_holds_each_view_as_graphml_described_with_its_checksum(kg, nquads: Path, layout, tmp_path) -> None:
    target = tmp_path / "dist"
    export(nquads.parent, layout, target)
    sums = dict(line.split("  ")[::-1] for line in (target / "SHA256SUMS").read_text().splitlines())
    description = (target / "description.ttl").read_text(encoding="utf-8")
    for name in views():
        file = target / f"graph-{name}.graphml"
        assert file.read_bytes() == to_bytes(kg.view(name), "graphml")
        assert sums[file.name] == hashlib.sha256(file.read_bytes()).hexdigest()
        assert f"distribution/{file.name}>" in description

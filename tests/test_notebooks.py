"""The notebooks in docs/notebooks run from a fresh clone, on this session's build and on a served
endpoint, reach nothing outside 127.0.0.1, and are committed with the outputs and figures that
running them gives; the drawing helpers they use lay the views out as the documents link them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import networkx as nx
import pytest

from serve_server import running
from thbkg.explore import KnowledgeGraphError, open_graph
from thbkg.explore.drawing import colours, draw, levels, positions
from thbkg.explore.notebooks import METADATA, execute, figures, notebooks
from thbkg.explore.server import local_server

ROOT = Path(__file__).resolve().parents[1]
GUARD = Path(__file__).parent / "network_guard"
NOTEBOOKS = notebooks(ROOT)
KOM = "https://w3id.org/thbkg/id/organization/kom"
POLICE_DIRECTORATE = "https://w3id.org/thbkg/id/organization/police-directorate"


def guarded(tmp_path: Path, where: str) -> tuple[dict[str, str], Path]:
    """The kernel's environment: the graph at ``where``, and the guard that refuses and records any
    connection outside 127.0.0.1 (for the kernel and every process it starts)."""
    log = tmp_path / "network.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD), env.get("PYTHONPATH")]))
    env.update(THBKG_ENDPOINT=where, THBKG_NETWORK_LOG=str(log))
    return env, log


def test_there_are_seven_notebooks() -> None:
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_build_without_leaving_loopback(path: Path, nquads: Path, tmp_path: Path) -> None:
    env, log = guarded(tmp_path, str(nquads))
    book = execute(path, env)  # runs in memory: the committed file is not written
    assert figures(book), f"{path.name} draws no figure"
    assert not log.exists(), f"{path.name} tried to connect outside 127.0.0.1: {log.read_text()}"


def test_a_notebook_reads_a_served_endpoint(nquads: Path, tmp_path: Path) -> None:
    with running(nquads) as server:
        env, log = guarded(tmp_path, f"{server.base}/sparql")
        book = execute(ROOT / "docs" / "notebooks" / "04-countries.ipynb", env)
    text = "".join(o.get("data", {}).get("text/markdown", "") for c in book.cells for o in c.get("outputs", []))
    # "Lithuania, Romania, Slovakia, the Czech Republic, Italy, and Spain" as partners; "originated in ... Lithuania"
    assert "**Lithuania** (Country of origin, Law-enforcement partner)" in text
    assert "**Spain** (Law-enforcement partner, Transit country)" in text
    assert not log.exists()


def test_the_guard_refuses_and_records_a_connection_outside_loopback(tmp_path: Path) -> None:
    env, log = guarded(tmp_path, "")
    code = "import socket\ntry:\n socket.create_connection(('192.0.2.1', 80), 1)\nexcept OSError as e:\n print(e)"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert "outside 127.0.0.1" in done.stdout
    assert "192.0.2.1" in log.read_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_with_stable_outputs_and_its_figures(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    assert book.metadata == METADATA
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), f"{path.name} is committed without running every cell"
    assert not any("execution" in c.metadata for c in code)
    assert not any(o.output_type == "error" for c in code for o in c.outputs)
    written = sorted((ROOT / "docs" / "figures").glob(f"{path.stem}-*.png"))
    assert [p.read_bytes() for p in written] == figures(book), "run `make notebooks` to rewrite docs/figures"


@pytest.fixture(scope="module")
def kg(nquads: Path):
    return open_graph(nquads, root=ROOT)


def test_hierarchical_columns_follow_the_links(kg) -> None:
    # "This unit (the KOM project) is administered by the Directorate of Police"
    actors = kg.view("actors")
    level = levels(actors)
    assert level[KOM] < level[POLICE_DIRECTORATE]
    placed = positions(actors, "hierarchical")
    assert set(placed) == set(actors)
    assert all(placed[u][0] <= placed[v][0] for u, v in actors.edges() if not nx.has_path(actors, v, u))


def test_bipartite_puts_countries_and_roles_apart(kg) -> None:
    countries = kg.view("countries")
    placed = positions(countries)  # the view's own layout: bipartite
    nigeria, origin = "https://w3id.org/thbkg/id/country/NGA", "https://w3id.org/thbkg/id/country-role/origin"
    assert placed[nigeria][0] < placed[origin][0]
    assert {x for x, _ in placed.values()} == {0.0, 1.0}


def test_shells_put_the_focus_in_the_middle(kg) -> None:
    around = kg.neighbourhood("organization/kom")
    placed = positions(around)
    assert placed[KOM] == (0.0, 0.0)


def test_drawing_names_nodes_by_label_with_a_legend_per_type_and_kind(kg) -> None:
    plans = kg.view("plans")
    ax = draw(plans)
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert "Ministry of Defence" in texts  # one of the six ministries that drew up the 2006 plan
    assert not any("https://" in t for t in texts)
    legends = {each.get_title().get_text(): [t.get_text() for t in each.get_texts()] for each in ax.figure.legends}
    assert "Ministry" in legends["node type"] and "drawn up by" in legends["edge kind"]
    plt.close(ax.figure)


def test_colours_are_stable_and_distinct() -> None:
    assert colours(["b", "a", "b"]) == colours(["a", "b"])
    assert len(set(colours(["a", "b", "c"]).values())) == 3


def test_an_unknown_layout_is_a_clear_error(kg) -> None:
    with pytest.raises(ValueError, match="unknown layout 'radial'"):
        positions(kg.view("law"), "radial")


def test_local_server_passes_an_endpoint_url_through() -> None:
    with local_server("http://127.0.0.1:9/sparql") as url:
        assert url == "http://127.0.0.1:9/sparql"


def test_local_server_names_a_missing_build(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeGraphError, match="no build at"), local_server(tmp_path / "none.nq", root=ROOT):
        pass

"""The graph pages of ``thbkg serve``: each view the notebooks draw, drawn in the browser from a
vendored Cytoscape.js, with its links as a table; the neighbourhood an entity page draws; the JSON
they are drawn from is the view itself (explore/views.py), built in a query worker.

Expected links are read from the documents (the quote checked against the text), not from the
server's output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import visiting
from serve_server import Server, running
from thbkg.core.namespaces import THB, key_iri
from thbkg.explore import open_graph
from thbkg.explore.exports import read_back

KOM, DIRECTORATE = key_iri("organization/kom"), key_iri("organization/police-directorate")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(nquads: Path):
    with running(nquads, "--workers", "1") as server:
        yield server


@pytest.mark.parametrize("name", ["actors", "law", "plans", "countries"])
def test_a_views_json_is_the_view(server: Server, nquads: Path, name: str) -> None:
    reply = server.request("GET", f"/graphs/{name}.json")
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/json")
    served = read_back(reply.body, "cyjs")
    view = open_graph(nquads, root=Path(__file__).resolve().parents[1]).view(name)
    assert set(served.nodes) == set(view.nodes)
    assert sorted(served.edges(keys=True)) == sorted(view.edges(keys=True))


def test_the_actors_page_draws_and_lists_what_the_documents_state(server: Server, source_text) -> None:
    assert "This unit (the KOM project) is administered by the Directorate of Police" in source_text(
        "no-moj-2010-bsppc"
    )
    page = server.request("GET", "/graphs/actors", headers={"Accept": BROWSER}).text
    assert 'data-graph="/graphs/actors.json"' in page
    assert '<script src="/static/cytoscape/cytoscape.min.js" defer>' in page
    assert '<script src="/static/graph.js" defer>' in page
    row = next(line for line in page.split("<tr>") if "administered by" in line and "/id/organization/kom" in line)
    assert "/id/organization/police-directorate" in row


def test_the_index_lists_the_views(server: Server) -> None:
    page = server.request("GET", "/graphs/", headers={"Accept": BROWSER}).text
    for name in ("actors", "law", "plans", "countries"):
        assert f'href="/graphs/{name}"' in page


def test_an_entity_page_draws_its_neighbourhood(server: Server) -> None:
    page = server.request("GET", "/id/organization/kom", headers={"Accept": BROWSER}).text
    source = "/graphs/neighbourhood.json?of=https://w3id.org/thbkg/id/organization/kom"
    assert f'data-graph="{source}"' in page
    around = json.loads(server.request("GET", source).body)
    edges = {(e["data"]["source"], e["data"]["predicate"], e["data"]["target"]) for e in around["elements"]["edges"]}
    assert (KOM, THB + "administeredBy", DIRECTORATE) in edges


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/graphs/evidence", 404),  # too large to draw whole in a page: the notebooks and files have it
        ("/graphs/nothing.json", 404),
        ("/graphs/neighbourhood.json?of=https://example.org/x", 400),
        ("/graphs/neighbourhood.json", 400),
        ("/graphs/neighbourhood.json?of=https://w3id.org/thbkg/id/organization/no-such-body", 404),
    ],
)
def test_bad_graph_requests(server: Server, target: str, status: int) -> None:
    assert server.request("GET", target).status == status


def test_the_browser_draws_a_graph_offline_with_its_legend(browser, server: Server) -> None:
    with visiting(browser, server.base, "phone") as visit:
        visit.goto("/graphs/law")
        visit.page.wait_for_selector(".graph-canvas canvas", timeout=15_000)
        legend = visit.page.inner_text(".graph-legend")
        wide = visit.overflow()
    assert not visit.elsewhere and not visit.errors
    assert "Legal provision" in legend and "Treaty" in legend
    assert wide <= 0

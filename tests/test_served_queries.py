"""The query text the API serves runs as it stands elsewhere, with the endpoint's answer.

A client copies ``sparql`` from ``/api/queries`` (or the text of ``/api/queries/NAME.rq`` with its
own values) and runs it on another SPARQL 1.1 store holding the data: here the PyPI ``oxigraph``
server, started on 127.0.0.1 and loaded with the build as the endpoint serves it (every named graph
and their de-duplicated union as the default graph). Its rows must be the endpoint's for the same
query and values. Expected facts come from the source documents.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from oxigraph_server import load_nquads, oxigraph_fixture
from serve_server import Server, running
from thbkg.core.terms import lexical
from thbkg.sparql.catalogue import find, load_catalogue, without_header
from thbkg.sparql.results import Result, parse_answer
from thbkg.sparql.run import run_remote
from thbkg.sparql.store import dump, load_build

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue(ROOT / "queries")
Q03 = find(CATALOGUE, "query-03").name
Q14 = find(CATALOGUE, "query-14").name
THBR = "https://w3id.org/thbkg/id/"
MOJ = THBR + "document/no-moj-2010-bsppc"
KOM = THBR + "organization/kom"


@pytest.fixture(scope="module")
def server(nquads: Path):
    with running(nquads, "--queries", str(ROOT / "queries")) as server:
        yield server


oxigraph = oxigraph_fixture()


@pytest.fixture(scope="module")
def elsewhere(oxigraph: str, nquads: Path) -> str:
    """The Oxigraph server's query URL, loaded with the build as the endpoint serves it."""
    load_nquads(oxigraph, dump(load_build(nquads)))
    return f"{oxigraph}/query"


@pytest.fixture(scope="module")
def listing(server: Server) -> list[dict]:
    return json.loads(server.request("GET", "/api/queries").body)


def answer(server: Server, target: str, form: str) -> Result:
    reply = server.request("GET", target, headers={"Accept": "application/sparql-results+json"})
    assert reply.status == 200, reply.text
    return parse_answer(form, reply.body)


def test_every_served_text_runs_elsewhere_with_the_endpoints_answer(
    server: Server, listing: list[dict], elsewhere: str
) -> None:
    assert [entry["name"] for entry in listing] == list(CATALOGUE)
    for entry in listing:
        there = run_remote(elsewhere, entry["sparql"], entry["form"])
        here = answer(server, entry["url"], entry["form"])
        assert here.rows, f"{entry['name']} has no rows with its defaults"
        assert there.as_set() == here.as_set() and len(there.rows) == len(here.rows), entry["name"]


def test_the_template_stays_beside_it_and_alone_answers_otherwise(listing: list[dict], elsewhere: str) -> None:
    """Run as it stands, query-03's file reads ?_thing_iri as a variable: passages about every thing."""
    entry = next(e for e in listing if e["name"] == Q03)
    assert entry["template"] == CATALOGUE[Q03].text and "?_thing_iri" in entry["template"]
    assert [p["default"] for p in entry["parameters"]] == [KOM]
    served = run_remote(elsewhere, entry["sparql"], "SELECT").as_set()
    template = run_remote(elsewhere, entry["template"], "SELECT").as_set()
    assert served < template


def test_a_value_given_runs_elsewhere_with_the_same_answer(server: Server, elsewhere: str) -> None:
    # "121 were Nigerian citizens" (of the 292 presumed victims assisted during 2009).
    value = quote("country/NGA", safe="")
    reply = server.request("GET", f"/api/queries/{Q14}.rq?country={value}")
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/sparql-query")
    assert f"<{THBR}country/NGA>" in reply.text
    there = run_remote(elsewhere, reply.text, "SELECT")
    here = answer(server, f"/api/queries/{Q14}?country={value}", "SELECT")
    assert there.as_set() == here.as_set()
    stated = {(r.get("document"), lexical(r["value"])) for r in there.rows if "value" in r}
    assert (ox.NamedNode(MOJ), "121") in stated


def test_a_malformed_value_for_the_text_is_refused(server: Server) -> None:
    reply = server.request("GET", f"/api/queries/{Q14}.rq?country={quote('x> } ; DROP ALL ; #')}")
    assert reply.status == 400 and "must be an absolute IRI" in reply.text


def test_page_and_docs_show_the_served_text(server: Server, listing: list[dict]) -> None:
    page = server.request("GET", "/query").text
    embedded = re.search(r'<script id="saved-queries" type="application/json">(.*?)</script>', page, re.S)
    assert embedded
    texts = json.loads(embedded[1])
    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for entry in listing:
        assert texts[entry["name"]] == entry["sparql"]
        assert f"```sparql\n{without_header(entry['sparql'])}\n```" in docs, entry["name"]

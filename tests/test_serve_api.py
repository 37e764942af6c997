"""``thbkg serve`` /api/queries: saved queries as web API calls, and their OpenAPI document.

Expected figures come from the source documents (data/sources/*.txt), not from the program.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from openapi_spec_validator import validate

from serve_server import Server, running
from thbkg.serve.openapi import openapi_document
from thbkg.sparql.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
FIXTURE_QUERIES = ROOT / "tests" / "fixtures" / "queries"  # example.rq: one parameter of each grlc kind
MAX_ROWS = 10
Q01 = "query-01-victim-count-2009-both-documents"
Q02 = "query-02-figures-for-a-year"
Q03 = "query-03-passages-about-a-thing"
DOCUMENT = "https://w3id.org/thbkg/id/document/"
KOM = "https://w3id.org/thbkg/id/organization/kom"
LABELS = f"""#+ summary: The labels of a thing, as RDF
#+ defaults:
#+   - thing: {KOM}
CONSTRUCT {{ ?_thing_iri <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
WHERE {{ ?_thing_iri <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
"""


@pytest.fixture(scope="module")
def server(nquads: Path):
    """The repository's build and saved queries, with a row cap small enough to reach."""
    with running(nquads, "--queries", str(ROOT / "queries"), "--max-rows", str(MAX_ROWS)) as server:
        yield server


@pytest.fixture(scope="module")
def example_server(nquads: Path, tmp_path_factory: pytest.TempPathFactory):
    """The fixture query with one parameter of each kind, and a CONSTRUCT with an IRI parameter."""
    folder = tmp_path_factory.mktemp("queries")
    shutil.copy(FIXTURE_QUERIES / "example.rq", folder)
    (folder / "labels.rq").write_text(LABELS, encoding="utf-8")
    with running(nquads, "--queries", str(folder), "--workers", "1") as server:
        yield server


def rows(server: Server, target: str) -> list[dict]:
    reply = server.request("GET", target)
    assert reply.status == 200, reply.text
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(reply.body)["results"]["bindings"]]


def assert_refused(reply, status: int) -> None:
    assert reply.status == status, (reply.status, reply.text)
    assert reply.headers["content-type"].startswith("text/plain")
    assert reply.text.endswith("\n") and reply.text.count("\n") == 1
    assert "Traceback" not in reply.text and "/work" not in reply.text and ".py" not in reply.text


def test_listing_names_every_saved_query(server: Server) -> None:
    reply = server.request("GET", "/api/queries")
    assert reply.headers["content-type"].startswith("application/json")
    listing = json.loads(reply.body)
    assert [q["name"] for q in listing] == QUERIES
    year = next(q for q in listing if q["name"] == Q02)["parameters"]
    assert year == [{"name": "year", "required": True, "default": "2009", "schema": year[0]["schema"]}]
    assert year[0]["schema"]["type"] == "integer"


def test_openapi_document_is_valid_and_describes_every_query(server: Server) -> None:
    document = json.loads(server.request("GET", "/api/openapi.json").body)
    validate(document)
    calls = [f"/api/queries/{name}{ending}" for name in QUERIES for ending in ("", ".rq")]
    assert sorted(document["paths"]) == sorted(["/api/queries", *calls])
    operation = document["paths"][f"/api/queries/{Q02}"]["get"]
    assert operation["summary"] == "Which figures do the documents give for one calendar year?"
    assert "The year is a parameter (default 2009)" in operation["description"]
    year = next(p for p in operation["parameters"] if p["name"] == "year")
    assert year["in"] == "query" and year["required"] is False
    assert year["schema"]["type"] == "integer" and year["schema"]["default"] == 2009
    thing = document["paths"][f"/api/queries/{Q03}"]["get"]["parameters"][0]
    assert thing["name"] == "thing" and thing["schema"]["format"] == "iri"
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_openapi_types_follow_the_grlc_suffixes() -> None:
    document = openapi_document(load_catalogue(FIXTURE_QUERIES))
    validate(document)
    parameters = {p["name"]: p for p in document["paths"]["/api/queries/example"]["get"]["parameters"]}
    assert parameters["name"]["required"] and parameters["name"]["schema"]["type"] == "string"
    assert parameters["count"]["required"] and parameters["count"]["schema"]["type"] == "integer"
    assert not parameters["note"]["required"]  # ?__note: optional
    assert parameters["type"]["schema"] == {"type": "string", "format": "iri", "default": "https://example.org/Thing"}
    assert not parameters["type"]["required"]  # required, but the header gives a default
    assert parameters["year"]["schema"]["x-datatype"] == "http://www.w3.org/2001/XMLSchema#gYear"
    assert parameters["format"]["schema"]["enum"] == ["json", "xml", "csv", "tsv"]


def test_missing_parameter_is_400_and_values_are_bound_as_terms(example_server: Server) -> None:
    reply = example_server.request("GET", "/api/queries/example?count=1&year=2009")
    assert_refused(reply, 400)
    assert "'name'" in reply.text
    hostile = quote('x" } ; DROP ALL ; #')
    assert rows(example_server, f"/api/queries/example?name={hostile}&count=1&year=2009") == []


def test_construct_answers_rdf(example_server: Server) -> None:
    reply = example_server.request("GET", "/api/queries/labels")
    assert reply.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))
    assert triples and {t.subject for t in triples} == {ox.NamedNode(KOM)}
    reply = example_server.request("GET", "/api/queries/labels", headers={"Accept": "application/n-triples"})
    assert reply.headers["content-type"].startswith("application/n-triples")
    assert_refused(example_server.request("GET", "/api/queries/labels?format=csv"), 406)


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_answers_with_its_defaults(server: Server, name: str) -> None:
    assert rows(server, f"/api/queries/{name}"), f"{name} has no rows with its defaults"


def test_victim_count_2009_is_292_in_both_documents(server: Server, source_text) -> None:
    documents = {"no-moj-2010-bsppc", "us-dos-tip-2011-nor"}
    found = [r for r in rows(server, f"/api/queries/{Q01}") if r["document"].removeprefix(DOCUMENT) in documents]
    assert {r["document"].removeprefix(DOCUMENT) for r in found} == documents
    for row in found:
        assert float(row["value"]) == 292
        assert row["passage"] in source_text(row["document"].removeprefix(DOCUMENT))


def test_parameter_from_the_url_and_csv(server: Server) -> None:
    reply = server.request("GET", f"/api/queries/{Q02}?year=2009", headers={"Accept": "text/csv"})
    assert reply.headers["content-type"].startswith("text/csv")
    values = {(r["document"].removeprefix(DOCUMENT), r["value"]) for r in csv.DictReader(io.StringIO(reply.text))}
    # "a total of 292 presumed victims" during 2009; the answer is cut at MAX_ROWS rows, in document order.
    assert ("no-moj-2010-bsppc", "292") in values
    assert not rows(server, f"/api/queries/{Q02}?year=1990")


@pytest.mark.parametrize(
    ("extra", "media"),
    [
        ("format=tsv", "text/tab-separated-values"),
        ("format=xml", "application/sparql-results+xml"),
        ("format=application%2Fsparql-results%2Bjson", "application/sparql-results+json"),
    ],
)
def test_format_parameter(server: Server, extra: str, media: str) -> None:
    reply = server.request("GET", f"/api/queries/{Q01}?{extra}")
    assert reply.status == 200 and reply.headers["content-type"].split(";")[0] == media
    assert "292" in reply.text


def test_row_cap_as_on_sparql(server: Server) -> None:
    reply = server.request("GET", f"/api/queries/{Q02}")
    assert len(json.loads(reply.body)["results"]["bindings"]) == MAX_ROWS
    assert reply.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    assert "x-sparql-maxrows" not in server.request("GET", f"/api/queries/{Q01}").headers


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (f"/api/queries/{Q02}?year=abc", 400),
        (f"/api/queries/{Q02}?year=2009&year=2010", 400),
        (f"/api/queries/{Q02}?month=5", 400),
        (f"/api/queries/{Q02}?year=%FF", 400),
        (f"/api/queries/{Q03}?thing={quote('x> } ; DROP ALL ; #')}", 400),
        (f"/api/queries/{Q02}?format=png", 400),
        ("/api/queries/query-99-nothing", 404),
        ("/api/queries/query-02", 404),
    ],
)
def test_refusals_are_one_line(server: Server, target: str, status: int) -> None:
    assert_refused(server.request("GET", target), status)


def test_unsatisfiable_accept_is_406(server: Server) -> None:
    assert_refused(server.request("GET", f"/api/queries/{Q01}", headers={"Accept": "image/png"}), 406)


def test_only_get(server: Server) -> None:
    assert_refused(server.request("POST", f"/api/queries/{Q01}", body=b"year=2009"), 405)

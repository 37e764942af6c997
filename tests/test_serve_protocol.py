"""``thbkg serve`` /sparql: formats and negotiation, refusals with their statuses, row cap, CORS.

Every refusal must be a plain one-line message: no traceback, no file path.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from serve_server import Server, running, w3c_dataset

GRAPH = "http://kasei.us/2009/09/sparql/data/data1.rdf"
MAX_ROWS = 20
SELECT_ALL = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
CONSTRUCT_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """The W3C graphs plus 30 labelled items (more than the row cap) in data1.rdf."""
    folder = tmp_path_factory.mktemp("protocol")
    data = w3c_dataset(folder / "w3c.nq")
    items = "".join(
        f'<http://example.org/item/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "item {i}"@en <{GRAPH}> .\n'
        for i in range(30)
    )
    data.write_text(data.read_text() + items)
    with running(data, "--max-rows", str(MAX_ROWS)) as server:
        yield server


def get(server: Server, query: str, accept: str | None = None, extra: str = ""):
    headers = {"Accept": accept} if accept else {}
    return server.request("GET", f"/sparql?query={quote(query)}{extra}", headers=headers)


def assert_refused(reply, status: int) -> None:
    assert reply.status == status, (reply.status, reply.text)
    assert reply.headers["content-type"].startswith("text/plain")
    assert reply.text.endswith("\n") and reply.text.count("\n") == 1
    assert "Traceback" not in reply.text and "/work" not in reply.text and ".py" not in reply.text


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("application/json", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("image/png, text/tab-separated-values;q=0.1", "text/tab-separated-values"),
    ],
)
def test_select_negotiates_result_formats(server: Server, accept: str | None, media: str) -> None:
    reply = get(server, "SELECT (1 AS ?one) {}", accept)
    assert reply.status == 200
    assert reply.headers["content-type"].split(";")[0] == media
    assert "Accept" in reply.headers["vary"]
    assert "1" in reply.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("text/turtle;q=0.2, application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_negotiates_rdf_formats(server: Server, accept: str | None, fmt: ox.RdfFormat) -> None:
    reply = get(server, f"CONSTRUCT {{ ?s a ?t }} WHERE {{ GRAPH <{GRAPH}> {{ ?s a ?t }} }}", accept)
    assert reply.status == 200
    assert reply.headers["content-type"].split(";")[0] == fmt.media_type
    triples = list(ox.parse(reply.body, format=fmt))
    assert [t.subject.value for t in triples] == [GRAPH]


@pytest.mark.parametrize(("param", "media"), [("csv", "text/csv"), ("xml", "application/sparql-results+xml")])
def test_format_parameter_wins_over_accept(server: Server, param: str, media: str) -> None:
    reply = get(server, "ASK {}", "application/sparql-results+json", f"&format={param}")
    assert reply.status == 200 and reply.headers["content-type"].startswith(media)


def test_describe_and_form_and_direct_post(server: Server) -> None:
    reply = get(server, f"DESCRIBE <{GRAPH}>", "text/turtle")
    assert reply.status == 200 and "foaf/0.1/Document" in reply.text
    form = server.request(
        "POST",
        "/sparql",
        f"query={quote('ASK { ?s ?p ?o }')}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert json.loads(form.body)["boolean"] is True
    direct = server.request("POST", "/sparql", b"SELECT * { ?s a ?t }", {"Content-Type": "application/sparql-query"})
    assert len(json.loads(direct.body)["results"]["bindings"]) == 3


def test_service_description_on_plain_get(server: Server) -> None:
    reply = server.request("GET", "/sparql")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))
    names = {t.object.value for t in triples if t.predicate.value.endswith("#name")}
    assert GRAPH in names
    assert any(t.object.value.endswith("#SPARQL11Query") for t in triples)


def test_row_cap_truncates_and_says_so(server: Server) -> None:
    reply = get(server, SELECT_ALL)
    assert reply.status == 200
    assert len(json.loads(reply.body)["results"]["bindings"]) == MAX_ROWS
    assert reply.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    assert len(get(server, SELECT_ALL, "text/csv").text.splitlines()) == MAX_ROWS + 1
    graph = get(server, CONSTRUCT_ALL, "application/n-triples")
    assert len(graph.text.splitlines()) == MAX_ROWS and graph.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    small = get(server, SELECT_ALL + " LIMIT 5")
    assert len(json.loads(small.body)["results"]["bindings"]) == 5 and "x-sparql-maxrows" not in small.headers


def test_row_cap_counts_rows_whatever_their_values_hold(server: Server) -> None:
    """Values with line breaks, tabs and quotes are one row each and come back whole."""
    many = r'SELECT ?v WHERE { VALUES ?n { %s } BIND(CONCAT("a\n", STR(?n), "\t\"b\"\r") AS ?v) } ORDER BY ?n'
    reply = get(server, many % " ".join(str(n) for n in range(30)))
    values = [row["v"]["value"] for row in json.loads(reply.body)["results"]["bindings"]]
    assert values == [f'a\n{n}\t"b"\r' for n in range(MAX_ROWS)] and reply.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    exact = get(server, many % " ".join(str(n) for n in range(MAX_ROWS)))
    assert len(json.loads(exact.body)["results"]["bindings"]) == MAX_ROWS and "x-sparql-maxrows" not in exact.headers


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
@pytest.mark.parametrize(
    ("query", "value"),
    [
        (
            'SELECT ?v WHERE { VALUES ?n { %s } BIND(CONCAT("{{", STR(?n), "{\\"type\\":\\"x\\"}{") AS ?v) }'
            " ORDER BY ?n",
            '{{%d{"type":"x"}{',
        ),
        ("SELECT ?v WHERE { VALUES ?n { %s } }", None),
    ],
    ids=["braces-in-values", "rows-binding-nothing"],
)
def test_row_cap_counts_rows_not_what_they_look_like(
    server: Server, accept: str, query: str, value: str | None
) -> None:
    """Braces and a term's opening (``{"type":"``) inside values are not rows, and a row that binds
    nothing is one: at the cap the answer is whole and unmarked, above it cut at the cap."""
    results = ox.QueryResultsFormat.from_media_type(accept)
    expected = [value % n if value else None for n in range(MAX_ROWS)]
    exact = get(server, query % " ".join(str(n) for n in range(MAX_ROWS)), accept)
    assert exact.status == 200 and "x-sparql-maxrows" not in exact.headers
    rows = ox.parse_query_results(exact.body, format=results)
    assert [row["v"] and row["v"].value for row in rows] == expected
    over = get(server, query % " ".join(str(n) for n in range(MAX_ROWS + 1)), accept)
    assert over.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    assert [row["v"] and row["v"].value for row in ox.parse_query_results(over.body, format=results)] == expected


def test_row_cap_stops_an_endless_answer_at_the_cap(server: Server) -> None:
    """10^12 rows: had they all been written before the cap, the query would run past its time limit."""
    endless = "SELECT * WHERE { " + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(12)) + " }"
    reply = get(server, endless)
    assert reply.status == 200 and reply.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    assert len(json.loads(reply.body)["results"]["bindings"]) == MAX_ROWS


@pytest.mark.parametrize(
    ("query", "rows"),
    [("SELECT * WHERE {}", [{}]), ("SELECT * WHERE { FILTER(false) }", []), ("SELECT ?a WHERE {}", [{}])],
)
def test_answers_without_variables_or_rows(server: Server, query: str, rows: list) -> None:
    """SPARQL 1.1 Query section 18.5: the empty pattern has one solution, binding nothing."""
    assert json.loads(get(server, query).body)["results"]["bindings"] == rows


@pytest.mark.parametrize(
    ("method", "target", "body", "headers", "status"),
    [
        ("GET", "/sparql?query=ASK%20%7B", None, {}, 400),
        ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, {}, 400),
        ("GET", "/sparql?query=", None, {}, 400),
        ("GET", "/sparql?query=ASK%7B%7D&format=pdf", None, {}, 400),
        ("GET", "/sparql?query=%FF%FE", None, {}, 400),
        ("GET", "/sparql?query=ASK%7B%7D", None, {"Accept": "image/png"}, 406),
        ("GET", "/sparql?query=ASK%7B%7D", None, {"Accept": "application/sparql-results+json;q=0"}, 406),
        ("GET", "/sparql?query=ASK%7B%7D&format=turtle", None, {}, 406),
        ("GET", "/sparql?query=CONSTRUCT%20WHERE%20%7B%7D", None, {"Accept": "text/csv"}, 406),
        ("PUT", "/sparql?query=ASK%7B%7D", b"", {}, 405),
        ("DELETE", "/sparql", None, {}, 405),
        ("PATCH", "/sparql", b"x", {}, 405),
        ("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"}, 415),
        ("POST", "/sparql", b"ASK {}", {}, 415),
        ("POST", "/sparql", b"ASK {}", {"Content-Type": "application/json"}, 415),
        ("POST", "/sparql", "ASK {}".encode("utf-16"), {"Content-Type": "application/sparql-query"}, 400),
        ("POST", "/sparql", b"ASK {}", {"Content-Type": "application/sparql-query; charset=latin-1"}, 400),
        ("POST", "/sparql", b"query=%FF", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        ("POST", "/sparql", b"\xff\xfe", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        ("POST", "/sparql?query=ASK%7B%7D", b"ASK {}", {"Content-Type": "application/sparql-query"}, 400),
        ("POST", "/sparql", b"", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        ("POST", "/sparql", b"x" * (1024 * 1024 + 1), {"Content-Type": "application/sparql-query"}, 413),
        ("GET", "/sparql?query=" + "A" * 17000, None, {}, 414),
        ("GET", "/nothing/here", None, {}, 404),
        ("GET", "/sparql?query=SELECT%20*%20%7B%7D&default-graph-uri=file%3A%2F%2F%2Fetc%2Fpasswd", None, {}, 400),
        ("GET", "/sparql?query=SELECT%20*%20FROM%20%3Cfile%3A%2F%2F%2Fetc%2Fpasswd%3E%20%7B%7D", None, {}, 400),
    ],
)
def test_bad_requests_answer_4xx_with_one_line(server: Server, method, target, body, headers, status) -> None:
    assert_refused(server.request(method, target, body, headers), status)


@pytest.mark.parametrize(
    ("method", "target", "body", "ctype"),
    [
        ("GET", "/sparql?update=CLEAR%20ALL", None, None),
        ("GET", "/sparql?query=" + quote("INSERT DATA { <a:b> <a:c> <a:d> }"), None, None),
        ("GET", "/sparql?query=" + quote("PREFIX x: <http://x/> DROP ALL"), None, None),
        ("POST", "/sparql", b"update=CLEAR%20ALL", "application/x-www-form-urlencoded"),
        (
            "POST",
            "/sparql",
            b"query=" + quote("LOAD <http://127.0.0.1:9/>").encode(),
            "application/x-www-form-urlencoded",
        ),
        ("POST", "/sparql", b"CLEAR ALL", "application/sparql-update"),
        ("POST", "/sparql", b"DELETE WHERE { ?s ?p ?o }", "application/sparql-query"),
        ("POST", "/sparql", b"WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/sparql-query"),
    ],
)
def test_updates_are_refused_and_data_unchanged(server: Server, method, target, body, ctype) -> None:
    count = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    before = get(server, count).body
    assert_refused(server.request(method, target, body, {"Content-Type": ctype} if ctype else {}), 403)
    assert get(server, count).body == before


def test_cors_allows_any_origin_without_credentials(server: Server) -> None:
    reply = get(server, "ASK {}", extra="", accept=None)
    cors = server.request("GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://example.org"})
    assert cors.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in cors.headers
    preflight = server.request(
        "OPTIONS",
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert reply.status == 200


def test_head_answers_without_body(server: Server) -> None:
    reply = server.request("HEAD", "/sparql?query=ASK%7B%7D")
    assert reply.status == 200 and reply.body == b""


def test_no_cors_option(tmp_path: Path) -> None:
    with running(w3c_dataset(tmp_path / "w.nq"), "--no-cors") as plain:
        reply = plain.request("GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://example.org"})
        assert reply.status == 200 and "access-control-allow-origin" not in reply.headers

"""``thbkg serve`` against real clients (SPARQLWrapper, rdflib's SPARQLStore, curl), the canary that
proves nothing leaves the server, and a small fuzz of hostile requests (a long one is ``slow``)."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from canary import Canary
from serve_server import HOST, Server, running, w3c_dataset

DOC = "http://kasei.us/2009/09/sparql/data/data1.rdf"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with running(w3c_dataset(tmp_path_factory.mktemp("clients") / "w3c.nq")) as server:
        yield server


def test_canary_receives_no_connection(server: Server) -> None:
    canary = Canary()
    url = f"http://{HOST}:{canary.port}/"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ <{url}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX c: <{url}> SELECT * WHERE {{ SERVICE c: {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"BASE <{url}> SELECT * FROM <x> WHERE {{ ?s ?p ?o }}",
        f"PREFIX c: <{url}> SELECT * FROM c:x WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/hostname> WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"LOAD <{url}>",
    ]
    targets = [f"/sparql?query={quote(q)}" for q in queries]
    for graph in (url, "file:///etc/passwd", f"{url}data1.rdf"):
        targets.append(f"/sparql?query={quote('ASK { ?s ?p ?o }')}&default-graph-uri={quote(graph)}")
        targets.append(f"/sparql?query={quote('ASK { GRAPH ?g { ?s ?p ?o } }')}&named-graph-uri={quote(graph)}")
    try:
        for target in targets:
            reply = server.request("GET", target)
            assert reply.status in (400, 403), (target, reply.status, reply.text)
        reply = server.request(
            "POST", "/sparql", f"LOAD <{url}>".encode(), {"Content-Type": "application/sparql-update"}
        )
        assert reply.status == 403
        time.sleep(0.5)
        assert canary.connections == 0
    finally:
        canary.close()


def test_sparqlwrapper(server: Server) -> None:
    client = SPARQLWrapper(f"{server.base}/sparql")
    client.setQuery(f"SELECT ?t WHERE {{ <{DOC}> a ?t }}")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert rows == [{"t": {"type": "uri", "value": "http://xmlns.com/foaf/0.1/Document"}}]
    client.setMethod("POST")
    client.setQuery(f"CONSTRUCT {{ <{DOC}> a ?t }} WHERE {{ <{DOC}> a ?t }}")
    client.setReturnFormat(TURTLE)
    assert len(Graph().parse(data=client.queryAndConvert(), format="turtle")) == 1


def test_rdflib_sparqlstore(server: Server) -> None:
    graph = Graph(SPARQLStore(f"{server.base}/sparql", returnFormat="json"))
    rows = list(graph.query("SELECT ?s WHERE { ?s a <http://xmlns.com/foaf/0.1/Document> } ORDER BY ?s"))
    assert [row.s for row in rows] == [URIRef(f"http://kasei.us/2009/09/sparql/data/data{i}.rdf") for i in (1, 2, 3)]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl(server: Server) -> None:
    out = subprocess.run(
        [
            "curl",
            "-sS",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT (2 AS ?two) {}",
            f"{server.base}/sparql",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    assert out.splitlines() == ["two", "2"]


def hostile_requests(count: int, seed: int) -> list[tuple[str, str, bytes | None, dict[str, str]]]:
    """Malformed or hostile requests: odd methods, paths, parameters, bodies and headers."""
    rng = random.Random(seed)
    pieces = [
        "SELECT",
        "ASK",
        "{",
        "}",
        "?x",
        "<http://127.0.0.1:1/>",
        "SERVICE",
        "FROM",
        '"',
        "'''",
        "#",
        "\\u0053",
        "INSERT",
        "GRAPH",
        "(",
        ")",
        "FILTER",
        "<<",
        ">>",
        ";",
        ".",
        "\x00",
        "é",
        "\\",
        "%",
        "LIMIT",
        "-1",
    ]
    methods = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "FOO"]
    ctypes = [
        "application/sparql-query",
        "application/x-www-form-urlencoded",
        "application/sparql-update",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/sparql-query; charset=utf-16",
        "",
    ]
    accepts = ["*/*", "text/csv;q=abc", "application/sparql-results+json;q=0", "x" * 300, ",,,;;;", "*/*;q=2"]
    out = []
    for _ in range(count):
        query = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
        params = rng.choice(
            [
                f"query={quote(query)}",
                f"query={quote(query)}&query=ASK",
                "update=CLEAR%20ALL",
                f"query=%{rng.randrange(256):02X}%FF",
                f"default-graph-uri={quote(query)}&query=ASK%7B%7D",
                f"format={quote(query)}&query=ASK%7B%7D",
                "&&&==",
                "",
            ]
        )
        path = rng.choice(["/sparql", "/sparql/", "/", "/sparql/../etc", "/%2e%2e/", "/sparql?"])
        body = rng.choice([None, query.encode(), raw, params.encode()])
        headers = {"Content-Type": rng.choice(ctypes), "Accept": rng.choice(accepts)}
        out.append((rng.choice(methods), f"{path}?{params}" if "?" not in path else path + params, body, headers))
    return out


def fuzz(server: Server, count: int, seed: int) -> None:
    for method, target, body, headers in hostile_requests(count, seed):
        reply = server.request(method, target, body, headers)
        assert reply.status < 500, (method, target, body, headers, reply.status, reply.text)
        assert "Traceback" not in reply.text and "/work/" not in reply.text
    assert server.process.poll() is None
    assert server.request("GET", "/sparql?query=ASK%7B%7D").status == 200


def test_small_fuzz(server: Server) -> None:
    fuzz(server, 200, seed=5)


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))


@pytest.mark.slow
def test_long_fuzz_keeps_memory_flat(tmp_path: Path) -> None:
    with running(w3c_dataset(tmp_path / "w.nq")) as server:
        fuzz(server, 500, seed=1)
        settled = rss_kib(server.process.pid)
        fuzz(server, 3000, seed=2)
        assert rss_kib(server.process.pid) < settled * 1.2 + 2048

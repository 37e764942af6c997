"""No query makes a request elsewhere, by two independent layers, each shown alone with a canary:
the check on the parse tree (guard.py) and the workers' network sandbox (sandbox.py).

The differential fuzz runs every generated query through the check and through a real, unsandboxed
Oxigraph: no query the check lets through may reach the canary. The same queries, run with no
check at all inside a real query worker, reach nothing either.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from canary import Canary, Unchecked
from serve_server import Server, running, w3c_dataset
from sparql_fuzz import queries
from thbkg.serve.guard import LocalGraphs, check_query
from thbkg.serve.http_error import HttpError
from thbkg.serve.pool import Worker
from thbkg.serve.worker import PARSER_RECURSION_LIMIT

FUZZ = 5000  # generated queries a sandboxed worker runs with no check
BASE = "http://127.0.0.1:8000/sparql"


def variants(url: str) -> list[str]:
    """SERVICE hidden from a hand-written scanner: the escapes and names it read differently."""
    return [
        f"PREFIX : <http://ex/> SELECT * WHERE {{ VALUES ?q {{ :a\\# }} SERVICE <{url}b1> {{ ?x ?y ?z }} }}",
        f'SELECT * WHERE {{ BIND("\\u0022#" AS ?a) SERVICE <{url}b3> {{ ?x ?y ?z }} }}',
        f'SELECT * WHERE {{ BIND("x\\u0022" AS ?a) SERVICE <{url}b4> {{ ?x ?y ?z }} BIND("\\u0022y" AS ?b) }}',
        f"PREFIX p: <http://ex/> SELECT * WHERE {{ VALUES ?q {{ p:a\\' }} SERVICE <{url}b5> {{ ?x ?y ?z }}\n# '\n}}",
        f"PREFIX c: <{url}> SELECT * WHERE {{ VALUES ?v {{ 1 }} SERVICE c:s {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ FILTER(?v != 1) SERVICE <{url}s> {{ ?x ?y ?z }} BIND('a\\u005C' AS ?w) }}",
        f"SELECT * WHERE {{ SERVICE <{url}\\u0073> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ # \\u000A\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    ]


def reaches(store: ox.Store, canary: Canary, query: str) -> bool:
    """Whether an unsandboxed Oxigraph, running ``query``, connects to the canary."""
    before = canary.connections
    try:
        result = store.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, ValueError, TypeError, RuntimeError):
        pass
    return canary.connections > before


def allowed(query: str) -> bool:
    try:
        check_query(query, LocalGraphs(frozenset()), BASE)
    except HttpError:
        return False
    return True


@pytest.fixture(scope="module")
def canary():
    with Canary() as canary:
        yield canary


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return w3c_dataset(tmp_path_factory.mktemp("ssrf") / "w3c.nq")


def test_unchecked_oxigraph_does_call_out(canary: Canary) -> None:
    """The canary works: without either layer, Oxigraph sends every variant out."""
    store = ox.Store()
    assert all(reaches(store, canary, query) for query in variants(canary.url))


def test_check_refuses_every_variant(canary: Canary) -> None:
    assert not [query for query in variants(canary.url) if allowed(query)]


# Thousands of queries through the parser (some 30 ms each): the longest test by far. `make test`
# runs 3,000 of them; `pytest -m slow` runs 30,000 more, from another seed.
@pytest.mark.timeout(1800)
@pytest.mark.parametrize(
    ("count", "seed"), [(3000, 20261201), pytest.param(30000, 20261202, marks=pytest.mark.slow, id="30000")]
)
def test_check_agrees_with_oxigraph_on_a_differential_fuzz(canary: Canary, count: int, seed: int) -> None:
    """Every generated query that Oxigraph would send out is refused by the check. (A query that
    does not reach the canary unchecked is harmless whatever the check says; a sample of those
    shows that the check still lets plenty of queries through.)"""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(PARSER_RECURSION_LIMIT)  # as in a worker
    try:
        store = ox.Store()
        generated = queries(count, canary.url, seed=seed)
        reached = {query: reaches(store, canary, query) for query in generated}
        sent_out = [query for query in generated if reached[query]]
        let_through = [query for query in sent_out if allowed(query)]
        harmless = [query for query in generated if not reached[query]][:300]
        allowed_harmless = [query for query in harmless if allowed(query)]
    finally:
        sys.setrecursionlimit(previous)
    assert let_through == []
    assert len(sent_out) > count // 10 and len(allowed_harmless) > len(harmless) // 10


def test_sandbox_alone_stops_every_request(canary: Canary, data: Path) -> None:
    """Layer (a) off: a real query worker runs every query with no check, and nothing leaves it."""
    before = canary.connections
    worker = Worker(data)
    try:
        worker.ready()
        everything = (*variants(canary.url), *queries(FUZZ, canary.url, seed=20261201))
        worker.conn.send(Unchecked(everything))
        assert worker.conn.poll(300), "the worker did not answer"
        errors = worker.conn.recv().body.decode()
    finally:
        worker.stop()
    assert canary.connections == before
    assert "Permission denied" in errors and "Connection refused" not in errors


def test_workers_run_in_the_sandbox(server: Server) -> None:
    for pid in server.workers():
        assert "Seccomp:\t2" in Path(f"/proc/{pid}/status").read_text()


@pytest.fixture(scope="module")
def server(data: Path):
    with running(data, "--workers", "1") as server:
        yield server


def test_served_variants_are_refused_and_nothing_leaves(server: Server, canary: Canary) -> None:
    before = canary.connections
    for query in variants(canary.url):
        for reply in (
            server.request("GET", f"/sparql?query={quote(query)}"),
            server.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"}),
        ):
            assert reply.status in (400, 403), (query, reply.status, reply.text)
            assert "Traceback" not in reply.text and "bindings" not in reply.text
    assert canary.connections == before


def test_an_escaped_quote_inside_a_string_is_read_as_oxigraph_reads_it(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("a\\u0022b" AS ?x) }'
    reply = server.request("GET", f"/sparql?query={quote(query)}", headers={"Accept": "text/csv"})
    assert reply.status == 200 and reply.text.splitlines() == ["x", '"a""b"']


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{ " * 10_000 + "} " * 10_000,
        "SELECT * WHERE " + "{ SELECT * WHERE " * 3_000 + "{ }" + " }" * 3_000,
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 5_000 + "}" * 5_000 + " }",
        "SELECT * WHERE { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }",
    ],
    ids=["braces", "subselects", "optionals", "parentheses"],
)
def test_deep_nesting_is_refused_before_evaluation(server: Server, query: str) -> None:
    workers = server.workers()
    reply = server.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    assert reply.status == 400 and "nested too deeply" in reply.text
    assert server.workers() == workers  # no worker died


def test_a_query_the_parser_cannot_resolve_is_a_client_error(server: Server) -> None:
    queries = ("PREFIX a: <http://x[/> SELECT * {}", "PREFIX a: <http://x[/> SELECT * FROM a:b {}", "ASK FROM u:x {}")
    for query in queries:
        reply = server.request("GET", f"/sparql?query={quote(query)}")
        assert reply.status == 400 and reply.text.count("\n") == 1


def test_a_remembered_decision_is_the_same_decision(canary: Canary) -> None:
    """Decisions on short queries are cached by text: asked again, the check answers alike."""
    for query in variants(canary.url):
        assert not allowed(query) and not allowed(query)
    assert allowed("ASK {}") and allowed("ASK {}")
    long_query = "# " + "x" * 20_000 + "\nASK {}"  # past the cached length: decided each time
    assert allowed(long_query) and allowed(long_query)

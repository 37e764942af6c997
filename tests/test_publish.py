"""thbkg publish: the build goes into a real Oxigraph server beside a graph that was there before,
twice, and every graph and saved-query answer there is the local one; an unreachable store,
refused credentials, a partially refused load, a redirect to another origin, a store slower than
the timeout and answers above the size limit each end with a clear line and exit 3; a bad option
is one line and exit 2."""

from __future__ import annotations

import base64
import socket
import time
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest

from oxigraph_server import running_oxigraph
from stub_http import Respond, Seen, Stub, drip_headers, redirect, reply, stream, stub_server
from thbkg.build.pipeline import Build, write_outputs
from thbkg.cli import main
from thbkg.core.dumps import graph_ntriples, union_ntriples
from thbkg.release.graph_store import RemoteStore
from thbkg.release.publish import ALL_GRAPH, compare, payloads
from thbkg.sparql.http import Credentials
from thbkg.sparql.results import canonical

ROOT = Path(__file__).resolve().parents[1]
THEIRS = "http://example.org/their-graph"
THEIR_TRIPLES = b'<http://example.org/a> <http://example.org/says> "not ours" .\n'


@pytest.fixture(scope="module")
def nq(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish")
    write_outputs(build, folder)
    return folder / "thbkg.nq"


def publish(nq: Path, store: str, graph_store: str | None = None, *extra: str) -> int:
    args = ["--root", str(ROOT), "publish", "--store", store, "--data", str(nq), "--timeout", "20", *extra]
    return main(args + (["--graph-store", graph_store] if graph_store else []))


def _graph(base: str, name: str) -> set[ox.Triple]:
    request = urllib.request.Request(f"{base}/store?graph={name}", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return _triples(response.read())


def _triples(ntriples: bytes) -> set[ox.Triple]:
    """The triples, with xsd:integer's derived types as xsd:integer: Oxigraph stores them so."""
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return {ox.Triple(t.subject, t.predicate, canonical(t.object)) for t in triples}


def test_the_union_graph_holds_each_triple_once_and_comes_last(nq: Path) -> None:
    graphs = payloads(nq.read_bytes())
    assert list(graphs)[-1] == ALL_GRAPH
    named = {name: data for name, data in graphs.items() if name != ALL_GRAPH}
    assert named == graph_ntriples(nq.read_bytes())
    assert graphs[ALL_GRAPH] == union_ntriples(named)


def test_publish_replaces_our_graphs_leaves_theirs_and_answers_as_locally(nq: Path, capsys, tmp_path: Path) -> None:
    with running_oxigraph(tmp_path) as base:
        RemoteStore(f"{base}/query", f"{base}/store", Credentials()).put(THEIRS, THEIR_TRIPLES, "application/n-triples")
        for attempt in ("first", "again"):
            code = publish(nq, f"{base}/query", f"{base}/store")
            out = capsys.readouterr().out
            assert code == 0, f"{attempt}: {out}"
            assert " saved queries give the local answer." in out
            assert "DIFFERENT" not in out and "FAILED" not in out
        for name, ntriples in payloads(nq.read_bytes()).items():
            assert _graph(base, name) == _triples(ntriples), name
        assert _graph(base, THEIRS) == _triples(THEIR_TRIPLES)


def test_an_unreachable_store_is_one_line_and_exit_3(nq: Path, capsys) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert publish(nq, f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/store") == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"thbkg publish: cannot reach the graph store http://127.0.0.1:{port}/store")
    assert err[-1] == f"thbkg publish: nothing loaded (0 of {len(payloads(nq.read_bytes()))} graphs)"


def graph_of(seen: Seen) -> str:
    return unquote(seen.path.split("graph=", 1)[-1])


def answer_puts(status: int = 204, refuse: dict[str, int] | None = None) -> Respond:
    """A Graph Store that answers each PUT ``status``, or what ``refuse`` gives for its graph."""

    def respond(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
        code = (refuse or {}).get(graph_of(stub.seen[-1]), status)
        challenge = {"WWW_Authenticate": 'Basic realm="stub"'} if code == 401 else {}
        reply(handler, code, b"" if code < 300 else b"no thanks\n", **challenge)

    return respond


def test_refused_credentials_stop_at_the_first_graph(nq: Path, capsys) -> None:
    with stub_server(answer_puts(401)) as stub:
        assert publish(nq, f"{stub.url}/store", None, "--user", "ann", "--password", "wrong") == 3
    err = capsys.readouterr().err
    assert f"{stub.url}/store answered HTTP 401" in err and "--user/--password or THBKG_TOKEN" in err
    assert {graph_of(seen) for seen in stub.seen} == {next(iter(payloads(nq.read_bytes())))}
    assert stub.seen[0].headers["Authorization"] == "Basic " + base64.b64encode(b"ann:wrong").decode()


def test_a_token_from_the_environment_is_sent_as_bearer(nq: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THBKG_TOKEN", "s3cret")
    with stub_server(answer_puts(403)) as stub:
        assert publish(nq, f"{stub.url}/store") == 3
    assert stub.seen[0].headers["Authorization"] == "Bearer s3cret"
    assert "answered HTTP 403" in capsys.readouterr().err


def test_a_partial_load_names_the_refused_graph_and_checks_no_query(nq: Path, capsys) -> None:
    refused = "https://w3id.org/thbkg/graph/evidence/us-dos-tip-2011-nor"
    with stub_server(answer_puts(201, {refused: 413})) as stub:
        assert publish(nq, f"{stub.url}/store") == 3
    out, err = capsys.readouterr()
    graphs = len(payloads(nq.read_bytes()))  # every named graph of the build, and thbg:all
    assert len(stub.seen) == graphs, "the other graphs are still sent"
    assert "thbg:evidence/us-dos-tip-2011-nor not loaded:" in err and "HTTP 413" in err
    assert f"partial load: {graphs - 1} of {graphs} graphs replaced" in err
    assert "Saved queries" not in out


def loads_then(respond_to_queries: Respond) -> Respond:
    """A store that takes every PUT, then answers the queries (POSTs) with ``respond_to_queries``."""

    def respond(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
        if handler.command == "PUT":
            reply(handler, 204)
        else:
            respond_to_queries(handler, stub)

    return respond


def test_a_redirect_to_another_origin_gets_no_credentials_and_ends_the_load(nq: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THBKG_TOKEN", "s3cret")
    with stub_server(answer_puts()) as elsewhere, stub_server(redirect(307, f"{elsewhere.url}/store")) as stub:
        assert publish(nq, f"{stub.url}/store") == 3
    err = capsys.readouterr().err.splitlines()
    assert elsewhere.seen == []
    assert len(stub.seen) == 1, "no other graph is tried"
    assert err[0].startswith(f"thbkg publish: {stub.url}/store redirects (HTTP 307) to {elsewhere.url}/store: ")
    assert err[-1] == f"thbkg publish: nothing loaded (0 of {len(payloads(nq.read_bytes()))} graphs)"


def test_queries_redirected_to_another_origin_fail_without_credentials(nq: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THBKG_TOKEN", "s3cret")
    with (
        stub_server(answer_puts()) as elsewhere,
        stub_server(loads_then(redirect(302, f"{elsewhere.url}/sparql"))) as stub,
    ):
        assert publish(nq, f"{stub.url}/sparql", f"{stub.url}/store") == 3
    out = capsys.readouterr().out
    assert elsewhere.seen == [], "the queries went nowhere else, with or without the token"
    assert "FAILED" in out and "another origin" in out and "\n0 of " in out


def test_a_dripping_store_fails_at_the_timeout(nq: Path, capsys) -> None:
    start = time.monotonic()
    with stub_server(drip_headers) as stub:
        assert publish(nq, f"{stub.url}/store", None, "--timeout", "1") == 3
    assert time.monotonic() - start < 10, "the drip lasts 30 s"
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"thbkg publish: the graph store {stub.url}/store did not answer within 1 s"


def test_answers_above_the_size_limit_fail_each_query(nq: Path, capsys) -> None:
    with stub_server(loads_then(stream(declared=True))) as stub:
        assert publish(nq, f"{stub.url}/sparql", f"{stub.url}/store") == 3
    out = capsys.readouterr().out
    failed = [line for line in out.splitlines() if "FAILED" in line]
    assert failed and all("sent an answer larger than 64 MiB" in line for line in failed)
    assert "\n0 of " in out


@pytest.mark.parametrize(
    "option",
    [
        "--timeout=-1",
        "--timeout=0",
        "--timeout=nan",
        "--timeout=inf",
        "--timeout=1e300",
        "--store=ftp://example.org/sparql",
        "--store=http://",
        "--store=http://:8080/sparql",
        "--store=http://example.org:99999/sparql",
        "--store=http://example.org/my sparql",
        "--graph-store=https://ann:s3cret@example.org/store",
        "--user=ann\nX-Injected: 1",
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(option: str, tmp_path: Path, capsys) -> None:
    args = ["--root", str(ROOT), "publish", "--store", "http://127.0.0.1:9/sparql", "--data", str(tmp_path / "a.nq")]
    assert main([*args, option]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("thbkg publish: "), err
    assert "s3cret" not in err


def test_a_token_that_would_add_a_header_is_one_line_and_exit_2(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THBKG_TOKEN", "s3cret\r\nX-Injected: 1")
    assert main(["--root", str(ROOT), "publish", "--store", "http://127.0.0.1:9/sparql"]) == 2
    assert capsys.readouterr().err == "thbkg publish: THBKG_TOKEN must not hold line breaks or control characters\n"


def test_a_query_that_differs_shows_the_first_row_missing_and_the_first_extra_one() -> None:
    one, two, three = (ox.Literal(text) for text in ("b-one", "a-two", "c-three"))
    check = compare("query-x", frozenset({(one,), (two,)}), frozenset({(one,), (three,)}))
    assert check.same is False
    assert check.detail == (
        '2 row(s) here, 2 in the store: 1 missing there, 1 only there; first missing there: "a-two"; '
        'first only there: "c-three"'
    )

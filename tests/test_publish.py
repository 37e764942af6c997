"""thbkg publish: the build goes into a real Oxigraph server beside a graph that was there before,
twice, and every graph and saved-query answer there is the local one; an unreachable store,
refused credentials and a partially refused load each end with a clear line and exit 3."""

from __future__ import annotations

import base64
import socket
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import XSD

from oxigraph_server import running_oxigraph
from thbkg.build import Build, write_outputs
from thbkg.cli import main
from thbkg.dumps import graph_ntriples, union_ntriples
from thbkg.publish import ALL_GRAPH, payloads
from thbkg.remote_store import Credentials, RemoteStore
from thbkg.results import INTEGER_DATATYPES

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
    return {
        ox.Triple(t.subject, t.predicate, _integer(t.object)) for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    }


def _integer(term: ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
    if isinstance(term, ox.Literal) and URIRef(term.datatype.value) in INTEGER_DATATYPES:
        return ox.Literal(str(int(term.value)), datatype=ox.NamedNode(str(XSD.integer)))
    return term


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
    assert err[-1] == "thbkg publish: nothing loaded (0 of 8 graphs)"


@dataclass
class Stub:
    """What an in-process HTTP server saw, and how it answers each PUT (by graph IRI)."""

    status: int = 204
    refuse: dict[str, int] = field(default_factory=dict)
    seen: list[tuple[str, str | None]] = field(default_factory=list)
    url: str = ""


@contextmanager
def stub_store(stub: Stub) -> Iterator[Stub]:
    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            graph = self.path.split("graph=", 1)[-1]
            stub.seen.append((urllib.request.unquote(graph), self.headers.get("Authorization")))
            status = stub.refuse.get(urllib.request.unquote(graph), stub.status)
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="stub"')
            body = b"" if status < 300 else b"no thanks\n"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/store"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_refused_credentials_stop_at_the_first_graph(nq: Path, capsys) -> None:
    with stub_store(Stub(status=401)) as stub:
        assert publish(nq, stub.url, None, "--user", "ann", "--password", "wrong") == 3
    err = capsys.readouterr().err
    assert f"{stub.url} answered HTTP 401" in err and "--user/--password or THBKG_TOKEN" in err
    assert {graph for graph, _ in stub.seen} == {next(iter(payloads(nq.read_bytes())))}
    assert stub.seen[0][1] == "Basic " + base64.b64encode(b"ann:wrong").decode()


def test_a_token_from_the_environment_is_sent_as_bearer(nq: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THBKG_TOKEN", "s3cret")
    with stub_store(Stub(status=403)) as stub:
        assert publish(nq, stub.url) == 3
    assert stub.seen[0][1] == "Bearer s3cret"
    assert "answered HTTP 403" in capsys.readouterr().err


def test_a_partial_load_names_the_refused_graph_and_checks_no_query(nq: Path, capsys) -> None:
    refused = "https://w3id.org/thbkg/graph/evidence/us-dos-tip-2011-nor"
    with stub_store(Stub(status=201, refuse={refused: 413})) as stub:
        assert publish(nq, stub.url) == 3
    out, err = capsys.readouterr()
    assert len(stub.seen) == 8, "the other graphs are still sent"
    assert "thbg:evidence/us-dos-tip-2011-nor not loaded:" in err and "HTTP 413" in err
    assert "partial load: 7 of 8 graphs replaced" in err
    assert "Saved queries" not in out

"""thbkg publish into real stores: Debian's Virtuoso, started here, takes the seed build through
its Digest-protected Graph Store, holds every graph as built, and answers every saved query as the
embedded store does; with the 100-report synthetic corpus (``slow``), Virtuoso and the
Oxigraph server both. The Digest exchange itself is checked against a stub that verifies it."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.request import parse_http_list, parse_keqv_list

import pyoxigraph as ox
import pytest

from oxigraph_server import running_oxigraph
from stub_http import Stub, reply, stub_server
from thbkg.build.pipeline import Build, run_stages, write_outputs
from thbkg.cli import main
from thbkg.core.layout import project_layout
from thbkg.core.namespaces import XSD
from thbkg.core.terms import Term
from thbkg.release.graph_store import RemoteStore
from thbkg.release.publish import payloads
from thbkg.release.values import XSD_DURATION, comparable
from thbkg.sparql.catalogue import load_catalogue
from thbkg.sparql.http import Credentials
from virtuoso_server import PASSWORD, USER, running_virtuoso, virtuoso_missing

ROOT = Path(__file__).resolve().parents[1]

needs_virtuoso = pytest.mark.skipif(bool(virtuoso_missing()), reason=virtuoso_missing() or "-")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


def publish_to_virtuoso(base: str, root: Path, nq: Path) -> int:
    store = ["--store", f"{base}/sparql", "--graph-store", f"{base}/sparql-graph-crud-auth"]
    login = ["--user", USER, "--password", PASSWORD]
    return main(["--root", str(root), "publish", *store, *login, "--data", str(nq), "--timeout", "300"])


def verdicts(out: str) -> dict[str, str]:
    """The report's line for each saved query: name -> ``same: 3 row(s)``, ``FAILED: ...``."""
    found = {}
    for line in out.splitlines():
        word, _, rest = line.strip().partition(" ")
        name, _, detail = rest.strip().partition(": ")
        if word in ("same", "DIFFERENT", "FAILED") and name.startswith("query-"):
            found[name] = f"{word}: {detail}"
    return found


def assert_answers_as_locally(out: str, root: Path) -> None:
    """Every saved query of ``root`` is reported, and each ``same``."""
    found = verdicts(out)
    assert set(found) == set(load_catalogue(root / "queries")), out
    for name, verdict in found.items():
        assert verdict.startswith("same: "), f"{name}: {verdict}"


def stored_graph(store: RemoteStore, graph: str) -> set[tuple[Term | None, ...]]:
    """A graph's triples as the store answers them, in the forms the check compares (see ``comparable``:
    Virtuoso's Turtle would write a whole xsd:decimal as an integer, its JSON a duration as months)."""
    result = store.queries.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", "SELECT")
    return {tuple(comparable(row[name]) for name in "spo") for row in result.rows}


def built_graph(ntriples: bytes) -> set[tuple[Term | None, ...]]:
    quads = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return {(comparable(q.subject), comparable(q.predicate), comparable(q.object)) for q in quads}


@pytest.fixture(scope="module")
def nq(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish-stores")
    write_outputs(build, folder)
    return folder / "thbkg.nq"


@needs_virtuoso
def test_virtuoso_holds_the_build_and_answers_as_locally(virtuoso: str, nq: Path, capsys) -> None:
    for attempt in ("first", "again"):  # the second run replaces every graph (HTTP 200, not 201)
        code = publish_to_virtuoso(virtuoso, ROOT, nq)
        out = capsys.readouterr().out
        assert code == 0, f"{attempt}: {out}"
        statuses = {line.rsplit("HTTP ", 1)[-1] for line in out.splitlines() if line.startswith("PUT ")}
        assert statuses == ({"201"} if attempt == "first" else {"200"}), out
        assert_answers_as_locally(out, ROOT)
    store = RemoteStore(f"{virtuoso}/sparql", f"{virtuoso}/sparql-graph-crud-auth", Credentials(USER, PASSWORD))
    for graph, ntriples in payloads(nq.read_bytes()).items():
        assert stored_graph(store, graph) == built_graph(ntriples), graph


@needs_virtuoso
def test_virtuoso_refuses_a_wrong_password_before_any_data_goes(virtuoso: str, nq: Path, capsys) -> None:
    store = ["--store", f"{virtuoso}/sparql", "--graph-store", f"{virtuoso}/sparql-graph-crud-auth"]
    args = ["--root", str(ROOT), "publish", *store, "--user", USER, "--password", "wrong", "--data", str(nq)]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert "sparql-graph-crud-auth answered HTTP 401" in err and "nothing loaded (0 of" in err


REALM, NONCE = "SPARQL", "6e5a91c7182ae02600c97a0b2fe6b9a4"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def digest_only(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
    """A Graph Store that speaks only HTTP Digest (RFC 7616, MD5, qop=auth), as Virtuoso's: a bare
    401 to Basic, its challenge to a request without credentials, 201 to a right answer."""
    sent = handler.headers.get("Authorization", "")
    if not sent.startswith("Digest "):
        challenge = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm="MD5"'
        reply(handler, 401, **({} if sent else {"WWW_Authenticate": challenge}))
        return
    given = parse_keqv_list(parse_http_list(sent.removeprefix("Digest ")))
    known = md5(f"ann:{REALM}:s3cret")
    asked = md5(f"{handler.command}:{handler.path}")
    expected = md5(f"{known}:{NONCE}:{given['nc']}:{given['cnonce']}:auth:{asked}")
    right = given["username"] == "ann" and given["uri"] == handler.path and given["response"] == expected
    reply(handler, 201 if right else 401)


def test_digest_is_answered_and_then_sent_up_front_so_each_body_goes_once() -> None:
    bodies = {
        f"http://example.org/g{n}": f"<http://example.org/s> <http://example.org/p> {n} .\n".encode() for n in (1, 2, 3)
    }
    with stub_server(digest_only) as stub:
        store = RemoteStore(f"{stub.url}/sparql", f"{stub.url}/store", Credentials("ann", "s3cret"))
        assert [store.put(graph, body) for graph, body in bodies.items()] == [201, 201, 201]
    schemes = [seen.headers.get("Authorization", "none").split(" ")[0] for seen in stub.seen]
    assert schemes == ["Basic", "none", "Digest", "Digest", "Digest"], "a bare 401 to Basic, then the challenge"
    counts = [parse_keqv_list(parse_http_list(seen.headers["Authorization"][7:]))["nc"] for seen in stub.seen[2:]]
    assert counts == ["00000001", "00000002", "00000003"]
    assert [seen.body for seen in stub.seen[2:]] == list(bodies.values())


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The 100-report synthetic corpus (bench/corpus.py), built: its folder and its N-Quads."""
    sys.path.insert(0, str(ROOT / "bench"))
    corpus = pytest.importorskip("corpus", reason="bench/corpus.py (the synthetic corpus) is not there")
    folder = tmp_path_factory.mktemp("corpus-100")
    corpus.write_corpus(folder, 100)
    build = run_stages(project_layout(str(folder)))
    write_outputs(build, folder / "build")
    return folder, folder / "build" / "thbkg.nq"


@pytest.mark.slow
@pytest.mark.timeout(3600)  # the corpus is built first; the checks alone took 6 min on a busy 2-core machine
@needs_virtuoso
def test_virtuoso_answers_the_100_report_corpus_as_locally(virtuoso: str, corpus_build, capsys) -> None:
    folder, nq = corpus_build
    assert publish_to_virtuoso(virtuoso, folder, nq) == 0
    assert_answers_as_locally(capsys.readouterr().out, folder)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_oxigraph_answers_the_100_report_corpus_as_locally(corpus_build, tmp_path: Path, capsys) -> None:
    folder, nq = corpus_build
    with running_oxigraph(tmp_path) as base:
        args = ["--root", str(folder), "publish", "--store", f"{base}/query", "--graph-store", f"{base}/store"]
        assert main([*args, "--data", str(nq), "--timeout", "300"]) == 0
    assert_answers_as_locally(capsys.readouterr().out, folder)


@pytest.mark.parametrize(
    ("ours", "virtuosos"),
    [
        (ox.Literal("P10Y", datatype=ox.NamedNode(XSD_DURATION)), "120"),  # 10 years are 120 months
        (ox.Literal("P1Y6M", datatype=ox.NamedNode(XSD_DURATION)), "18"),
        (ox.Literal("P2D", datatype=ox.NamedNode(XSD_DURATION)), "172800.0"),  # 2 x 86,400 s
        (ox.Literal("PT1H30M", datatype=ox.NamedNode(XSD_DURATION)), "5400.0"),
        (ox.Literal(True), "1"),
    ],
)
def test_a_value_compares_with_the_form_virtuoso_writes_it_in(ours: ox.Literal, virtuosos: str) -> None:
    kind = ours.datatype if ours.datatype.value == XSD_DURATION else ox.NamedNode(XSD + "integer")
    assert comparable(ours) == comparable(ox.Literal(virtuosos, datatype=kind))


def test_values_that_differ_still_differ() -> None:
    def duration(text: str) -> ox.Literal:
        return ox.Literal(text, datatype=ox.NamedNode(XSD_DURATION))

    assert comparable(duration("P6M")) != comparable(duration("P6D"))
    assert comparable(duration("P1Y")) != comparable(duration("P13M"))
    assert comparable(duration("P1Y2M3D")) == duration("P1Y2M3D"), "a mixed duration Virtuoso keeps as it is"
    assert comparable(ox.Literal(True)) != comparable(ox.Literal(False))


def test_an_answer_with_a_header_per_named_graph_is_read() -> None:
    """Virtuoso echoes every named-graph-uri as an X-SPARQL-named-graph header: hundreds for a corpus."""
    graphs = [f"http://example.org/g{n}" for n in range(300)]

    def echo(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
        handler.send_response(200)
        for graph in graphs:
            handler.send_header("X-SPARQL-named-graph", graph)
        body = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}'
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with stub_server(echo) as stub:
        store = RemoteStore(f"{stub.url}/sparql", f"{stub.url}/store", Credentials())
        result = store.queries.query('SELECT ?n WHERE { BIND("1" AS ?n) }', "SELECT", [graphs[0]], graphs)
    assert [row["n"].value for row in result.rows] == ["1"]

"""The store client against servers that misbehave: credentials never follow a redirect to another
origin, a redirect never turns a PUT or POST into a GET, a dripping server cannot outlast the
deadline, and a huge or endless answer is refused without being held in memory."""

from __future__ import annotations

import time
import tracemalloc
from http.server import BaseHTTPRequestHandler

import pytest

from stub_http import MiB, Respond, Stub, drip_headers, redirect, reply, stream, stub_server
from thbkg.release.graph_store import RemoteStore
from thbkg.sparql.http import Credentials, Redirected, Refused, Unreachable

GRAPH = "https://w3id.org/thbkg/graph/test"
TRIPLES = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
TRUE = b'{"head": {}, "boolean": true}'
TOKEN = Credentials(token="s3cret")
BASIC = Credentials(user="ann", password="pw")


def store(stub: Stub, credentials: Credentials = TOKEN, timeout: float = 5, **kwargs: int) -> RemoteStore:
    return RemoteStore(f"{stub.url}/query", f"{stub.url}/store", credentials, timeout, **kwargs)


def ask(remote: RemoteStore) -> bool | None:
    return remote.queries.query("ASK {}", "ASK", [GRAPH], [GRAPH]).boolean


def call(remote: RemoteStore, method: str) -> object:
    return remote.put(GRAPH, TRIPLES) if method == "PUT" else ask(remote)


def accept(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
    """A store that takes every PUT and answers every query ``true``."""
    if handler.command == "PUT":
        reply(handler, 204)
    else:
        reply(handler, 200, TRUE, Content_Type="application/sparql-results+json")


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("credentials", [TOKEN, BASIC], ids=["token", "basic"])
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_is_not_followed(code: int, credentials: Credentials, method: str) -> None:
    with (
        stub_server(accept) as elsewhere,
        stub_server(redirect(code, f"{elsewhere.url}/store")) as there,
        pytest.raises(Redirected, match=f"redirects \\(HTTP {code}\\) to {elsewhere.url}/store: another origin"),
    ):
        call(store(there, credentials), method)
    assert elsewhere.seen == [], "neither the credentials nor the data went to the other origin"
    assert there.seen[0].headers["Authorization"]


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("credentials", [TOKEN, BASIC], ids=["token", "basic"])
@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_a_redirect_within_the_origin_resends_the_same_request(
    code: int, credentials: Credentials, method: str
) -> None:
    def moved(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
        if handler.path.startswith(("/store", "/query")):
            reply(handler, code, Location="/moved" + handler.path)
        else:
            accept(handler, stub)

    with stub_server(moved) as there:
        assert call(store(there, credentials), method) in (204, True)
    first, second = there.seen
    assert second.path == "/moved" + first.path
    assert second.method == first.method == method
    assert second.body == first.body != b""
    assert second.headers["Authorization"] == first.headers["Authorization"]


def test_a_see_other_is_not_turned_into_a_get() -> None:
    with stub_server(redirect(303, "/elsewhere")) as there, pytest.raises(Redirected, match="See Other"):
        store(there).put(GRAPH, TRIPLES)
    assert [seen.method for seen in there.seen] == ["PUT"]


def test_a_redirect_loop_ends() -> None:
    with stub_server(redirect(307, "/store")) as there, pytest.raises(Redirected, match="more than 5 redirects"):
        store(there).put(GRAPH, TRIPLES)
    assert len(there.seen) == 6


def drip_body(length: bool) -> Respond:
    """Complete headers (with or without a Content-Length), then a byte of the body every quarter second."""

    def respond(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        if length:
            handler.send_header("Content-Length", "120")
        handler.end_headers()
        for _ in range(120):
            if stub.stop.wait(0.25):
                return
            handler.wfile.write(b" ")

    return respond


@pytest.mark.parametrize(
    ("respond", "method"),
    [(drip_headers, "PUT"), (drip_headers, "POST"), (drip_body(True), "POST"), (drip_body(False), "POST")],
    ids=["headers-put", "headers-query", "body", "body-until-closed"],
)
def test_a_dripping_store_cannot_outlast_the_deadline(respond: Respond, method: str) -> None:
    start = time.monotonic()
    with stub_server(respond) as there, pytest.raises(Unreachable, match=r"did not answer within 1 s$"):
        call(store(there, timeout=1), method)
    assert time.monotonic() - start < 10, "the drip lasts 30 s"


def test_an_answer_declared_larger_than_the_limit_is_refused_unread() -> None:
    tracemalloc.start()
    try:
        with stub_server(stream(declared=True)) as there, pytest.raises(Refused, match="larger than 64 MiB"):
            ask(store(there))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MiB


def test_an_endless_answer_is_refused_at_the_limit_without_holding_it() -> None:
    tracemalloc.start()
    try:
        with stub_server(stream(declared=False)) as there, pytest.raises(Refused, match="larger than 2 MiB"):
            ask(store(there, max_answer=2 * MiB))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB, "at most the limit and a chunk are held, not the 300 MiB sent"


def test_an_answer_within_the_limit_is_read_whole() -> None:
    with stub_server(accept) as there:
        assert ask(store(there, max_answer=len(TRUE))) is True

"""A tiny HTTP server for client tests, in a thread on 127.0.0.1: it records each request, then
lets a function of the test's answer it (slowly, wrongly or hugely, as the test needs).

``stub_server(respond)`` yields a Stub with the server's base URL, the requests seen and a ``stop``
event that is set on the way out: an answer that drips or streams checks it, so no thread of the
server outlives the test by more than a moment. ``drip_headers`` and ``stream`` are two such
answers: one too slow for any deadline, one too large for any memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from processes import HOST


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: Message
    body: bytes


@dataclass
class Stub:
    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


Respond = Callable[[BaseHTTPRequestHandler, Stub], None]
MiB = 2**20


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    """A complete answer: ``headers`` given as ``Content_Type="..."`` (underscores become dashes)."""
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def redirect(code: int, location: str) -> Respond:
    """An answer that sends every request to ``location``."""
    return lambda handler, stub: reply(handler, code, Location=location)


@contextmanager
def stub_server(respond: Respond) -> Iterator[Stub]:
    """A server answering every GET, PUT and POST with ``respond``; yields its Stub."""
    stub = Stub()

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            stub.seen.append(Seen(self.command, self.path, self.headers, body))
            with suppress(ConnectionError):  # the client hung up first: what some tests are about
                respond(self, stub)

        do_GET = do_PUT = do_POST = answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((HOST, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    stub.url = f"http://{HOST}:{server.server_address[1]}"
    try:
        yield stub
    finally:
        stub.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def drip_headers(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
    """A status line, then a header line every half second for 30 s: no single read waits long."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for n in range(60):
        if stub.stop.wait(0.5):
            return
        handler.wfile.write(b"X-Drip: %d\r\n" % n)


def stream(declared: bool) -> Respond:
    """An answer of 300 MiB made on the fly, its length declared or not; it stops when the client hangs up."""
    chunk = bytes(MiB)

    def respond(handler: BaseHTTPRequestHandler, stub: Stub) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        if declared:
            handler.send_header("Content-Length", str(300 * MiB))
        handler.end_headers()
        for _ in range(300):
            if stub.stop.is_set():
                return
            handler.wfile.write(chunk)

    return respond

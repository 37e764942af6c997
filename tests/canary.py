"""A canary for outbound requests: an HTTP listener on 127.0.0.1 that counts every connection and
answers each with an empty SPARQL result, so an engine that calls it would succeed and show it.

Also a worker task that runs queries straight on the store, with no check at all: the way to show
that the worker's sandbox alone stops every request (the task runs inside a real query worker).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

import pyoxigraph as ox

from processes import HOST
from thbkg.serve.worker import Answer

EMPTY_RESULT = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
REPLY = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
    b"Content-Length: " + str(len(EMPTY_RESULT)).encode() + b"\r\nConnection: close\r\n\r\n" + EMPTY_RESULT
)


class Canary:
    """A listener on 127.0.0.1 that counts every connection it receives and answers it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind((HOST, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}/"
        self.connections = 0
        self.stopped = False
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                    conn.sendall(REPLY)
                except OSError:
                    pass

    def close(self) -> None:
        self.stopped = True
        self.thread.join()
        self.sock.close()

    def __enter__(self) -> Canary:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class Unchecked:
    """Run each query on the worker's store with no check; the answer's body lists the errors."""

    queries: tuple[str, ...]

    def run(self, store: ox.Store) -> Answer:
        errors = []
        for query in self.queries:
            try:
                result = store.query(query)
                if not isinstance(result, ox.QueryBoolean):
                    list(result)
            except (SyntaxError, OSError, ValueError, TypeError, RuntimeError) as exc:
                errors.append(str(exc))
        return Answer(200, "\n".join(errors).encode())

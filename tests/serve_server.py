"""``thbkg serve`` as a subprocess on 127.0.0.1 and a free port, and a raw HTTP client for it.

The raw client (http.client) sends exactly what a test asks for: repeated parameters, any method,
bodies that are not UTF-8. Nothing here talks to any address but 127.0.0.1.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace
from rdflib.namespace import RDFS

from processes import HOST, free_port, stop

W3C = Path(__file__).parent / "w3c" / "sparql11-protocol"
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Server:
    """A running ``thbkg serve``; what it writes to stderr is read as it comes, as a terminal would,
    so that its log lines never fill the pipe and stall it."""

    port: int
    process: subprocess.Popen
    written: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self) -> None:
        while chunk := self.process.stderr.read1(65536):
            self.written += chunk

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()

    def log(self) -> str:
        """What the server has written to its standard error so far."""
        return bytes(self.written).decode("utf-8", "replace")

    def workers(self) -> set[int]:
        """The pids of the query worker processes (children running multiprocessing's spawn_main)."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid and b"spawn_main" in cmdline:
                found.add(int(entry.name))
        return found


def w3c_dataset(target: Path) -> Path:
    """The manifest's data files as N-Quads, each in the graph the manifest names for it."""
    manifest = Graph().parse(W3C / "manifest.ttl", format="turtle")
    lines = set()
    for data in manifest.objects(None, UT.graphData):
        graph, name = manifest.value(data, UT.graph), manifest.value(data, RDFS.label)
        path = W3C / Path(str(graph)).name
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            lines.add(f"{ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(str(name)))} .\n")
    target.write_text("".join(sorted(lines)), encoding="utf-8")
    return target


@contextmanager
def running(data: Path, *options: str) -> Iterator[Server]:
    """A server on ``data`` with ``options``, stopped (with its workers) at the end."""
    port = free_port()
    command = [sys.executable, "-m", "thbkg.cli", "serve", "--data", str(data), "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
    server = Server(port, process)
    try:
        _wait(server)
        yield server
    finally:
        stop(process)


def _wait(server: Server) -> None:
    """Until the server answers HTTP. Its port listens from the start, before the workers are up
    (connections wait in the queue meanwhile), so a connection alone does not say it serves."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            server._reader.join(10)  # everything it wrote before it exited
            raise RuntimeError(f"thbkg serve exited: {server.log()[-2000:]}")
        try:
            server.request("OPTIONS", "/sparql")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("thbkg serve did not start in 60 s")

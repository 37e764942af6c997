"""A soak of ``thbkg serve`` (``slow``: run with ``pytest -m slow tests/test_serve_soak.py -s``):
a thousand idle connections kept open (from four loopback addresses, opened again as the server
closes them) and four clients looping a heavy query for a minute, while a normal client asks cheap
queries. Normal requests must stay answered within a second at the 95th
percentile, the pool must keep its workers, and the server's memory must stay flat."""

from __future__ import annotations

import math
import socket
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from processes import HOST
from serve_server import Server, running, w3c_dataset

SECONDS = 60
IDLE = 1000
IDLE_ADDRESSES = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"]
HEAVY_LOOPS = 4
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " }"
NORMAL = ["/sparql?query=" + quote("ASK {}"), "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 5")]


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))


def keep_idle(server: Server, stop: threading.Event) -> None:
    """Hold IDLE connections open, opening a new one for each the server closes."""
    socks: list[socket.socket] = []
    while not stop.is_set():
        alive = []
        for sock in socks:
            try:
                if sock.recv(1, socket.MSG_DONTWAIT) == b"":
                    sock.close()
                    continue
            except BlockingIOError:
                pass
            except OSError:
                sock.close()
                continue
            alive.append(sock)
        socks = alive
        while len(socks) < IDLE and not stop.is_set():
            source = (IDLE_ADDRESSES[len(socks) % len(IDLE_ADDRESSES)], 0)
            try:
                socks.append(socket.create_connection((HOST, server.port), timeout=5, source_address=source))
            except OSError:
                break
        time.sleep(0.05)
    for sock in socks:
        sock.close()


@pytest.mark.slow
def test_soak(tmp_path: Path) -> None:
    data = w3c_dataset(tmp_path / "w3c.nq")
    with running(data, "--timeout", "5") as server:
        time.sleep(1)
        memory_before = rss_kib(server.process.pid)
        stop = threading.Event()
        heavy = [0]

        def loop() -> None:
            while not stop.is_set():
                server.request("GET", f"/sparql?query={quote(HEAVY)}")
                heavy[0] += 1

        threads = [threading.Thread(target=keep_idle, args=(server, stop), daemon=True)]
        threads += [threading.Thread(target=loop, daemon=True) for _ in range(HEAVY_LOOPS)]
        for thread in threads:
            thread.start()
        latencies, failures = [], 0
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            for target in NORMAL:
                started = time.monotonic()
                status = server.request("GET", target).status
                # a request not answered counts as answered never
                latencies.append(time.monotonic() - started if status == 200 else math.inf)
                failures += status != 200
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join()
        time.sleep(2)
        memory_after = rss_kib(server.process.pid)
        workers = len(server.workers())
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(
        f"\nsoak {SECONDS} s: {len(latencies)} normal requests, {failures} not answered 200, "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max answered {max(t for t in latencies if t < math.inf) * 1000:.0f} ms; "
        f"{heavy[0]} heavy requests; workers at the end {workers}; "
        f"server memory {memory_before} KiB -> {memory_after} KiB"
    )
    assert p95 < 1.0
    assert workers == 3
    assert memory_after < memory_before * 1.5 + 8192

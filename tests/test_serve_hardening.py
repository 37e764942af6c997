"""``thbkg serve`` under hostile connections: idle and dripping clients are cut at a deadline and
cannot starve others, cheap queries answer while heavy ones loop, every answer carries its safety
headers and never names the Host a client claimed, and the log has one line per refusal, no trace."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

import pytest

from processes import HOST, free_port
from serve_server import Server, running, w3c_dataset
from thbkg.serve.connections import PER_CLIENT

HEADER_TIMEOUT = 1.0
QUERY_TIMEOUT = 3.0
# A cartesian product of the default graph with itself, 20 times: 3^20 rows to count.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " }"
ASK = f"/sparql?query={quote('ASK {}')}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    data = w3c_dataset(tmp_path_factory.mktemp("hardening") / "w3c.nq")
    options = ("--header-timeout", str(HEADER_TIMEOUT), "--timeout", str(QUERY_TIMEOUT))
    with running(data, *options) as server:
        yield server


def connect(server: Server) -> socket.socket:
    sock = socket.create_connection((HOST, server.port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    return sock


def closed_by_server(sock: socket.socket, wait: float) -> bool:
    """Whether the server closes ``sock`` within ``wait`` seconds (EOF or reset)."""
    sock.settimeout(wait)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_a_silent_connection_is_closed_at_the_header_deadline(server: Server) -> None:
    with connect(server) as sock:
        assert closed_by_server(sock, HEADER_TIMEOUT + 5)


def test_dripped_headers_are_cut_at_the_deadline_not_kept_alive_by_each_byte(server: Server) -> None:
    with connect(server) as sock:
        start = time.monotonic()
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")
        closed = False
        for _ in range(40):  # a header byte every 0.25 s would last 10 s
            try:
                sock.sendall(b"X")
            except OSError:
                closed = True
                break
            if closed_by_server(sock, 0.25):
                closed = True
                break
        assert closed and time.monotonic() - start < 10


def test_idle_connections_past_the_cap_of_one_address_do_not_stop_a_normal_request(server: Server) -> None:
    with ExitStack() as stack:
        idle = [stack.enter_context(connect(server)) for _ in range(PER_CLIENT + 100)]
        assert server.request("GET", ASK).status == 200
        # The server made room by closing the oldest idle ones, well before their deadline.
        assert sum(closed_by_server(sock, 0.01) for sock in idle[:100]) > 50


def test_slow_header_connections_do_not_stop_normal_requests(server: Server) -> None:
    with ExitStack() as stack:
        for _ in range(210):
            stack.enter_context(connect(server)).sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        replies = [server.request("GET", ASK) for _ in range(30)]
    assert [r.status for r in replies] == [200] * 30


def test_cheap_queries_answer_while_heavy_queries_loop(server: Server) -> None:
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            server.request("GET", f"/sparql?query={quote(HEAVY)}")

    loops = [threading.Thread(target=loop, daemon=True) for _ in range(4)]
    for thread in loops:
        thread.start()
    try:
        time.sleep(QUERY_TIMEOUT + 1)  # every loop has sent its heavy query at least once
        # A worker stopped past its budget is replaced in the background; on a loaded machine the
        # first cheap query may come before that and be told to retry (503, Retry-After).
        settled = time.monotonic() + 30
        while server.request("GET", ASK).status != 200 and time.monotonic() < settled:
            time.sleep(0.5)
        statuses = []
        for _ in range(25):
            statuses.append(server.request("GET", ASK).status)
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in loops:
            thread.join()
    assert statuses == [200] * 25


def test_a_large_header_sent_at_once_is_refused(server: Server) -> None:
    reply = server.request("GET", ASK, headers={"X-Big": "a" * 100_000})
    assert reply.status in (400, 431)


def test_redirects_never_name_the_claimed_host(server: Server) -> None:
    for target in ("/sparql/", "/api/queries/"):
        reply = server.request("GET", target, headers={"Host": "evil.example"})
        assert "evil" not in reply.headers.get("location", "")
        assert reply.headers.get("location", "/").startswith("/")


def test_every_answer_says_nosniff(server: Server) -> None:
    for target in (ASK, "/", "/nothing-here", "/static/page.css"):
        assert server.request("GET", target).headers["x-content-type-options"] == "nosniff"


def test_refusals_and_failures_are_one_line_each_in_the_log(server: Server) -> None:
    refused = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
    assert server.request("GET", f"/sparql?query={quote(refused)}").status == 403
    with connect(server) as sock:  # a client that goes away in the middle of its body
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n")
        sock.sendall(b"Content-Length: 1000\r\n\r\nASK {")
        time.sleep(0.3)
    time.sleep(0.5)
    log = server.log()
    assert "Traceback" not in log
    assert any("GET /sparql -> 403 SERVICE is not allowed" in line for line in log.splitlines())
    assert any("POST /sparql" in line and "ClientDisconnect" in line for line in log.splitlines())


def test_the_pool_keeps_its_workers(server: Server) -> None:
    deadline = time.monotonic() + 30
    while len(server.workers()) != 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(server.workers()) == 3  # two in the main lane, one in the fast lane


def test_a_bad_timeout_is_one_line(tmp_path: Path) -> None:
    data = w3c_dataset(tmp_path / "w.nq")
    for options in (["--timeout", "nan"], ["--header-timeout", "-1"]):
        command = [sys.executable, "-m", "thbkg.cli", "serve", "--data", str(data), *options]
        done = subprocess.run(command, capture_output=True, check=False)
        assert done.returncode == 2 and done.stderr.decode().count("\n") == 1


def test_data_that_does_not_load_is_one_line_not_a_trace_per_worker(tmp_path: Path) -> None:
    data = tmp_path / "broken.nq"
    data.write_text("this is not N-Quads\n", encoding="utf-8")
    command = [sys.executable, "-m", "thbkg.cli", "serve", "--data", str(data), "--port", str(free_port())]
    done = subprocess.run(command, capture_output=True, check=False, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"thbkg serve: cannot load {data}: ")

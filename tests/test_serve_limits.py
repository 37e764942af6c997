"""``thbkg serve`` under load: a query past the timeout is stopped (its worker process is killed),
too many at once answer 503 with Retry-After, and ``ASK {}`` answers while slow queries run."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from serve_server import Server, running, w3c_dataset

TIMEOUT = 2.0
# A cartesian product of the default graph with itself, 20 times: 3^20 rows to count.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    data = w3c_dataset(tmp_path_factory.mktemp("limits") / "w3c.nq")
    with running(data, "--workers", "1", "--timeout", str(TIMEOUT)) as server:
        yield server


def slow(server: Server):
    return server.request("GET", f"/sparql?query={quote(SLOW)}")


def cpu_ticks(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def wait_for_workers(server: Server, count: int) -> set[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if len(pids := server.workers()) == count:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"the pool did not come back to {count} workers")


def test_timeout_kills_the_worker_and_the_work_stops(server: Server) -> None:
    before = wait_for_workers(server, 2)
    start = time.monotonic()
    reply = slow(server)
    assert reply.status == 504 and reply.text.count("\n") == 1 and "limit" in reply.text
    assert TIMEOUT <= time.monotonic() - start < TIMEOUT + 60  # not cut early; the bound only guards a hang
    gone = before - server.workers()
    assert len(gone) == 1
    assert not any(Path(f"/proc/{pid}").exists() for pid in gone)
    assert cpu_settles(wait_for_workers(server, 2))


def cpu_settles(pids: set[int]) -> bool:
    """True once the workers use under 0.05 s of CPU in 0.5 s (the new one has loaded the store)."""
    deadline = time.monotonic() + 30
    ticks = cpu_ticks(pids)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        ticks, previous = cpu_ticks(pids), ticks
        if ticks - previous < 5:
            return True
    return False


def test_ask_answers_while_a_slow_query_runs(server: Server) -> None:
    wait_for_workers(server, 2)
    answered = []  # the order the two answers arrive in

    def run_slow() -> None:
        slow(server)
        answered.append("slow")

    worker = threading.Thread(target=run_slow)
    worker.start()
    time.sleep(0.3)
    reply = server.request("GET", "/sparql?query=ASK%20%7B%7D")
    answered.append("ask")
    worker.join()
    assert reply.status == 200 and json.loads(reply.body)["boolean"] is True
    assert answered == ["ask", "slow"]  # the ASK did not wait for the slow query's end


def test_too_many_queries_answer_503_with_retry_after(server: Server) -> None:
    wait_for_workers(server, 2)
    replies = []
    threads = [threading.Thread(target=lambda: replies.append(slow(server))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(r.status for r in replies)
    assert set(statuses) <= {503, 504} and 503 in statuses, statuses
    busy = next(r for r in replies if r.status == 503)
    assert int(busy.headers["retry-after"]) >= 1 and busy.text.count("\n") == 1
    wait_for_workers(server, 2)
    assert server.request("GET", "/sparql?query=ASK%20%7B%7D").status == 200

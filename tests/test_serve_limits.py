"""``thbkg serve`` under load: a query past the timeout is stopped (its worker process is killed),
too many at once answer 503 with Retry-After, ``ASK {}`` answers while slow queries run, and a
worker's memory is capped at its loaded store plus a fixed headroom."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from serve_server import Server, running, w3c_dataset
from thbkg.serve.config import MEMORY_LIMIT

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


def address_space(pid: int, field: str) -> int:
    """A line of /proc/<pid>/status, in bytes (VmSize, VmPeak)."""
    line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith(field + ":"))
    return int(line.split()[1]) * 1024


def address_limit(pid: int) -> str:
    """The soft limit on the address space of a process, as /proc writes it (bytes or "unlimited")."""
    limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
    return next(line for line in limits if line.startswith("Max address space")).split()[3]


def test_each_worker_may_add_at_most_the_headroom_to_its_store(server: Server) -> None:
    for pid in wait_for_workers(server, 2):
        deadline = time.monotonic() + 60  # a worker started after a timeout may still be loading
        while address_limit(pid) == "unlimited" and time.monotonic() < deadline:
            time.sleep(0.2)
        limit = address_limit(pid)
        assert limit != "unlimited"
        assert address_space(pid, "VmSize") < int(limit) <= address_space(pid, "VmPeak") + MEMORY_LIMIT


def test_an_allocation_past_the_headroom_fails_in_the_worker_alone() -> None:
    headroom = 64 * 2**20
    probe = (
        "from thbkg.serve.worker import cap_memory\n"
        f"cap_memory({headroom})\n"
        f"small = bytearray({headroom // 4})\n"  # within the headroom: allowed
        "try:\n"
        f"    bytearray({headroom * 4})\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "refused\n", done.stderr

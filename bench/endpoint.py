"""Saved-query latency and throughput of three SPARQL endpoints on the same build, side by side.

Engines: ``thbkg serve``, ``oxigraph serve-read-only`` and a plain rdflib endpoint (this script, in a
subprocess), all on the dump of load_build() (the de-duplicated union as default graph). Needs a build
of the project served (``--root``, this one by default: its data/build/thbkg.nq and queries/).
rdflib takes minutes to load a large build: leave it out with ``--engines thbkg,oxigraph``.

Run: .venv/bin/python bench/endpoint.py [--root DIR] [--engines thbkg,oxigraph,rdflib] [--clients 4] [--seconds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from thbkg.core.processes import stop as stop_process

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ACCEPT = "application/sparql-results+json"
ENGINES = ("thbkg", "oxigraph", "rdflib")
SLOW = 1.0  # seconds: a saved query slower than this is marked in the table
REQUEST_TIMEOUT = 10.0  # client side; --query-timeout
START_TIMEOUT = 120.0


@dataclass
class Engine:
    """One endpoint under test: its URL and the server process behind it."""

    name: str
    url: str
    process: subprocess.Popen | None = None
    command: list[str] = field(default_factory=list)
    log: Path | None = None
    latencies: dict[str, float] = field(default_factory=dict)  # query -> median sequential seconds
    rows: dict[str, int] = field(default_factory=dict)  # query -> rows of its answer (1 for ASK)
    failed: dict[str, str] = field(default_factory=dict)  # query -> error
    load_times: list[float] = field(default_factory=list)
    load_errors: int = 0
    first_error: str = ""
    load_seconds: float = 0.0
    ready_seconds: float = 0.0  # from starting the server to its first answer
    memory: int = 0  # resident bytes of the server and its child processes once ready


# --- the rdflib endpoint (run as `endpoint.py --serve-rdflib FILE --port P`) ---------------------------------


def serve_rdflib(data: Path, port: int) -> None:
    """A minimal SPARQL endpoint over rdflib: GET ?query= or form POST query=, JSON results."""
    from rdflib import Dataset
    from rdflib.plugins.sparql import prepareQuery

    parse_lock = threading.Lock()  # rdflib's pyparsing grammar is not thread-safe; evaluation runs in parallel
    dataset = Dataset()
    dataset.parse(data, format="nquads")  # quads without a graph (the union) land in the default graph

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(urllib.parse.urlparse(self.path).query)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._answer(self.rfile.read(length).decode("utf-8"))

        def _answer(self, form: str) -> None:
            query = urllib.parse.parse_qs(form).get("query", [""])[0]
            try:
                with parse_lock:
                    prepared = prepareQuery(query)
                body = dataset.query(prepared).serialize(format="json")
                status, kind = 200, ACCEPT
            except Exception as exc:  # any engine error becomes a 400
                body, status, kind = str(exc).encode(), 400, "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *_args: object) -> None:
            pass

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


# --- harness ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ask(url: str, text: str) -> tuple[float, int]:
    """POST one query; the seconds until the whole answer was read, and its rows. Raises on any failure."""
    data = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
        body = response.read()
    elapsed = time.perf_counter() - started
    answer = json.loads(body)
    return elapsed, len(answer["results"]["bindings"]) if "results" in answer else 1


def wait_ready(engine: Engine, probe: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if engine.process is not None and engine.process.poll() is not None:
            raise RuntimeError(f"{engine.name} exited with {engine.process.returncode} before answering")
        try:
            with urllib.request.urlopen(probe + "?" + urllib.parse.urlencode({"query": "ASK{}"}), timeout=2):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise RuntimeError(f"{engine.name} did not answer within {START_TIMEOUT:g} s")


def start(engine: Engine) -> Engine:
    """Start the engine's server (its output goes to its log) and wait until it answers ASK {}."""
    assert engine.log is not None
    started = time.perf_counter()
    with engine.log.open("wb") as out:
        engine.process = subprocess.Popen(engine.command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(engine, engine.url)
    except RuntimeError as exc:
        stop(engine)
        raise RuntimeError(f"{exc}; its output: {engine.log.read_text(errors='replace')[-500:]}") from exc
    if not engine.ready_seconds:  # the first start, not a restart after a failed query
        engine.ready_seconds = time.perf_counter() - started
        engine.memory = resident(engine.process.pid)
    return engine


def resident(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc; 0 elsewhere)."""
    total = 0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        total = next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        for task in os.listdir(f"/proc/{pid}/task"):
            for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                total += resident(int(child))
    except OSError:
        pass
    return total


def launch(name: str, command: list[str], path: str, port: int, scratch: Path) -> Engine:
    return start(Engine(name, f"http://127.0.0.1:{port}{path}", command=command, log=scratch / f"{name}.log"))


def stop(engine: Engine) -> None:
    process = engine.process
    if process is None or process.poll() is not None:
        return
    stop_process(process)


def sequential(engine: Engine, queries: dict[str, str], runs: int = 3) -> None:
    """Each query ``runs`` times in a row. After a failure the server is started afresh: a timed-out
    query may still be running in it, and would slow down or refuse the next ones."""
    for name, text in queries.items():
        try:
            answers = [ask(engine.url, text) for _ in range(runs)]
            engine.latencies[name] = statistics.median(seconds for seconds, _ in answers)
            engine.rows[name] = answers[0][1]
        except Exception as exc:  # report the query as failing on this engine
            engine.failed[name] = _one_line(exc)
            print(f"skipped on {engine.name}: {name}: {engine.failed[name]}", flush=True)
            stop(engine)
            start(engine)


def load(engine: Engine, queries: list[str], clients: int, seconds: float) -> None:
    """``clients`` threads, each cycling through the queries from a different start, for ``seconds``."""
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        times: list[float] = []
        errors = 0
        i = offset
        while time.perf_counter() < deadline:
            try:
                times.append(ask(engine.url, queries[i % len(queries)])[0])
            except Exception as exc:  # counted, not raised
                errors += 1
                engine.first_error = engine.first_error or _one_line(exc)
            i += 1
        with lock:
            engine.load_times.extend(times)
            engine.load_errors += errors

    threads = [threading.Thread(target=client, args=(k * len(queries) // clients,)) for k in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.load_seconds = time.perf_counter() - started  # includes the last requests finishing after the deadline


def _one_line(exc: BaseException, limit: int = 100) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.read()[:limit].decode(errors='replace')}".replace("\n", " ")
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:limit]


def prepared_queries(root: Path) -> dict[str, str]:
    from thbkg.sparql.catalogue import load_catalogue
    from thbkg.sparql.run import prepare

    return {name: prepare(query, {}) for name, query in load_catalogue(root / "queries").items()}


def write_dump(root: Path, scratch: Path) -> Path:
    from thbkg.core.layout import Layout
    from thbkg.sparql.store import dump, load_build

    path = scratch / "union.nq"
    path.write_bytes(dump(load_build(Layout(root).build / "thbkg.nq")))
    return path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def report(engines: list[Engine], queries: list[str], common: list[str], clients: int, seconds: float) -> None:
    print("\nStartup: seconds until the server answers, resident memory of it and its workers once ready")
    print(f"{'engine':<10}{'ready s':>10}{'memory MB':>12}")
    for e in engines:
        print(f"{e.name:<10}{e.ready_seconds:>10.1f}{e.memory / 2**20:>12.0f}")

    print(f"\nSequential latency, ms (median of 3), rows of the answer; * over {SLOW:g} s, - failed:")
    print(f"{'query':<52}" + "".join(f"{e.name:>12}{'rows':>8}" for e in engines))
    for name in queries:
        print(f"{name[:51]:<52}" + "".join(_latency(e, name) for e in engines))
    print(f"{'total (queries on every engine)':<52}" + "".join(f"{_total(e, common):>12.1f}{'':>8}" for e in engines))

    print(f"\nConcurrent load: {clients} clients, {seconds:g} s per engine, the {len(common)} queries round-robin")
    print(f"{'engine':<10}{'requests':>10}{'req/s':>10}{'median ms':>12}{'p95 ms':>10}{'errors':>8}")
    rates: dict[str, float] = {}
    medians: dict[str, float] = {}
    for e in engines:
        rates[e.name] = len(e.load_times) / e.load_seconds if e.load_seconds else 0.0
        medians[e.name] = statistics.median(e.load_times) * 1000 if e.load_times else float("nan")
        print(
            f"{e.name:<10}{len(e.load_times):>10}{rates[e.name]:>10.1f}{medians[e.name]:>12.1f}"
            f"{percentile(e.load_times, 0.95) * 1000:>10.1f}{e.load_errors:>8}"
        )

    for e in engines:
        if e.first_error:
            print(f"first error on {e.name}: {e.first_error}")
    base = engines[0]
    print(f"\nRatios ({base.name} / other): throughput >1 = {base.name} faster; latency >1 = {base.name} slower")
    for other in engines[1:]:
        seq = sum(base.latencies[n] for n in common) / sum(other.latencies[n] for n in common)
        rate = rates[base.name] / rates[other.name] if rates[other.name] else float("inf")
        print(
            f"{base.name}/{other.name:<9} req/s {rate:8.2f}   median latency under load "
            f"{medians[base.name] / medians[other.name]:8.2f}   sequential total latency {seq:8.2f}"
        )
    print(_slowest(base, queries))


def _slowest(engine: Engine, queries: list[str]) -> str:
    """One line on the engine's slowest saved query and how many took over SLOW or failed."""
    if not engine.latencies:
        return f"slowest saved query on {engine.name}: none answered"
    name = max(engine.latencies, key=engine.latencies.__getitem__)
    over = sum(1 for seconds in engine.latencies.values() if seconds > SLOW)
    return (
        f"slowest saved query on {engine.name}: {name} {engine.latencies[name] * 1000:.1f} ms; "
        f"{over} of {len(queries)} over {SLOW:g} s, {len(engine.failed)} failed"
    )


def _latency(engine: Engine, name: str) -> str:
    if name not in engine.latencies:
        return f"{'-':>12}{'':>8}"
    seconds = engine.latencies[name]
    return f"{seconds * 1000:>11.1f}{'*' if seconds > SLOW else ' '}{engine.rows[name]:>8}"


def _total(engine: Engine, names: list[str]) -> float:
    return sum(engine.latencies[n] for n in names) * 1000


def _engine_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(ENGINES))
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"engines are {', '.join(ENGINES)}; not {', '.join(unknown) or 'none'}")
    return names


def main() -> int:
    global REQUEST_TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads (default: 4)")
    parser.add_argument("--seconds", type=float, default=5.0, help="load duration per engine (default: 5)")
    parser.add_argument("--query-timeout", type=float, default=REQUEST_TIMEOUT, help="client timeout (default: 10)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project whose build is served (default: this one)")
    parser.add_argument(
        "--engines",
        type=_engine_names,
        default=list(ENGINES),
        help="comma-separated, the first is the base of the ratios (default: thbkg,oxigraph,rdflib)",
    )
    parser.add_argument("--serve-rdflib", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_rdflib:
        serve_rdflib(args.serve_rdflib, args.port)
        return 0

    REQUEST_TIMEOUT = args.query_timeout
    root = args.root.resolve()
    queries = prepared_queries(root)
    engines: list[Engine] = []
    with tempfile.TemporaryDirectory(prefix="thbkg-bench-") as tmp:
        scratch = Path(tmp)
        dump_file = write_dump(root, scratch)
        try:
            for name in args.engines:
                engines.append(STARTERS[name](root, dump_file, scratch))
            print(f"{len(queries)} saved queries; engines: " + ", ".join(f"{e.name} {e.url}" for e in engines))

            for engine in engines:
                sequential(engine, queries)
            common = [n for n in queries if all(n in e.latencies for e in engines)]
            for engine in engines:
                load(engine, [queries[n] for n in common], args.clients, args.seconds)
        finally:
            for engine in engines:
                stop(engine)
    report(engines, list(queries), common, args.clients, args.seconds)
    return 0


def start_thbkg(root: Path, _dump: Path, scratch: Path) -> Engine:
    port = free_port()
    command = [str(BIN / "thbkg"), "--root", str(root), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--timeout", f"{REQUEST_TIMEOUT:g}", "--max-rows", "100000"]  # the client's time limit
    return launch("thbkg", command, "/sparql", port, scratch)


def start_oxigraph(_root: Path, dump: Path, scratch: Path) -> Engine:
    store = scratch / "oxigraph"
    if not store.exists():
        load = [str(BIN / "oxigraph"), "load", "--location", str(store), "--file", str(dump)]
        subprocess.run(load, check=True, capture_output=True)
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"]
    return launch("oxigraph", command, "/query", port, scratch)


def start_rdflib(_root: Path, dump: Path, scratch: Path) -> Engine:
    port = free_port()
    return launch(
        "rdflib", [sys.executable, __file__, "--serve-rdflib", str(dump), "--port", str(port)], "/sparql", port, scratch
    )


STARTERS = {"thbkg": start_thbkg, "oxigraph": start_oxigraph, "rdflib": start_rdflib}


if __name__ == "__main__":
    sys.exit(main())

"""Server time per kind of page of the site, as a browser asks for it, against a target of 100 ms.

Starts ``thbkg serve`` on the build (data/build, queries/, dist/) on a free port of 127.0.0.1, asks
for one page of each kind a few times to warm up, then times each request on one keep-alive
connection over the loopback, where the time is the server's: from sending the request to the last
byte of the answer. Prints the median, the 95th percentile and the slowest time per kind. Needs a
build (and `thbkg export` for the downloads page).

A new kind of page is one line in PAGES.

Run: .venv/bin/python bench/pages.py [--repeat 30] [--check]
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from thbkg.core.processes import HOST, free_port, stop

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
TARGET_MS = 100.0
WARM_UP = 3
START_TIMEOUT = 120.0
Q01 = "query-01-victim-count-2009-both-documents"
Q02 = "query-02-figures-for-a-year"
ENTITY = "/id/organization/kom"
PASSAGE = "{passage}"  # the first passage the entity's page cites, found when the server runs
# kind of page -> (path, Accept, status expected)
KOM = "https://w3id.org/thbkg/id/organization/kom"
PAGES = {
    "home": ("/", BROWSER, 200),
    "query page": ("/query", BROWSER, 200),
    "saved query run (API)": (f"/api/queries/{Q01}", "application/sparql-results+json", 200),
    "saved queries": ("/queries/", BROWSER, 200),
    "form with a run": (f"/queries/{Q02}?year=2010", BROWSER, 200),
    "search": ("/search?q=kom", BROWSER, 200),
    "index of kinds": ("/id/", BROWSER, 200),
    "index of a kind": ("/id/organization/", BROWSER, 200),
    "entity": (ENTITY, BROWSER, 200),
    "graph page": ("/graphs/actors", BROWSER, 200),
    "a neighbourhood's drawing (JSON)": (
        "/graphs/neighbourhood.json?of=https://w3id.org/thbkg/id/organization/kom",
        "application/json",
        200,
    ),
    "document": ("/id/document/no-moj-2010-bsppc", BROWSER, 200),
    "passage": (PASSAGE, BROWSER, 200),
    "ontology": ("/ontology", BROWSER, 200),
    "downloads": ("/download/", BROWSER, 200),
    "API page": ("/api/", BROWSER, 200),
    "about the dataset": ("/about", BROWSER, 200),
    "not found": ("/id/organization/no-such-body", BROWSER, 404),
    "favicon": ("/favicon.ico", "image/*", 200),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per kind of page (default: 30)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a median misses the target")
    args = parser.parse_args()
    data = ROOT / "data" / "build" / "thbkg.nq"
    if not data.is_file():
        print(f"no build at {data}: run `thbkg build` first", file=sys.stderr)
        return 2
    port = free_port()
    command = [str(BIN / "thbkg"), "serve", "--data", str(data), "--port", str(port)]
    command += ["--queries", str(ROOT / "queries"), "--dist", str(ROOT / "dist")]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        connection = _connected(port, server)
        passage = _first_passage(connection)
        pages = {kind: (path.replace(PASSAGE, passage), *rest) for kind, (path, *rest) in PAGES.items()}
        missed = _report({kind: _times(connection, *page, args.repeat) for kind, page in pages.items()})
    finally:
        stop(server)
    return 1 if args.check and missed else 0


def _first_passage(connection: http.client.HTTPConnection) -> str:
    """The path of the first passage the entity's page links to."""
    connection.request("GET", ENTITY, headers={"Accept": BROWSER})
    found = re.search(r'href="(/id/passage/[^"#]+)"', connection.getresponse().read().decode("utf-8"))
    if not found:
        raise SystemExit(f"{ENTITY} cites no passage: is the build good?")
    return found[1]


def _connected(port: int, server: subprocess.Popen) -> http.client.HTTPConnection:
    """A connection to the server once it answers HTTP (its port listens before its workers are up)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("thbkg serve exited: is the port free and the build good?")
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            connection.request("OPTIONS", "/sparql")
            connection.getresponse().read()
            return connection
        except OSError:
            connection.close()
            time.sleep(0.2)
    raise SystemExit(f"thbkg serve did not answer within {START_TIMEOUT:g} s")


def _times(connection: http.client.HTTPConnection, path: str, accept: str, status: int, repeat: int) -> list[float]:
    """Milliseconds per request for ``path``, after the warm-up; a wrong status stops the run."""
    times = []
    for n in range(WARM_UP + repeat):
        start = time.perf_counter()
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != status:
            raise SystemExit(f"GET {path} answered {response.status}, not {status}")
        if n >= WARM_UP:
            times.append(elapsed)
    return times


def _report(times: dict[str, list[float]]) -> list[str]:
    """Print one line per kind of page; the kinds whose median misses the target."""
    width = max(map(len, times))
    print(f"{'page':<{width}}  {'median':>8}  {'p95':>8}  {'max':>8}   (ms; target: median under {TARGET_MS:g})")
    missed = []
    for kind, ms in times.items():
        median, p95 = statistics.median(ms), statistics.quantiles(ms, n=20)[-1]
        mark = "" if median < TARGET_MS else "  over target"
        if mark:
            missed.append(kind)
        print(f"{kind:<{width}}  {median:8.1f}  {p95:8.1f}  {max(ms):8.1f}{mark}")
    return missed


if __name__ == "__main__":
    sys.exit(main())

"""Time every saved query (with its default parameters) and every quality check on a build, in the
embedded store the endpoint serves (``load_build``: the named graphs plus their de-duplicated union
as default graph), one after another, each once: wall and CPU seconds and the rows it returned. CPU
time is printed besides wall time because the machine is shared; the endpoint target is every saved
query under 1 s on the 1,000-report build, the build's budget for the quality checks 3 s in all.

Run: .venv/bin/python bench/query_times.py BUILD.nq [--queries DIR] [--only NAME ...]
(DIR is this project's queries/ by default; its qc/ subfolder holds the quality checks.)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyoxigraph as ox

from thbkg.sparql.catalogue import SavedQuery, load_catalogue
from thbkg.sparql.params import bind, inject_values
from thbkg.sparql.run import run_local
from thbkg.sparql.store import load_build

ROOT = Path(__file__).resolve().parent.parent


def timed(store: ox.Store, query: SavedQuery) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and rows of one query with its default parameters."""
    text = inject_values(query.text, bind(query.parameters, {}, query.defaults))
    wall, cpu = time.perf_counter(), time.process_time()
    rows = len(run_local(store, text, query.form).rows)
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a build's N-Quads (data/build/thbkg.nq)")
    parser.add_argument("--queries", type=Path, default=ROOT / "queries")
    parser.add_argument("--only", nargs="*", default=[], help="names (or their beginnings) to time")
    args = parser.parse_args()
    start = time.perf_counter()
    store = load_build(args.build)
    print(f"loaded {args.build} in {time.perf_counter() - start:.1f} s")
    for folder in (args.queries, args.queries / "qc"):
        total_wall = total_cpu = 0.0
        timed_any = False
        for name, query in sorted(load_catalogue(folder).items()):
            if args.only and not any(name.startswith(only) for only in args.only):
                continue
            wall, cpu, rows = timed(store, query)
            total_wall, total_cpu, timed_any = total_wall + wall, total_cpu + cpu, True
            print(f"{wall:8.2f} s wall {cpu:8.2f} s CPU {rows:7d} rows  {name}")
        if timed_any:
            print(f"{total_wall:8.2f} s wall {total_cpu:8.2f} s CPU  all of {folder}")


if __name__ == "__main__":
    main()

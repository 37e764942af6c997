"""How long each graph view takes to build on the build (target: under 1 s each), and how long
the notebooks in docs/notebooks take to run, each and in total (target: under 60 s).

Run: .venv/bin/python bench/notebooks.py [--runs N] [--views-only]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from thbkg.core.layout import find_root
from thbkg.explore import open_graph, views
from thbkg.explore.notebooks import execute, notebooks

VIEW_TARGET = 1.0
NOTEBOOKS_TARGET = 60.0


def time_views(runs: int) -> dict[str, list[float]]:
    """Seconds per view, ``runs`` times each, on the build (the neighbourhood: KOM, depth 2)."""
    kg = open_graph()
    builds = {name: (lambda name=name: kg.view(name)) for name in views()}
    builds["neighbourhood"] = lambda: kg.neighbourhood("organization/kom", depth=2)
    timings: dict[str, list[float]] = {}
    for name, build in builds.items():
        for _ in range(runs):
            started = time.perf_counter()
            build()
            timings.setdefault(name, []).append(time.perf_counter() - started)
    return timings


def time_notebooks(root: Path) -> dict[str, float]:
    """Seconds to run each notebook in a fresh kernel (nothing is written)."""
    timings = {}
    for path in notebooks(root):
        started = time.perf_counter()
        execute(path)
        timings[path.name] = time.perf_counter() - started
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--views-only", action="store_true", help="leave the notebooks out")
    args = parser.parse_args()
    print(f"{'view':<14} {'median s':>9} {'max s':>8}   ({args.runs} runs, target < {VIEW_TARGET:g} s)")
    for name, values in time_views(args.runs).items():
        flag = "" if max(values) < VIEW_TARGET else "  over target"
        print(f"{name:<14} {statistics.median(values):>9.3f} {max(values):>8.3f}{flag}")
    if args.views_only:
        return
    timings = time_notebooks(find_root(Path(__file__).parent))
    print(f"\n{'notebook':<28} {'s':>7}")
    for name, seconds in timings.items():
        print(f"{name:<28} {seconds:>7.1f}")
    total = sum(timings.values())
    flag = "" if total < NOTEBOOKS_TARGET else "  over target"
    print(f"{'total':<28} {total:>7.1f}   (target < {NOTEBOOKS_TARGET:g} s){flag}")


if __name__ == "__main__":
    main()

"""How long each build stage takes: map, reason, validate, write (median of several runs).

Run: .venv/bin/python bench/stages.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from thbkg.build.pipeline import run_stages, write_outputs
from thbkg.core.layout import Layout, find_root


def measure(layout: Layout, runs: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(runs):
            build = run_stages(layout)
            started = time.perf_counter()
            write_outputs(build, Path(scratch) / "build")
            build.timings["write"] = time.perf_counter() - started
            for stage, seconds in build.timings.items():
                timings.setdefault(stage, []).append(seconds)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    layout = Layout(find_root(Path(__file__).parent))
    timings = measure(layout, args.runs)
    total = sum(statistics.median(values) for values in timings.values())
    print(f"{'stage':<10} {'median s':>9} {'min s':>8} {'max s':>8} {'share':>6}   ({args.runs} runs)")
    for stage, values in timings.items():
        median = statistics.median(values)
        print(f"{stage:<10} {median:>9.3f} {min(values):>8.3f} {max(values):>8.3f} {median / total:>6.0%}")
    print(f"{'total':<10} {total:>9.3f}")


if __name__ == "__main__":
    main()

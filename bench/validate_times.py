"""How long the fast engine's validation takes on a built corpus, alone: wall clock and CPU seconds
(the process's, all threads), the median of --runs runs, on the data a build validates (every graph
of DIR/data/build/thbkg.nq as N-Triples, one after another) with the shapes of DIR/shapes.

CPU seconds vary less than the wall clock on a machine shared with other work, so both are printed.

Run: .venv/bin/python bench/validate_times.py DIR [DIR ...] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from thbkg.build.engines import engine
from thbkg.build.validate import load_shapes


def validated_data(quads: Path) -> bytes:
    """The N-Triples of every graph of the N-Quads file ``quads``, graph after graph, as a build
    joins them for validation."""
    graphs: dict[bytes, list[bytes]] = defaultdict(list)
    with quads.open("rb") as lines:
        for line in lines:
            body = line.rstrip(b"\n").removesuffix(b" .")
            triple, _, graph = body.rpartition(b" ")
            graphs[graph].append(triple + b" .\n")
    return b"".join(b"".join(graphs[name]) for name in sorted(graphs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path, help="built project or corpus folders")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    fast = engine("fast")
    print(f"{'folder':40} {'triples':>10} {'wall s':>8} {'cpu s':>8} findings")
    for folder in options.folders:
        data = validated_data(folder / "data" / "build" / "thbkg.nq")
        shapes = load_shapes(folder / "shapes")
        walls, cpus, findings = [], [], 0
        for _ in range(options.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            findings = len(fast.validate(data, shapes).findings)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        triples = data.count(b"\n")
        median = statistics.median
        print(f"{folder!s:40} {triples:>10,} {median(walls):>8.2f} {median(cpus):>8.2f} {findings}")


if __name__ == "__main__":
    main()

"""Validation after one report's mapping changes: the fast engine's ``revalidate`` (only the focus nodes
the change can reach) beside ``validate`` on the whole data, side by side in one run, processor time
and wall clock, and a check that both give the same report.

The change is one report's, as a curator's edit of its mapping makes it: the figure of one of its
totals raised by one (in its source graph and in the statement its claim quotes), so its parts no
longer sum to it, and another of its observations' period removed. ``changed`` is what differs
between the two unions, or, with ``--superset``, every line of the report's graphs before and
after (what a build that does not compare the unions would pass).

Run: .venv/bin/python bench/revalidate.py [--root DIR] [--report ID] [--superset] [--runs N]
(DIR holds data/build/thbkg.nq, as ``thbkg --root DIR build`` leaves it; default: this project; ID: a
source id, default the first synthetic report, else the first source.)
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from thbkg.build.engines.dataset import Dataset
from thbkg.build.engines.fast import FastEngine
from thbkg.build.validate import Report, load_shapes
from thbkg.core.layout import Layout, find_root

T = TypeVar("T")
GRAPH = "https://w3id.org/thbkg/graph/"
VALUE = "<https://w3id.org/thbkg/ontology#value>"
COMPLETE = "<https://w3id.org/thbkg/ontology#breakdownComplete>"
PERIOD = "<http://purl.org/linked-data/sdmx/2009/dimension#refPeriod>"
OBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"
NUMBER = re.compile(r'^(<[^>]+>) <https://w3id.org/thbkg/ontology#value> "(\d+)"(\^\^<[^>]+>) \.$')


def graphs(quads: Path) -> dict[str, list[str]]:
    """The N-Triples lines of each graph of an N-Quads file."""
    found: dict[str, list[str]] = {}
    with quads.open(encoding="utf-8") as lines:
        for line in lines:
            head, _, graph = line.rstrip(" .\n").rpartition(" ")
            found.setdefault(graph[1:-1], []).append(head + " .")
    return found


def edited(lines: list[str], evidence: list[str]) -> tuple[list[str], list[str]]:
    """A report's source and evidence graphs with the figure of a total whose breakdown is complete
    raised by one, so its parts no longer sum to it, and another observation's period removed."""
    source = list(lines)
    totals = {line.split(" ")[0] for line in source if f"> {COMPLETE} " in line}
    at = next(n for n, line in enumerate(source) if NUMBER.match(line) and line.split(" ")[0] in totals)
    match = NUMBER.match(source[at])
    assert match is not None
    subject, number, datatype = match.groups()
    before, after = f'"{number}"{datatype}', f'"{int(number) + 1}"{datatype}'
    source[at] = source[at].replace(before, after)
    period = next(n for n, line in enumerate(source) if f" {PERIOD} " in line and not line.startswith(subject))
    del source[period]
    statements = {line.split(" ")[0] for line in evidence if line.startswith("<") and f"> {VALUE}" in line}
    quoted = [
        line.replace(before, after) if line.split(" ")[0] in statements and OBJECT in line else line
        for line in evidence
    ]
    return source, quoted


def timed(work: Callable[[], T]) -> tuple[T, float, float]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None)
    parser.add_argument("--report", default=None)
    parser.add_argument("--superset", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    layout = Layout(args.root.resolve() if args.root else find_root())
    shapes = load_shapes(layout.shapes)
    found = graphs(layout.build / "thbkg.nq")
    sources = sorted(name.removeprefix(GRAPH + "source/") for name in found if name.startswith(GRAPH + "source/"))
    report = args.report or next((s for s in sources if s.startswith("syn-")), sources[0])
    source, evidence = GRAPH + "source/" + report, GRAPH + "evidence/" + report
    new_graphs = dict(found)
    new_graphs[source], new_graphs[evidence] = edited(found[source], found[evidence])
    old_lines = {line for lines in found.values() for line in lines}
    new_lines = {line for lines in new_graphs.values() for line in lines}
    if args.superset:
        difference = {*found[source], *found[evidence], *new_graphs[source], *new_graphs[evidence]}
    else:
        difference = old_lines ^ new_lines
    old = ("\n".join(sorted(old_lines)) + "\n").encode()
    new = ("\n".join(sorted(new_lines)) + "\n").encode()
    changed = ("\n".join(sorted(difference)) + "\n").encode()
    del found, new_graphs, old_lines, new_lines
    engine = FastEngine()
    last: Report = engine.validate(old, shapes)
    print(f"{layout.root}: {len(new) / 1e6:.0f} MB of N-Triples; report {report}, {len(difference)} changed lines")
    rows: dict[str, list[tuple[float, float]]] = {"load alone": [], "validate": [], "revalidate": []}
    for _ in range(args.runs):
        _, cpu, wall = timed(lambda: Dataset(new))
        rows["load alone"].append((cpu, wall))
        whole, cpu, wall = timed(lambda: engine.validate(new, shapes))
        rows["validate"].append((cpu, wall))
        again, cpu, wall = timed(lambda: engine.revalidate(new, shapes, last, changed))
        rows["revalidate"].append((cpu, wall))
        assert again == whole, "revalidate gave another report than validate"
    print(f"the same report either way: {len(whole.findings)} findings ({len(last.findings)} before the change)")
    print(f"{'':12} {'cpu s':>8} {'wall s':>8}")
    for name, times in rows.items():
        cpu = statistics.median(t[0] for t in times)
        wall = statistics.median(t[1] for t in times)
        print(f"{name:12} {cpu:8.2f} {wall:8.2f}")


if __name__ == "__main__":
    main()

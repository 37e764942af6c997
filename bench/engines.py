"""Both engines side by side: seconds to reason and to validate, on the same input in one run, and
whether their answers agree (inferred graphs and findings).

Run: .venv/bin/python bench/engines.py [--root DIR ...] [--engines reference,fast]
(with no --root: the project itself; a corpus folder from bench/corpus.py as --root)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from thbkg.build.assemble import EVIDENCE_PREFIX, assemble
from thbkg.build.engines import ENGINES, engine
from thbkg.build.validate import Report, load_shapes
from thbkg.core.layout import Layout, find_root


def measure(root: Path, names: list[str]) -> None:
    layout = Layout(root)
    stated = assemble(layout)
    facts = b"".join(data for name, data in stated.graphs.items() if not name.startswith(EVIDENCE_PREFIX))
    evidence = b"".join(data for name, data in stated.graphs.items() if name.startswith(EVIDENCE_PREFIX))
    shapes = load_shapes(layout.shapes)
    inferred: dict[str, bytes] = {}
    reports: dict[str, Report] = {}
    lines = facts.count(b"\n") + evidence.count(b"\n")
    print(f"{root}: {lines} stated triples")
    print(f"  {'engine':<10} {'infer s':>8} {'validate s':>11} {'inferred':>9} {'findings':>9}")
    for name in names:
        chosen = engine(name)
        started = time.perf_counter()
        inferred[name] = chosen.infer(facts)
        reasoned = time.perf_counter() - started
        started = time.perf_counter()
        reports[name] = chosen.validate(facts + evidence + inferred[name], shapes)
        validated = time.perf_counter() - started
        count, found = inferred[name].count(b"\n"), len(reports[name].findings)
        print(f"  {name:<10} {reasoned:>8.2f} {validated:>11.2f} {count:>9} {found:>9}")
    if len(names) > 1:
        same_graph = len({inferred[name] for name in names}) == 1
        same_report = len({reports[name] for name in names}) == 1
        print(
            f"  inferred graphs {'agree' if same_graph else 'DIFFER'}, findings {'agree' if same_report else 'DIFFER'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", action="append", type=Path, help="a project folder (repeatable)")
    parser.add_argument("--engines", default=",".join(sorted(ENGINES, reverse=True)))
    args = parser.parse_args()
    roots = args.root or [find_root(Path(__file__).parent)]
    for root in roots:
        measure(root, args.engines.split(","))


if __name__ == "__main__":
    main()

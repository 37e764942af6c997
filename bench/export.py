"""How long each step of the export (``dist/``) takes on a build, one after another, then the whole
export as ``thbkg export`` runs it (some steps in threads beside the others). The steps run as in
the export, with Python's cycle collector off.

Run: .venv/bin/python bench/export.py [--root DIR] [--runs N] [--no-views]
(DIR holds data/build/thbkg.nq, as ``thbkg --root DIR build`` leaves it; default: this project;
``--no-views`` leaves out the graph views' steps, which a large build runs in a process of its own.)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from thbkg import __version__
from thbkg.core.dumps import graph_ntriples, gzip_stream, rdf_xml, trig, turtle, union_ntriples
from thbkg.core.layout import Layout, find_root
from thbkg.explore.exports import graphml
from thbkg.explore.views import view_graph, views
from thbkg.release.about import about_ntriples
from thbkg.release.citation import read_citation
from thbkg.release.description import Download, describe, description_turtle
from thbkg.release.description import statistics as counts
from thbkg.release.export import (
    ONTOLOGY_GRAPH,
    build_file,
    export_files,
    no_cycle_collection,
    view_select,
    view_store,
)
from thbkg.release.jsonld import dataset_jsonld
from thbkg.release.readme import readme_markdown
from thbkg.sparql.catalogue import load_catalogue


def gzipped(data: bytes) -> bytes:
    """``data`` through the export's gzip compressor (core/dumps.py) in one piece."""
    compressor = gzip_stream()
    return compressor.compress(data) + compressor.flush()


class Steps:
    """Runs steps one after another and keeps how long each took: wall clock, and the processor
    time of this process (on a shared machine the wall clock also counts the others' work)."""

    def __init__(self) -> None:
        self.seconds: dict[str, tuple[float, float]] = {}

    def run(self, name: str, work: Callable[[], Any]) -> Any:
        started, processor = time.perf_counter(), time.process_time()
        result = work()
        self.seconds[name] = (time.perf_counter() - started, time.process_time() - processor)
        return result


def one_run(layout: Layout, with_views: bool) -> dict[str, tuple[float, float]]:
    steps = Steps()
    source = build_file(layout.build)
    quads = steps.run("read thbkg.nq", source.read_bytes)
    graphs = steps.run("split the graphs", lambda: graph_ntriples(quads))
    union = steps.run("union", lambda: union_ntriples(graphs))
    data = {
        "thbkg.trig": steps.run("thbkg.trig", lambda: trig(quads)),
        "thbkg.jsonld": steps.run("thbkg.jsonld", lambda: dataset_jsonld(graphs)),
        "thbkg.ttl": steps.run("thbkg.ttl", lambda: turtle(union)),
        "thbkg.nq": quads,
        "thbkg.nt": union,
    }
    for name, content in data.items():
        steps.run(f"{name}.gz", lambda content=content: gzipped(content))  # as release/streamed.py writes it
    ontology = graphs[ONTOLOGY_GRAPH]
    steps.run("ontology.ttl, .rdf", lambda: (turtle(ontology), rdf_xml(ontology)))
    if with_views:
        store = steps.run("load the store (views)", lambda: view_store(source))
        select = view_select(store)
        for view in views().values():
            graph = steps.run(f"view {view.name}", lambda view=view: view_graph(select, view, {}))
            steps.run(f"graph-{view.name}.graphml", lambda graph=graph: graphml(graph))
    stats = steps.run("statistics", lambda: counts(graphs, union))
    about = steps.run("about", lambda: about_ntriples(union))
    files = [Download.of(name, name, "application/octet-stream", content) for name, content in data.items()]
    citation = read_citation(layout.citation, __version__)
    queries = list(load_catalogue(layout.queries).values())
    steps.run("description.ttl", lambda: description_turtle(describe(stats, files, about, citation)))
    steps.run("README.md", lambda: readme_markdown(files, stats, about, queries, citation))
    with tempfile.TemporaryDirectory() as scratch:
        steps.run("whole export (as thbkg export)", lambda: export_files(layout.build, layout, Path(scratch)))
    return steps.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, help="the project folder holding data/build (default: this one)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-views", action="store_true", help="leave out the graph views' steps")
    args = parser.parse_args()
    layout = Layout((args.root or find_root(Path(__file__).parent)).resolve())
    with no_cycle_collection():
        runs = [one_run(layout, not args.no_views) for _ in range(args.runs)]
    quads = build_file(layout.build).read_bytes().count(b"\n")
    print(f"{'step':<34} {'wall s':>8} {'cpu s':>8}   (median of {args.runs} runs, {quads} quads)")
    for step in runs[0]:
        wall = statistics.median(run[step][0] for run in runs)
        cpu = statistics.median(run[step][1] for run in runs)
        print(f"{step:<34} {wall:>8.3f} {cpu:>8.3f}")
    print("(the whole export's cpu s leaves out the process the graph views get on a large build)")


if __name__ == "__main__":
    main()

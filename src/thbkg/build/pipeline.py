"""The build: map -> reason -> validate -> quality checks -> write, with nothing written unless all succeed."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef

from thbkg.build.assemble import INFERRED_GRAPH, Stated, assemble
from thbkg.build.quality import Violations, load_checks, run_checks
from thbkg.build.reason import infer
from thbkg.build.serialize import nquads
from thbkg.build.shapes_check import check_shapes
from thbkg.build.summary import summarise
from thbkg.build.validate import Report, load_shapes, validate
from thbkg.core.dumps import trig
from thbkg.core.files import write_directory
from thbkg.core.layout import Layout
from thbkg.core.progress import Progress, silent
from thbkg.sparql.store import load_quads

T = TypeVar("T")

STEPS = {
    "map": "Reading sources and mappings",
    "reason": "Reasoning (OWL RL)",
    "validate": "Validating with SHACL",
    "qc": "Running quality checks",
}


@dataclass
class Build:
    """The graphs of a build, its validation report, the quality checks it failed and how long each
    stage took."""

    graphs: dict[URIRef, Graph]
    claims: dict[str, int]
    report: Report | None = None
    qc_failures: list[Violations] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def union(self) -> Graph:
        return Stated(self.graphs).union()


def _timed(timings: dict[str, float], progress: Progress, stage: str, work: Callable[[], T]) -> T:
    """Run one stage, naming it to ``progress`` as it starts and keeping how long it took."""
    progress(STEPS[stage])
    started = time.perf_counter()
    result = work()
    timings[stage] = time.perf_counter() - started
    return result


def run_stages(layout: Layout, *, check: bool = True, progress: Progress = silent) -> Build:
    """Map and reason, and validate and run the quality checks unless ``check`` is false, calling
    ``progress`` with each step's name (STEPS) as it starts; raises InputError on bad input and
    QueryError on a quality-check query that cannot run."""
    timings: dict[str, float] = {}
    stated = _timed(timings, progress, "map", lambda: assemble(layout))
    inferred = _timed(timings, progress, "reason", lambda: infer(stated.union(skip_evidence=True)))
    graphs = {**stated.graphs, INFERRED_GRAPH: inferred}
    build = Build(graphs, stated.claims, timings=timings)
    if check:
        build.report = _timed(timings, progress, "validate", lambda: _validate(layout, build.union()))
        checks = load_checks(layout.qc_queries)
        build.qc_failures = _timed(
            timings, progress, "qc", lambda: run_checks(load_quads(nquads(build.graphs)), checks)
        )
    return build


def _validate(layout: Layout, data: Graph) -> Report:
    """The shapes are checked against SHACL's meta-shapes first, so a fault in them is reported at
    its file and line rather than as a failure of the validation."""
    shapes = load_shapes(layout.shapes)
    check_shapes(shapes, layout.shapes)
    return validate(data, shapes)


def write_build(build: Build, folder: Path) -> None:
    """Write the dataset (TriG and sorted N-Quads) and the summary into the empty ``folder``."""
    quads = nquads(build.graphs)
    (folder / "thbkg.nq").write_bytes(quads)
    (folder / "thbkg.trig").write_bytes(trig(quads))
    (folder / "summary.txt").write_text(summarise(build.graphs, build.claims), encoding="utf-8")


def write_outputs(build: Build, target: str | os.PathLike[str]) -> None:
    """Write the build files to ``target`` on their own (``build --output``), replacing it whole."""
    write_directory(Path(target), lambda folder: write_build(build, folder))

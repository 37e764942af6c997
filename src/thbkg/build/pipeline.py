"""The build: map -> reason -> validate -> quality checks -> write, with nothing written unless all succeed."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef

from thbkg.build.assemble import EVIDENCE_PREFIX, INFERRED_GRAPH, ONTOLOGY_GRAPH, assemble
from thbkg.build.cache import BuildCache
from thbkg.build.engines import DEFAULT_ENGINE, Engine, engine
from thbkg.build.incremental_reason import reason
from thbkg.build.kept_checks import KeptChecks
from thbkg.build.kept_graphs import graph_digests
from thbkg.build.map_cache import code_digest
from thbkg.build.ntriples import to_graph
from thbkg.build.quality import Violations, load_checks, run_checks
from thbkg.build.serialize import nquads, nquads_by_graph
from thbkg.build.shapes_check import check_shapes
from thbkg.build.summary import summarise
from thbkg.build.validate import Report, load_shapes
from thbkg.build.validation_cache import report_key, shapes_key
from thbkg.core.dumps import trig_file
from thbkg.core.files import write_directory
from thbkg.core.layout import Layout
from thbkg.core.progress import Progress, silent, tally_of
from thbkg.sparql.store import load_build, load_quads

T = TypeVar("T")

STEPS = {
    "map": "Reading sources and mappings",
    "reason": "Reasoning (OWL RL)",
    "validate": "Validating with SHACL",
    "qc": "Running quality checks",
}


@dataclass
class Build:
    """The graphs of a build as sorted N-Triples by name (build/ntriples.py), its validation report,
    the quality checks it failed, how long each stage took, and the file it was written to where
    that came before the checks (cli.py), which they then read rather than the quads in memory."""

    ntriples: dict[URIRef, bytes]
    claims: dict[str, int]
    report: Report | None = None
    qc_failures: list[Violations] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    written: Path | None = None  # the N-Quads file it was written to, if written before its checks

    @cached_property
    def quads(self) -> bytes:
        """The whole build as sorted N-Quads: what is written, loaded and checked (a build written
        before its checks never makes them whole: write_build writes a graph at a time)."""
        return nquads(self.ntriples)

    @cached_property
    def graphs(self) -> dict[URIRef, Graph]:
        """Each graph parsed into rdflib, on first use: for callers that work on rdflib graphs."""
        return {name: to_graph(data) for name, data in self.ntriples.items()}

    def union(self) -> Graph:
        """Every graph merged into one rdflib graph."""
        return to_graph(b"".join(self.ntriples.values()))


def _timed(timings: dict[str, float], progress: Progress, stage: str, work: Callable[[], T]) -> T:
    """Run one stage, naming it to ``progress`` as it starts and keeping how long it took."""
    progress(STEPS[stage])
    started = time.perf_counter()
    result = work()
    timings[stage] = time.perf_counter() - started
    return result


def run_stages(
    layout: Layout,
    *,
    check: bool = True,
    progress: Progress = silent,
    engine_name: str = DEFAULT_ENGINE,
    cache: BuildCache | None = None,
) -> Build:
    """Map and reason, and validate and run the quality checks unless ``check`` is false, with the
    engine called ``engine_name`` (build/engines/), calling ``progress`` with each step's name
    (STEPS) as it starts; raises InputError on bad input and QueryError on a quality-check query
    that cannot run. With a ``cache``, what earlier builds kept is reused where that is sound
    (build/cache.py)."""
    timings: dict[str, float] = {}
    chosen = engine(engine_name)
    stated = _timed(
        timings, progress, "map", lambda: assemble(layout, cache.maps if cache else None, tally_of(progress))
    )
    facts = {str(name): data for name, data in stated.graphs.items() if not name.startswith(EVIDENCE_PREFIX)}
    store = cache.reasoned if cache else None
    basis = f"{chosen.name} {code_digest()}"
    inferred = _timed(
        timings, progress, "reason", lambda: reason(chosen.infer, str(ONTOLOGY_GRAPH), facts, store, basis)
    )
    build = Build({**stated.graphs, INFERRED_GRAPH: inferred}, stated.claims, timings=timings)
    if check:
        check_build(build, layout, progress=progress, engine_name=engine_name, cache=cache)
    return build


def check_build(
    build: Build,
    layout: Layout,
    *,
    progress: Progress = silent,
    engine_name: str = DEFAULT_ENGINE,
    cache: BuildCache | None = None,
    quality: Callable[[], list[Violations]] | None = None,
    kept: KeptChecks | None = None,
) -> None:
    """Validate ``build`` and run the quality checks on it, keeping the report and the failures in
    it: the stages that decide whether a build is written, apart from those that make it, so the
    writing can start beside them (cli.py). ``quality`` gives the checks' failures where they run
    elsewhere (release/beside.py); ``kept``, the stores of the last build's checks, brought up to
    date with this one (``thbkg build --watch``), is validated and checked instead of new stores."""
    chosen = engine(engine_name)

    def validate() -> Report:
        if kept is not None:
            return _validate_kept(layout, chosen, kept, cache)
        return _validate(layout, chosen, build.ntriples, cache)

    def checks() -> list[Violations]:
        if quality is not None:
            return quality()
        if kept is not None:
            return kept.quality(load_checks(layout.qc_queries))
        return _quality_checks(build, layout)

    if kept is None:
        build.report = _timed(build.timings, progress, "validate", validate)
        build.qc_failures = _timed(build.timings, progress, "qc", checks)
        return
    # the kept stores are apart, and the quality checks mostly wait on theirs without holding
    # Python's lock: they run beside validation, named to ``progress`` with it
    with ThreadPoolExecutor(max_workers=1) as pool:
        quality_checks = pool.submit(_timed, build.timings, silent, "qc", checks)
        build.report = _timed(build.timings, progress, "validate", validate)
        build.qc_failures = quality_checks.result()


def _quality_checks(build: Build, layout: Layout) -> list[Violations]:
    """The failures of the project's quality checks on ``build``, run here."""
    return run_checks(_checked_store(build), load_checks(layout.qc_queries))


def _checked_store(build: Build) -> ox.Store:
    """The store the quality checks run on: loaded from the file the build was written to, where it
    was, so its quads are not held in memory too; else from the quads."""
    return load_build(build.written) if build.written else load_quads(build.quads)


def checked_shapes(layout: Layout, cache: BuildCache | None) -> tuple[Graph, str]:
    """The shapes and their key (build/validation_cache.py), checked against SHACL's meta-shapes
    first, so a fault in them is reported at its file and line rather than as a failure of the
    validation; a pass is kept in the ``cache`` for the same shapes files."""
    verdicts = cache.shapes if cache else None
    key = shapes_key(layout.shapes)
    shapes = load_shapes(layout.shapes)
    if verdicts is None or not verdicts.passed(key):
        check_shapes(shapes, layout.shapes)
        if verdicts:
            verdicts.keep(key)
    return shapes, key


def _validate(layout: Layout, chosen: Engine, graphs: Mapping[URIRef, bytes], cache: BuildCache | None) -> Report:
    """The report on ``graphs`` with the checked shapes. The ``cache`` keeps the report with the
    graphs it validated (build/validation_cache.py): the same graphs and shapes give the same
    report, and graphs that changed are validated again where the change can reach
    (``Engine.revalidate``)."""
    verdicts = cache.shapes if cache else None
    named = {str(name): data for name, data in graphs.items()}
    if verdicts is None:
        return chosen.validate(b"".join(named.values()), checked_shapes(layout, None)[0])
    key, digests = shapes_key(layout.shapes), graph_digests(named)
    last = verdicts.last(report_key(key, chosen.name)) if verdicts.passed(key) else None
    if last is not None and last[1] == digests:
        return last[0]
    shapes, _ = checked_shapes(layout, cache)
    # the union's bytes are made in the call, so the engine can let them go once it has loaded them
    if last is not None:
        changed = verdicts.graphs.changed_lines(last[1], named, digests)
        report = chosen.revalidate(b"".join(named.values()), shapes, last[0], changed)
    else:
        report = chosen.validate(b"".join(named.values()), shapes)
    verdicts.keep_report(report_key(key, chosen.name), report, named, digests)
    return report


def _validate_kept(layout: Layout, chosen: Engine, kept: KeptChecks, cache: BuildCache | None) -> Report:
    """The report on the ``kept`` stores, which start from the report the ``cache`` keeps for the
    same graphs and shapes, if any, and leave theirs in it: ``thbkg build --watch`` and ``thbkg
    build`` take up each other's last report."""
    shapes, key = checked_shapes(layout, cache)
    if cache is None:
        return kept.validate(chosen, shapes, key)
    verdicts, named = cache.shapes, {str(name): data for name, data in kept.graphs.items()}
    last = verdicts.last(report_key(key, chosen.name)) if kept.report is None else None
    if last is not None and last[1] == kept.digests:
        kept.adopt(last[0], key)
    report = kept.validate(chosen, shapes, key)
    verdicts.keep_report(report_key(key, chosen.name), report, named, kept.digests)
    return report


def write_build(build: Build, folder: Path) -> Path:
    """Write the dataset (TriG and sorted N-Quads) and the summary into the empty ``folder``; returns
    the N-Quads file."""
    quads = write_quads(build, folder)
    trig_file(quads, folder / "thbkg.trig")
    return quads


def write_quads(build: Build, folder: Path) -> Path:
    """Write the sorted N-Quads and the summary into the empty ``folder``; returns the N-Quads file.
    The N-Quads are written a graph at a time, so a large build's quads are not held whole beside its
    N-Triples. The TriG, made from the file, is the caller's: ``thbkg build`` makes it beside
    validation where the build is large (release/beside.py)."""
    quads = folder / "thbkg.nq"
    with quads.open("wb") as out:
        out.writelines(nquads_by_graph(build.ntriples))
    (folder / "summary.txt").write_text(summarise(build.ntriples, build.claims), encoding="utf-8")
    return quads


def write_outputs(build: Build, target: str | os.PathLike[str]) -> None:
    """Write the build files to ``target`` on their own (``build --output``), replacing it whole."""
    write_directory(Path(target), lambda folder: write_build(build, folder))

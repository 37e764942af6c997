"""``thbkg build --watch``: build, then build again each time an input changes, in one process that
keeps what the checks read (build/kept_checks.py), so a curator editing a mapping sees its report
and quality checks seconds after saving it, however large the corpus.

A rebuild maps and reasons with the build's cache (data/.cache), as ``thbkg build`` does; brings the
kept stores up to date with what changed, rather than loading them again; validates again only
what the change can reach, and beside it runs the quality checks again where the change can reach
(build/kept_quality.py); and prints the verdict with how long each stage took. A build that passes
is then written as a new generation (build files and downloads), as ``thbkg build`` writes it; one
that fails leaves the current generation as it was. Changes made while a build runs are taken up
by the next one.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType

import watchfiles

from thbkg.build.cache import BuildCache
from thbkg.build.command import mapped_build, refusal
from thbkg.build.kept_checks import KeptChecks
from thbkg.build.pipeline import STEPS, Build, check_build
from thbkg.core.layout import Layout, shown
from thbkg.core.progress import Progress

# How long a wait for changes lasts before it starts again: the watch begins before the first build.
WAIT_MS = 500


def watched(layout: Layout) -> list[Path]:
    """The folders and files a build reads, those that are there."""
    paths = [
        layout.ontology.parent,
        layout.shapes,
        layout.sources,
        layout.mappings,
        layout.reference,
        layout.curation,
        layout.queries,
        layout.citation,
    ]
    return [path for path in paths if path.exists()]


def rebuild(
    layout: Layout, progress: Progress, engine: str, cache: BuildCache, kept: KeptChecks | None
) -> tuple[Build | None, KeptChecks | None]:
    """Map and reason, then check with the kept stores (made from this build the first time):
    the build if it passes, else None, and the stores for the next build."""
    started = time.perf_counter()
    build = mapped_build(layout, progress, engine, cache)
    if isinstance(build, int):
        return None, kept
    first = kept is None
    if kept is None:
        loading = time.perf_counter()
        kept = KeptChecks(build.ntriples)
        print(f"Loaded the checks' stores in {time.perf_counter() - loading:.2f} s.", flush=True)
    else:
        kept.update(build.ntriples)
    refused = refusal(build, layout, progress, engine, cache, kept=kept)
    timings = ", ".join(f"{stage} {build.timings[stage]:.2f} s" for stage in STEPS if stage in build.timings)
    verdict = "passed" if refused is None else "failed"
    print(f"Checked in {time.perf_counter() - started:.2f} s ({timings}): {verdict}.", flush=True)
    if first and refused is None:
        # checked again, unchanged: the analyses a change needs (the reach of the shapes and of the
        # quality checks) are made now, not on the first change (some 0.5 s at a thousand reports)
        check_build(replace(build, timings={}), layout, engine_name=engine, cache=cache, kept=kept)
    return (build if refused is None else None), kept


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def watch(layout: Layout, progress: Progress, engine: str, cache: BuildCache, write: Callable[[Build], int]) -> int:
    """Build, ``write`` a build that passes, and do it again on every change until interrupted
    (Ctrl-C, or SIGTERM: either way the processes of a generation being written are stopped)."""
    signal.signal(signal.SIGTERM, _interrupted)
    kept = None
    # watching starts before the first build, so a change made while a build runs is seen after it
    changes = watchfiles.watch(*watched(layout), step=100, rust_timeout=WAIT_MS, yield_on_timeout=True)
    try:
        next(changes)
        while True:
            build, kept = rebuild(layout, progress, engine, cache, kept)
            if build is not None:
                write(build)
            print(f"Watching {shown(layout.root)} for changes (Ctrl-C to stop) ...", flush=True)
            changed: set[tuple[watchfiles.Change, str]] = set()
            while not changed:
                changed = next(changes)
            names = sorted({str(shown(Path(path))) for _, path in changed})
            print(f"Changed: {', '.join(names)}", flush=True)
    except KeyboardInterrupt:
        print("Stopped watching.", flush=True)
        return 0

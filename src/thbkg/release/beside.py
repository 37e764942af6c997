"""The downloads and the quality checks of a large build, made while it is validated.

The downloads depend only on the built data, not on the verdict of validation and the quality
checks, which decide only whether the new generation is kept. So from BESIDE bytes of N-Quads
(some 45,000 quads) two processes start as soon as the data is written, while validation runs in
this one:

- the data downloads (release/export.data_files): every format, gzipped, and their counts, after
  the build's TriG, made from its N-Quads;
- the store: the build loaded once into pyoxigraph, with its union as default graph, on which the
  quality checks run (their verdict is sent at once) while a fork of the process draws the graph
  views. The checks and the views read the same store, shared copy-on-write, which each would
  otherwise load (at a thousand reports, 10 s of processor time and 0.9 GB each).

This process then writes the files that describe the others (release/export.described). If the
checks refuse the build, or anything fails, both processes are stopped at once (each is killed
with its process group) and the generation is discarded as always. A small build checks and
exports in this process, one after the other: starting processes would cost more than they save.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from thbkg.build.quality import Violations, load_checks, run_checks
from thbkg.core.dumps import trig_file
from thbkg.core.errors import InputError, QueryError
from thbkg.core.forked import with_child
from thbkg.core.layout import Layout
from thbkg.release.export import (
    ExportError,
    build_file,
    data_files,
    described,
    export_files,
    graph_downloads,
    no_cycle_collection,
    project_inputs,
)
from thbkg.sparql.store import load_build

BESIDE = 10_000_000  # bytes of N-Quads from which the export and the quality checks run beside validation

FAILURES = (ExportError, InputError, QueryError)  # what a process sends back to be raised here


@dataclass(frozen=True)
class Beside:
    """What runs beside validation: ``quality`` waits for the quality checks' verdict (None: the
    build runs them itself, as a small build does), ``finish`` for the downloads to be complete."""

    quality: Callable[[], list[Violations]] | None
    finish: Callable[[], None]


@contextmanager
def export_beside(build_dir: Path, layout: Layout, dist_dir: Path) -> Iterator[Beside]:
    """Start the build's TriG (beside its N-Quads in ``build_dir``) and downloads (into
    ``dist_dir``), and for a large build its quality checks; raises ExportError if the downloads
    cannot be made, and the checks' InputError or QueryError if they cannot run. Leaving the block
    unfinished stops both."""
    source = build_file(build_dir)
    if source.stat().st_size < BESIDE:

        def now() -> None:
            _write_trig(source)
            export_files(build_dir, layout, dist_dir)

        yield Beside(None, now)
        return
    queries, citation = project_inputs(layout)  # a fault in them is reported before any work
    with ExitStack() as running:
        data = running.enter_context(_started("the data downloads", _write_data_files, source, layout.shapes, dist_dir))
        store = running.enter_context(
            _started("the quality checks and graph views", _check_and_draw, source, layout.qc_queries, dist_dir)
        )
        verdict: list[list[Violations]] = []

        def quality() -> list[Violations]:
            if not verdict:
                verdict.append(store.next())
            return verdict[0]

        def finish() -> None:
            quality()  # the store sends its verdict before the views
            described(dist_dir, data.next(), store.next(), queries, citation)

        yield Beside(quality, finish)


class _Process:
    """A process started for the build, read through its pipe: each message in turn, a failure it
    sent raised here."""

    def __init__(self, what: str, process: subprocess.Popen[bytes], receive: Connection) -> None:
        self.what, self.process, self.receive = what, process, receive

    def next(self) -> Any:
        try:
            message = self.receive.recv()
        except EOFError:
            code = self.process.wait()
            raise ExportError(f"{self.what} stopped before they finished (exit code {code})") from None
        if isinstance(message, FAILURES):
            raise message
        return message


@contextmanager
def _started(what: str, work: Callable[..., None], *args: object) -> Iterator[_Process]:
    """``work(send, *args)`` in a new Python process, in a process group of its own; stopped with
    its group on leaving. ``what`` names it where it stops without answering. Not forked from this
    one, which may hold threads; and not started as multiprocessing starts a process, which runs
    this program's main module again (the whole command line, rdflib and the engines: 0.3 s of
    processor time and 18 MB apiece that the work never uses). The work and its arguments
    go to the process pickled on its standard input, its messages come back on a pipe."""
    receive, send = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", f"from {__name__} import started_here; started_here({send})"],
            stdin=subprocess.PIPE,
            pass_fds=(send,),
            process_group=0,
        )
    finally:
        os.close(send)
    pipe = Connection(receive, writable=False)
    try:
        given = process.stdin
        assert given is not None  # stdin=PIPE
        with given:
            pickle.dump((work, args), given)
        yield _Process(what, process, pipe)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        pipe.close()


def started_here(send: int) -> None:
    """A process _started began: its work, read from standard input, run with the pipe ``send``;
    a failure the build reports (FAILURES) is sent as it is."""
    work, args = pickle.load(sys.stdin.buffer)
    pipe = Connection(send, readable=False)
    try:
        with no_cycle_collection():
            work(pipe, *args)
    except FAILURES as exc:
        pipe.send(exc)
    finally:
        pipe.close()


def _write_trig(source: Path) -> None:
    """The build's TriG, made from its N-Quads file ``source`` and written beside it."""
    trig_file(source, source.with_name("thbkg.trig"))


def _write_data_files(send: Connection, source: Path, shapes: Path, folder: Path) -> None:
    """The build's TriG, then the data downloads, gzip and SHA-256 in threads beside the rest, as
    in export_files."""
    _write_trig(source)
    with ThreadPoolExecutor(max_workers=2) as pool:
        send.send(data_files(source, shapes, pool, folder))


def _check_and_draw(send: Connection, source: Path, checks: Path, folder: Path) -> None:
    """One store for the quality checks in ``checks`` and the graph views: loaded once, then the
    views drawn in a forked child (core/forked.py), which shares the store copy-on-write, while the
    checks run here; their failures are sent as soon as they are known, the views' files after."""
    queries = load_checks(checks)
    store = load_build(source)
    _, drawn = with_child(lambda: graph_downloads(store, folder), lambda: send.send(run_checks(store, queries)))
    send.send(drawn)

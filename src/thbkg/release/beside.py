"""The downloads of a large build written while its checks run.

The downloads depend only on the built data, not on the verdict of validation and the quality
checks, which decide only whether the new generation is kept. So from BESIDE bytes of N-Quads
(some 45,000 quads) the export starts in a process of its own as soon as the data is written, and
validation runs meanwhile on the other core: a thousand reports build in the longer of the two
rather than their sum. If the checks refuse the build, the export is stopped at once (its process
group is killed, the process it starts for the graph views with it) and the generation is
discarded as always. A small build exports after its checks, in this process: starting a process
would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from thbkg.core.layout import Layout
from thbkg.release.export import ExportError, build_file, export_files

BESIDE = 10_000_000  # bytes of N-Quads from which the export runs beside the checks


@contextmanager
def export_beside(build_dir: Path, layout: Layout, dist_dir: Path) -> Iterator[Callable[[], None]]:
    """Start the export of the build in ``build_dir`` into ``dist_dir`` where it is large; yields
    the function that finishes it (waits for it, or runs it for a small build) and raises
    ExportError if it failed. Leaving the block unfinished stops it."""
    if build_file(build_dir).stat().st_size < BESIDE:

        def now() -> None:
            export_files(build_dir, layout, dist_dir)

        yield now
        return
    context = multiprocessing.get_context("spawn")  # not forked: this process may hold threads
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_export_in_own_group, args=(build_dir, layout, dist_dir, send), daemon=False)
    process.start()
    send.close()

    def finish() -> None:
        try:
            failure = receive.recv()
        except EOFError:
            process.join()
            failure = f"the export stopped before it finished (exit code {process.exitcode})"
        process.join()
        if failure:
            raise ExportError(failure)

    try:
        yield finish
    finally:
        if process.is_alive() and process.pid is not None:
            _stop(process.pid)
            process.join()
        receive.close()


def _stop(pid: int) -> None:
    """Kill the export's process group; the process alone if it has not made its group yet."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        os.kill(pid, signal.SIGKILL)


def _export_in_own_group(build_dir: Path, layout: Layout, dist_dir: Path, send: Connection) -> None:
    """The export process: in a process group of its own, so that stopping it stops the graph
    views' process too; it sends an empty text when done, else the one line that says why not."""
    os.setpgid(0, 0)
    try:
        export_files(build_dir, layout, dist_dir)
    except ExportError as exc:
        send.send(str(exc))
    else:
        send.send("")
    finally:
        send.close()

"""A live endpoint for a notebook or a script: ``thbkg serve`` on a free port of 127.0.0.1, started
and stopped around a ``with`` block, so the same views can be read over SPARQL 1.1 as from the build.

>>> with local_server() as url:              # the project's build, served
...     kg = open_graph(url)

An endpoint URL is passed through as it is (nothing is started), so
``local_server(os.environ.get("THBKG_ENDPOINT"))`` reads a named endpoint, else serves the build.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO

from thbkg.core.layout import Layout, find_root
from thbkg.core.processes import HOST, free_port, stop
from thbkg.explore.graph import KnowledgeGraphError

START_SECONDS = 60.0  # the query workers load the build before the port opens


@contextmanager
def local_server(
    where: str | os.PathLike[str] | None = None, *, root: str | os.PathLike[str] | None = None
) -> Iterator[str]:
    """The SPARQL endpoint URL of ``where``: an http(s) URL as it is; a build file (None or "":
    the project's build) served by ``thbkg serve`` on 127.0.0.1 until the block ends."""
    text = os.fspath(where) if where else ""
    if text.startswith(("http://", "https://")):
        yield text
        return
    project = Path(root).resolve() if root else find_root()
    data = Path(text) if text else Layout(project).build / "thbkg.nq"
    if not data.is_file():
        raise KnowledgeGraphError(f"no build at {data}: run `thbkg build` first")
    port = free_port()
    command = [sys.executable, "-m", "thbkg.cli", "--root", str(project), "serve", "--data", str(data)]
    command += ["--host", HOST, "--port", str(port), "--workers", "1"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        stop_server = partial(stop, process)
        atexit.register(stop_server)  # a kernel that exits mid-block stops it too
        try:
            _wait(process, port, log)
            yield f"http://{HOST}:{port}/sparql"
        finally:
            atexit.unregister(stop_server)
            stop_server()


def _wait(process: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
    """Until the port answers; a server that exits or does not start in time is an error with its log."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            said = log.read().decode("utf-8", "replace").strip().splitlines()
            raise KnowledgeGraphError(f"thbkg serve exited: {said[-1] if said else process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise KnowledgeGraphError(f"thbkg serve did not answer on {HOST}:{port} within {START_SECONDS:g} s")

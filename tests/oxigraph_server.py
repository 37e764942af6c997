"""A real SPARQL 1.1 server for tests: the PyPI ``oxigraph`` server, on 127.0.0.1 only.

``running_oxigraph(folder)`` starts ``oxigraph serve`` on a free local port, waits until it
answers, yields its base URL (``/query``, ``/update`` and ``/store`` below it) and always stops it;
``oxigraph_fixture()`` wraps that as a pytest fixture, and ``load_nquads`` fills the store through
the Graph Store Protocol. Load ``thbkg.sparql.store.dump(store)`` (our graphs plus their union as the
default graph) to get the embedded store's answers from the server.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from processes import HOST, free_port, stop, wait_until_answering

START_TIMEOUT = 20.0


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of this venv (the test extras install it), else the one on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("no `oxigraph` server binary: install the test extras (pip install -e '.[test]')")
    return found


@contextmanager
def running_oxigraph(folder: Path) -> Iterator[str]:
    """``oxigraph serve`` with its data in ``folder``, bound to 127.0.0.1; yields the base URL."""
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder / "store"), "--bind", f"{HOST}:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://{HOST}:{port}"
        wait_until_answering("oxigraph serve", f"{base}/query?query=ASK%7B%7D", process, log, START_TIMEOUT)
        yield base
    finally:
        stop(process)


def load_nquads(base: str, data: bytes) -> None:
    """Add N-Quads to the server's dataset (Graph Store Protocol POST on /store)."""
    request = urllib.request.Request(
        f"{base}/store", data=data, method="POST", headers={"Content-Type": "application/n-quads"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status not in (200, 201, 204):
            raise RuntimeError(f"loading into oxigraph answered HTTP {response.status}")


def oxigraph_fixture(name: str = "oxigraph", scope: str = "module") -> Callable[..., Iterator[str]]:
    """A pytest fixture called ``name`` (assign it to that name in a test module) yielding a running
    server's base URL: ``oxigraph = oxigraph_fixture()``."""

    @pytest.fixture(name=name, scope=scope)
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
            yield base

    return fixture

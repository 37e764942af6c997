"""A port already in use is said at once, in one line naming the port, the ``--port`` flag and the
``PORT`` variable of ``make run``, before any work: before ``thbkg serve`` reads its data, and
before ``make run`` installs or builds anything. A free one is named with the address to open."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from processes import HOST, free_port, stop
from serve_server import w3c_dataset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def taken() -> Iterator[int]:
    """A port another program listens on for the length of the test."""
    with socket.socket() as holder:
        holder.bind((HOST, 0))
        holder.listen()
        yield holder.getsockname()[1]


def said_in_one_line(stderr: str, port: int) -> str:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    assert f"port {port} " in stderr and "--port" in stderr and "make run PORT=" in stderr
    return stderr


def test_serve_names_the_taken_port_before_reading_its_data(taken: int, tmp_path: Path) -> None:
    data = tmp_path / "broken.nq"
    data.write_text("this is not N-Quads\n", encoding="utf-8")  # would fail to load, later
    command = [sys.executable, "-m", "thbkg.cli", "serve", "--data", str(data), "--port", str(taken)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 2
    line = said_in_one_line(done.stderr, taken)
    assert "N-Quads" not in line and "load" not in line


def test_the_check_runs_on_the_standard_library_alone(taken: int) -> None:
    """As make runs it: the system Python, no site-packages (``-S``), the package from src/."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-S", "-m", "thbkg.serve.port", "--port"]
    done = subprocess.run([*command, str(taken)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1
    said_in_one_line(done.stderr, taken)
    with socket.socket() as probe:  # a port free now
        probe.bind((HOST, 0))
        free = probe.getsockname()[1]
    done = subprocess.run([*command, str(free)], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_stops_at_a_taken_port_before_building(taken: int) -> None:
    # as a person types it: not as a sub-make of `make test`, whose settings would pass down
    env = {name: value for name, value in os.environ.items() if name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    done = subprocess.run(
        ["make", "--no-print-directory", "run", f"PORT={taken}", f"PYTHON={sys.executable}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode != 0
    said_in_one_line(done.stderr.split("make: ***")[0], taken)  # make adds its own line on failure
    assert "thbkg build" not in done.stdout and "Installing" not in done.stdout


def test_serve_says_where_to_open_the_site(tmp_path: Path) -> None:
    port = free_port()
    data = w3c_dataset(tmp_path / "w3c.nq")
    command = [sys.executable, "-m", "thbkg.cli", "serve", "--data", str(data), "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
    finally:
        stop(process)
    assert line.startswith(f"Serving w3c.nq on http://{HOST}:{port}/ (SPARQL at /sparql;"), line

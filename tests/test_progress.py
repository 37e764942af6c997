"""Progress of a build: on a terminal (standard error a pseudo-terminal here) a live display names
each step with its elapsed time and counts the sources mapped; in a pipe, one plain ``step ...``
line per step, as logs and scripts read them. Standard output is the same summary in both."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from thbkg.build.pipeline import STEPS

ROOT = Path(__file__).resolve().parents[1]
THBKG = [str(Path(sys.executable).with_name("thbkg"))]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")
pytestmark = pytest.mark.timeout(600)  # the first test waits for two whole builds in other processes
SOURCES = len(list((ROOT / "data" / "mappings").glob("*.yaml")))


def build(output: Path, *options: str, terminal: bool) -> tuple[str, str]:
    """``thbkg build --output`` with standard error on a pseudo-terminal or a pipe: (stdout, stderr)."""
    command = [*THBKG, "--root", str(ROOT), "build", "--output", str(output), *options]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
        return done.stdout, done.stderr
    main, side = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=side, env=env) as process:
        os.close(side)
        screen = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        out = process.stdout.read() if process.stdout else b""
        assert process.wait(timeout=300) == 0, screen.decode(errors="replace")
    os.close(main)
    return out.decode(), ANSI.sub("", screen.decode(errors="replace"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    folder = tmp_path_factory.mktemp("progress")
    return {
        "terminal": build(folder / "terminal", terminal=True),
        "pipe": build(folder / "pipe", terminal=False),
    }


def test_a_terminal_shows_each_step_with_its_time_and_the_sources_counted(runs) -> None:
    _, screen = runs["terminal"]
    for step in STEPS.values():
        assert re.search(rf"✓ {re.escape(step)}[^\n]* \d+:\d\d:\d\d", screen), step  # done, with its time
        assert f"{step} ..." not in screen, "no plain line on a terminal"
    assert re.search(rf"{re.escape(STEPS['map'])} ━+ {SOURCES}/{SOURCES} ", screen), screen


def test_a_pipe_gets_one_plain_line_per_step(runs) -> None:
    _, err = runs["pipe"]
    lines = err.splitlines()
    assert lines[: len(STEPS)] == [f"{step} ..." for step in STEPS.values()]
    assert lines[len(STEPS)].startswith("Writing ") and lines[len(STEPS)].endswith(" ...")
    assert "\x1b" not in err


def test_the_summary_on_standard_output_is_the_same_either_way(runs) -> None:
    def summary(out: str) -> str:  # the stage times differ from run to run, and the folder written
        return re.sub(r"Stages: .*|Wrote .*", "", out)

    assert summary(runs["terminal"][0]) == summary(runs["pipe"][0])
    assert "SHACL: conforms." in runs["terminal"][0]

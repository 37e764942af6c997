"""``thbkg build --watch`` (watch.py): it builds, then builds again on each change to an input,
checking with the stores it keeps; a change that fails validation or does not read is reported and
leaves the current generation as it was; one that passes is written as ``thbkg build`` writes it,
byte for byte; Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from thbkg.cli import main

MAPPING = Path("data/mappings/no-moj-2010-bsppc.yaml")
# the 2010 description: "121 were Nigerian citizens, the remaining were of 42 other nationalities."
FIGURE_42 = '      thb:value: "42"\n'
BOTH = '  - quote: "121 were Nigerian citizens, the remaining were of 42 other nationalities."\n'
NIGERIAN = '  - quote: "121 were Nigerian citizens"\n'
WAITING = "Watching "
SECONDS = 120  # for one build of the seeds and its generation, on a loaded machine


class Watch:
    """A running ``thbkg build --watch`` and the lines it prints."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thbkg.cli", "--root", str(root), "build", "--watch", "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # Ctrl-C as on a terminal
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def until(self, start: str) -> str:
        """What it printed up to the next line that begins with ``start``."""
        printed = []
        while True:
            line = self.lines.get(timeout=SECONDS)
            printed.append(line)
            if line.startswith(start):
                return "".join(printed)

    def until_waiting(self) -> str:
        """What it printed up to its next wait for a change."""
        return self.until(WAITING)


@pytest.fixture
def watching(project: Path) -> Iterator[Watch]:
    watch = Watch(project)
    yield watch
    if watch.process.poll() is None:
        watch.process.kill()
        watch.process.wait()


def test_a_change_is_checked_and_written_as_a_build_writes_it(
    project: Path, watching: Watch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = watching.until_waiting()
    assert "passed" in first and "Wrote" in first
    path = project / MAPPING
    original = path.read_text(encoding="utf-8")
    written = (project / "data/build/thbkg.nq").read_bytes()

    path.write_text(original.replace(FIGURE_42, "", 1), encoding="utf-8")  # an observation without its value
    printed = watching.until_waiting()
    assert "thbsh:Observation-value" in printed and "failed" in printed and "Wrote" not in printed
    assert (project / "data/build/thbkg.nq").read_bytes() == written

    path.write_text(original + "  - quote: [\n", encoding="utf-8")
    printed = watching.until_waiting()
    assert f"{MAPPING.name}:" in printed and "not valid YAML" in printed
    assert (project / "data/build/thbkg.nq").read_bytes() == written

    path.write_text(original, encoding="utf-8")
    assert "passed" in watching.until_waiting()
    assert BOTH in original
    path.write_text(original.replace(BOTH, NIGERIAN, 1), encoding="utf-8")  # the Nigerian figure's claim quotes less
    printed = watching.until_waiting()
    assert "passed" in printed and "Wrote" in printed
    rebuilt = (project / "data/build/thbkg.nq").read_bytes()
    assert b'"121 were Nigerian citizens"' in rebuilt

    # the same inputs built from nothing give the same files
    fresh = tmp_path_factory.mktemp("fresh")
    shutil.copytree(project, fresh, symlinks=True, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".cache"))
    assert main(["--root", str(fresh), "build", "--full", "-q"]) == 0
    assert (fresh / "data/build/thbkg.nq").read_bytes() == rebuilt
    assert (fresh / "dist/SHA256SUMS").read_bytes() == (project / "dist/SHA256SUMS").read_bytes()

    watching.process.send_signal(signal.SIGINT)
    assert watching.process.wait(timeout=SECONDS) == 0
    assert watching.until("Stopped watching.")


def test_sigterm_stops_it_as_ctrl_c_does(watching: Watch) -> None:
    assert "passed" in watching.until_waiting()
    watching.process.send_signal(signal.SIGTERM)
    assert watching.process.wait(timeout=SECONDS) == 0
    assert watching.until("Stopped watching.")

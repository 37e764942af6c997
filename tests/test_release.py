"""data/build and dist are replaced together or not at all: whenever a build or an export is killed,
they hold one complete generation, the old or the new, and ``thbkg serve`` can start on it.

Two ways of killing: the swap itself, killed before each of its file-system steps in turn (the
kill comes from inside, so every step is hit, not only the ones a timer happens to land on), and
the whole ``thbkg build`` killed at seeded random moments spread over its run.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from thbkg.cli import main
from thbkg.core.layout import Layout
from thbkg.release.generations import write_generation

BUILD_FILES = ["summary.txt", "thbkg.nq", "thbkg.trig"]

# Publishes a tiny generation labelled argv[2] into the project argv[1], killing itself with SIGKILL
# just before its argv[3]-th file-system step (0: never); prints the number of steps it took.
STEPPED_SWAP = """
import hashlib, os, signal, sys
from pathlib import Path
from thbkg.core.layout import Layout
from thbkg.release.generations import write_generation

root, label, limit = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
steps = 0

def counted(step):
    def run(*args, **kwargs):
        global steps
        steps += 1
        if steps == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return step(*args, **kwargs)
    return run

for name in ("mkdir", "rmdir", "unlink", "rename", "replace", "symlink", "fsync"):
    setattr(os, name, counted(getattr(os, name)))

def fill(build, dist):
    quads = f'<urn:thbkg:test:generation> <urn:thbkg:test:label> "{label}" .\\n'.encode()
    (build / "thbkg.nq").write_bytes(quads)
    (dist / "thbkg.nq").write_bytes(quads)
    (dist / "SHA256SUMS").write_text(f"{hashlib.sha256(quads).hexdigest()}  thbkg.nq\\n")

write_generation(Layout(root), fill)
print(steps)
"""


def generation(root: Path) -> str:
    """The sha256 of data/build/thbkg.nq, after checking that dist/ is the export of that very file
    (its SHA256SUMS lists it, and every file it lists is there with that checksum) and that the
    file loads into pyoxigraph, as ``thbkg serve`` loads it."""
    data = (root / "data/build/thbkg.nq").read_bytes()
    ox.Store().load(data, format=ox.RdfFormat.N_QUADS)
    sums = {}
    for line in (root / "dist/SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    for name, digest in sums.items():
        assert hashlib.sha256((root / "dist" / name).read_bytes()).hexdigest() == digest, name
    assert sums["thbkg.nq"] == hashlib.sha256(data).hexdigest()
    return sums["thbkg.nq"]


def tidy(root: Path) -> None:
    """After a run that finished, the generations folder holds the current one and nothing else."""
    releases = root / "data/.releases"
    current = os.readlink(releases / "current")
    assert sorted(p.name for p in releases.iterdir()) == sorted([".lock", "current", current])


def test_killed_before_any_step_of_the_swap_the_old_or_the_new_generation_is_whole(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", STEPPED_SWAP, str(tmp_path), "first", "0"], check=True)
    seen = generation(tmp_path)
    step = 0
    while True:
        step += 1
        label = f"run {step}"
        run = subprocess.run(
            [sys.executable, "-c", STEPPED_SWAP, str(tmp_path), label, str(step)], capture_output=True, text=True
        )
        now = generation(tmp_path)
        new = hashlib.sha256(f'<urn:thbkg:test:generation> <urn:thbkg:test:label> "{label}" .\n'.encode()).hexdigest()
        assert now in (seen, new), f"killed at step {step}: neither the old nor the new generation"
        seen = now
        if run.returncode == 0:
            break
        assert run.returncode == -signal.SIGKILL, run.stderr
    assert step > 10 and int(run.stdout) == step - 1
    assert seen == new
    tidy(tmp_path)


def _build(root: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "thbkg.cli", "--root", str(root), "build"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_random_moments_leaves_a_whole_generation(built_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built_copy, root, symlinks=True)
    old = generation(root)
    # A claim's note reworded: the next build differs from this one in the evidence graph and dist.
    mapping = root / "data/mappings/no-moj-2010-bsppc.yaml"
    text = mapping.read_text(encoding="utf-8")
    note = "    note: The byline lists both posts above the ministry;"
    assert note in text
    mapping.write_text(text.replace(note, note.replace("The byline", "The document's byline")), encoding="utf-8")
    # No shapes: a build without the time SHACL takes, in which writing the outputs is a larger share.
    for shapes in (root / "shapes").glob("*.ttl"):
        shapes.unlink()
    # The same build, run to its end in a copy: how long a build takes, and what it gives.
    reference = tmp_path / "reference"
    shutil.copytree(root, reference, symlinks=True)
    started = time.monotonic()
    assert _build(reference).wait() == 0
    duration = time.monotonic() - started
    new = generation(reference)
    assert new != old
    moments = random.Random(20110627)
    kills = 4
    for slot in range(kills):
        process = _build(root)
        time.sleep(duration * (slot + moments.random()) / kills)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert generation(root) in (old, new), f"killed after {slot} of {kills}: neither the old nor the new build"
        assert sorted(p.name for p in (root / "data/build").iterdir()) == BUILD_FILES
    assert _build(root).wait() == 0
    assert generation(root) == new
    tidy(root)


def test_export_alone_swaps_in_a_whole_generation_with_the_same_build(built_copy: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_copy, project, symlinks=True)
    before = generation(project)
    current = os.readlink(project / "data/.releases/current")
    assert main(["--root", str(project), "export"]) == 0
    assert generation(project) == before
    assert os.readlink(project / "data/.releases/current") != current
    tidy(project)


def test_real_build_and_dist_folders_of_the_older_layout_are_taken_over(built_copy: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_copy, project, symlinks=False)  # data/build and dist become real folders
    shutil.rmtree(project / "data/.releases")
    before = generation(project)

    def fill(build: Path, dist: Path) -> None:
        raise RuntimeError("the new generation fails")

    with pytest.raises(RuntimeError):
        write_generation(Layout(project), fill)
    assert (project / "data/build").is_symlink() and (project / "dist").is_symlink()
    assert generation(project) == before
    tidy(project)


def test_build_output_writes_only_that_folder(built_copy: Path, tmp_path: Path, build, monkeypatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_copy, project, symlinks=True)
    current = os.readlink(project / "data/.releases/current")
    monkeypatch.setattr("thbkg.build.command.run_stages", lambda layout, **_: build)
    assert main(["--root", str(project), "build", "--output", str(tmp_path / "elsewhere")]) == 0
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == BUILD_FILES
    assert os.readlink(project / "data/.releases/current") == current

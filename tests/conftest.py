"""Shared fixtures: one build of the real inputs per test run, a built copy of the project to break,
and the source texts; and a check that the tests leave the repository as they found it."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

import thbkg
from browser import CHROMIUM, CHROMIUM_ARGS
from thbkg.build.pipeline import Build, run_stages, write_outputs
from thbkg.cli import main
from thbkg.core.layout import Layout
from thbkg.sparql.store import load_quads

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("ontology", "shapes", "data/sources", "data/reference", "data/mappings", "data/curation", "queries")
OUTPUT_LINKS = ("data/build", "dist")
CODE = ("src/", "tests/")
RELEASES = ROOT / "data" / ".releases"


def _repository_state() -> tuple[set[str], dict[str, object]]:
    """What no test may change in the repository: git's view of the working tree outside src/ and
    tests/ (the code, which may be edited while the suite runs, and which no test writes), and the
    outputs (the data/build and dist links, and every entry of the generations they point into, by
    its modification time)."""
    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        done = None
    lines = done.stdout.splitlines() if done is not None and done.returncode == 0 else []
    status = {line for line in lines if not line[3:].startswith(CODE) and not line.endswith(".py")}
    outputs: dict[str, object] = {}
    for name in OUTPUT_LINKS:
        path = ROOT / name
        outputs[name] = os.readlink(path) if path.is_symlink() else path.exists()
    for folder, dirs, files in os.walk(RELEASES):
        for entry in (*dirs, *files):
            path = Path(folder) / entry
            outputs[str(path.relative_to(ROOT))] = path.lstat().st_mtime_ns
    return status, outputs


@pytest.fixture(scope="session", autouse=True)
def repository_unchanged() -> Iterator[None]:
    """Fails the run if a test wrote into the repository: a tracked file, a new file, or the outputs
    (data/build, dist, data/.releases) of the project itself. Tests write into temporary folders."""
    status, outputs = _repository_state()
    yield
    status_after, outputs_after = _repository_state()
    changed = sorted(status_after - status)
    changed += sorted(
        f"{name}: {outputs.get(name)} -> {outputs_after.get(name)}"
        for name in outputs.keys() | outputs_after.keys()
        if outputs.get(name) != outputs_after.get(name)
    )
    if changed:
        pytest.fail("the tests changed the repository:\n  " + "\n  ".join(changed), pytrace=False)


@pytest.fixture(scope="session")
def layout() -> Layout:
    return Layout(ROOT)


@pytest.fixture(scope="session")
def build(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The graphs built from the repository's own sources, mappings and shapes. Made once per run:
    with worker processes (pytest-xdist), the first to need it builds it and the others read it back
    from the run's temporary folder."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return run_stages(layout)
    shared = tmp_path_factory.getbasetemp().parent / "session-build.pickle"  # one folder per run
    with (shared.parent / "session-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if shared.is_file():
            return pickle.loads(shared.read_bytes())
        made = run_stages(layout)
        shared.write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        return made


@pytest.fixture(scope="session")
def graph(build: Build) -> Graph:
    """The union of every graph of the build (facts, evidence, reference, ontology, inferred)."""
    return build.union()


@pytest.fixture(scope="session")
def store(build: Build) -> ox.Store:
    """The build as the embedded store sees it: every named graph, and their union as default graph."""
    return load_quads(build.quads)


@pytest.fixture(scope="session")
def source_text(layout: Layout):
    """The unchanged text of a source document, by source id."""

    def read(source_id: str) -> str:
        return (layout.sources / f"{source_id}.txt").read_text(encoding="utf-8")

    return read


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory: pytest.TempPathFactory, build: Build) -> Path:
    """A copy of the project's inputs with a good build in data/build and dist, made once: `thbkg build`
    writes it, from the session's build of the same inputs rather than running the stages again."""
    folder = tmp_path_factory.mktemp("built")
    for name in INPUTS:
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy2(ROOT / "CITATION.cff", folder)  # the downloads cite the project as it says
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("thbkg.build.command.run_stages", lambda layout, **_: build)
        assert main(["--root", str(folder), "build"]) == 0
    return folder


@pytest.fixture
def project(built_copy: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project, so a test can break one input; the links of data/build and
    dist are copied as links (they are relative, so they point into the copy)."""
    shutil.copytree(built_copy, tmp_path, symlinks=True, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture
def wrong_citation_version(project: Path) -> str:
    """The project's CITATION.cff made to give a version that is not the package's: the error the
    downloads' citation then gives, at its line."""
    citation = project / "CITATION.cff"
    text = citation.read_text(encoding="utf-8")
    citation.write_text(text.replace(f"version: {thbkg.__version__}", "version: 0.0.9"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("version:"))
    return f"CITATION.cff:{line}: version '0.0.9' is not the package's"


@pytest.fixture(scope="module", name="nquads")
def written_nquads(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build's N-Quads, written from the session's build of the repository's inputs (not a stale
    data/build), for tests that load or serve a file."""
    target = tmp_path_factory.mktemp("build") / "build"
    write_outputs(build, target)
    return target / "thbkg.nq"


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], nquads: Path):
    """``thbkg query ARGS`` on this session's build: exit code, stdout, stderr."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--root", str(ROOT), "query", "--data", str(nquads), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's, which `make test` installs) for a module's browser tests; each
    test opens its pages with browser.visiting, which keeps every request on the server under test."""
    if not Path(CHROMIUM).is_file():
        pytest.skip("chromium is not installed (make test installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

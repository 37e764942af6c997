"""A large build writes its downloads and runs its quality checks while it is validated
(release/beside.py): the same files as a build that exports after its checks, the same verdict
from its quality checks, nothing written and no process left when the checks refuse it, and an
export that fails reported as one line."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from facts import SIX_MINISTRIES
from thbkg.build.pipeline import Build
from thbkg.cli import main
from thbkg.release import beside


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch, build: Build) -> None:
    """Every build counts as large, and the stages' outcome is the session's build of the same
    inputs, not yet validated or checked."""
    unchecked = dataclasses.replace(build, report=None, qc_failures=[], timings={}, written=None)
    monkeypatch.setattr(beside, "BESIDE", 0)
    monkeypatch.setattr("thbkg.build.command.run_stages", lambda layout, **_: unchecked)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The processes started beside validation, as they start."""
    processes: list[subprocess.Popen[bytes]] = []
    start = beside._started

    @contextmanager
    def recorded(*args: Any) -> Iterator[beside._Process]:
        with start(*args) as process:
            processes.append(process.process)
            yield process

    monkeypatch.setattr(beside, "_started", recorded)
    return processes


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _group_gone(group: int) -> bool:
    """No process is left in the process group ``group``, once the killed ones are reaped."""
    for _ in range(100):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_the_files_made_beside_the_checks_are_those_made_after_them(project: Path, large: None) -> None:
    before = _files(project / "dist")  # the project's build exported after its checks
    data = _files(project / "data/build")
    assert main(["--root", str(project), "build"]) == 0
    assert _files(project / "dist") == before
    assert _files(project / "data/build") == data, "the TriG made beside validation is the same"
    assert any(name.endswith(".graphml") for name in before)


def test_a_refused_build_stops_its_export_and_writes_nothing(
    project: Path,
    large: None,
    started: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exporting = []

    def refuse(*_: object) -> int:
        exporting.extend(started)  # the export has started
        return 1

    monkeypatch.setattr("thbkg.cli.refusal", refuse)
    dist, releases = os.readlink(project / "dist"), sorted((project / "data/.releases").iterdir())
    assert main(["--root", str(project), "build"]) == 1
    assert exporting, "the export ran beside the checks"
    assert all(_group_gone(process.pid) for process in exporting)
    assert os.readlink(project / "dist") == dist
    assert sorted((project / "data/.releases").iterdir()) == releases, "the new generation is gone"
    assert "SHACL: conforms" not in capsys.readouterr().out


def test_an_export_that_fails_beside_the_checks_is_one_line_and_writes_nothing(
    project: Path, large: None, wrong_citation_version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = os.readlink(project / "dist")
    assert main(["--root", str(project), "build"]) == 2
    err = capsys.readouterr().err
    assert wrong_citation_version in err
    assert "Traceback" not in err
    assert os.readlink(project / "dist") == dist


def test_a_quality_check_that_fails_beside_validation_refuses_the_build(
    project: Path, large: None, started: list[subprocess.Popen[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "queries/qc/every-ministry-violation.rq").write_text(
        "#+ summary: A check that reports every ministry\n"
        "PREFIX thb: <https://w3id.org/thbkg/ontology#>\n"
        "SELECT ?ministry WHERE { ?ministry a thb:Ministry } ORDER BY ?ministry\n"
    )
    dist = os.readlink(project / "dist")
    assert main(["--root", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert "every-ministry-violation:" in err
    # The six ministries that drew up the 2006 plan, as the 2010 description names them, are among them.
    for ministry in SIX_MINISTRIES:
        assert f"<https://w3id.org/thbkg/id/{ministry}>" in err
    assert "quality checks failed: 1 check(s); nothing written" in err
    assert os.readlink(project / "dist") == dist
    # Both processes stopped with their groups: the store's fork drawing the views (core/forked.py) too.
    assert len(started) == 2
    assert all(_group_gone(process.pid) for process in started)


def test_a_quality_check_that_cannot_run_beside_validation_is_reported_at_its_line(
    project: Path, large: None, started: list[subprocess.Popen[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    check = project / "queries/qc/broken-violation.rq"
    # SPARQL 1.1 (section 4.1.1.1): a prefixed name needs its prefix declared; undeclared: is not.
    check.write_text("#+ summary: A check with a syntax error\nSELECT ?s\nWHERE { ?s undeclared:p ?o }\n")
    assert main(["--root", str(project), "build"]) == 2
    err = capsys.readouterr().err
    assert f"{check}:3: SPARQL syntax error" in err
    assert "Traceback" not in err
    assert started and all(_group_gone(process.pid) for process in started)

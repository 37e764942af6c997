"""`thbkg build` names each step on standard error as it starts, so a wait of seconds is not a silent
one; standard output keeps the summary alone, and ``--quiet`` drops the progress lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from thbkg.cli import main

# The steps of a build, in the order docs/build.md gives them: map, reason, validate, quality checks, write.
STEPS = [
    "Reading sources and mappings ...",
    "Reasoning (OWL RL) ...",
    "Validating with SHACL ...",
    "Running quality checks ...",
]
MAPPING = Path("data/mappings/no-moj-2010-bsppc.yaml")
UNKNOWN_PREDICATE = (
    '  - quote: "The plan contains 37 measures."\n'
    "    about: action-plan/no-nap-2006\n"
    "    states:\n"
    "      thb:numberOfMeasure: 37\n"
)


def test_a_build_names_each_step_in_order_on_stderr_and_keeps_stdout_to_its_summary(project: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["--root", str(project), "build"]) == 0
    out, err = capsys.readouterr()
    writing = f"Writing {project / 'data' / 'build'} and the downloads in {project / 'dist'} ..."
    assert err.splitlines() == [*STEPS, writing]
    assert out.startswith("Triples per graph:\n")
    assert "SHACL: conforms. Stages: map " in out
    assert not any(step in out for step in STEPS)


def _break(project: Path) -> None:
    """A claim with a misspelt predicate, which the first step refuses."""
    path = project / MAPPING
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + UNKNOWN_PREDICATE, encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "validate"])
def test_a_build_that_fails_in_its_first_step_named_that_step_first(project: Path, capsys, command: str) -> None:
    _break(project)
    capsys.readouterr()
    assert main(["--root", str(project), command]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == STEPS[0]
    assert err[1].startswith("build failed: 1 problem(s)")
    assert "unknown predicate 'thb:numberOfMeasure'" in err[2]


@pytest.mark.parametrize("command", ["build", "validate"])
def test_quiet_prints_the_problems_and_no_progress(project: Path, capsys, command: str) -> None:
    _break(project)
    capsys.readouterr()
    assert main(["--root", str(project), command, "--quiet"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("build failed: 1 problem(s)")
    assert not any(line.endswith(" ...") for line in err)

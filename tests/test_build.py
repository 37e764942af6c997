"""The build as a whole: broken input fails with file, line and reason and leaves the previous
output intact; the same input gives the same bytes; every graph is where the layout says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from thbkg.build.pipeline import Build, run_stages, write_outputs
from thbkg.build.terms import graph_iri
from thbkg.cli import main
from thbkg.core.layout import Layout

ROOT = Path(__file__).resolve().parents[1]
MOJ_MAPPING = Path("data/mappings/no-moj-2010-bsppc.yaml")


def _append_claim(project: Path, claim: str) -> int:
    """Append a claim to the 2010 mapping; return the line the claim starts on."""
    path = project / MOJ_MAPPING
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(text + claim, encoding="utf-8")
    return text.count("\n") + 1


BROKEN_CLAIMS = {
    "missing quote": (
        '  - quote: "The plan contains 38 measures."\n'
        "    about: action-plan/no-nap-2006\n"
        "    states:\n"
        "      thb:numberOfMeasures: 38\n",
        "quote not found in the source text: 'The plan contains 38 measures.'",
    ),
    "wrong figure": (
        '  - quote: "The plan contains 37 measures."\n'
        "    about: action-plan/no-nap-2011-2014\n"
        "    states:\n"
        "      thb:numberOfMeasures: 36\n",
        "figure 36 does not appear in the quote",
    ),
    "unknown key": (
        '  - quote: "The plan contains 37 measures."\n'
        "    about: action-plan/no-such-plan\n"
        "    states:\n"
        "      thb:numberOfMeasures: 37\n",
        "unknown key 'action-plan/no-such-plan'",
    ),
    "unknown predicate": (
        '  - quote: "The plan contains 37 measures."\n'
        "    about: action-plan/no-nap-2011-2014\n"
        "    states:\n"
        "      thb:numberOfMeasure: 37\n",
        "unknown predicate 'thb:numberOfMeasure'",
    ),
    "bad datatype": (
        '  - quote: "This provision, introduced in 2003, is based on the Palermo Protocol"\n'
        "    about: legal-provision/no-penal-code-1902-s203\n"
        "    states:\n"
        "      thb:introducedIn: 20O3\n",
        "'20O3' is not a valid gYear",
    ),
    "ambiguous quote": (
        '  - quote: "section 224"\n'
        "    about: legal-provision/no-penal-code-1902-s224\n"
        "    states:\n"
        "      rdfs:label: section 224\n",
        "quote occurs 2 times in the source text; add a prefix or suffix",
    ),
    "unknown field": (
        '  - quote: "The plan contains 37 measures."\n'
        "    about: action-plan/no-nap-2006\n"
        "    sates:\n"
        "      thb:numberOfMeasures: 37\n",
        "unknown field 'sates'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_CLAIMS))
def test_a_broken_mapping_fails_with_file_line_and_reason_and_keeps_the_previous_output(project, capsys, case):
    claim, reason = BROKEN_CLAIMS[case]
    before = (project / "data/build/thbkg.trig").read_bytes()
    releases = sorted((project / "data/.releases").iterdir())
    line = _append_claim(project, claim)
    capsys.readouterr()
    assert main(["--root", str(project), "build"]) == 2
    err = capsys.readouterr().err
    assert f"{project / MOJ_MAPPING}:" in err
    located = [row for row in err.splitlines() if reason in row]
    assert located, err
    reported_line = int(located[0].split(".yaml:")[1].split(":")[0])
    assert line <= reported_line <= line + 3
    assert (project / "data/build/thbkg.trig").read_bytes() == before
    assert sorted((project / "data/.releases").iterdir()) == releases


def test_a_changed_source_text_fails_its_checksum(project, capsys):
    text = project / "data/sources/no-moj-2010-bsppc.txt"
    text.write_bytes(text.read_bytes().replace(b"37 measures", b"38 measures"))
    assert main(["--root", str(project), "build"]) == 2
    assert "no-moj-2010-bsppc.yaml:4: no-moj-2010-bsppc.txt has sha256" in capsys.readouterr().err


def test_the_same_inputs_give_byte_identical_outputs(build, tmp_path):
    """`thbkg build --output` in another process, under another hash seed, writes the bytes that this
    session's build of the same inputs writes (``build --output`` leaves data/build and dist alone)."""
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"  # never the seed of this process
    env = {**os.environ, "PYTHONHASHSEED": seed}
    target, here = tmp_path / "build-elsewhere", tmp_path / "build-here"
    command = [sys.executable, "-m", "thbkg.cli", "--root", str(ROOT), "build", "--output", str(target)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    write_outputs(build, here)
    outputs = [{p.name: p.read_bytes() for p in sorted(folder.iterdir())} for folder in (target, here)]
    assert outputs[0].keys() == {"thbkg.trig", "thbkg.nq", "summary.txt"}
    assert outputs[0] == outputs[1]


def test_every_graph_of_the_layout_is_built(build):
    names = {str(name) for name in build.graphs}
    for source in ("no-moj-2010-bsppc", "us-dos-tip-2011-nor"):
        assert str(graph_iri(f"source/{source}")) in names
        assert str(graph_iri(f"evidence/{source}")) in names
    for name in ("ontology", "reference", "curation", "inferred"):
        assert str(graph_iri(name)) in names


def test_the_source_graphs_hold_only_what_has_a_claim(build):
    """Every triple in a source graph has a reified statement in that source's evidence graph."""
    for source in ("no-moj-2010-bsppc", "us-dos-tip-2011-nor"):
        evidence = build.graphs[graph_iri(f"evidence/{source}")]
        stated = {
            (evidence.value(st, RDF.subject), evidence.value(st, RDF.predicate), evidence.value(st, RDF.object))
            for st in evidence.subjects(RDF.type, RDF.Statement)
        }
        assert set(build.graphs[graph_iri(f"source/{source}")]) == stated


SUM_BREAKING_CLAIM = (
    '  - quote: "51 women were placed in safe housing"\n'
    "    about: observation/moj2010-women-placed-in-safe-housing-rosa-2009\n"
    "    states:\n"
    "      thb:breakdownOf: observation/moj2010-reflection-period-first-applications-2009\n"
)


@pytest.fixture(scope="module")
def sum_broken(built_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The stages' outcome on the inputs with SUM_BREAKING_CLAIM, made once for the two commands below
    (each runs on a broken copy of its own, and is handed this outcome for its inputs)."""
    project = tmp_path_factory.mktemp("sum-broken")
    shutil.copytree(built_copy, project, symlinks=True, dirs_exist_ok=True)
    _append_claim(project, SUM_BREAKING_CLAIM)
    return run_stages(Layout(project))


def test_a_part_that_breaks_a_stated_sum_fails_validation_and_nothing_is_written(
    project, capsys, sum_broken, monkeypatch
):
    """50 granted + 23 denied = 73 applications (2010 description); 51 women placed in safe housing,
    claimed as a further part of the 73, breaks that sum."""
    before = (project / "data/build/thbkg.trig").read_bytes()
    _append_claim(project, SUM_BREAKING_CLAIM)
    monkeypatch.setattr("thbkg.build.command.run_stages", lambda layout, **_: sum_broken)
    capsys.readouterr()
    assert main(["--root", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert "sum to 51, the total says 73" in err
    assert "nothing written" in err
    assert (project / "data/build/thbkg.trig").read_bytes() == before


def test_validate_prints_a_readable_report_and_exits_1(project, capsys, sum_broken, monkeypatch):
    _append_claim(project, SUM_BREAKING_CLAIM)
    monkeypatch.setattr("thbkg.build.command.run_stages", lambda layout, **_: sum_broken)
    capsys.readouterr()
    assert main(["--root", str(project), "validate"]) == 1
    report = capsys.readouterr().err
    # The focus node by its label, the shape, the message with the figures, and the passages
    # that state the total, with their offsets.
    assert "Violation: Foreigners applying for a reflection period for the first time" in report
    assert "shape:   thbsh:" in report
    assert "the total says 73" in report
    assert "stated:  no-moj-2010-bsppc [" in report
    assert "a total of 73 foreigners applied for a temporary permit" in report


def test_validate_reports_conformance_on_the_real_data(build, capsys, monkeypatch):
    # The session's build is the stages' outcome on the real data: the command is handed it.
    monkeypatch.setattr("thbkg.build.command.run_stages", lambda layout, **_: build)
    assert main(["--root", str(ROOT), "validate"]) == 0
    assert "conforms" in capsys.readouterr().out

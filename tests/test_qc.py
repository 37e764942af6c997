"""The quality checks in queries/qc/: none fires on the build, each fires on a fixture made to
violate it (tests/fixtures/qc/<check>.trig), and a firing check fails the build with a readable report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from thbkg.build.pipeline import Build
from thbkg.build.quality import load_checks
from thbkg.build.serialize import nquads
from thbkg.cli import main
from thbkg.core.errors import QueryError
from thbkg.sparql.run import run_local
from thbkg.sparql.store import add_union_default, load_quads

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "qc"
CHECKS = {check.name: check for check in load_checks(ROOT / "queries" / "qc")}
THBR = "https://w3id.org/thbkg/id/"

# What each fixture must be reported for: (column, value) of one of the rows.
VIOLATION = {
    "entity-without-english-label-violation": ("entity", THBR + "organization/only-norwegian"),
    "undeclared-predicate-violation": ("predicate", "https://w3id.org/thbkg/ontology#numberOfMeasure"),
    "observation-without-source-violation": ("observation", THBR + "observation/example"),
    "iri-outside-our-namespaces-violation": ("iri", "http://example.org/section-224"),
    "source-triple-without-claim-violation": ("s", THBR + "action-plan/example"),
    "claimed-fact-not-in-source-graph-violation": ("claim", THBR + "claim/example/0-30/action-plan/example"),
}


def fixture_store(name: str) -> ox.Store:
    store = ox.Store()
    store.load(path=str(FIXTURES / f"{name}.trig"), format=ox.RdfFormat.TRIG)
    add_union_default(store)
    return store


def test_the_checks_cover_the_issue_and_each_has_a_fixture() -> None:
    assert set(CHECKS) == set(VIOLATION) == {path.stem for path in FIXTURES.glob("*.trig")}
    assert all(check.summary and check.description for check in CHECKS.values())


def test_no_check_fires_on_the_build(build: Build) -> None:
    assert build.qc_failures == []
    store = load_quads(nquads(build.graphs))
    for name, check in CHECKS.items():
        assert run_local(store, check.text, check.form).rows == [], name


@pytest.mark.parametrize("name", sorted(VIOLATION))
def test_each_check_fires_on_its_fixture(name: str) -> None:
    column, value = VIOLATION[name]
    check = CHECKS[name]
    rows = run_local(fixture_store(name), check.text, check.form).rows
    assert value in {str(row.get(column)) for row in rows}, rows


def test_the_english_label_check_spares_labelled_things() -> None:
    check = CHECKS["entity-without-english-label-violation"]
    rows = run_local(fixture_store(check.name), check.text, check.form).rows
    assert [str(row["entity"]) for row in rows] == [THBR + "organization/only-norwegian"]


def test_a_check_must_be_a_select(tmp_path: Path) -> None:
    (tmp_path / "ask-violation.rq").write_text("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="must be a SELECT of violations"):
        load_checks(tmp_path)
    assert load_checks(tmp_path / "missing") == []


def test_a_failing_check_fails_the_build_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ontology", "shapes", "data/sources", "data/reference", "data/mappings", "queries/qc"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "queries/qc/every-ministry-violation.rq").write_text(
        "#+ summary: A check that reports every ministry\n"
        "PREFIX thb: <https://w3id.org/thbkg/ontology#>\n"
        "SELECT ?ministry WHERE { ?ministry a thb:Ministry } ORDER BY ?ministry\n"
    )
    assert main(["--root", str(tmp_path), "build"]) == 1
    err = capsys.readouterr().err
    assert "every-ministry-violation: 6 violations (A check that reports every ministry)" in err
    assert "thbr:organization/ministry-of-justice-and-the-police" in err
    assert "quality checks failed: 1 check(s); nothing written" in err
    assert not (tmp_path / "data" / "build").exists()

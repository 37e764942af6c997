"""The quality checks in queries/qc/: none fires on the build, each fires on a fixture made to
violate it (tests/fixtures/qc/<check>.trig), and a firing check fails the build with a readable report.
What the shapes check, the quality checks leave to them, so that a defect is reported once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace

from facts import SIX_MINISTRIES
from thbkg.build.pipeline import Build, run_stages
from thbkg.build.quality import load_checks
from thbkg.build.validate import load_shapes
from thbkg.cli import main
from thbkg.core.errors import QueryError
from thbkg.core.layout import Layout
from thbkg.sparql.run import run_local
from thbkg.sparql.store import add_union_default, load_quads

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "qc"
CHECKS = {check.name: check for check in load_checks(ROOT / "queries" / "qc")}
THBR = "https://w3id.org/thbkg/id/"
SH = Namespace("http://www.w3.org/ns/shacl#")
THBSH = Namespace("https://w3id.org/thbkg/shapes#")

# What each fixture must be reported for: (column, value) of one of the rows.
VIOLATION = {
    "undeclared-predicate-violation": ("predicate", "https://w3id.org/thbkg/ontology#numberOfMeasure"),
    "observation-without-source-violation": ("observation", THBR + "observation/example"),
    "iri-outside-our-namespaces-violation": ("iri", "http://example.org/section-224"),
    # The succession's only claim from its document is kept in another document's evidence graph.
    "source-triple-without-claim-violation": ("p", "https://w3id.org/thbkg/ontology#succeeds"),
    "claimed-fact-not-in-source-graph-violation": ("claim", THBR + "claim/example/0-30/action-plan/example"),
    "observation-without-required-dimension-violation": ("observation", THBR + "observation/example"),
    "observation-of-an-indicator-family-violation": ("observation", THBR + "observation/example"),
    "curation-triple-without-record-violation": ("s", THBR + "recommendation/example"),
    "curated-link-not-in-curation-graph-violation": ("record", THBR + "curation/example"),
}

# What a fixture holds beside its violation and the check must not report: (column, value).
CONFORMING = {
    "observation-without-required-dimension-violation": ("observation", THBR + "observation/linked"),
    "observation-of-an-indicator-family-violation": ("observation", THBR + "observation/one-definition"),
    "observation-without-source-violation": ("observation", THBR + "observation/sourced"),
    "source-triple-without-claim-violation": ("o", "Example plan"),
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
    store = load_quads(build.quads)
    for name, check in CHECKS.items():
        assert run_local(store, check.text, check.form).rows == [], name


@pytest.mark.parametrize("name", sorted(VIOLATION))
def test_each_check_fires_on_its_fixture(name: str) -> None:
    column, value = VIOLATION[name]
    check = CHECKS[name]
    rows = run_local(fixture_store(name), check.text, check.form).rows
    assert value in {row[column].value for row in rows if column in row}, rows


@pytest.mark.parametrize("name", sorted(CONFORMING))
def test_a_check_leaves_the_conforming_part_of_its_fixture(name: str) -> None:
    column, value = CONFORMING[name]
    check = CHECKS[name]
    rows = run_local(fixture_store(name), check.text, check.form).rows
    assert value not in {row[column].value for row in rows if column in row}, rows


def test_the_missing_dimension_is_named(project: Path) -> None:
    """The 2011 report's 531 referrals were made "to the National Coordination Unit": without its
    link to the unit, the referral count fails the check, which names the organisation dimension."""
    mapping = project / "data" / "mappings" / "us-dos-tip-2011-nor.yaml"
    text = mapping.read_text(encoding="utf-8")
    link = "      thb:organization: organization/kom\n"
    assert text.count(link) == 1
    mapping.write_text(text.replace(link, ""), "utf-8")
    for shapes in (project / "shapes").glob("*.ttl"):
        shapes.unlink()  # no shapes: the build reaches the quality checks without the time SHACL takes
    build = run_stages(Layout(project))
    rows = [
        {column: term.value for column, term in row.items()}
        for failure in build.qc_failures
        if failure.check.name == "observation-without-required-dimension-violation"
        for row in failure.result.rows
    ]
    assert rows == [
        {
            "observation": THBR + "observation/tip2011-referrals-for-identification-2010",
            "indicator": THBR + "indicator/referrals-for-identification",
            "dimension": "https://w3id.org/thbkg/ontology#organization",
        }
    ]


# The things of ours that the reference graph or a source graph describes or points to, less those
# the ontology graph labels as it labels its terms (the data structure definition): the things that
# need an English preferred label.
THINGS_OF_THE_REFERENCE_AND_SOURCES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity
WHERE {
  GRAPH ?graph { { ?entity ?p ?o } UNION { ?s ?p ?entity } }
  FILTER(?graph = <https://w3id.org/thbkg/graph/reference>
         || STRSTARTS(STR(?graph), "https://w3id.org/thbkg/graph/source/"))
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "https://w3id.org/thbkg/id/"))
  FILTER NOT EXISTS { GRAPH <https://w3id.org/thbkg/graph/ontology> { ?entity rdfs:label ?label } }
}
"""


def test_the_label_shape_targets_every_thing_of_the_reference_and_sources(build: Build, graph: Graph) -> None:
    """The English preferred label is a shape's to check (thbsh:ThingShape), not a quality check's;
    its target, run on the union the build validates, finds every thing that needs the label."""
    shapes = load_shapes(ROOT / "shapes")
    declared = {(shapes.value(d, SH.prefix), shapes.value(d, SH.namespace)) for d in shapes.objects(None, SH.declare)}
    prefixes = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(declared))
    targeted = {str(row[0]) for row in graph.query(prefixes + str(shapes.value(THBSH["Thing-target"], SH.select)))}
    solutions = load_quads(build.quads).query(THINGS_OF_THE_REFERENCE_AND_SOURCES)
    expected = {solution["entity"].value for solution in solutions}
    assert len(expected) > 300
    assert targeted == expected


def test_a_missing_english_label_is_one_problem_in_all(project: Path) -> None:
    """Bergen police is a police unit, and so a government unit and a government body: without its
    English label it is one SHACL violation, of the shared label shape, and no quality check fires."""
    organizations = project / "data" / "reference" / "organizations.yaml"
    text = organizations.read_text(encoding="utf-8")
    entry = "  - key: organization/bergen-police\n    type: thb:PoliceUnit\n"
    assert text.count(entry + "    label: Bergen police\n") == 1
    organizations.write_text(text.replace(entry + "    label: Bergen police\n", entry), "utf-8")
    build = run_stages(Layout(project))
    assert build.report is not None
    shacl = [(finding.shape, finding.focus) for finding in build.report.findings]
    checks = [(failure.check.name, row) for failure in build.qc_failures for row in failure.result.rows]
    assert shacl + checks == [("thbsh:skos_prefLabel", THBR + "organization/bergen-police")]


def test_a_check_must_be_a_select(tmp_path: Path) -> None:
    (tmp_path / "ask-violation.rq").write_text("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="must be a SELECT of violations"):
        load_checks(tmp_path)
    assert load_checks(tmp_path / "missing") == []


def test_a_failing_check_fails_the_build_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = ("ontology", "shapes", "data/sources", "data/reference", "data/mappings", "data/curation", "queries/qc")
    for name in inputs:
        shutil.copytree(ROOT / name, tmp_path / name)
    for shapes in (tmp_path / "shapes").glob("*.ttl"):
        shapes.unlink()  # no shapes: the build reaches the quality checks without the time SHACL takes
    (tmp_path / "queries/qc/every-ministry-violation.rq").write_text(
        "#+ summary: A check that reports every ministry\n"
        "PREFIX thb: <https://w3id.org/thbkg/ontology#>\n"
        "SELECT ?ministry WHERE { ?ministry a thb:Ministry } ORDER BY ?ministry\n"
    )
    assert main(["--root", str(tmp_path), "build"]) == 1
    err = capsys.readouterr().err
    reported = re.search(r"every-ministry-violation: (\d+) violations \(A check that reports every ministry\)", err)
    assert reported and f"({reported[1]} rows)" in err
    # The six ministries that drew up the 2006 plan, as the 2010 description names them, are among them.
    for ministry in SIX_MINISTRIES:
        assert f"<{THBR}{ministry}>" in err
    assert "quality checks failed: 1 check(s); nothing written" in err
    assert not (tmp_path / "data" / "build").exists()

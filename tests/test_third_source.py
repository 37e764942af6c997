"""Adding a source is a data change: a fictional third source (tests/fixtures/third-source/, a report on
Denmark that says in its text that it is fictional) goes into a copy of the project as its text,
record and mapping and its country's jurisdiction, with no change to code, shapes or queries, and
every part of the project takes it in: the build, the saved queries, the endpoint, the downloads'
description, the generated docs, and the repository's own checks of data, queries and docs, run in
the copy with the copy's code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import yaml

from doc_references import missing
from serve_server import Server, running
from thbkg.cli import main
from thbkg.core.namespaces import DCTERMS, THB, VOID, graph_iri, key_iri
from thbkg.sparql.catalogue import load_catalogue
from thbkg.sparql.results import Result
from thbkg.sparql.run import prepare, run_local
from thbkg.sparql.store import load_build
from third_source import FIXTURE, SOURCE_ID, not_in_fixture

ROOT = Path(__file__).resolve().parents[1]
# What a clone of the repository holds that the build, the queries, the docs and the tests read; its
# data/ without the outputs (data/build, data/.releases).
CLONED = (
    *("src", "ontology", "shapes", "queries", "docs", "tests"),
    *("pyproject.toml", "Makefile", "README.md", "CITATION.cff"),
)
DATA = ("sources", "mappings", "reference", "curation")
# The repository's checks of data, queries and docs, run again in the copy.
CHECKS = ("tests/test_docs.py", "tests/test_doc_references.py", "tests/test_catalogue.py", "tests/test_query.py")
DOCUMENT = f"document/{SOURCE_ID}"
Q = {name[: len("query-nn")]: name for name in load_catalogue(ROOT / "queries")}


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the third source's files added, built, and its docs regenerated."""
    root = tmp_path_factory.mktemp("third-source") / "thbkg"
    for name in CLONED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, root / name)
    for name in DATA:
        shutil.copytree(ROOT / "data" / name, root / "data" / name)
    before = {path for path in root.rglob("*") if path.is_file()}
    shutil.copytree(FIXTURE / "data", root / "data", dirs_exist_ok=True)
    added = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file() and path not in before)
    assert added == [
        f"data/mappings/{SOURCE_ID}.yaml",
        f"data/reference/added-{SOURCE_ID}.yaml",
        f"data/sources/{SOURCE_ID}.txt",
        f"data/sources/{SOURCE_ID}.yaml",
    ]
    assert main(["--root", str(root), "build"]) == 0
    assert main(["--root", str(root), "docs"]) == 0
    return root


@pytest.fixture(scope="module")
def store(clone: Path) -> ox.Store:
    return load_build(clone / "data" / "build" / "thbkg.nq")


def ask(clone: Path, store: ox.Store, name: str, **params: str) -> Result:
    query = load_catalogue(clone / "queries")[Q[name]]
    return run_local(store, prepare(query, params), query.form)


def rows_of_the_new_source(result: Result, *columns: str, by: str = "document") -> set[tuple[str, ...]]:
    """The named columns of the rows the new document gives: IRIs of ours as keys, literals as text."""
    return {
        tuple(row[c].value.removeprefix(key_iri("")) for c in columns)
        for row in result.rows
        if by in row and row[by].value == key_iri(DOCUMENT)
    }


def test_the_build_holds_the_new_facts_in_the_new_sources_graph(store: ox.Store) -> None:
    graph = ox.NamedNode(graph_iri(f"source/{SOURCE_ID}"))

    def stated(subject: str, predicate: str) -> set[str]:
        quads = store.quads_for_pattern(ox.NamedNode(key_iri(subject)), ox.NamedNode(THB + predicate), None, graph)
        return {quad.object.value.removeprefix(key_iri("")) for quad in quads}

    # "In 2011, 24 trafficking investigations were initiated in Denmark: 20 for sex trafficking and 4 for
    # labour trafficking."
    assert stated("observation/dnk2012-investigations-2011", "value") == {"24"}
    assert stated("observation/dnk2012-sex-trafficking-investigations-2011", "value") == {"20"}
    assert stated("observation/dnk2012-labour-trafficking-investigations-2011", "exploitationForm") == {
        "exploitation-form/labour-trafficking"
    }
    # "The Government of Denmark established the Coordination Office for Victims of Trafficking in 2007"
    assert stated("organization/dk-coordination-office", "establishedBy") == {"organization/government-of-denmark"}
    # "section 262a of the Danish Criminal Code, which prescribes a maximum penalty of 10 years' imprisonment"
    assert stated("legal-provision/dk-criminal-code-s262a", "maximumPenalty") == {"P10Y"}
    # "Most victims identified in Denmark in 2011 came from Nigeria."
    assert stated("country-role-assignment/dnk2012-nga-origin", "relativeTo") == {"country/DNK"}
    # "The Office recommends that the Government open a shelter for male victims of trafficking."
    assert stated("recommendation/dnk2012-shelter-for-male-victims", "addresses") == {
        "gap/dnk2012-no-shelter-for-male-victims"
    }
    for source in ("no-moj-2010-bsppc", "us-dos-tip-2011-nor"):
        assert next(store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(f"source/{source}"))), None)


def test_every_saved_query_runs_and_those_about_its_facts_show_them(clone: Path, store: ox.Store) -> None:
    for name in Q:
        ask(clone, store, name)
    # Figures for its year, and the indicator over time: "24 trafficking investigations ... 20 for sex
    # trafficking and 4 for labour trafficking" in 2011.
    assert rows_of_the_new_source(ask(clone, store, "query-02", year="2011"), "value") == {("24",), ("20",), ("4",)}
    over_time = ask(clone, store, "query-19", indicator="indicator/investigations-initiated")
    assert rows_of_the_new_source(over_time, "period", "value") == {("2011", "24"), ("2011", "20"), ("2011", "4")}
    # Countries with a role: "Denmark is a destination country"; "Most victims identified in Denmark in
    # 2011 came from Nigeria."
    origin = ask(clone, store, "query-12", role="country-role/origin")
    assert rows_of_the_new_source(origin, "country", "relativeTo", "qualifier") == {("country/NGA", "Denmark", "Most")}
    destination = ask(clone, store, "query-12", role="country-role/destination")
    assert rows_of_the_new_source(destination, "country") == {("country/DNK",)}
    # A recommendation and the gap it addresses, both stated by the new document.
    gaps = ask(clone, store, "query-24")
    assert rows_of_the_new_source(gaps, "recommends", "gap", by="gapStatedBy") == {
        ("open a shelter for male victims of trafficking", "gap/dnk2012-no-shelter-for-male-victims")
    }
    own = ask(clone, store, "query-25", document=DOCUMENT)
    assert rows_of_the_new_source(own, "recommendation", "gap", by="recommendedIn") == {
        ("recommendation/dnk2012-shelter-for-male-victims", "gap/dnk2012-no-shelter-for-male-victims")
    }
    # Who does what: the Government "established the Coordination Office ... and has funded it"; "The
    # Office operates a national hotline".
    assert rows_of_the_new_source(ask(clone, store, "query-10"), "agent", "role", "thing") == {
        ("organization/government-of-denmark", "establishes", "organization/dk-coordination-office"),
        ("organization/government-of-denmark", "funds", "organization/dk-coordination-office"),
        ("organization/dk-coordination-office", "operates", "service/dk-national-hotline"),
    }
    # The provision: "prohibited by section 262a ... a maximum penalty of 10 years' imprisonment"
    penalty = ask(clone, store, "query-16", provision="legal-provision/dk-criminal-code-s262a")
    assert rows_of_the_new_source(penalty, "fact", "value") == {("maximum penalty", "P10Y")}


def test_the_endpoint_answers_with_the_new_facts(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(clone / "src"))  # the server runs the copy's code
    build, dist = clone / "data" / "build" / "thbkg.nq", clone / "dist"
    with running(build, "--queries", str(clone / "queries"), "--dist", str(dist), "--workers", "1") as server:
        figures = _bindings(server, f"/api/queries/{Q['query-02']}?year=2011")
        assert {(b["document"], b["value"]) for b in figures} >= {(key_iri(DOCUMENT), "24")}
        select = (
            f"SELECT ?value WHERE {{ GRAPH <{graph_iri(f'source/{SOURCE_ID}')}> "
            f"{{ <{key_iri('observation/dnk2012-investigations-2011')}> <{THB}value> ?value }} }}"
        )
        assert [b["value"] for b in _bindings(server, f"/sparql?query={quote(select)}")] == ["24"]
        page = server.request("GET", "/id/organization/dk-coordination-office")
        assert page.status == 200 and "Coordination Office for Victims of Trafficking" in page.text


def _bindings(server: Server, target: str) -> list[dict[str, str]]:
    reply = server.request("GET", target, headers={"Accept": "application/sparql-results+json"})
    assert reply.status == 200, reply.text
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(reply.body)["results"]["bindings"]]


def test_the_downloads_description_names_the_new_source(clone: Path) -> None:
    description = list(ox.parse(path=str(clone / "dist" / "description.ttl"), format=ox.RdfFormat.TURTLE))
    sources = {t.object.value for t in description if t.predicate.value == DCTERMS + "source"}
    subsets = {t.object.value for t in description if t.predicate.value == VOID + "subset"}
    assert key_iri(DOCUMENT) in sources
    assert {graph_iri(f"source/{SOURCE_ID}"), graph_iri(f"evidence/{SOURCE_ID}")} <= subsets
    # Its text counts the documents and names each, the new one and its country among them.
    (abstract,) = [t.object.value for t in description if t.predicate.value == DCTERMS + "description"]
    records = sorted((clone / "data" / "sources").glob("*.yaml"))
    assert f"built from {len(records)} source documents" in abstract
    for record in records:
        assert yaml.safe_load(record.read_text(encoding="utf-8"))["title"] in abstract
    assert "Denmark" in abstract


def test_thbkg_docs_regenerates_the_query_pages_with_the_new_source(clone: Path) -> None:
    regenerated = (clone / "docs" / "queries.md").read_text(encoding="utf-8")
    assert SOURCE_ID in regenerated and SOURCE_ID not in (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")


@pytest.mark.timeout(300)
def test_the_repositorys_own_checks_pass_in_the_copy(clone: Path) -> None:
    """The tests of data, queries and docs, run in the copy on the copy's code: the new files broke
    none of the answers the two other documents give, and the regenerated docs are current."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    env["PYTHONPATH"] = str(clone / "src")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q", "-x"]
    command += ["--basetemp", str(clone.parent / "pytest"), *CHECKS]
    # rdflib agreeing with the embedded store is a property of the engines, checked on this project
    command += ["--deselect", "tests/test_query.py::test_saved_queries_answer_the_same_on_rdflib"]
    done = subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", done.stdout) and "failed" not in done.stdout.splitlines()[-1]


def test_the_guides_examples_are_the_fictional_sources_own() -> None:
    """docs/adding-a-source.md walks through this source: each YAML example in it is the fixture's."""
    guide = (ROOT / "docs" / "adding-a-source.md").read_text(encoding="utf-8")
    examples = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", guide, re.S)]
    assert len(examples) >= 6
    for example in examples:
        assert isinstance(example, dict) and not_in_fixture(example) == [], example


def test_every_thing_the_guide_names_is_in_the_build_with_the_third_source(store: ox.Store) -> None:
    assert missing([ROOT / "docs" / "adding-a-source.md"], store) == []

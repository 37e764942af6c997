"""dist/: every download parses back, with rdflib and with pyoxigraph, into exactly the build; the
description's sizes and checksums are those of the files and it conforms to its shapes; a second
export, in another process with another hash seed, gives the same bytes."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import yaml
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

import thbkg
from manifests import countries_covered, country_name, manifests, native_names
from thbkg.build.pipeline import Build, write_outputs
from thbkg.build.terms import ONTOLOGY_IRI, graph_iri
from thbkg.build.validate import load_shapes
from thbkg.cli import main
from thbkg.core import namespaces
from thbkg.release import description as release_description
from thbkg.release.export import export

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTION_SHAPES = Path(__file__).resolve().parent / "fixtures" / "description-shapes.ttl"
DATASET = URIRef(release_description.DATASET)
SPDX = Namespace(namespaces.SPDX)
DCAT3_VERSION = URIRef(namespaces.DCAT + "version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
QUAD_FILES = {"thbkg.trig": "trig", "thbkg.nq": "nquads", "thbkg.jsonld": "json-ld"}
TRIPLE_FILES = {"thbkg.ttl": "turtle", "thbkg.nt": "nt"}
OX_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
}
UNDESCRIBED = {"description.ttl", "README.md", "SHA256SUMS"}


@pytest.fixture(scope="module")
def built(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's build written out, as ``thbkg build`` writes data/build."""
    folder = tmp_path_factory.mktemp("export") / "build"
    write_outputs(build, folder)
    return folder


@pytest.fixture(scope="module")
def dist(built: Path, layout) -> Path:
    target = built.parent / "dist"
    export(built, layout, target)
    return target


@pytest.fixture(scope="module")
def description(dist: Path) -> Graph:
    return Graph().parse(dist / "description.ttl", format="turtle")


def _plain(term):
    """RDF 1.1: "x" and "x"^^xsd:string are one term; rdflib keeps them apart, so unify them."""
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term


def _rdflib_quads(dataset: Dataset) -> set[tuple]:
    return {(s, p, _plain(o), g) for s, p, o, g in dataset.quads() if g is not None}


@pytest.fixture(scope="module")
def expected_quads(build: Build) -> set[tuple]:
    return {(s, p, _plain(o), name) for name, graph in build.graphs.items() for s, p, o in graph}


@pytest.fixture(scope="module")
def expected_ox(built: Path) -> set[ox.Quad]:
    return set(ox.parse((built / "thbkg.nq").read_bytes(), format=ox.RdfFormat.N_QUADS))


def test_dist_holds_every_download(dist: Path) -> None:
    data = [*QUAD_FILES, *TRIPLE_FILES]
    expected = {*data, *(f"{n}.gz" for n in data), "context.jsonld", "ontology.ttl", "ontology.rdf", "shapes.ttl"}
    graphs = {f"graph-{name}.graphml" for name in ("actors", "law", "plans", "countries", "evidence", "ontology")}
    assert {p.name for p in dist.iterdir()} == expected | graphs | UNDESCRIBED


@pytest.mark.parametrize("name", QUAD_FILES)
def test_a_dataset_file_parses_back_into_the_build_with_rdflib(dist: Path, name: str, expected_quads) -> None:
    dataset = Dataset()
    dataset.parse(dist / name, format=QUAD_FILES[name])
    assert _rdflib_quads(dataset) == expected_quads


@pytest.mark.parametrize("name", QUAD_FILES)
def test_a_dataset_file_parses_back_into_the_build_with_pyoxigraph(dist: Path, name: str, expected_ox) -> None:
    parsed = set(ox.parse((dist / name).read_bytes(), format=OX_FORMATS[QUAD_FILES[name]]))
    assert parsed == expected_ox
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in parsed)


@pytest.mark.parametrize("name", TRIPLE_FILES)
def test_a_union_file_holds_each_triple_of_the_build_once(dist: Path, name: str, expected_quads, expected_ox) -> None:
    graph = Graph().parse(dist / name, format=TRIPLE_FILES[name])
    assert {(s, p, _plain(o)) for s, p, o in graph} == {(s, p, o) for s, p, o, _ in expected_quads}
    parsed = [q.triple for q in ox.parse((dist / name).read_bytes(), format=OX_FORMATS[TRIPLE_FILES[name]])]
    assert len(parsed) == len(set(parsed))
    assert set(parsed) == {q.triple for q in expected_ox}


@pytest.mark.parametrize(("name", "fmt"), [("ontology.ttl", "turtle"), ("ontology.rdf", "xml")])
def test_the_ontology_files_are_the_ontology_graph(dist: Path, build: Build, name: str, fmt: str) -> None:
    ontology = build.graphs[graph_iri("ontology")]
    assert {tuple(map(_plain, t)) for t in Graph().parse(dist / name, format=fmt)} == {
        tuple(map(_plain, t)) for t in ontology
    }
    assert len(set(ox.parse((dist / name).read_bytes(), format=OX_FORMATS[fmt]))) == len(ontology)


def test_the_shapes_file_is_every_shape(dist: Path, layout) -> None:
    merged = Graph().parse(dist / "shapes.ttl", format="turtle")
    assert isomorphic(merged, load_shapes(layout.shapes))
    assert len(set(ox.parse((dist / "shapes.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))) == len(merged)


def test_each_gzip_holds_its_file_with_no_name_and_no_time(dist: Path) -> None:
    for packed in dist.glob("*.gz"):
        data = packed.read_bytes()
        assert gzip.decompress(data) == (dist / packed.stem).read_bytes()
        assert data[3] & 0x08 == 0, f"{packed.name}: a file name is stored"
        assert data[4:8] == b"\0\0\0\0", f"{packed.name}: a time stamp is stored"


def test_the_json_ld_is_compacted_with_the_published_context(dist: Path) -> None:
    context = json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    data = json.loads((dist / "thbkg.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == context
    assert context["thb"] == "https://w3id.org/thbkg/ontology#"
    nodes = [node for graph in data["@graph"] for node in graph["@graph"]]
    assert any(key.startswith("thb:") for node in nodes for key in node)
    assert any(node.get("@type") == "thb:Ministry" for node in nodes)
    assert not any("rdf:type" in node for node in nodes), "classes are given as @type"


def test_sizes_and_checksums_in_the_description_are_the_files(dist: Path, description: Graph) -> None:
    described = set()
    for distribution in description.objects(DATASET, DCAT.distribution):
        url = description.value(distribution, DCAT.downloadURL)
        name = str(url).rsplit("/", 1)[-1]
        data = (dist / name).read_bytes()
        checksum = description.value(distribution, SPDX.checksum)
        assert isinstance(checksum, URIRef)
        assert str(description.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert int(description.value(distribution, DCAT.byteSize)) == len(data)
        described.add(name)
    assert described == {p.name for p in dist.iterdir()} - UNDESCRIBED


def test_sha256sums_lists_every_other_file(dist: Path) -> None:
    lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(sums) == {p.name for p in dist.iterdir()} - {"SHA256SUMS"}
    assert all(hashlib.sha256((dist / n).read_bytes()).hexdigest() == h for n, h in sums.items())


def test_the_description_counts_the_build(description: Graph, build: Build) -> None:
    for name, graph in build.graphs.items():
        assert (DATASET, VOID.subset, name) in description
        assert int(description.value(name, VOID.triples)) == len(graph)
    assert int(description.value(DATASET, VOID.triples)) == len(build.union())
    union = build.union()
    for partition in description.objects(DATASET, VOID.classPartition):
        cls = description.value(partition, VOID["class"])
        assert int(description.value(partition, VOID.entities)) == len(set(union.subjects(RDF.type, cls)))
    for example in description.objects(DATASET, VOID.exampleResource):
        assert (example, None, None) in union, example
    assert not any(isinstance(node, BNode) for node in description.all_nodes())


def test_the_description_names_every_source_document_and_counts_them(description: Graph, dist: Path) -> None:
    records = manifests()
    abstract = str(description.value(DATASET, DCTERMS.description))
    readme = (dist / "README.md").read_text(encoding="utf-8")
    assert f"built from {len(records)} source documents:" in abstract
    for record in records:
        assert f"“{record['title']}”" in abstract and f"“{record['title']}”" in readme
        document = URIRef(namespaces.key_iri(f"document/{record['id']}"))
        assert (DATASET, DCTERMS.source, document) in description
    assert abstract in readme
    newest = max(record["issued"] for record in records)
    assert str(description.value(DATASET, DCTERMS.modified)) == newest
    assert f"the newest source document is dated {newest}" in readme


def test_the_description_names_the_countries_covered_and_the_subject_in_their_languages(
    description: Graph, dist: Path
) -> None:
    title = str(description.value(DATASET, DCTERMS.title))
    keywords = set(description.objects(DATASET, DCAT.keyword))
    for key in countries_covered():
        assert (DATASET, DCTERMS.spatial, URIRef(namespaces.key_iri(key))) in description
        assert country_name(key) in title
        assert Literal(country_name(key), lang="en") in keywords
    assert (dist / "README.md").read_text(encoding="utf-8").startswith(f"# {title}\n")
    names = native_names()
    assert names, "the countries covered have no official language other than English with a name for the subject"
    for tag, name in names.items():
        assert Literal(name, lang=tag) in keywords


def test_the_description_conforms_to_its_shapes(description: Graph) -> None:
    conforms, _, text = pyshacl.validate(description, shacl_graph=Graph().parse(DESCRIPTION_SHAPES))
    assert conforms, text


def test_a_description_without_a_checksum_does_not_conform(description: Graph) -> None:
    broken = Graph()
    for triple in description:
        broken.add(triple)
    distribution = next(iter(description.objects(DATASET, DCAT.distribution)))
    broken.remove((distribution, SPDX.checksum, None))
    conforms, results, _ = pyshacl.validate(broken, shacl_graph=Graph().parse(DESCRIPTION_SHAPES))
    assert not conforms
    shapes = {str(s) for s in results.objects(None, URIRef("http://www.w3.org/ns/shacl#sourceShape"))}
    assert "https://w3id.org/thbkg/shapes#Distribution-checksum" in shapes


def test_the_version_agrees_everywhere(description: Graph, build: Build) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = thbkg.__version__
    assert pyproject["project"]["version"] == version
    ontology = build.graphs[graph_iri("ontology")]
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"https://w3id.org/thbkg/ontology/{version}")
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == version
    assert str(description.value(DATASET, DCAT3_VERSION)) == version


def test_the_description_and_readme_carry_the_licence_and_cite_as_citation_cff_says(
    description: Graph, dist: Path, build: Build
) -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    ontology = build.graphs[graph_iri("ontology")]
    licence = ontology.value(ONTOLOGY_IRI, DCTERMS.license)  # CC BY 4.0, as ontology/LICENSE says
    assert isinstance(licence, URIRef) and "/licenses/by/4.0/" in licence
    assert (DATASET, DCTERMS.license, licence) in description
    for distribution in description.objects(DATASET, DCAT.distribution):
        assert (distribution, DCTERMS.license, licence) in description
    citation = str(description.value(DATASET, DCTERMS.bibliographicCitation))
    authors = ", ".join(author["name"] for author in cff["authors"])
    assert citation == f"{authors}. {cff['title']}, version {version}. {cff['url']}"
    assert URIRef(cff["url"]) == description.value(DATASET, DCAT.landingPage)
    readme = (dist / "README.md").read_text(encoding="utf-8")
    assert f"> {citation}\n" in readme
    assert f"CC BY 4.0, {licence}legalcode" in readme and f"The code of thbkg: {cff['license']}." in readme


def test_a_second_export_in_another_process_is_byte_identical(built: Path, dist: Path, layout) -> None:
    again = built.parent / "again"
    code = (
        "import sys; from pathlib import Path; from thbkg.core.layout import Layout; "
        "from thbkg.release.export import export; "
        "export(Path(sys.argv[1]), Layout(Path(sys.argv[2])), Path(sys.argv[3]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(built), str(layout.root), str(again)], check=True, env=env)
    names = sorted(p.name for p in dist.iterdir())
    assert sorted(p.name for p in again.iterdir()) == names
    for name in names:
        assert (again / name).read_bytes() == (dist / name).read_bytes(), name


def test_the_build_command_writes_dist_and_export_needs_a_build(build: Build, tmp_path: Path, monkeypatch, capsys):
    shutil.copytree(ROOT / "shapes", tmp_path / "shapes")
    shutil.copytree(ROOT / "queries", tmp_path / "queries")
    shutil.copy2(ROOT / "CITATION.cff", tmp_path)
    (tmp_path / "ontology").mkdir()
    assert main(["--root", str(tmp_path), "export"]) == 2
    assert "run `thbkg build` first" in capsys.readouterr().err
    monkeypatch.setattr("thbkg.build.command.run_stages", lambda layout, **_: build)
    assert main(["--root", str(tmp_path), "build"]) == 0
    assert (tmp_path / "dist" / "description.ttl").is_file()
    assert main(["--root", str(tmp_path), "export", "--output", str(tmp_path / "elsewhere")]) == 0
    assert (tmp_path / "elsewhere" / "thbkg.trig").read_bytes() == (tmp_path / "dist" / "thbkg.trig").read_bytes()


def test_export_refuses_a_citation_whose_version_is_not_the_packages(
    project: Path, wrong_citation_version: str, capsys
) -> None:
    dist = os.readlink(project / "dist")
    assert main(["--root", str(project), "export"]) == 2
    assert wrong_citation_version in capsys.readouterr().err
    assert os.readlink(project / "dist") == dist, "nothing is written"

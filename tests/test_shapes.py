"""The SHACL shapes in shapes/: each node shape and each SPARQL constraint against a small valid
and a small invalid fixture (tests/fixtures/shapes/<local name>.valid.ttl and .invalid.ttl).

An invalid fixture may say what it expects in comments at its top:

    # expect-shape: thbsh:thb_jurisdiction          (a result has this sh:sourceShape)
    # expect-message: exactly one jurisdiction      (a result of the shape has a message containing this)

A node shape without a target (a value shape such as thbsh:EnglishTextShape) is tested through a
harness shape that applies it to the values of t:check (t: is urn:thbkg:test:).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query

from thbkg.build.validate import load_shapes

ROOT = Path(__file__).resolve().parents[1]
SHAPES_DIR = ROOT / "shapes"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"

SH = Namespace("http://www.w3.org/ns/shacl#")
THBSH = Namespace("https://w3id.org/thbkg/shapes#")
TEST = Namespace("urn:thbkg:test:")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@cache
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


def local(iri: URIRef) -> str:
    assert str(iri).startswith(str(THBSH)), f"{iri} is not in the thbsh: namespace"
    return str(iri)[len(str(THBSH)) :]


def node_shapes() -> list[URIRef]:
    return sorted(s for s in shapes().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def targeted(shape: URIRef) -> bool:
    return any((shape, target, None) in shapes() for target in TARGETS)


def sparql_constraints() -> list[URIRef]:
    return sorted(c for c in set(shapes().objects(None, SH.sparql)) if isinstance(c, URIRef))


TARGETED = [s for s in node_shapes() if targeted(s)]
VALUE_SHAPES = [s for s in node_shapes() if not targeted(s)]
CONSTRAINTS = sparql_constraints()


@dataclass(frozen=True)
class Result:
    shape: URIRef
    constraint: URIRef | None
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    conforms: bool
    results: tuple[Result, ...]

    def of(self, family: set[URIRef]) -> list[Result]:
        return [r for r in self.results if r.shape in family]

    def of_constraint(self, constraint: URIRef) -> list[Result]:
        return [r for r in self.results if r.constraint == constraint]


def run(data: Graph, shapes_graph: Graph) -> Outcome:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    results = tuple(
        Result(
            shape=report.value(r, SH.sourceShape),
            constraint=report.value(r, SH.sourceConstraint),
            messages=tuple(str(m) for m in report.objects(r, SH.resultMessage)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )
    return Outcome(bool(conforms), results)


def fixture(name: str, kind: str) -> Path:
    return FIXTURES / f"{name}.{kind}.ttl"


def load(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def expectations(path: Path) -> tuple[list[URIRef], list[str]]:
    shape_lines, messages = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect-shape:"):
            shape_lines.append(THBSH[line.split(":", 1)[1].strip().removeprefix("thbsh:")])
        elif line.startswith("# expect-message:"):
            messages.append(line.split(":", 1)[1].strip())
    return shape_lines, messages


def family(shape: URIRef) -> set[URIRef]:
    """A node shape and its property shapes: the sh:sourceShape of any result it produces."""
    return {shape, *(p for p in shapes().objects(shape, SH.property) if isinstance(p, URIRef))}


def describe(results: list[Result] | tuple[Result, ...]) -> str:
    return "\n".join(f"  {r.shape} {r.constraint or ''}: {' / '.join(r.messages)}" for r in results) or "  (none)"


@cache
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return prepareQuery(text, dict(namespaces), base)


@pytest.fixture(autouse=True, scope="module")
def sparql_parsed_once() -> Iterator[None]:
    """pyshacl passes each SPARQL target and constraint to rdflib as text, which rdflib parses at
    every validation: three quarters of each fixture's time. Here each text is parsed once, into the
    prepared query rdflib evaluates (as ``prepareQuery`` makes one, to be run many times)."""
    query = SPARQLProcessor.query

    def prepared(
        self: SPARQLProcessor,
        text: str | Query,
        initBindings: Mapping[str, Any] | None = None,  # rdflib's names
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(text, str):
            text = _prepared(text, base, tuple(sorted((initNs or {}).items())))
        return query(self, text, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SPARQLProcessor, "query", prepared)
        yield


# ---------------------------------------------------------------------------------------------
# The shapes graph itself


def test_shapes_graph_passes_shacl_meta_shapes() -> None:
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes(), inference="none", meta_shacl=True, advanced=True
    )
    assert conforms, text


def test_every_shape_is_named_and_labelled() -> None:
    graph = shapes()
    declared = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    used = set(graph.objects(None, SH.property)) | set(graph.objects(None, SH.node))
    used |= set(graph.objects(None, SH.qualifiedValueShape)) | set(graph.objects(None, SH.sparql))
    for member in (SH["or"], SH.xone):
        for head in graph.objects(None, member):
            used |= set(graph.items(head))
    unnamed = [s for s in declared | used if isinstance(s, BNode)]
    assert not unnamed, f"blank-node shapes or constraints: {unnamed}"
    unlabelled = sorted(
        local(s)
        for s in declared | used
        if not any(isinstance(label, Literal) for label in graph.objects(s, RDFS.label))
    )
    assert not unlabelled, f"shapes without rdfs:label: {unlabelled}"
    undeclared = sorted(local(s) for s in used - declared if (s, RDF.type, SH.SPARQLConstraint) not in graph)
    assert not undeclared, f"shapes used but not typed sh:NodeShape or sh:PropertyShape: {undeclared}"


def test_every_value_shape_is_used_by_another_shape() -> None:
    graph = shapes()
    used = set(graph.objects(None, SH.node)) | set(graph.objects(None, SH.qualifiedValueShape))
    for member in (SH["or"], SH.xone):
        for head in graph.objects(None, member):
            used |= set(graph.items(head))
    unused = [local(s) for s in VALUE_SHAPES if s not in used]
    assert not unused, f"node shapes with neither a target nor a use: {unused}"


def test_every_node_shape_and_sparql_constraint_has_its_two_fixtures() -> None:
    names = {local(s) for s in (*node_shapes(), *CONSTRAINTS)}
    missing = sorted(
        f"{name}.{kind}.ttl" for name in names for kind in ("valid", "invalid") if not fixture(name, kind).is_file()
    )
    assert not missing, f"fixtures missing in {FIXTURES}: {missing}"
    orphans = sorted(p.name for p in FIXTURES.glob("*.ttl") if p.name.rsplit(".", 2)[0] not in names)
    assert not orphans, f"fixtures for shapes that do not exist: {orphans}"


REUSED_CLASSES_OF_THE_DATA = [
    "http://purl.org/linked-data/cube#Observation",
    "http://purl.org/linked-data/cube#DataSet",
    "http://purl.org/linked-data/cube#DataStructureDefinition",
    "http://purl.org/linked-data/cube#ComponentSpecification",
    "http://www.w3.org/2004/02/skos/core#Concept",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme",
    "http://xmlns.com/foaf/0.1/Person",
    "http://www.w3.org/ns/org#Post",
    "http://www.w3.org/ns/org#Organization",
    "http://www.w3.org/2006/time#ProperInterval",
    "http://www.w3.org/2006/time#Instant",
    "http://www.w3.org/ns/oa#SpecificResource",
    "http://www.w3.org/ns/oa#TextQuoteSelector",
    "http://www.w3.org/ns/oa#TextPositionSelector",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement",
]


# Classes whose things need nothing beyond the English preferred label that thbsh:ThingShape asks
# of every thing of ours, and that have no superclass with a node shape either.
LABELLED_ONLY_CLASSES = [
    "http://www.w3.org/2004/02/skos/core#ConceptScheme",
    "http://xmlns.com/foaf/0.1/Person",
    "https://w3id.org/thbkg/ontology#Goal",
    "https://w3id.org/thbkg/ontology#Treaty",
]


def test_every_class_of_the_ontology_and_the_data_is_checked_by_a_node_shape() -> None:
    """A class has a node shape, or a superclass of it has one (the data is validated with its OWL
    RL closure, so a thing has the classes above its own), or its things need only the label."""
    ontology = Graph()
    ontology.parse(ROOT / "ontology" / "thbkg.ttl", format="turtle")
    ours = [c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith("https://w3id.org/thbkg/ontology#")]
    assert len(ours) >= 40
    shaped = set(shapes().objects(None, SH.targetClass))
    unshaped = sorted(
        str(c)
        for c in [*ours, *map(URIRef, REUSED_CLASSES_OF_THE_DATA)]
        if not any(above in shaped for above in ontology.transitive_objects(c, RDFS.subClassOf))
    )
    assert unshaped == LABELLED_ONLY_CLASSES, "classes without a node shape of their own or of a superclass"


def test_shape_counts() -> None:
    """Guards against a shapes file that silently failed to contribute its shapes."""
    assert len(TARGETED) >= 45
    assert len(CONSTRAINTS) >= 15
    assert {local(s) for s in TARGETED} >= {"MinistryShape", "ObservationShape", "OntologyClassShape", "ThingShape"}


# ---------------------------------------------------------------------------------------------
# Each rule once


def constraints_of(shape: URIRef) -> tuple[tuple[str, object], ...]:
    """What a property shape asks, without its name, label and message (lists as tuples)."""
    graph, asked = shapes(), []
    for predicate, value in graph.predicate_objects(shape):
        if predicate in (RDFS.label, RDFS.comment, SH.message):
            continue
        asked.append((str(predicate), tuple(graph.items(value)) if isinstance(value, BNode) else value))
    return tuple(sorted(asked, key=str))


def test_no_two_property_shapes_ask_the_same() -> None:
    by_constraints: dict[tuple[tuple[str, object], ...], list[str]] = {}
    for shape in shapes().subjects(RDF.type, SH.PropertyShape):
        by_constraints.setdefault(constraints_of(shape), []).append(local(shape))
    repeated = sorted(sorted(names) for names in by_constraints.values() if len(names) > 1)
    assert not repeated, f"property shapes that ask the same, to be one shared shape: {repeated}"


def test_one_english_label_shape_per_label_property() -> None:
    """skos:prefLabel of every thing of ours (through thbsh:ThingShape alone, so a thing is checked
    once whatever its classes) and rdfs:label of the ontology's terms and the data structure
    definition are each asked for in English by one property shape."""
    graph = shapes()
    assert sorted(local(s) for s in graph.subjects(SH.path, RDFS.label)) == ["rdfs_label"]
    assert sorted(local(s) for s in graph.subjects(SH.path, SKOS.prefLabel)) == ["skos_prefLabel"]
    english = sorted(
        local(s)
        for s in graph.subjects(SH.qualifiedValueShape, THBSH.EnglishTextShape)
        if graph.value(s, SH.path) in (RDFS.label, SKOS.prefLabel)
    )
    assert english == ["rdfs_label", "skos_prefLabel"]
    assert list(graph.subjects(SH.property, THBSH.skos_prefLabel)) == [THBSH.ThingShape]


def test_shapes_are_named_after_the_terms_they_constrain() -> None:
    """<Class>Shape for the node shape of a class; <Class>-<property> for a property shape of one node
    shape; <prefix>_<property> for a property shape that node shapes share (as in ePO's shapes)."""
    graph, wrong = shapes(), []
    for shape in sorted(graph.subjects(SH.targetClass, None)):
        named = (str(c).replace("#", "/").rsplit("/", 1)[-1] for c in graph.objects(shape, SH.targetClass))
        if not any(local(shape).startswith(name) and local(shape).endswith("Shape") for name in named):
            wrong.append(local(shape))
    for shape in sorted(graph.subjects(RDF.type, SH.PropertyShape)):
        head, path = local(shape).split("-")[0], graph.value(shape, SH.path)
        users = [local(user) for user in graph.subjects(SH.property, shape)]
        if "_" in head:
            if not isinstance(path, URIRef) or graph.namespace_manager.normalizeUri(path).replace(":", "_") != head:
                wrong.append(local(shape))
        elif users != [f"{head}Shape"]:
            wrong.append(local(shape))
    assert not wrong, f"shapes not named after what they constrain: {wrong}"


# ---------------------------------------------------------------------------------------------
# Node shapes with targets


@pytest.mark.parametrize("shape", TARGETED, ids=local)
def test_node_shape_accepts_its_valid_fixture(shape: URIRef) -> None:
    outcome = run(load(fixture(local(shape), "valid")), shapes())
    found = outcome.of(family(shape))
    assert not found, f"{local(shape)} reports on its valid fixture:\n{describe(found)}"


@pytest.mark.parametrize("shape", TARGETED, ids=local)
def test_node_shape_rejects_its_invalid_fixture(shape: URIRef) -> None:
    path = fixture(local(shape), "invalid")
    outcome = run(load(path), shapes())
    assert outcome.conforms is False
    found = outcome.of(family(shape))
    assert found, f"{local(shape)} reports nothing on its invalid fixture; all results:\n{describe(outcome.results)}"
    expected_shapes, expected_messages = expectations(path)
    for expected in expected_shapes:
        assert expected in family(shape), f"{expected} is not {local(shape)} or one of its property shapes"
        assert any(r.shape == expected for r in found), f"no result from {expected}:\n{describe(found)}"
    for text in expected_messages:
        assert any(text in m for r in found for m in r.messages), f"no message with {text!r}:\n{describe(found)}"


# ---------------------------------------------------------------------------------------------
# SPARQL constraints


@pytest.mark.parametrize("constraint", CONSTRAINTS, ids=local)
def test_sparql_constraint_accepts_its_valid_fixture(constraint: URIRef) -> None:
    outcome = run(load(fixture(local(constraint), "valid")), shapes())
    found = outcome.of_constraint(constraint)
    assert not found, f"{local(constraint)} reports on its valid fixture:\n{describe(found)}"


@pytest.mark.parametrize("constraint", CONSTRAINTS, ids=local)
def test_sparql_constraint_rejects_its_invalid_fixture(constraint: URIRef) -> None:
    path = fixture(local(constraint), "invalid")
    outcome = run(load(path), shapes())
    assert outcome.conforms is False
    found = outcome.of_constraint(constraint)
    assert found, (
        f"{local(constraint)} reports nothing on its invalid fixture; all results:\n{describe(outcome.results)}"
    )
    _, expected_messages = expectations(path)
    assert expected_messages, f"{path.name} should say which message (with its numbers) it expects"
    for text in expected_messages:
        assert any(text in m for r in found for m in r.messages), f"no message with {text!r}:\n{describe(found)}"


# ---------------------------------------------------------------------------------------------
# Value shapes (no target), through a harness


def with_harness(shape: URIRef) -> tuple[Graph, URIRef]:
    graph = Graph()
    for triple in shapes():
        graph.add(triple)
    harness, check = TEST.Harness, TEST.HarnessCheck
    graph.add((harness, RDF.type, SH.NodeShape))
    graph.add((harness, SH.targetSubjectsOf, TEST.check))
    graph.add((harness, SH.property, check))
    graph.add((check, RDF.type, SH.PropertyShape))
    graph.add((check, SH.path, TEST.check))
    graph.add((check, SH.node, shape))
    return graph, check


@pytest.mark.parametrize("shape", VALUE_SHAPES, ids=local)
def test_value_shape_accepts_its_valid_fixture(shape: URIRef) -> None:
    graph, check = with_harness(shape)
    found = run(load(fixture(local(shape), "valid")), graph).of({check})
    assert not found, f"{local(shape)} rejects its valid fixture:\n{describe(found)}"


@pytest.mark.parametrize("shape", VALUE_SHAPES, ids=local)
def test_value_shape_rejects_its_invalid_fixture(shape: URIRef) -> None:
    graph, check = with_harness(shape)
    outcome = run(load(fixture(local(shape), "invalid")), graph)
    assert outcome.conforms is False
    assert outcome.of({check}), f"{local(shape)} accepts its invalid fixture"

"""Independent checks of the ontology and the built data: a DL reasoner and a second parser; and the
ontology's disjoint classes, which the reasoner and the shapes read from the ontology itself."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS

from thbkg.build.engines import ENGINES, engine
from thbkg.build.ntriples import from_graph
from thbkg.build.ontology import load_ontology
from thbkg.build.pipeline import run_stages
from thbkg.core.dumps import trig
from thbkg.core.layout import Layout

THB = Namespace("https://w3id.org/thbkg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
THBR = "https://w3id.org/thbkg/id/"


def test_the_ontology_is_consistent_with_no_unsatisfiable_class_under_hermit(layout, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    rdfxml = tmp_path / "thbkg.owl"
    Graph().parse(layout.ontology).serialize(rdfxml, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(rdfxml.as_uri()).load()
    with ontology:
        # HermiT knows only OWL 2's datatype map; xsd:gYear and friends are RDF 1.1 datatypes.
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, ignore_unsupported_datatypes=True)
    assert list(world.inconsistent_classes()) == []
    assert len(list(ontology.classes())) > 30


def test_a_class_under_two_disjoint_classes_is_unsatisfiable_under_hermit(layout, tmp_path):
    """The disjointness axioms are OWL a DL reasoner reads: laws and treaties exclude each other,
    and so do agents and reified statements (rdf:Statement is one of the kinds too)."""
    owlready2 = pytest.importorskip("owlready2")
    ontology = Graph().parse(layout.ontology)
    both = {THB.LawAndTreaty: (THB.Law, THB.Treaty), THB.AgentStatement: (RDF.Statement, THB.Ministry)}
    for name, parents in both.items():
        ontology.add((name, RDF.type, OWL.Class))
        for parent in parents:
            ontology.add((name, RDFS.subClassOf, parent))
    rdfxml = tmp_path / "thbkg.owl"
    ontology.serialize(rdfxml, format="xml")
    world = owlready2.World()
    loaded = world.get_ontology(rdfxml.as_uri()).load()
    with loaded:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, ignore_unsupported_datatypes=True)
    unsatisfiable = {entity.name for entity in world.inconsistent_classes() if entity.name != "Nothing"}
    assert unsatisfiable == {"LawAndTreaty", "AgentStatement"}


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_the_reasoner_adds_nothing_for_a_thing_of_two_disjoint_classes(layout, name):
    """OWL RL reads a disjointness axiom as a consistency rule; the classes above a thing's own are
    all it infers about the thing, and its complaint (a blank node) does not reach the inferred graph."""
    stated = load_ontology(layout.ontology)
    thing = URIRef(THBR + "law/test")
    stated.add((thing, RDF.type, THB.Law))
    stated.add((thing, RDF.type, THB.Treaty))
    inferred = Graph().parse(data=engine(name).infer(from_graph(stated)), format="nt")
    assert set(inferred.predicate_objects(thing)) == {(RDF.type, ELI.LegalResource)}
    assert not any(isinstance(node, BNode) for node in inferred.all_nodes())


def test_a_thing_of_two_disjoint_classes_is_one_violation_naming_both(project: Path):
    """The ontology declares laws and treaties disjoint: the penal code typed a treaty as well (as a
    wrong value of thb:basedOn would type it) is one violation, which names both classes."""
    reference = project / "data" / "reference" / "law-and-measures.yaml"
    text = reference.read_text(encoding="utf-8")
    law, both = "    type: thb:Law\n", "    type: [thb:Law, thb:Treaty]\n"
    key = "  - key: law/no-penal-code-1902\n"
    assert text.count(key + law) == 1
    reference.write_text(text.replace(key + law, key + both), "utf-8")
    build = run_stages(Layout(project))
    assert build.report is not None and build.qc_failures == []
    found = [(f.shape, f.focus) for f in build.report.findings]
    assert found == [("thbsh:DisjointClassesShape", THBR + "law/no-penal-code-1902")]
    assert f"both a {THB.Law} and a {THB.Treaty}" in build.report.findings[0].message


def test_a_disjointness_axiom_added_to_the_ontology_is_enforced(project: Path, graph: Graph):
    """The disjointness check names no class: it reads the axioms. Declared disjoint (here as an
    owl:AllDisjointClasses), organisations and activities make each project, which is both, a
    violation naming the two."""
    ontology = project / "ontology" / "thbkg.ttl"
    axiom = "\n[] a owl:AllDisjointClasses ;\n    owl:members ( org:Organization prov:Activity ) .\n"
    ontology.write_text(ontology.read_text(encoding="utf-8") + axiom, encoding="utf-8")
    build = run_stages(Layout(project))
    assert build.report is not None and build.qc_failures == []
    projects = {str(thing) for thing in graph.subjects(RDF.type, THB.Project)}
    assert len(projects) >= 2
    assert {f.focus for f in build.report.findings} == projects
    for finding in build.report.findings:
        assert finding.shape == "thbsh:DisjointClassesShape"
        assert f"both a {ORG.Organization} and a {PROV.Activity}" in finding.message


def test_the_ontology_parses_under_a_second_parser(layout):
    with layout.ontology.open("rb") as handle:
        triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(Graph().parse(layout.ontology))


def test_the_built_trig_parses_under_a_second_parser_into_the_same_quads(build):
    quads = build.quads
    parsed = set(pyoxigraph.parse(trig(quads), format=pyoxigraph.RdfFormat.TRIG))
    assert parsed == set(pyoxigraph.parse(quads, format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(parsed) == sum(len(g) for g in build.graphs.values())


def test_the_shapes_parse_under_a_second_parser(layout):
    for path in sorted(layout.shapes.glob("*.ttl")):
        with path.open("rb") as handle:
            triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
        assert len(triples) == len(Graph().parse(path)), path.name

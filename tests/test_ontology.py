"""Independent checks of the ontology and the built data: a DL reasoner and a second parser."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph

from thbkg.build.serialize import nquads
from thbkg.core.dumps import trig


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


def test_the_ontology_parses_under_a_second_parser(layout):
    with layout.ontology.open("rb") as handle:
        triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(Graph().parse(layout.ontology))


def test_the_built_trig_parses_under_a_second_parser_into_the_same_quads(build):
    quads = nquads(build.graphs)
    parsed = set(pyoxigraph.parse(trig(quads), format=pyoxigraph.RdfFormat.TRIG))
    assert parsed == set(pyoxigraph.parse(quads, format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(parsed) == sum(len(g) for g in build.graphs.values())


def test_the_shapes_parse_under_a_second_parser(layout):
    for path in sorted(layout.shapes.glob("*.ttl")):
        with path.open("rb") as handle:
            triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
        assert len(triples) == len(Graph().parse(path)), path.name

"""Reasoning one stated triple at a time (build/per_triple.py) gives what each engine gives reasoning
over everything, on the seeds and a synthetic report, and is refused wherever a rule could join two
triples."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib.namespace import OWL, RDF, RDFS

from thbkg.build.assemble import EVIDENCE_PREFIX, ONTOLOGY_GRAPH, assemble
from thbkg.build.engines import ENGINES, engine
from thbkg.build.per_triple import STAND_IN, by_triple
from thbkg.core.layout import Layout

BENCH = Path(__file__).resolve().parents[1] / "bench"
THB, ID = "https://w3id.org/thbkg/ontology#", "https://w3id.org/thbkg/id/"


def _ontology_and_facts(layout: Layout) -> tuple[bytes, bytes]:
    graphs = assemble(layout).graphs
    facts = b"".join(data for name, data in graphs.items() if not name.startswith(EVIDENCE_PREFIX))
    ontology = graphs[ONTOLOGY_GRAPH]
    return ontology, facts.replace(ontology, b"")


def _synthetic(folder: Path) -> Layout:
    sys.path.insert(0, str(BENCH))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(BENCH))
    write_corpus(folder, 1)
    return Layout(folder)


@pytest.mark.parametrize("name", sorted(ENGINES))
@pytest.mark.parametrize("synthetic", [False, True], ids=["seeds", "seeds and a synthetic report"])
def test_by_triple_gives_what_reasoning_over_everything_gives(
    name: str, synthetic: bool, layout: Layout, tmp_path: Path
) -> None:
    ontology, facts = _ontology_and_facts(_synthetic(tmp_path) if synthetic else layout)
    assert ontology and ontology not in facts
    infer = engine(name).infer
    assert by_triple(infer, ontology, facts) == infer(ontology + facts)


ONTOLOGY = f"""<{THB}Ministry> <{RDFS.subClassOf}> <{THB}Body> .
<{THB}heads> <{RDFS.domain}> <{THB}Ministry> .
<{THB}heads> <{RDFS.range}> <{THB}Unit> .
<{THB}heads> <{OWL.inverseOf}> <{THB}headedBy> .
<{THB}partner> <{RDF.type}> <{OWL.SymmetricProperty}> .
<{THB}partner> <{RDFS.subPropertyOf}> <{THB}related> .
<{THB}name> <{RDFS.domain}> <{THB}Named> .
"""
FACTS = f"""<{ID}m> <{THB}heads> <{ID}u> .
<{ID}m> <{THB}partner> <{ID}n> .
<{ID}m> <{THB}name> "M" .
<{ID}u> <{THB}heads> <{ID}u> .
<http://example.org/x> <{THB}heads> <{ID}v> .
<{ID}n> <{RDF.type}> <{THB}Ministry> .
"""


def test_each_one_triple_rule_and_the_things_left_out_are_as_the_reference_gives_them() -> None:
    """Domain, range, inverse, symmetric, subproperty and subclass; a literal object (it gets no
    type), a thing that is its own object, a subject not of ours (its entailments are left out)."""
    infer = engine("reference").infer
    ontology, facts = ONTOLOGY.encode(), FACTS.encode()
    found = by_triple(infer, ontology, facts)
    assert found == infer(ontology + facts)
    assert found is not None
    lines = found.decode().splitlines()
    assert f"<{ID}u> <{THB}headedBy> <{ID}m> ." in lines
    assert f"<{ID}n> <{THB}partner> <{ID}m> ." in lines
    assert f"<{ID}n> <{RDF.type}> <{THB}Body> ." in lines
    assert f"<{ID}v> <{THB}headedBy> <http://example.org/x> ." in lines
    assert not any(line.startswith("<http://example.org/x>") for line in lines)


@pytest.mark.parametrize(
    "ontology, facts",
    [
        (f"<{THB}partOf> <{RDF.type}> <{OWL.TransitiveProperty}> .\n", ""),
        (f"<{THB}Both> <{OWL.intersectionOf}> _:list .\n", ""),
        (f"<{THB}Led> <{OWL.someValuesFrom}> <{THB}Unit> .\n", ""),
        ("", f"<{ID}a> <{RDFS.subClassOf}> <{ID}b> .\n"),
        ("", f"<{ID}a> <{OWL.sameAs}> <{ID}b> .\n"),
        ("", f"<{ID}a> <{RDF.type}> _:class .\n"),
        ("", f"<{STAND_IN}s0> <{THB}heads> <{ID}b> .\n"),
    ],
    ids=["transitive", "intersection", "restriction", "axiom in the facts", "sameAs", "blank class", "stand-in"],
)
def test_where_a_rule_could_join_two_triples_it_is_refused(ontology: str, facts: str) -> None:
    def never(data: bytes) -> bytes:
        raise AssertionError("the engine is not asked")

    assert by_triple(never, (ONTOLOGY + ontology).encode(), (FACTS + facts).encode()) is None

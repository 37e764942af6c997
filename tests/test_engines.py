"""The fast engine answers as the reference engine does (owlrl and pyshacl define the right answer):
the same inferred graph, and the same findings (severity, focus node, path, shape, message, value,
passages) on the seeds, on the seeds with faults put in, on a small synthetic corpus with its faults,
and, for each shape feature the fast path leaves to pyshacl, on a shape that uses it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from thbkg.build.assemble import EVIDENCE_PREFIX, assemble
from thbkg.build.engines import DEFAULT_ENGINE, ENGINES, engine
from thbkg.build.engines.shapes_plan import plan
from thbkg.build.pipeline import Build
from thbkg.build.validate import Report, load_shapes
from thbkg.core.layout import Layout

CORPUS = Path(__file__).resolve().parents[1] / "bench"  # the synthetic corpus generator

ID = "https://w3id.org/thbkg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = f"<{ID}document/no-moj-2010-bsppc>"
TIP = f"<{ID}document/us-dos-tip-2011-nor>"
CLAIM = f"<{ID}claim/no-moj-2010-bsppc/1023-1108/goal/moj2010-follow-up-services-for-child-victims>"
QUOTE = f"<{ID}passage/no-moj-2010-bsppc/1023-1108#quote>"
POSITION = f"<{ID}passage/no-moj-2010-bsppc/1023-1108#position>"
BERGEN = f"<{ID}observation/tip2011-bergen-children-trafficked-2010>"
APPLICATIONS = f"<{ID}observation/moj2010-reflection-period-first-applications-2009>"
RECEPTION = f"<{ID}organization/asylum-reception-centres>"
SPEC = f"<{ID}dsd/statistics#decision>"
THB = "https://w3id.org/thbkg/ontology#"

# Each fault: the lines it removes (a pattern) and adds, and the shape that must report it.
FAULTS = {
    "a total that its complete breakdown does not sum to (50 + 23 = 73, not 74)": (
        rf"^{re.escape(APPLICATIONS)} <{THB}value> ",
        [f'{APPLICATIONS} <{THB}value> "74"^^<{XSD}integer> .'],
        "thbsh:ObservationTotalShape",
    ),
    "a sha256 in upper case": (
        rf"^{re.escape(DOC)} <{THB}sha256> ",
        [f'{DOC} <{THB}sha256> "2A533FFE297A7724DBB2D13CEE4252523645C940B55B236452C05AAC2A541813" .'],
        "thbsh:SourceDocument-sha256",
    ),
    "an organisation without its English label": (
        rf"^{re.escape(RECEPTION)} <http://www.w3.org/2004/02/skos/core#prefLabel> .*@en \.$",
        [],
        "thbsh:skos_prefLabel",
    ),
    "a second issue date": (
        "",
        [f'{DOC} <http://purl.org/dc/terms/issued> "2011"^^<{XSD}gYear> .'],
        "thbsh:SourceDocument-issued",
    ),
    "an issue date that is a plain string": (
        "",
        [f'{TIP} <http://purl.org/dc/terms/issued> "2011" .'],
        "thbsh:SourceDocument-issued",
    ),
    "a publisher that is no agent": (
        "",
        [f"{DOC} <http://purl.org/dc/terms/publisher> <{ID}instant/2003> ."],
        "thbsh:SourceDocument-publisher",
    ),
    "a second English title": (
        "",
        [f'{DOC} <http://purl.org/dc/terms/title> "Another"@en .'],
        "thbsh:SourceDocument-title",
    ),
    "a component of two kinds": (
        "",
        [f"{SPEC} <http://purl.org/linked-data/cube#attribute> <{THB}computedOver> ."],
        "thbsh:ComponentSpecificationShape",
    ),
    "a victim group outside its scheme": (
        "",
        [f"{BERGEN} <{THB}victimGroup> <{ID}instant/2003> ."],
        "thbsh:Observation-victimGroup-scheme",
    ),
    "a claim derived from a document its passage is not in": (
        "",
        [f"{CLAIM} <http://www.w3.org/ns/prov#wasDerivedFrom> {TIP} ."],
        "thbsh:Claim-passageDocument",
    ),
    "a claim with another motivation": (
        "",
        [f"{CLAIM} <http://www.w3.org/ns/oa#motivatedBy> <http://www.w3.org/ns/oa#tagging> ."],
        "thbsh:Claim-motivatedBy",
    ),
    "an instant with two positions": (
        "",
        [f'<{ID}instant/2003> <http://www.w3.org/2006/time#inXSDDate> "2003-01-01"^^<{XSD}date> .'],
        "thbsh:Instant-position",
    ),
    "an empty quote": (
        rf"^{re.escape(QUOTE)} <http://www.w3.org/ns/oa#exact> ",
        [f'{QUOTE} <http://www.w3.org/ns/oa#exact> "" .'],
        "thbsh:TextQuoteSelector-exact",
    ),
    "an offset that is an xsd:integer": (
        rf"^{re.escape(POSITION)} <http://www.w3.org/ns/oa#start> ",
        [f'{POSITION} <http://www.w3.org/ns/oa#start> "1023"^^<{XSD}integer> .'],
        "thbsh:TextPositionSelector-start",
    ),
    "a namespace prefix other than thb": (
        r"^<https://w3id.org/thbkg/ontology> <http://purl.org/vocab/vann/preferredNamespacePrefix> ",
        ['<https://w3id.org/thbkg/ontology> <http://purl.org/vocab/vann/preferredNamespacePrefix> "thx" .'],
        "thbsh:Ontology-preferredNamespacePrefix",
    ),
    "a class described by a property the shapes do not allow": (
        "",
        [f'<{THB}Claim> <http://purl.org/dc/terms/title> "Claim"@en .'],
        "thbsh:OntologyClassShape",
    ),
    "a law that is a treaty too, classes the ontology declares disjoint": (
        "",
        [f"<{ID}law/no-penal-code-1902> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{THB}Treaty> ."],
        "thbsh:DisjointClassesShape",
    ),
    "a count typed xsd:integer where the range is xsd:nonNegativeInteger": (
        rf"^<{ID}action-plan/no-nap-2006> <{THB}numberOfMeasures> ",
        [f'<{ID}action-plan/no-nap-2006> <{THB}numberOfMeasures> "37"^^<{XSD}integer> .'],
        "thbsh:DatatypePropertyValueShape",
    ),
}


def facts_and_evidence(layout: Layout) -> tuple[bytes, bytes]:
    """The stated facts (what the engines reason on) and the evidence, as N-Triples."""
    stated = assemble(layout)
    graphs = stated.graphs.items()
    facts = b"".join(data for name, data in graphs if not name.startswith(EVIDENCE_PREFIX))
    return facts, b"".join(data for name, data in graphs if name.startswith(EVIDENCE_PREFIX))


def reports(data: bytes, shapes: Graph) -> dict[str, Report]:
    return {name: engine(name).validate(data, shapes) for name in ENGINES}


def corpus(folder: Path, reports_count: int) -> Layout:
    """A synthetic corpus (the seeds and ``reports_count`` reports, with a wrong sum and a missing
    label put in) written to ``folder`` by bench/corpus.py."""
    sys.path.insert(0, str(CORPUS))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(CORPUS))
    write_corpus(folder, reports_count, faults=["wrong-sum", "missing-label"])
    return Layout(folder)


def test_the_fast_engine_finds_nothing_in_the_seeds(build: Build, layout: Layout) -> None:
    assert engine("fast").validate(b"".join(build.ntriples.values()), load_shapes(layout.shapes)) == Report(True, ())


# The reference engine takes minutes under a loaded machine: this test's own limit.
@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    "reports_count", [pytest.param(1, id="1 report"), pytest.param(100, marks=pytest.mark.slow, id="100 reports")]
)
def test_the_engines_agree_on_a_corpus_with_each_fault_put_in(tmp_path: Path, reports_count: int) -> None:
    """The same inferred graph (owlrl's closure, as `reasonable` gives it with the schema rules it
    leaves out: the domain of a property carried up to the classes above it); and every fault
    found by the shape that states the rule it breaks, by both engines alike."""
    layout = corpus(tmp_path, reports_count)
    facts, evidence = facts_and_evidence(layout)
    inferred = {name: engine(name).infer(facts) for name in ENGINES}
    assert inferred["fast"] == inferred["reference"]
    lines = inferred["reference"].decode().splitlines()
    assert lines == sorted(lines)
    assert f"<{THB}about> <http://www.w3.org/2000/01/rdf-schema#domain> <http://www.w3.org/ns/prov#Entity> ." in lines
    data = (facts + evidence + inferred["reference"]).decode().splitlines()
    for remove, add, _ in FAULTS.values():
        data = [line for line in data if not (remove and re.search(remove, line))] + add
    found = reports(("\n".join(data) + "\n").encode(), load_shapes(layout.shapes))
    assert found["fast"] == found["reference"]
    assert {shape for _, _, shape in FAULTS.values()} <= {finding.shape for finding in found["reference"].findings}
    totals = [f for f in found["fast"].findings if f.shape == "thbsh:ObservationTotalShape"]
    total = next(f for f in totals if f.focus == APPLICATIONS[1:-1])
    assert total.message == "The 2 parts of this total sum to 73, the total says 74."
    assert any("no-moj-2010-bsppc [" in passage for passage in total.passages)
    labels = {f.focus for f in found["fast"].findings if f.shape == "thbsh:skos_prefLabel"}
    assert labels - {RECEPTION[1:-1]}, "the synthetic report's thing without a label"
    assert any("syn-" in " ".join(f.passages) for f in totals)


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:prefixes a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""
DATA = b"""<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .
<http://example.org/a> <http://example.org/code> "ABC" .
<http://example.org/a> <http://example.org/count> "3"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .
<http://example.org/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .
"""
# Each feature the fast path leaves to pyshacl, in a shape that uses it on DATA.
UNSUPPORTED = {
    "a severity other than violation": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:severity sh:Warning ; "
        "sh:property [ sh:path ex:code ; sh:minCount 1 ] .",
        "sh:severity on a shape",
    ),
    "a deactivated shape": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ; "
        "sh:property [ sh:path ex:code ; sh:minCount 1 ] .",
        "sh:deactivated on a shape",
    ),
    "pattern flags": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; "
        'sh:property [ sh:path ex:code ; sh:pattern "^abd$" ; sh:flags "i" ] .',
        "sh:flags on a shape",
    ),
    "a shape that is also a class": (
        "ex:Thing a sh:NodeShape , rdfs:Class ; sh:property [ sh:path ex:code ; sh:minCount 1 ] .",
        "implicit class targets (a shape that is also a class)",
    ),
    "a comparison with another property": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:code ; sh:disjoint ex:count ; "
        "sh:lessThan ex:count ] .",
        "sh:lessThan on a shape",
    ),
    "a SPARQL constraint that does not select $this": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:prefixes ex:prefixes ; sh:message "
        '"has a code" ; sh:select "SELECT ?value WHERE { $this ex:code ?value }" ] .',
        "a SPARQL constraint whose SELECT does not project $this",
    ),
    "SPARQL that tells integer datatypes apart": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:prefixes ex:prefixes ; sh:message "
        '"{?value} is an xsd:nonNegativeInteger" ; sh:select "SELECT $this ?value WHERE { $this ex:count ?value . '
        'FILTER (DATATYPE(?value) = xsd:nonNegativeInteger && ?value > 2) }" ] .',
        "SPARQL that tests datatypes (DATATYPE, sameTerm) and compares or computes with values,"
        " on data with integer-derived literals",
    ),
    "the inverse of a sequence path": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; "
        "sh:property [ sh:path [ sh:inversePath ( ex:code ex:count ) ] ; sh:minCount 1 ] .",
        "a path other than IRIs, sequences, alternatives, repeats and inverse IRIs",
    ),
    "a constraint component of one's own": (
        "ex:Has a sh:ConstraintComponent ; sh:parameter [ sh:path ex:has ] ; sh:validator [ a sh:SPARQLAskValidator ; "
        'sh:message "lacks {$has}" ; sh:ask "ASK { $value ?p ?o . FILTER (?p = $has) }" ] . '
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; ex:has ex:code .",
        "the custom constraint component <http://example.org/has>",
    ),
}


@pytest.mark.parametrize("feature", list(UNSUPPORTED))
def test_a_feature_the_fast_path_leaves_to_pyshacl_gives_the_reference_answer(feature: str) -> None:
    text, named = UNSUPPORTED[feature]
    shapes = Graph().parse(data=SHAPES_HEAD + text, format="turtle")
    assert any(named in features for features in plan(shapes, DATA).fallback.values())
    found = reports(DATA, shapes)
    assert found["fast"] == found["reference"]
    assert found["reference"].findings or feature == "a deactivated shape"


# SPARQL that reads datatypes as terms runs on pyoxigraph, on the literals as written (pyoxigraph's
# store would read an xsd:nonNegativeInteger as an xsd:integer): RDF 1.1 Concepts 3.3, a literal's
# datatype IRI is part of the term, and SPARQL 1.1 17.4.2.7, DATATYPE returns it.
AS_WRITTEN = {
    "a value of a datatype derived from xsd:integer": (
        f"FILTER (!isLiteral(?value) || DATATYPE(?value) != <{XSD}integer>)",
        {f'"3"^^<{XSD}nonNegativeInteger>'},
    ),
    "an xsd:integer where a derived datatype is asked for": (
        f"FILTER (DATATYPE(?value) != <{XSD}nonNegativeInteger>)",
        {f'"7"^^<{XSD}integer>'},
    ),
    "the same term, datatype and all": (
        "ex:b ex:count ?other . FILTER (!sameTerm(?value, ?other))",
        {f'"3"^^<{XSD}nonNegativeInteger>'},
    ),
}


@pytest.mark.parametrize("case", list(AS_WRITTEN))
def test_sparql_that_reads_datatypes_runs_on_the_literals_as_written(case: str) -> None:
    test, values = AS_WRITTEN[case]
    text = (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:prefixes ex:prefixes ; sh:message "
        f'"{{?value}} is not as asked" ; sh:select "SELECT $this ?value WHERE {{ $this ex:count ?value . {test} }}" ] .'
    )
    data = (
        DATA + b'<http://example.org/b> <http://example.org/count> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    shapes = Graph().parse(data=SHAPES_HEAD + text, format="turtle")
    chosen = plan(shapes, data)
    assert not chosen.fallback and chosen.written == {URIRef("http://example.org/S")}
    found = reports(data, shapes)
    assert found["fast"] == found["reference"]
    assert {f.value for f in found["fast"].findings} == values
    assert {f.message for f in found["fast"].findings} == {f"{v.split('^^')[0][1:-1]} is not as asked" for v in values}


# Each kind of path the fast engine reads (SHACL 2.3.1), on DATA and a chain ex:a -> ex:b -> ex:a.
PATHS = {
    "an inverse": "[ sh:inversePath ex:next ]",
    "a sequence": "( ex:next ex:code )",
    "an alternative": "[ sh:alternativePath ( ex:code ex:count ) ]",
    "zero or more": "[ sh:zeroOrMorePath ex:next ]",
    "one or more": "[ sh:oneOrMorePath ex:next ]",
    "zero or one": "[ sh:zeroOrOnePath ex:next ]",
}


@pytest.mark.parametrize("path", list(PATHS))
def test_each_kind_of_path_gives_the_reference_answer(path: str) -> None:
    text = (
        f"ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path {PATHS[path]} ; sh:maxCount 1 ; "
        'sh:nodeKind sh:IRI ; sh:in ( ex:a ex:b "ABC" ) ] .'
    )
    data = DATA + b"<http://example.org/a> <http://example.org/next> <http://example.org/b> .\n"
    data += b"<http://example.org/b> <http://example.org/next> <http://example.org/a> .\n"
    shapes = Graph().parse(data=SHAPES_HEAD + text, format="turtle")
    assert not plan(shapes, data).fallback
    found = reports(data, shapes)
    assert found["fast"] == found["reference"]


def test_the_fast_engine_is_the_default() -> None:
    """Measured faster with the same answers (bench/engines.py, README)."""
    assert DEFAULT_ENGINE == "fast"

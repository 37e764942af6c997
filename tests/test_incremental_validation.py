"""Validation after a change (the fast engine's ``revalidate``) gives exactly the report validating the
whole data gives: on the seeds and on a synthetic corpus, after edits of the kinds a curator makes to
one source (a label removed, a figure changed so that a sum breaks, a quote changed, an
observation's dimension removed, a type added, a shared node given a second label, ...), each
applied and then undone. Each edit changes the report, so a reach that leaves out what the edit
touches (the inverse direction of a path, the passages a finding shows, ...) gives another report.

And the analysis itself (reach.py, shape_reach.py) on small shapes written here: what it reads
from the focus node, and what it cannot bound (SHACL 5.3.1, SPARQL 1.1 18.6: (NOT) EXISTS and
OPTIONAL see only the variables bound before them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from test_engines import (
    APPLICATIONS,
    BERGEN,
    CLAIM,
    DOC,
    ID,
    POSITION,
    RECEPTION,
    THB,
    TIP,
    XSD,
    corpus,
    facts_and_evidence,
)
from thbkg.build.engines import engine
from thbkg.build.engines.fast import FastEngine
from thbkg.build.engines.reach import Link, Same, Unbounded, query_reach
from thbkg.build.engines.shape_reach import core_reach
from thbkg.build.pipeline import Build
from thbkg.build.validate import Report, load_shapes
from thbkg.core.layout import Layout

Edit = Callable[[list[str]], list[str]]
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OA = "http://www.w3.org/ns/oa#"
SDMX = "http://purl.org/linked-data/sdmx/2009/dimension#"
DENIED = f"<{ID}observation/moj2010-reflection-period-first-applications-2009-denied>"
MINISTRY = f"<{ID}organization/ministry-of-children-and-equality>"
NORWAY = f"<{ID}country/NOR>"
QUOTED = f"<{ID}passage/no-moj-2010-bsppc/3759-3863#quote>"  # the quote of a claim about APPLICATIONS


def replaced(pattern: str, replacement: str) -> Edit:
    return lambda lines: [re.sub(pattern, replacement, line) for line in lines]


def removed(pattern: str) -> Edit:
    return lambda lines: [line for line in lines if not re.search(pattern, line)]


def added(*new: str) -> Edit:
    return lambda lines: lines + list(new)


def both(first: Edit, second: Edit) -> Edit:
    return lambda lines: second(first(lines))


WRONG_TOTAL = replaced(rf'^({re.escape(APPLICATIONS)} <{THB}value> )"73"', r'\1"74"')
# Each edit of the seeds: what the data holds before it (None: as built), and the edit.
SEED_EDITS: dict[str, tuple[Edit | None, Edit]] = {
    "a total's figure, so its parts no longer sum to it": (None, WRONG_TOTAL),
    "a part's figure, so the parts no longer sum to their total": (
        None,
        replaced(rf'^({re.escape(DENIED)} <{THB}value> )"23"', r'\1"24"'),
    ),
    "an organisation's English label removed": (
        None,
        removed(rf"^{re.escape(RECEPTION)} <{SKOS}prefLabel> .*@en \.$"),
    ),
    "a shared node, a ministry, given a second English label": (
        None,
        added(f'{MINISTRY} <{SKOS}prefLabel> "Ministry of Equality"@en .'),
    ),
    "a shared node, a country, given a second English label": (
        None,
        added(f'{NORWAY} <{SKOS}prefLabel> "Kingdom of Norway"@en .'),
    ),
    "an observation's period removed": (None, removed(rf"^{re.escape(BERGEN)} <{SDMX}refPeriod> ")),
    "a type added: a law that is a treaty too": (
        None,
        added(f"<{ID}law/no-penal-code-1902> <{RDF}type> <{THB}Treaty> ."),
    ),
    "a claim derived from a document its passage is not in": (
        None,
        added(f"{CLAIM} <http://www.w3.org/ns/prov#wasDerivedFrom> {TIP} ."),
    ),
    "a passage's offset moved (read from the document, against the triple's direction)": (
        None,
        replaced(rf'^({re.escape(POSITION)} <{OA}start> )"1023"', r'\1"1024"'),
    ),
    "a document's second issue date": (None, added(f'{DOC} <http://purl.org/dc/terms/issued> "2011"^^<{XSD}gYear> .')),
    "the quote a finding shows changed": (WRONG_TOTAL, replaced(rf'^({re.escape(QUOTED)} <{OA}exact> )"', r'\1"Now: ')),
    "the label of a node with a finding changed": (
        WRONG_TOTAL,
        replaced(rf'^({re.escape(APPLICATIONS)} <{SKOS}prefLabel> )"', r'\1"Renamed: '),
    ),
    "a passage's type removed (read from the claims that quote it, through sh:class)": (
        None,
        removed(rf"^<{ID}passage/no-moj-2010-bsppc/1023-1108> <{RDF}type> <{OA}SpecificResource> "),
    ),
    "a class placed under another in the ontology": (
        None,
        added(f"<{THB}Treaty> <{RDFS}subClassOf> <{THB}Law> ."),
    ),
}


def data_of(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def check(lines: list[str], edit: Edit, shapes: Graph, before: Report | None = None) -> None:
    """The edit and its undoing, each revalidated from the report before it, as validating gives;
    ``before``, where given, is that report on ``lines``, made once for many edits."""
    fast = FastEngine()
    after = edit(lines)
    changed = data_of(sorted(set(lines) ^ set(after)))
    before_report = before if before is not None else fast.validate(data_of(lines), shapes)
    after_report = fast.validate(data_of(after), shapes)
    assert before_report != after_report, "the edit changes the report"
    assert fast.revalidate(data_of(after), shapes, before_report, changed) == after_report
    assert fast.revalidate(data_of(lines), shapes, after_report, changed) == before_report


@pytest.fixture(scope="module")
def seed_lines(build: Build) -> list[str]:
    return sorted(set(b"".join(build.ntriples.values()).decode().splitlines()))


@pytest.mark.parametrize("name", list(SEED_EDITS))
def test_revalidating_the_seeds_after_an_edit_gives_the_whole_report(
    name: str, seed_lines: list[str], layout: Layout
) -> None:
    first, edit = SEED_EDITS[name]
    check(first(seed_lines) if first else seed_lines, edit, load_shapes(layout.shapes))


def test_a_change_holding_a_superset_of_the_difference_gives_the_whole_report(
    seed_lines: list[str], layout: Layout
) -> None:
    """``changed`` may hold unchanged triples too: every line of a claim's, say."""
    shapes, fast = load_shapes(layout.shapes), FastEngine()
    after = WRONG_TOTAL(seed_lines)
    changed = data_of([line for line in seed_lines + after if APPLICATIONS in line or DENIED in line])
    before_report = fast.validate(data_of(seed_lines), shapes)
    assert fast.revalidate(data_of(after), shapes, before_report, changed) == fast.validate(data_of(after), shapes)


def synthetic_edits(lines: list[str]) -> dict[str, Edit]:
    """Edits of one synthetic report, found in its lines by the shape of the data (bench/corpus.py)."""
    report = sorted(re.findall(rf"<{ID}document/(syn-[a-z]+-\d+)>", "\n".join(lines)))[0]
    subjects = [line.split(" ")[0] for line in lines if f"/{report}-" in line.split(" ")[0]]
    totals = [s for s in subjects if any(line.startswith(f"{s} <{THB}breakdownComplete> ") for line in lines)]
    total = totals[0]
    part = next(line.split(" ")[0] for line in lines if line.endswith(f"<{THB}breakdownOf> {total} ."))
    areas = {line.split(" ")[0]: line.split(" ")[2] for line in lines if f" <{SDMX}refArea> " in line}
    observation = next(s for s in subjects if s in areas and s not in totals and s != part)
    value = next(line for line in lines if line.startswith(f"{total} <{THB}value> "))
    country = areas[observation]
    claim = next(line.split(" ")[0] for line in lines if line.endswith(f"<{THB}about> {observation} ."))
    passage = next(line.split(" ")[2] for line in lines if line.startswith(f"{claim} <{OA}hasTarget> "))
    figure = re.escape(f"{part} <{THB}value> ") + r'"(\d+)'
    return {
        "a total's figure raised": replaced(re.escape(value), value.replace('"', '"1', 1)),
        "a part's figure raised": lambda edited: [re.sub(figure, r"\g<0>1", line) for line in edited],
        "an observation's period removed": removed(rf"^{re.escape(observation)} <{SDMX}refPeriod> "),
        "an observation's English label removed": removed(rf"^{re.escape(observation)} <{SKOS}prefLabel> .*@en \.$"),
        "a country given a second English label": added(f'{country} <{SKOS}prefLabel> "Another name"@en .'),
        "a claim about another thing": replaced(
            rf"^({re.escape(claim)} <{THB}about> ){re.escape(observation)}", rf"\1{total}"
        ),
        "a passage's quote changed": replaced(rf'^({re.escape(passage[:-1])}#quote> <{OA}exact> )"', r'\1"Now: '),
        "a type added: an observation that is a law too": added(f"{observation} <{RDF}type> <{THB}Law> ."),
    }


@pytest.mark.timeout(600)
def test_revalidating_a_synthetic_corpus_after_each_edit_gives_the_whole_report(tmp_path: Path) -> None:
    layout = corpus(tmp_path, 10)
    facts, evidence = facts_and_evidence(layout)
    lines = sorted(set((facts + evidence + engine("fast").infer(facts)).decode().splitlines()))
    shapes = load_shapes(layout.shapes)
    before = FastEngine().validate(data_of(lines), shapes)
    for edit in synthetic_edits(lines).values():
        check(lines, edit, shapes, before)


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:prefixes a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""
EX = "http://example.org/"
TYPE = ox.NamedNode(RDF + "type")
SUBCLASS = ox.NamedNode(RDFS + "subClassOf")


def test_a_sequence_path_and_a_class_are_read_from_the_focus_node_forwards() -> None:
    """ex:S's values are the ex:b of the ex:a of the focus node (SHACL 2.3.1.1), and sh:class reads
    each value's types and the classes above them (SHACL 4.1.1)."""
    shapes = Graph().parse(
        data=SHAPES_HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; "
        "sh:property [ sh:path ( ex:a ex:b ) ; sh:class ex:C ] .",
        format="turtle",
    )
    steps = core_reach(shapes, URIRef(EX + "S"))
    links = [step for step in steps if isinstance(step, Link)]
    first = next(link for link in links if link.terms[1] == ox.NamedNode(EX + "a"))
    second = next(link for link in links if link.terms[1] == ox.NamedNode(EX + "b"))
    typed = next(link for link in links if link.terms[1] == TYPE)
    assert first.start == 0 and first.terms[0] in reached_from("this", steps)
    assert second.start == 0 and second.terms[0] == first.terms[2]
    assert typed.start == 0 and typed.terms[0] == second.terms[2]
    upward = [link for link in links if link.terms[1] == SUBCLASS]
    assert {link.start for link in upward} == {0, 2}  # a repeated path's nodes, from either end
    assert all(link.terms[2] != ox.NamedNode(EX + "C") for link in links)  # never out from the class


def reached_from(root: str, steps: tuple[Link | Same, ...] | list[Link | Same]) -> set[str]:
    """The variables that hold the root's own value (through equalities)."""
    found = {root}
    for step in steps:
        if isinstance(step, Same) and step.source in found:
            found.add(step.target)
    return found


def test_a_not_exists_pattern_is_read_from_this() -> None:
    """The pattern in NOT EXISTS is read from the variables the pattern before it binds (?x) and
    from $this, pre-bound everywhere; each of its links from a variable already reached."""
    steps = query_reach(
        f"PREFIX ex: <{EX}> SELECT $this WHERE {{ $this ex:p ?x . FILTER NOT EXISTS {{ ?x ex:q ?y . ?y ex:r $this }} }}"
    )
    assert {(step.terms, step.start) for step in steps if isinstance(step, Link)} == {
        (("this", ox.NamedNode(EX + "p"), "x"), 0),
        (("x", ox.NamedNode(EX + "q"), "y"), 0),
        (("y", ox.NamedNode(EX + "r"), "this"), 0),  # ?y is reached through ?x (or $this, at 2)
    }


@pytest.mark.parametrize(
    "where",
    [
        pytest.param("$this ex:p ?x . ?y ex:q ?z", id="a pattern joined to $this by no variable"),
        pytest.param("$this a ex:C . ?y a ex:C", id="a pattern joined to $this only by a constant"),
        pytest.param(
            "$this ex:p ?a OPTIONAL { $this ex:q ?x } FILTER NOT EXISTS { ?x ex:r ?y }",
            id="NOT EXISTS on a variable an OPTIONAL may leave unbound",
        ),
        pytest.param("$this ex:p ?x . { SELECT (COUNT(*) AS ?n) WHERE { ?x ex:q ?y } }", id="a subquery's own ?x"),
        pytest.param("$this ex:p ?x . BIND (IRI(CONCAT(STR(?x), '/a')) AS ?y) ?y ex:q ?z", id="a computed node"),
    ],
)
def test_a_pattern_the_analysis_cannot_bound_runs_the_shape_whole(where: str) -> None:
    with pytest.raises(Unbounded):
        query_reach(f"PREFIX ex: <{EX}> SELECT $this WHERE {{ {where} }}")


def test_an_aggregate_not_grouped_by_this_cannot_be_bounded() -> None:
    with pytest.raises(Unbounded):
        query_reach(f"PREFIX ex: <{EX}> SELECT ?this WHERE {{ ?x ex:p ?y }} GROUP BY ?this", substituted=False)
    grouped = query_reach(f"PREFIX ex: <{EX}> SELECT $this (COUNT(?y) AS ?n) WHERE {{ $this ex:p ?y }} GROUP BY $this")
    assert grouped == (Link(("this", ox.NamedNode(EX + "p"), "y"), 0),)


INVERSE_DATA = [
    f"<{EX}a> <{RDF}type> <{EX}T> .",
    f"<{EX}b> <{RDF}type> <{EX}T> .",
    f"<{EX}x> <{EX}next> <{EX}a> .",
]


def test_an_inverse_path_is_revalidated_from_the_triple_s_object() -> None:
    """A focus node's values along ^ex:next are the subjects of its ex:next triples: a triple added
    to another subject changes the count of its object, which is what is validated again."""
    shapes = Graph().parse(
        data=SHAPES_HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; "
        "sh:property [ sh:path [ sh:inversePath ex:next ] ; sh:maxCount 1 ] .",
        format="turtle",
    )
    check(INVERSE_DATA, added(f"<{EX}y> <{EX}next> <{EX}a> ."), shapes)
    check(INVERSE_DATA, added(f"<{EX}y> <{EX}next> <{EX}b> .", f"<{EX}z> <{EX}next> <{EX}b> ."), shapes)


def test_a_report_from_other_shapes_is_validated_whole(seed_lines: list[str], layout: Layout) -> None:
    """A finding of a shape the shapes do not name cannot be told from the rest: all is run again."""
    shapes, fast = load_shapes(layout.shapes), FastEngine()
    stale = Report(False, (*fast.validate(data_of(WRONG_TOTAL(seed_lines)), shapes).findings,))
    foreign = Report(False, tuple(f.__class__(**{**f.__dict__, "shape": "ex:Gone"}) for f in stale.findings))
    expected = fast.validate(data_of(seed_lines), shapes)
    changed = data_of(sorted(set(seed_lines) ^ set(WRONG_TOTAL(seed_lines))))
    assert fast.revalidate(data_of(seed_lines), shapes, foreign, changed) == expected


def test_the_label_a_finding_shows_is_revalidated() -> None:
    """A shape that reads no label still shows its focus node's label (Context.label): a changed
    label is validated again, though no constraint reads it."""
    shapes = Graph().parse(
        data=SHAPES_HEAD
        + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:code ; sh:minCount 1 ] .",
        format="turtle",
    )
    labelled = [*INVERSE_DATA, f'<{EX}a> <{RDFS}label> "A"@en .']
    check(labelled, replaced(r'"A"@en', '"Another"@en'), shapes)
    check(labelled, added(f'<{EX}b> <{SKOS}prefLabel> "B"@en .'), shapes)


def test_a_not_exists_on_another_node_is_revalidated() -> None:
    """A constraint's FILTER NOT EXISTS reads the chain of places from the focus node's place (SPARQL
    1.1 18.6: EXISTS sees the solution's bindings): a link of the chain removed changes the answer
    for the node two steps away."""
    shapes = Graph().parse(
        data=SHAPES_HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:prefixes ex:prefixes ; "
        'sh:message "{?place} is not in {?area}" ; sh:select """SELECT $this ?place ?area WHERE { '
        '$this ex:place ?place ; ex:area ?area . FILTER NOT EXISTS { ?place ex:in* ?area } }""" ] .',
        format="turtle",
    )
    lines = [
        *INVERSE_DATA,
        f"<{EX}a> <{EX}place> <{EX}city> .",
        f"<{EX}a> <{EX}area> <{EX}country> .",
        f"<{EX}city> <{EX}in> <{EX}region> .",
        f"<{EX}region> <{EX}in> <{EX}country> .",
    ]
    check(lines, removed(f"^<{EX}region> "), shapes)


def test_a_closed_shape_on_a_value_is_revalidated() -> None:
    """sh:closed reads every triple of the nodes it checks (SHACL 4.8.1), here the focus node's
    values through sh:node: a triple added to a value changes the focus node's result."""
    shapes = Graph().parse(
        data=SHAPES_HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:part ; sh:node "
        "[ sh:closed true ; sh:ignoredProperties ( ex:code ) ] ] .",
        format="turtle",
    )
    lines = [*INVERSE_DATA, f"<{EX}a> <{EX}part> <{EX}p> .", f'<{EX}p> <{EX}code> "1" .']
    check(lines, added(f'<{EX}p> <{EX}other> "2" .'), shapes)

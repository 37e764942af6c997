"""The curators' links (data/curation/): links that no single document states are in the graph
thbg:curation, never in a source graph, each with a record of who made it, why, and the passages
of the documents it joins; a link that is wrong as input fails the build at its file and line.

The passages are checked against the words a reader finds in each document."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF

from facts import iri
from thbkg.build.pipeline import Build
from thbkg.build.terms import OA, graph_iri
from thbkg.cli import main
from thbkg.core.evidence import curations_of
from thbkg.core.namespaces import key_iri

MOJ, TIP = "no-moj-2010-bsppc", "us-dos-tip-2011-nor"
CURATORS = "organization/thbkg-curators"

# Each link, and for each passage it rests on: the document and words copied from that passage.
LINKS = [
    (
        "recommendation/tip2011-national-rapporteur",
        "thb:addresses",
        "gap/moj2010-no-national-rapporteur",
        [
            (TIP, "establish a national anti-trafficking rapporteur"),
            (MOJ, "Norway does not have a National Rapporteur"),
        ],
    ),
    (
        "recommendation/tip2011-prosecute-sex-and-labour-trafficking",
        "thb:addresses",
        "gap/moj2010-distinguishing-trafficking-from-procurement",
        [
            (TIP, "dropped or downgraded to pimping"),
            (MOJ, "distinguishes between prostitution, procurement (pimping) and human trafficking"),
            (MOJ, "between human trafficking and procurement"),
        ],
    ),
    (
        "action-plan/no-nap-2011-2014",
        "thb:succeeds",
        "action-plan/no-nap-2006",
        [
            (MOJ, "The current plan is from 2006."),
            (MOJ, "A new plan will be introduced in 2010."),
            (TIP, "issued its new anti-trafficking action plan for 2011-2014"),
        ],
    ),
]


@pytest.mark.parametrize(("s", "p", "o", "passages"), LINKS, ids=[f"{s} {p}" for s, p, _, _ in LINKS])
def test_a_curated_link_is_in_the_curation_graph_alone_with_its_record(
    build: Build, store: ox.Store, source_text, s: str, p: str, o: str, passages: list[tuple[str, str]]
) -> None:
    triple = (iri(s), iri(p), iri(o))
    assert triple in build.graphs[graph_iri("curation")]
    stating = [name for name, graph in build.graphs.items() if "/graph/source/" in name and triple in graph]
    assert stating == [], "a source graph holds a link that its document does not state"
    (curation,) = curations_of(store, *(ox.NamedNode(str(term)) for term in triple))
    assert curation.curator == key_iri(CURATORS)
    assert "curators" in curation.reason
    found = {(passage.document, passage.exact) for passage in curation.passages}
    for source_id, words in passages:
        document = key_iri(f"document/{source_id}")
        assert any(d == document and words in " ".join(exact.split()) for d, exact in found), (source_id, words)
    for passage in curation.passages:
        text = source_text(passage.document.rsplit("/", 1)[1])
        assert text[passage.start : passage.end] == passage.exact
        evidence = build.graphs[graph_iri("evidence/" + passage.document.rsplit("/", 1)[1])]
        assert list(evidence.subjects(OA.hasTarget, iri(passage.iri.split("/id/", 1)[1]))), "no claim quotes it"


def test_a_curated_links_record_is_named_by_the_things_it_joins(build: Build) -> None:
    """A page listing a record shows a sentence, not a hash: the preferred labels of the link's
    subject and object, from the reference data, and that it is the curators'."""
    curation, reference = build.graphs[graph_iri("curation")], build.graphs[graph_iri("reference")]
    records = list(curation.subjects(RDF.type, iri("thb:CuratedLink")))
    assert records
    for record in records:
        (statement,) = curation.objects(record, iri("thb:asserts"))
        (label,) = curation.objects(record, iri("skos:prefLabel"))
        assert label.language == "en" and str(label).endswith("(curators' link)")
        for end in (RDF.subject, RDF.object):
            (thing,) = curation.objects(statement, end)
            names = [str(n) for n in reference.objects(thing, iri("skos:prefLabel")) if n.language == "en"]
            assert names and names[0] in str(label)


def test_the_curators_are_an_agent_of_the_reference_data(build: Build) -> None:
    reference = build.graphs[graph_iri("reference")]
    types = set(reference.objects(iri(CURATORS), RDF.type))
    assert {iri("prov:Agent"), iri("foaf:Organization")} <= types


# Links that are wrong as input: the text of a curation file, a line of it that marks where the
# problem is reported, and the reason given.
GOOD_PASSAGES = (
    "    passages:\n"
    "      - source: us-dos-tip-2011-nor\n"
    '        quote: "fund a national anti-trafficking awareness campaign"\n'
)


def _moj_passage(quote: str) -> str:
    return f"    passages:\n      - source: no-moj-2010-bsppc\n        quote: {quote}\n"


def _link(about: str, states: str, by: str = CURATORS, passages: str = GOOD_PASSAGES) -> str:
    return (
        "links:\n"
        f"  - about: {about}\n"
        "    states:\n"
        f"      {states}\n"
        f"    by: {by}\n"
        "    reason: A sentence saying why.\n" + passages
    )


BROKEN_LINKS = {
    "stated by a document": (
        _link(
            "recommendation/tip2011-fund-awareness-campaign",
            "thb:addresses: gap/tip2011-no-national-awareness-campaign",
        ),
        "thb:addresses:",
        "thb:addresses gap/tip2011-no-national-awareness-campaign is stated by us-dos-tip-2011-nor",
    ),
    "a second time": (
        _link("action-plan/no-nap-2011-2014", "thb:succeeds: action-plan/no-nap-2006"),
        "thb:succeeds:",
        "thb:succeeds action-plan/no-nap-2006 is already a curated link at",
    ),
    "not an object property": (
        _link("recommendation/tip2011-fund-awareness-campaign", "thb:recommends: fund a campaign"),
        "thb:recommends:",
        "'thb:recommends' is not an object property of the ontology",
    ),
    "unknown key": (
        _link("recommendation/no-such-recommendation", "thb:addresses: gap/moj2010-no-national-rapporteur"),
        "- about:",
        "unknown key 'recommendation/no-such-recommendation'",
    ),
    "not an agent": (
        _link("action-plan/no-nap-2006", "thb:succeeds: action-plan/no-nap-2011-2014", by="organization/police"),
        "by:",
        "'organization/police' is not an agent (prov:Agent) declared in data/reference/",
    ),
    "quote not in the text": (
        _link(
            "action-plan/no-nap-2006",
            "thb:succeeds: action-plan/no-nap-2011-2014",
            passages=_moj_passage("The plan contains 38 measures."),
        ),
        "quote:",
        "quote not found in the source text: 'The plan contains 38 measures.'",
    ),
    "passage no claim quotes": (
        _link(
            "action-plan/no-nap-2006",
            "thb:succeeds: action-plan/no-nap-2011-2014",
            passages=_moj_passage("the real extent remains uncertain."),
        ),
        "quote:",
        "no claim of no-moj-2010-bsppc quotes this passage",
    ),
    "no reason": (
        _link("action-plan/no-nap-2006", "thb:succeeds: action-plan/no-nap-2011-2014").replace(
            "    reason: A sentence saying why.\n", ""
        ),
        "  - about:",
        "missing field 'reason'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_LINKS))
def test_a_wrong_link_fails_the_build_at_its_line_and_nothing_is_written(project: Path, capsys, case: str) -> None:
    text, marker, reason = BROKEN_LINKS[case]
    path = project / "data" / "curation" / "more-links.yaml"  # read after links.yaml
    path.write_text(text, encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.lstrip().startswith(marker.lstrip()))
    before = (project / "data/build/thbkg.nq").read_bytes()
    capsys.readouterr()
    assert main(["--root", str(project), "build"]) == 2
    problems = [row.strip() for row in capsys.readouterr().err.splitlines() if row.startswith("  ")]
    assert any(problem.startswith(f"{path}:{line}: {reason}") for problem in problems), problems
    assert (project / "data/build/thbkg.nq").read_bytes() == before

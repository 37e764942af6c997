"""The graph views, checked against the documents: each asserted node and edge is one a passage
states (quoted beside it, and checked to be in the text), not one copied from a view's output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Graph, URIRef

from facts import SIX_MINISTRIES
from thbkg.core.namespaces import OA, ORG, RDFS, THB, key_iri
from thbkg.explore import KnowledgeGraph, KnowledgeGraphError, open_graph, views

MOJ, TIP = "no-moj-2010-bsppc", "us-dos-tip-2011-nor"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kg(nquads: Path) -> KnowledgeGraph:
    return open_graph(nquads, root=ROOT)


def said(source_text, source: str, quote: str) -> None:
    """The passage a test relies on is in the document, word for word (white space evened out)."""
    assert " ".join(quote.split()) in " ".join(source_text(source).split()), quote


def edges_between(graph, source: str, target: str) -> list[dict]:
    return [data for _, data in graph[key_iri(source)].get(key_iri(target), {}).items()]


def test_every_view_has_its_description_and_layout() -> None:
    assert set(views()) == {"actors", "law", "plans", "countries", "evidence", "ontology"}
    for view in views().values():
        assert view.summary and view.edges.description
        assert view.layout in {"hierarchical", "bipartite", "shells", "spring"}


def test_actors_the_unit_the_police_directorate_administers(kg, source_text) -> None:
    said(source_text, MOJ, "This unit (the KOM project) is administered by the Directorate of Police")
    actors = kg.view("actors")
    (edge,) = [e for e in edges_between(actors, "organization/kom", "organization/police-directorate")]
    assert edge["predicate"] == THB + "administeredBy"
    assert edge["label"] == "administered by"
    assert MOJ in edge["documents"]
    kom = actors.nodes[key_iri("organization/kom")]
    assert kom["iri"] == key_iri("organization/kom")
    assert MOJ in kom["documents"]
    assert "KOM" in kom["label"] and not kom["label"].startswith("http")


def test_actors_the_post_and_who_holds_it(kg, source_text) -> None:
    said(source_text, MOJ, "Jan Austad")
    said(source_text, MOJ, "National coordinator on Trafficking in Human Beings")
    actors = kg.view("actors")
    held = edges_between(actors, "post/national-coordinator", "person/jan-austad")
    assert [e["predicate"] for e in held] == [ORG + "heldBy"]
    assert actors.nodes[key_iri("person/jan-austad")]["type"] == "Person"


def test_actors_holds_every_ministry_even_unlinked(kg) -> None:
    actors = kg.view("actors")
    ministries = {n for n, d in actors.nodes(data=True) if d["type"] == "Ministry"}
    assert {key_iri(key) for key in SIX_MINISTRIES} <= ministries


def test_plans_the_ministries_that_drew_up_the_2006_plan(kg, source_text) -> None:
    said(source_text, MOJ, "The plan of action was drawn up by the Ministry of Labour and Social Inclusion")
    plans = kg.view("plans")
    drew = {
        target
        for _, target, data in plans.out_edges(key_iri("action-plan/no-nap-2006"), data=True)
        if data["predicate"] == THB + "drawnUpBy"
    }
    assert drew == {key_iri(key) for key in SIX_MINISTRIES}


def test_plans_carry_their_number_of_measures(kg, source_text) -> None:
    said(source_text, MOJ, "The plan contains 37 measures.")
    plan = kg.view("plans").nodes[key_iri("action-plan/no-nap-2006")]
    assert plan["numberOfMeasures"] == 37


def test_law_section_224(kg, source_text) -> None:
    said(
        source_text,
        MOJ,
        "This provision, introduced in 2003, is based on the Palermo Protocol and covers exploitation for the "
        "purpose of prostitution, forced labour, including begging, or trade in human organs.",
    )
    said(source_text, TIP, "a maximum penalty of 10 years' imprisonment in aggravated cases")
    law = kg.view("law")
    s224 = "legal-provision/no-penal-code-1902-s224"
    assert [e["predicate"] for e in edges_between(law, s224, "treaty/palermo-protocol")] == [THB + "basedOn"]
    for form in ("forced-labour", "trade-in-human-organs", "exploitation-for-prostitution", "forced-begging"):
        assert THB + "covers" in [e["predicate"] for e in edges_between(law, s224, f"exploitation-form/{form}")]
    section = law.nodes[key_iri(s224)]
    assert section["introducedIn"] == "2003"  # an xsd:gYear, as written
    assert section["maximumPenalty"] == "P10Y"
    assert section["penaltyCondition"] == "in aggravated cases"
    assert section["type"] == "Legal provision"


def test_law_norwegian_labels_as_the_reference_data_gives_them(kg) -> None:
    reference = yaml.safe_load((ROOT / "data/reference/law-and-measures.yaml").read_text(encoding="utf-8"))
    bokmal = {
        key_iri(entry["key"]): entry["label_nb"]
        for entries in reference.values()
        if isinstance(entries, list)
        for entry in entries
        if isinstance(entry, dict) and "label_nb" in entry
    }
    law = kg.view("law")
    shown = {node: bokmal[node] for node in law if node in bokmal}
    assert shown, "the law view shows no thing with a Norwegian label"
    for node, label in shown.items():
        assert law.nodes[node]["label_nb"] == label


def test_countries_origin_and_partner(kg, source_text) -> None:
    said(source_text, TIP, "originated in Nigeria, while others came from Algeria, Lithuania, Romania, Bulgaria")
    said(
        source_text,
        TIP,
        "including the governments of Lithuania, Bulgaria, Romania, Slovakia, the Czech Republic, Italy, and Spain",
    )
    countries = kg.view("countries")

    def with_role(role: str) -> set[str]:
        target = key_iri(f"country-role/{role}")
        return {source for source, to in countries.edges() if to == target}

    both = with_role("origin") & with_role("law-enforcement-partner")
    assert {key_iri(f"country/{code}") for code in ("LTU", "ROU", "BGR")} <= both
    assert key_iri("country/NGA") not in with_role("law-enforcement-partner")
    (origin,) = edges_between(countries, "country/NGA", "country-role/origin")
    assert origin["documents"] == [TIP] and origin["period"] == "2010"


def test_evidence_from_fact_to_document(kg, source_text) -> None:
    quote = "This unit (the KOM project) is administered by the Directorate of Police"
    said(source_text, MOJ, quote)
    evidence = kg.view("evidence", about="organization/kom")
    kom, directorate = (kg.label(key_iri(key)) for key in ("organization/kom", "organization/police-directorate"))
    (fact,) = [n for n, d in evidence.nodes(data=True) if d["label"] == f"{kom} administered by {directorate}"]
    claims = {claim for claim, _ in evidence.in_edges(fact)}
    passages = {
        p
        for claim in claims
        for _, p, data in evidence.out_edges(claim, data=True)
        if data["predicate"] == OA + "hasTarget"
    }
    assert any(quote in evidence.nodes[passage]["label"] for passage in passages)
    documents = {document for passage in passages for _, document in evidence.out_edges(passage)}
    assert key_iri(f"document/{MOJ}") in documents


def test_ontology_subclasses_as_the_ontology_states_them(kg, layout) -> None:
    police_unit, government_unit = THB + "PoliceUnit", THB + "GovernmentUnit"
    stated = Graph().parse(layout.ontology)
    assert (URIRef(police_unit), URIRef(RDFS + "subClassOf"), URIRef(government_unit)) in stated
    ontology = kg.view("ontology")
    assert [d["predicate"] for d in ontology[police_unit][government_unit].values()] == [RDFS + "subClassOf"]


def test_neighbourhood_of_kom(kg) -> None:
    around = kg.neighbourhood("organization/kom")
    assert key_iri("organization/police-directorate") in around[key_iri("organization/kom")]
    assert around.graph["focus"] == key_iri("organization/kom")
    wider = kg.neighbourhood("organization/kom", depth=2)
    assert set(around) < set(wider)


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda kg: kg.view("actor"), "did you mean actors"),
        (lambda kg: kg.neighbourhood("organization/no-such-body"), "not in the graph"),
        (lambda kg: kg.neighbourhood("organization/kom", depth=0), "depth must be"),
        (lambda kg: kg.view("evidence", about="not an iri"), "about"),
        (lambda kg: kg.view("law", nonsense="1"), "unknown parameter"),
    ],
)
def test_bad_view_requests_raise_one_clear_error(kg, call, says) -> None:
    with pytest.raises(KnowledgeGraphError, match=says):
        call(kg)

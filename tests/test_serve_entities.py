"""``thbkg serve`` entity pages: our IRIs dereference to HTML with names, links and the passages that
state each fact, or to RDF by Accept; the ontology dereferences to one document; unknown IRIs 404.

Expected names and passages are read from the source texts and the reference data, and expected
triples from the build, never from the server's own output.
"""

from __future__ import annotations

import html

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from serve_server import Server, running
from thbkg.build.pipeline import Build, write_outputs
from thbkg.build.terms import THB, THBR, graph_iri
from thbkg.core.layout import Layout
from thbkg.serve import entity_page, ontology_page
from thbkg.serve.entity_view import Neighbourhood
from thbkg.serve.lookup import Describe

KOM = THBR["organization/kom"]
MOJ, TIP = "no-moj-2010-bsppc", "us-dos-tip-2011-nor"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
EX = Namespace("https://w3id.org/thbkg/id/test/")


@pytest.fixture(scope="module")
def server(build: Build, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("entities")
    write_outputs(build, folder / "build")
    with running(folder / "build" / "thbkg.nq", "--workers", "1", "--dist", str(folder / "dist")) as server:
        yield server


@pytest.fixture(scope="module")
def kom_page(server: Server) -> str:
    reply = server.request("GET", "/id/organization/kom", headers={"Accept": BROWSER})
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert "Accept" in reply.headers["vary"]
    return reply.text


def sentence_with(text: str, words: str) -> str:
    """The sentence of ``text`` holding ``words``: the passage a claim quotes."""
    start = text.index(words)
    begin = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    return text[begin : text.index(".", start) + 1].strip()


def test_kom_page_names_it_in_norwegian_and_in_each_documents_english(kom_page: str, layout: Layout, source_text):
    norwegian = "Koordineringsenheten for ofre for menneskehandel (KOM)"
    assert norwegian in (layout.reference / "organizations.yaml").read_text(encoding="utf-8")
    assert "KOM project" in source_text(MOJ) and "National Coordination Unit" in source_text(TIP)
    for name in (norwegian, "KOM project", "National Coordination Unit"):
        assert html.escape(name) in kom_page


def test_kom_page_quotes_a_passage_from_each_document(kom_page: str, source_text) -> None:
    for source, words in ((MOJ, "(the KOM project) is administered"), (TIP, "conducted a two-day national seminar")):
        text = source_text(source)
        passage = sentence_with(text, words)
        start = text.index(passage)
        assert html.escape(passage) in kom_page, passage
        assert f"characters {start} to {start + len(passage)}" in kom_page
        assert f'href="/id/document/{source}"' in kom_page


def test_kom_page_links_relations_both_ways(kom_page: str, build: Build) -> None:
    union = build.union()
    for target in union.objects(KOM, THB.administeredBy):
        assert f'href="/id/{target.removeprefix(str(THBR))}"' in kom_page
    for source in union.subjects(THB.operatedBy, KOM):
        assert f'href="/id/{source.removeprefix(str(THBR))}"' in kom_page
    assert 'href="/ontology#GovernmentUnit"' in kom_page


def kom_graph(server: Server, accept: str, fmt: str) -> Graph:
    reply = server.request("GET", "/id/organization/kom", headers={"Accept": accept})
    assert reply.status == 200
    assert "Accept" in reply.headers["vary"]
    return Graph().parse(data=reply.body, format=fmt)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("text/html;q=0.1, text/turtle;q=0.5, application/n-triples", "nt"),
    ],
)
def test_kom_as_rdf_holds_every_fact_of_the_build(server: Server, build: Build, accept: str, fmt: str) -> None:
    got = set(kom_graph(server, accept, fmt))
    union = build.union()
    expected = set(union.triples((KOM, None, None))) | set(union.triples((None, None, KOM)))
    assert expected <= got
    assert (KOM, RDFS.label, Literal("KOM project", lang="en")) in got
    assert (KOM, SKOS.prefLabel, Literal("Koordineringsenheten for ofre for menneskehandel (KOM)", lang="nb")) in got


def test_head_answers_the_headers_only(server: Server) -> None:
    reply = server.request("HEAD", "/id/organization/kom", headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.body == b""
    assert reply.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(
    "target", ["/id/organization/no-such-body", "/id/organization/kom%3E%20%3Cx", "/id/..%2Fontology"]
)
def test_unknown_iris_answer_404_in_one_line(server: Server, target: str) -> None:
    reply = server.request("GET", target, headers={"Accept": "*/*"})  # a browser gets a page (test_serve_site.py)
    assert reply.status == 404
    assert reply.headers["content-type"].startswith("text/plain")
    assert reply.text.count("\n") == 1 and "Traceback" not in reply.text


def test_ontology_terms_dereference_to_the_ontology_document(server: Server, build: Build) -> None:
    page = server.request("GET", "/ontology", headers={"Accept": BROWSER})
    assert page.status == 200
    assert 'id="GovernmentUnit"' in page.text and "Government unit" in page.text
    turtle = server.request("GET", "/ontology", headers={"Accept": "text/turtle"})
    got = set(Graph().parse(data=turtle.body, format="turtle"))
    assert got == set(build.graphs[graph_iri("ontology")])
    assert (THB.GovernmentUnit, RDF.type, OWL.Class) in got
    jsonld = server.request("GET", "/ontology", headers={"Accept": "application/ld+json"})
    assert set(Graph().parse(data=jsonld.body, format="json-ld")) == got


def test_a_class_lists_all_it_is_disjoint_with_in_one_row(build: Build) -> None:
    ontology = build.graphs[graph_iri("ontology")]
    quads = [ox.Quad(*(_ox(term) for term in triple), ox.NamedNode(str(graph_iri("ontology")))) for triple in ontology]
    page = ontology_page.ontology_html(quads)
    section = page.split('id="Permit"', 1)[1].split("<h3", 1)[0]
    rows = [row for row in section.split("<tr>") if "owl:disjointWith" in row]
    assert len(rows) == 1
    others = {str(o).split("#")[-1] for o in ontology.objects(THB.Permit, OWL.disjointWith)}
    assert len(others) > 1 and all(f"#{name}" in rows[0] or f":{name}<" in rows[0] for name in others)


def _ox(term: object) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Literal):
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), language=term.language, datatype=None if term.language else datatype)
    return ox.NamedNode(str(term))


def test_a_gap_page_shows_the_curators_link_to_it_once(store: ox.Store) -> None:
    """'Norway does not have a National Rapporteur' (2010); 'establish a national anti-trafficking
    rapporteur' (2011): the link the curators make is mentioned once, from the curation graph, and
    not again through the statement their record reifies."""
    gap = str(THBR["gap/moj2010-no-national-rapporteur"])
    answer = Describe(gap).run(store)
    view = Neighbourhood(gap, list(ox.parse(answer.body, format=ox.RdfFormat.N_QUADS)))
    mentions = {(f.triple[0].value, f.triple[1].value, f.graphs) for f in view.mentions()}
    link = (str(THBR["recommendation/tip2011-national-rapporteur"]), str(THB.addresses))
    assert (*link, (str(graph_iri("curation")),)) in mentions
    assert not [m for m in mentions if m[0].startswith(str(THBR["statement/"]))]


def test_markup_in_the_data_is_escaped() -> None:
    thing = ox.NamedNode(str(EX["x"]))
    hostile = '<script>alert("x")</script>'
    quads = [
        ox.Quad(thing, ox.NamedNode(str(RDFS.label)), ox.Literal(hostile, language="en"), ox.NamedNode(str(EX.g))),
        ox.Quad(thing, ox.NamedNode(str(THB.note)), ox.NamedNode("javascript:alert(1)"), ox.NamedNode(str(EX.g))),
    ]
    page = entity_page.entity_html(Neighbourhood(thing.value, quads))
    assert "<script>" not in page and html.escape(hostile) in page
    assert 'href="javascript' not in page


@pytest.mark.parametrize("target", ["/id/organization/kom", "/ontology", "/id/no/such-thing"])
def test_pages_carry_the_content_security_policy(server: Server, target: str) -> None:
    reply = server.request("GET", target, headers={"Accept": BROWSER})
    assert reply.headers["x-content-type-options"] == "nosniff"
    if reply.headers["content-type"].startswith("text/html"):
        assert "default-src 'self'" in reply.headers["content-security-policy"]

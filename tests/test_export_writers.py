"""The writers the downloads are made with, each against the library that defines the right answer:
the JSON-LD against PyLD compacting the same quads, the GraphML against networkx's writer, the
statistics and the dataset's subject against pyoxigraph's and rdflib's reading of the data, and
the splitting of the N-Quads lines against the N-Triples escapes and literal forms of RDF 1.1."""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from pyld import jsonld

from thbkg.core import ntlines
from thbkg.core.dumps import graph_ntriples, plain_strings, serialized, union_ntriples
from thbkg.core.evidence import DOCUMENTS, DOCUMENTS_STATING
from thbkg.core.evidence import PREFIXES as EVIDENCE_PREFIXES
from thbkg.core.namespaces import RDF_TYPE, THB, THBG, THBR, XSD_STRING
from thbkg.explore.exports import flat, graphml, to_bytes
from thbkg.explore.views import ViewGraph, build_view, view_graph, views
from thbkg.release import export as release_export
from thbkg.release.about import about_ntriples, read_about
from thbkg.release.description import statistics
from thbkg.release.export import export, view_select, view_store
from thbkg.release.jsonld import CONTEXT, dataset_jsonld
from thbkg.sparql.store import load_build

XSD_STRING_SUFFIX = f"^^<{XSD_STRING}>"


def pyld_compacted(quads: bytes) -> bytes:
    """What a general JSON-LD processor makes of the quads: pyoxigraph's expanded JSON-LD with
    ``rdf:type`` IRIs as ``@type`` (JSON-LD's own RDF conversion), compacted by PyLD with the
    context, every array and key sorted, laid out by ``json.dumps``."""
    expanded = json.loads(serialized(ox.parse(quads, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.JSON_LD))
    for graph in expanded:
        for node in graph.get("@graph", ()):
            values = node.pop(RDF_TYPE, [])
            if classes := [value["@id"] for value in values if set(value) == {"@id"}]:
                node["@type"] = classes
            if others := [value for value in values if set(value) != {"@id"}]:
                node[RDF_TYPE] = others
    compacted = jsonld.compact(expanded, {"@context": CONTEXT}, {"documentLoader": _no_fetch})
    return (json.dumps(_ordered(compacted), indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _no_fetch(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise AssertionError(f"compaction fetched {url}")


def _ordered(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _ordered(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_ordered(item) for item in node]
        key = lambda item: (item.get("@id", "") if isinstance(item, dict) else "", json.dumps(item, sort_keys=True))  # noqa: E731
        return sorted(items, key=key)
    return node


def written(quads: bytes) -> bytes:
    """The quads as the export reads them: sorted lines, as the build writes them."""
    return b"".join(sorted(set(quads.splitlines(keepends=True))))


# Quads with the forms compaction treats apart: several types, a literal rdf:type, language and
# typed literals (xsd:string written both ways), escapes, an IRI under no prefix, a prefix's own
# IRI as property and as value, a subject in two graphs, and a node with a single value.
TRICKY = f"""\
<{THBR}thing/a> <{RDF_TYPE}> <{THB}Ministry> <{THBG}one> .
<{THBR}thing/a> <{RDF_TYPE}> <{THB}Organisation> <{THBG}one> .
<{THBR}thing/a> <{RDF_TYPE}> "a literal type" <{THBG}one> .
<{THBR}thing/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "Departementet"@nb <{THBG}one> .
<{THBR}thing/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "The \\"ministry\\"\\n\\u00e5 \\\\ end"@en <{THBG}one> .
<{THBR}thing/a> <{THB}count> "12"^^<http://www.w3.org/2001/XMLSchema#integer> <{THBG}one> .
<{THBR}thing/a> <{THB}code> "202"^^<{XSD_STRING}> <{THBG}one> .
<{THBR}thing/a> <{THB}code> "202a" <{THBG}one> .
<{THBR}thing/a> <http://example.org/vocab/x> <http://example.org/elsewhere> <{THBG}one> .
<{THBR}thing/a> <{THB}> <{THB}> <{THBG}one> .
<{THBR}thing/b> <{THB}partOf> <{THBR}thing/a> <{THBG}one> .
<{THBR}thing/a> <{THB}partOf> <{THBR}thing/b> <{THBG}two> .
""".encode()
ALONE = f'<{THBR}thing/c> <{THB}note> "only one graph" <{THBG}solo> .\n'.encode()


@pytest.mark.parametrize("quads", [TRICKY, ALONE], ids=["several graphs", "one graph"])
def test_the_json_ld_is_what_pyld_compacts_from_the_same_quads(quads: bytes) -> None:
    assert dataset_jsonld(graph_ntriples(written(quads))) == pyld_compacted(quads)


def test_the_json_ld_of_the_build_is_what_pyld_compacts(nquads: Path) -> None:
    quads = nquads.read_bytes()
    assert dataset_jsonld(graph_ntriples(quads)) == pyld_compacted(quads)


def test_the_json_ld_parses_back_into_the_quads() -> None:
    parsed = set(ox.parse(dataset_jsonld(graph_ntriples(written(TRICKY))), format=ox.RdfFormat.JSON_LD))
    assert parsed == set(ox.parse(TRICKY, format=ox.RdfFormat.N_QUADS))


def test_a_literal_typed_xsd_string_is_the_plain_literal_and_each_triple_has_one_line() -> None:
    graphs = graph_ntriples(written(TRICKY))
    assert XSD_STRING_SUFFIX.encode() not in graphs[THBG + "one"]
    assert b'"202" .' in graphs[THBG + "one"]
    twice = f'<{THBR}x> <{THB}code> "7"^^<{XSD_STRING}> <{THBG}one> .\n<{THBR}x> <{THB}code> "7" <{THBG}two> .\n'
    assert union_ntriples(graph_ntriples(twice.encode())).count(b"\n") == 1


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f'<{THBR}x> <{THB}p> "a\\"{XSD_STRING_SUFFIX} b" .', f'<{THBR}x> <{THB}p> "a\\"{XSD_STRING_SUFFIX} b" .'),
        (f'<{THBR}x> <{THB}p> "a\\\\"{XSD_STRING_SUFFIX} .', f'<{THBR}x> <{THB}p> "a\\\\" .'),
        (f'<{THBR}x> <{THB}p> "a\\\\\\"{XSD_STRING_SUFFIX}" .', f'<{THBR}x> <{THB}p> "a\\\\\\"{XSD_STRING_SUFFIX}" .'),
    ],
    ids=["an escaped quote", "an escaped backslash", "both"],
)
def test_only_the_quote_that_ends_a_literal_loses_its_xsd_string(line: str, expected: str) -> None:
    assert plain_strings(line.encode()) == expected.encode()
    assert set(ox.parse(expected.encode(), format=ox.RdfFormat.N_TRIPLES)) == set(
        ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)
    )


def test_the_graphs_and_their_union_are_what_pyoxigraph_reads_whatever_the_order_of_the_lines(nquads: Path) -> None:
    """The build writes a graph's lines together; lines in any order give the same graphs."""
    quads = nquads.read_bytes()
    stated: dict[str, set[ox.Triple]] = {}
    for quad in ox.parse(quads, format=ox.RdfFormat.N_QUADS):
        stated.setdefault(quad.graph_name.value, set()).add(quad.triple)
    graphs = graph_ntriples(quads)
    assert {name: _triples(data) for name, data in graphs.items()} == stated
    lines = quads.splitlines(keepends=True)
    assert graph_ntriples(b"".join(random.Random(13).sample(lines, len(lines)))) == graphs
    union = union_ntriples(graphs).splitlines()
    assert union == sorted(set(union))
    assert _triples(b"\n".join(union)) == set().union(*stated.values())


def _triples(ntriples: bytes) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize("line", [f"<{THBR}x> <{THB}p> .", f"<{THBR}x> <{THB}p>", f"<{THBR}x> <{THB}p> <{THBR}y>"])
def test_a_line_of_a_graph_that_is_not_a_statement_is_refused_in_the_json_ld(line: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"not an N-Triples line: {line}")):
        dataset_jsonld({THBG + "one": f'<{THBR}a> <{THB}p> "fine" .\n{line}\n'.encode()})


def test_a_line_without_a_named_graph_is_refused() -> None:
    with pytest.raises(ValueError, match="named graph"):
        graph_ntriples(f"<{THBR}x> <{THB}p> <{THBR}y> .\n".encode())


@pytest.mark.parametrize(
    ("written_term", "value", "language", "datatype"),
    [
        ('"plain"', "plain", None, XSD_STRING),
        ('"Oslo"@nb', "Oslo", "nb", None),
        ('"5"^^<http://www.w3.org/2001/XMLSchema#integer>', "5", None, "http://www.w3.org/2001/XMLSchema#integer"),
        ('"tab\\there \\"q\\" \\u00e5\\U0001F600 \\\\"', 'tab\there "q" å\U0001f600 \\', None, XSD_STRING),
    ],
)
def test_a_literal_is_read_as_n_triples_defines_it(written_term: str, value: str, language, datatype) -> None:
    assert ntlines.literal(written_term) == (value, language, datatype)
    line = f"<{THBR}x> <{THB}p> {written_term} ."
    parsed = next(iter(ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES))).object
    assert isinstance(parsed, ox.Literal) and parsed.value == value


def test_the_statistics_are_those_of_the_parsed_quads(nquads: Path) -> None:
    quads = set(ox.parse(nquads.read_bytes(), format=ox.RdfFormat.N_QUADS))
    union = {quad.triple for quad in quads}
    graphs = graph_ntriples(nquads.read_bytes())
    stats = statistics(graphs, union_ntriples(graphs))
    assert stats.graph_triples == dict(sorted(Counter(quad.graph_name.value for quad in quads).items()))
    assert stats.triples == len(union)
    assert stats.subjects == len({t.subject for t in union})
    assert stats.objects == len({t.object for t in union})
    assert stats.properties == dict(sorted(Counter(t.predicate.value for t in union).items()))
    typed = {(t.subject, t.object.value) for t in union if t.predicate.value == RDF_TYPE}
    assert stats.entities == dict(sorted(Counter(cls for _, cls in typed).items()))


def test_the_subject_read_from_the_lines_is_that_read_from_every_triple(nquads: Path) -> None:
    union = union_ntriples(graph_ntriples(nquads.read_bytes()))
    assert about_ntriples(union) == read_about(ox.parse(union, format=ox.RdfFormat.N_TRIPLES))


def test_the_subject_is_read_from_the_lines_whose_predicate_it_reads_not_from_their_text() -> None:
    """A predicate's IRI in a literal, or as an object, is no statement of it."""
    title, issued = "http://purl.org/dc/terms/title", "http://purl.org/dc/terms/issued"
    lines = [
        f"<{THBR}doc> <{RDF_TYPE}> <{THB}SourceDocument> .",
        f'<{THBR}doc> <{title}> "A report" .',
        f'<{THBR}doc> <{issued}> "2011-06-27"^^<http://www.w3.org/2001/XMLSchema#date> .',
        f'<{THBR}doc> <{THB}note> "cites <{title}> as text" .',
        f'<{THBR}other> <{THB}note> "types as <{RDF_TYPE}> <{THB}SourceDocument> ." .',
        f"<{THB}heading> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> <{title}> .",
    ]
    union = "".join(f"{line}\n" for line in sorted(lines)).encode()
    about = about_ntriples(union)
    assert about == read_about(ox.parse(union, format=ox.RdfFormat.N_TRIPLES))
    assert [(document.iri, document.title) for document in about.documents] == [(f"{THBR}doc", "A report")]


def test_each_view_as_graphml_is_what_networkx_writes(nquads: Path) -> None:
    """From the networkx graph (``thbkg graph``) and from the plain data (the downloads) alike."""
    select = view_select(view_store(nquads))
    for view in views().values():
        graph = build_view(select, view, {})
        out = io.BytesIO()
        nx.write_graphml_xml(flat(graph), out, encoding="utf-8", prettyprint=True)
        assert to_bytes(graph, "graphml") == out.getvalue(), view.name
        assert graphml(view_graph(select, view, {})) == out.getvalue(), view.name


def test_graphml_of_plain_data_lists_the_edges_in_networkx_order() -> None:
    """networkx lists edges by source in node order, then by target in the order each pair was
    first linked, not in the order they were added; empty values are left out, lists joined."""
    plain = ViewGraph({"name": "v", "empty": ""}, {"b": {"label": "B"}, "a": {"documents": ["x", "y"]}, "c": {}})
    plain.edges += [
        ("a", "c", "p", {"label": "first"}),
        ("b", "a", "q", {"documents": []}),
        ("a", "b", "p", {"weight": 2}),
        ("a", "c", "p#2", {"share": 0.5}),
    ]
    graph = plain.networkx()
    assert [(s, t, k) for s, t, k in graph.edges(keys=True)] == [(s, t, k) for s, t, k, _ in plain.adjacency()]
    assert [s + t for s, t, _, _ in plain.adjacency()] == ["ba", "ac", "ac", "ab"]
    out = io.BytesIO()
    nx.write_graphml_xml(flat(graph), out, encoding="utf-8", prettyprint=True)
    assert graphml(plain) == out.getvalue()


def test_an_edge_lists_every_document_whose_claims_state_its_triple(nquads: Path) -> None:
    """Where a view's query names no document, an edge's documents are those whose claims state its
    triple (docs/provenance.md): read here for every statement at once, where the views look up
    only the edges whose predicate some statement has."""
    store = view_store(nquads)
    stating: dict[tuple[str, str, str], set[str]] = {}
    for row in store.query(f"{EVIDENCE_PREFIXES}SELECT ?s ?p ?o ?document WHERE {{{DOCUMENTS_STATING}}}"):
        triple = (row["s"].value, row["p"].value, row["o"].value)
        stating.setdefault(triple, set()).add(row["document"].value.removeprefix(DOCUMENTS))
    checked = Counter()
    for view in views().values():
        if "?document" in view.edges.text.split("WHERE", 1)[0]:
            continue  # the query gives each edge's document itself
        for source, target, _, attributes in view_graph(view_select(store), view, {}).edges:
            expected = sorted(stating.get((source, str(attributes["predicate"]), target), ()))
            assert attributes["documents"] == expected, (view.name, source, target)
            checked[view.name, bool(expected)] += 1
    assert checked["evidence", False] and checked["actors", True]  # links of the evidence; stated facts


def test_the_views_read_each_triple_of_the_union_once_as_the_endpoint_does(nquads: Path) -> None:
    """A fact in several graphs is one row of ``?s ?p ?o``: matched once per graph, the subject,
    predicate and object of a statement shared by n documents would give n cubed rows."""
    store = view_store(nquads)
    distinct = {line for line in union_ntriples(graph_ntriples(nquads.read_bytes())).splitlines() if line}
    rows = list(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert len(rows) == len(distinct)
    shared = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p ?o ?g"
    assert len(list(store.query(shared))) > len(distinct)  # the build does state some triples twice
    served = view_select(load_build(nquads))
    for view in views().values():
        assert to_bytes(build_view(view_select(store), view, {}), "graphml") == to_bytes(
            build_view(served, view, {}), "graphml"
        ), view.name


def test_graphml_escapes_and_types_as_networkx_does() -> None:
    graph: nx.MultiDiGraph = nx.MultiDiGraph(name='a "view" & <more>', id="g1")
    graph.add_node("n&1", label="line\nbreak\ttab", count=3, share=0.5, flag=True)
    graph.add_node('n"2')
    graph.add_edge("n&1", 'n"2', key="k<1>", label="x > y", weight=2)
    for case in (graph, nx.MultiDiGraph()):
        out = io.BytesIO()
        nx.write_graphml_xml(flat(case), out, encoding="utf-8", prettyprint=True)
        assert to_bytes(case, "graphml") == out.getvalue()


def test_a_large_build_exports_its_views_in_a_process_of_their_own_to_the_same_bytes(
    nquads: Path, layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    beside, apart = tmp_path / "threads", tmp_path / "process"
    export(nquads.parent, layout, beside)
    monkeypatch.setattr(release_export, "PARALLEL_VIEWS", 0)  # every build counts as large
    export(nquads.parent, layout, apart)
    names = sorted(path.name for path in beside.iterdir())
    assert names == sorted(path.name for path in apart.iterdir())
    assert any(name.endswith(".graphml") for name in names)
    for name in names:
        assert (apart / name).read_bytes() == (beside / name).read_bytes(), name

"""The data with the literals as rdflib reads them (build/engines/as_written.py, dataset.py): a literal of a type
derived from xsd:integer keeps its datatype (RDF 1.1 Concepts 3.3: the datatype IRI is part of the
literal) where pyoxigraph's own store makes it an xsd:integer, and only a query that reads such
literals as terms is run there."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from thbkg.build.engines.as_written import original, runs_as_written
from thbkg.build.engines.dataset import Dataset

XSD = "http://www.w3.org/2001/XMLSchema#"
HEAD = f"PREFIX xsd: <{XSD}>\n"


def test_a_derived_datatype_is_kept_and_the_lexical_form_read_as_rdflib_reads_it() -> None:
    # XSD 1.1 Part 2, 3.4.13: "07" and "7" are lexical forms of the same integer; rdflib writes "7".
    data = (
        f'<http://example.org/a> <http://example.org/n> "07"^^<{XSD}nonNegativeInteger> .\n'
        f'<http://example.org/a> <http://example.org/m> "8"^^<{XSD}integer> .\n'
    ).encode()
    query = "SELECT ?v (DATATYPE(?v) AS ?type) WHERE { ?a ?p ?v } ORDER BY ?type"
    rows = [(original(row["v"]), row["type"]) for row in Dataset(data).query(query, True)]
    assert sorted(rows, key=str) == sorted(
        [
            (
                ox.Literal("7", datatype=ox.NamedNode(XSD + "nonNegativeInteger")),
                ox.NamedNode(XSD + "nonNegativeInteger"),
            ),
            (ox.Literal("8", datatype=ox.NamedNode(XSD + "integer")), ox.NamedNode(XSD + "integer")),
        ],
        key=str,
    )


@pytest.mark.parametrize(
    ("query", "runs"),
    [
        ("SELECT $this ?v WHERE { $this ?p ?v . FILTER (!isLiteral(?v) || DATATYPE(?v) != ?range) }", True),
        ("SELECT $this WHERE { $this ?p ?v . FILTER (DATATYPE(?v) = xsd:int) }", True),
        ("SELECT $this WHERE { $this ?p ?v ; ?q ?w . FILTER (!sameTerm(?v, ?w)) }", True),
        ("SELECT $this WHERE { $this ?p ?v . FILTER (DATATYPE(?v) = xsd:int && ?v > 2) }", False),
        ("SELECT $this WHERE { $this ?p ?v ; ?q ?w . FILTER (?v = ?w) }", False),
        ("SELECT $this WHERE { $this ?p 5 . FILTER (sameTerm(?p, ?p)) }", False),
        ("SELECT $this (SUM(?v) AS ?s) WHERE { $this ?p ?v } GROUP BY $this", False),
        ('SELECT $this WHERE { $this ?p ?v . FILTER (DATATYPE(?v) = xsd:int) } # "DATATYPE(" in a comment', False),
        ("SELECT $this WHERE { $this ?p ?v . FILTER (DATATYPE(?v) = xsd:int", False),
    ],
)
def test_only_a_query_that_reads_literals_as_terms_runs_there(query: str, runs: bool) -> None:
    assert runs_as_written(HEAD + query) is runs


def test_one_load_reads_the_data_as_values_and_as_written() -> None:
    # SPARQL 1.1 17.4.1: "07"^^xsd:nonNegativeInteger is a number, 7, so adding 1 gives the integer 8;
    # as written it keeps its datatype (RDF 1.1 Concepts 3.3). The last line has no line break.
    a, n, label = (ox.NamedNode(f"http://example.org/{name}") for name in ("a", "n", "label"))
    data = (f'{a} {n} "07"^^<{XSD}nonNegativeInteger> .\n{a} {n} <http://example.org/b> .\n{a} {label} "a" .').encode()
    dataset = Dataset(data)
    query = f"SELECT (?v + 1 AS ?w) WHERE {{ {a} {n} ?v . FILTER (isLiteral(?v)) }}"
    assert [row["w"] for row in dataset.query(query, False)] == [
        ox.Literal("8", datatype=ox.NamedNode(XSD + "integer"))
    ]
    as_written = ox.Literal("7", datatype=ox.NamedNode(XSD + "nonNegativeInteger"))
    assert {original(term) for term in dataset.objects(a, n)} == {as_written, ox.NamedNode("http://example.org/b")}
    triples = {predicate: {original(term) for term in terms} for predicate, terms in dataset.outgoing(a).items()}
    assert triples == {n: {as_written, ox.NamedNode("http://example.org/b")}, label: {ox.Literal("a")}}

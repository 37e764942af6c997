"""The store of the literals as rdflib reads them (build/engines/as_written.py): a literal of a type
derived from xsd:integer keeps its datatype (RDF 1.1 Concepts 3.3: the datatype IRI is part of the
literal) where pyoxigraph's own store makes it an xsd:integer, and only a query that reads such
literals as terms is run there."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from thbkg.build.engines.as_written import FUNCTIONS, as_written, original, runs_as_written, written_store

XSD = "http://www.w3.org/2001/XMLSchema#"
HEAD = f"PREFIX xsd: <{XSD}>\n"


def test_a_derived_datatype_is_kept_and_the_lexical_form_read_as_rdflib_reads_it() -> None:
    # XSD 1.1 Part 2, 3.4.13: "07" and "7" are lexical forms of the same integer; rdflib writes "7".
    data = (
        f'<http://example.org/a> <http://example.org/n> "07"^^<{XSD}nonNegativeInteger> .\n'
        f'<http://example.org/a> <http://example.org/m> "8"^^<{XSD}integer> .\n'
    ).encode()
    store = written_store(data)
    query = as_written("SELECT ?v (DATATYPE(?v) AS ?type) WHERE { ?a ?p ?v } ORDER BY ?type")
    rows = [(original(row["v"]), row["type"]) for row in store.query(query, custom_functions=FUNCTIONS)]
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

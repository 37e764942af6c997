"""The build writes rdflib's terms as N-Triples itself where pyoxigraph would write them alike:
every line must be the one pyoxigraph writes, since the downloads and the stores compare lines."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from thbkg.build.ntriples import line, term

# Every character N-Triples escapes or may escape, and some it never does (RDF 1.1 N-Triples,
# section 2.5: ECHAR and UCHAR), each inside a text.
CHARACTERS = [chr(c) for c in range(0x20)] + ['"', "\\", "\x7f", "\ufffe", "\uffff", "'", "é", "\u2028", "😀"]
DATATYPES = [None, XSD.string, URIRef("https://example.org/datatype")]


@pytest.mark.parametrize("character", CHARACTERS, ids=[f"U+{ord(c):04X}" for c in CHARACTERS])
@pytest.mark.parametrize("datatype", DATATYPES, ids=["plain", "xsd-string", "other"])
def test_a_literal_is_written_as_pyoxigraph_writes_it(character: str, datatype: URIRef | None) -> None:
    text = f"a{character}b"
    expected = (
        ox.Literal(text) if datatype in (None, XSD.string) else ox.Literal(text, datatype=ox.NamedNode(str(datatype)))
    )
    assert term(Literal(text, datatype=datatype)) == str(expected)


def test_language_tags_iris_and_blank_nodes_are_written_as_pyoxigraph_writes_them() -> None:
    assert term(Literal("Oslo", lang="NB")) == str(ox.Literal("Oslo", language="nb")) == '"Oslo"@nb'
    iri = "https://w3id.org/thbkg/id/org/kripos"
    assert term(URIRef(iri)) == term(ox.NamedNode(iri)) == f"<{iri}>"
    assert term(BNode("b0")) == "_:b0"
    assert line(URIRef(iri), URIRef(iri), Literal("1", datatype=XSD.integer)) == (
        f'<{iri}> <{iri}> "1"^^<{XSD.integer}> .\n'
    )

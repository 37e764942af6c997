"""Typing mapping values by the ontology's ranges, and checking them against the quote."""

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from thbkg.build.literals import check_against_quote, make_literal


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("20x3", XSD.gYear),
        ("2010-13", XSD.gYearMonth),
        ("six", XSD.decimal),
        ("P6", XSD.duration),
        ("yes", XSD.boolean),
    ],
)
def test_invalid_lexical_forms_are_refused(value, datatype):
    with pytest.raises(ValueError, match="is not a valid"):
        make_literal(value, datatype, "en")


@pytest.mark.parametrize("datatype", [XSD.string, XSD.anyURI, RDF.langString])
@pytest.mark.parametrize("value", ["", "   "])
def test_empty_values_are_refused_as_no_quote_can_state_them(value, datatype):
    with pytest.raises(ValueError, match="empty text"):
        make_literal(value, datatype, "en")


def test_lang_strings_take_the_document_language():
    assert make_literal("KOM project", RDF.langString, "en") == Literal("KOM project", lang="en")


@pytest.mark.parametrize(
    ("literal", "quote"),
    [
        (Literal("73", datatype=XSD.decimal), "a total of 73 foreigners applied"),
        (Literal("7", datatype=XSD.decimal), "compared with 31 sex trafficking and seven labor trafficking"),
        (Literal("12.8", datatype=XSD.decimal), "providing approximately $12.8 million to international efforts"),
        (Literal("P6M", datatype=XSD.duration), "permit for up to six months"),
        (Literal("2010-12", datatype=XSD.gYearMonth), "In December 2010, the government issued"),
        (Literal("KOM project", lang="en"), "This unit (the KOM project) is administered"),
    ],
)
def test_values_stated_by_the_quote_pass(literal, quote):
    assert check_against_quote(literal, quote) is None


@pytest.mark.parametrize(
    ("literal", "quote", "reason"),
    [
        (Literal("74", datatype=XSD.decimal), "a total of 73 foreigners applied", "figure 74"),
        (Literal("12", datatype=XSD.decimal), "approximately $12.8 million", "figure 12"),
        (Literal("P12M", datatype=XSD.duration, normalize=False), "permit for up to six months", "duration P12M"),
        (Literal("2010-11", datatype=XSD.gYearMonth), "In December 2010", "month of 2010-11"),
        (Literal("KOM projects", lang="en"), "the KOM project", "text 'KOM projects'"),
    ],
)
def test_values_the_quote_does_not_state_are_refused(literal, quote, reason):
    assert reason in check_against_quote(literal, quote)

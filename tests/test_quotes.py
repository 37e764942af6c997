"""Locating verbatim quotes: markdown and line breaks skipped, offsets into the unchanged text."""

import pytest

from thbkg.build.quotes import QuoteNotFound, SourceText

MOJ = "no-moj-2010-bsppc"


def test_markdown_marks_are_skipped_and_offsets_point_into_the_original(source_text):
    text = source_text(MOJ)
    located = SourceText(text).locate("financed the ROSA project run by the crisis centre secretariat")
    assert text[located.start : located.end] == "financed **the ROSA project** run by the crisis centre secretariat"
    assert located.exact == text[located.start : located.end]


def test_emphasis_inside_a_sentence_is_skipped(source_text):
    text = source_text(MOJ)
    located = SourceText(text).locate("gives a picture of the reported extent of trafficking")
    assert "*reported*" in located.exact


def test_line_breaks_match_a_space(source_text):
    text = source_text(MOJ)
    located = SourceText(text).locate("Jan Austad Senior adviser National coordinator on Trafficking in Human Beings")
    assert located.exact.startswith("Jan Austad  \nSenior adviser")


def test_a_phrase_occurring_twice_is_ambiguous_until_a_prefix_or_suffix_picks_one(source_text):
    source = SourceText(source_text(MOJ))
    with pytest.raises(QuoteNotFound, match="occurs 2 times"):
        source.locate("section 224")
    first = source.locate("section 224", suffix="of the Penal Code. This provision")
    second = source.locate("section 224", prefix="final sentences for violating")
    assert first.start < second.start


def test_a_missing_quote_is_reported_with_the_quote():
    with pytest.raises(QuoteNotFound, match=r"not found.*'no such words'"):
        SourceText("Some text.").locate("no such words")


def test_context_is_recorded_for_robust_anchoring():
    located = SourceText("alpha beta gamma").locate("beta")
    assert (located.prefix, located.exact, located.suffix) == ("alpha ", "beta", " gamma")
    assert (located.start, located.end) == (6, 10)

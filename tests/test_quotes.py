"""Locating verbatim quotes: markdown and line breaks skipped, offsets into the unchanged text."""

import random

import pytest

from thbkg.build.quotes import QuoteNotFound, SourceText, normalise

MOJ = "no-moj-2010-bsppc"
TIP = "us-dos-tip-2011-nor"


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


def _one_character_at_a_time(text: str) -> tuple[str, list[int]]:
    """The definition of the normalised view, character by character: marks dropped, each
    white-space run one space, each kept character's offset in the original."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if char in "*_#":
            continue
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        offsets.append(index)
    return "".join(chars), offsets


def test_the_normalised_view_is_the_character_by_character_definition(source_text):
    rng = random.Random(13)
    alphabet = "ab *_#\n\t\u00a0\u2003.\x1c"
    texts = [source_text(MOJ), source_text(TIP)] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)
    ]
    for text in texts:
        assert normalise(text) == _one_character_at_a_time(text), repr(text)

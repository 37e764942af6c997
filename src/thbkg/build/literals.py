"""Typing mapping values as RDF literals and checking them against the quoted text."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from thbkg.build.quotes import normalise_phrase
from thbkg.core import xsd

# The datatypes a mapping value may take: the ranges the ontology gives its datatype properties.
DATATYPES = frozenset(
    XSD[local]
    for local in "integer nonNegativeInteger decimal gYear gYearMonth date duration boolean string anyURI".split()
)
NUMERIC = {XSD.integer, XSD.nonNegativeInteger, XSD.decimal}
DATES = {XSD.gYear, XSD.gYearMonth, XSD.date}

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
MONTHS = ("January February March April May June July August September October November December").split()


def make_literal(value: str, datatype: URIRef, language: str) -> Literal:
    """The literal for a mapping value, or ValueError saying why the value is not valid. An empty
    value is refused whatever its datatype: it would match any quote, so no quote could state it."""
    if not value.strip():
        raise ValueError("empty text")
    if datatype == RDF.langString:
        return Literal(value, lang=language)
    if datatype not in DATATYPES:
        raise ValueError(f"the range {datatype} is not a datatype the build knows")
    if not xsd.valid(value, str(datatype)):
        raise ValueError(f"{value!r} is not a valid {datatype.n3().split('#')[-1].rstrip('>')}")
    # Kept as written: rdflib would otherwise rewrite e.g. P30M as P2Y6M.
    return Literal(value, datatype=datatype, normalize=False)


def _number_spellings(number: str) -> list[str]:
    spellings = [number]
    if number.isdigit():
        whole = int(number)
        if whole < len(NUMBER_WORDS):
            spellings.append(NUMBER_WORDS[whole])
        elif whole in TENS:
            spellings.append(TENS[whole])
    return spellings


def _mentions_number(quote: str, number: str) -> bool:
    for spelling in _number_spellings(number):
        pattern = rf"(?<![\w.]){re.escape(spelling)}(?![\w]|\.\d)"
        if re.search(pattern, quote, flags=re.IGNORECASE):
            return True
    return False


def check_against_quote(literal: Literal, quote: str) -> str | None:
    """Why the literal is not stated by the quote, or None when it is.

    Text must be copied from the quote; numbers must stand in it as digits or words;
    a year (and month) must be named in it. Booleans carry no text of their own.
    """
    flat = normalise_phrase(quote)
    lexical = str(literal)
    datatype = literal.datatype
    if datatype is None or datatype in (XSD.string, XSD.anyURI):
        if normalise_phrase(lexical) not in flat:
            return f"text {lexical!r} does not appear in the quote"
        return None
    if datatype in NUMERIC:
        if not _mentions_number(flat, lexical):
            return f"figure {lexical} does not appear in the quote"
        return None
    if datatype == XSD.duration:
        missing = [n for n in re.findall(r"\d+", lexical) if not _mentions_number(flat, n)]
        return f"duration {lexical}: {', '.join(missing)} does not appear in the quote" if missing else None
    if datatype in DATES:
        year = lexical[:4]
        if year not in flat:
            return f"year {year} does not appear in the quote"
        if datatype != XSD.gYear and MONTHS[int(lexical[5:7]) - 1] not in flat:
            return f"month of {lexical} does not appear in the quote"
        return None
    return None

"""Typing mapping values as RDF literals and checking them against the quoted text."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from thbkg.build.quotes import normalise_phrase

LEXICAL_FORMS: dict[URIRef, re.Pattern[str]] = {
    XSD.integer: re.compile(r"^-?\d+$"),
    XSD.nonNegativeInteger: re.compile(r"^\d+$"),
    XSD.decimal: re.compile(r"^-?\d+(\.\d+)?$"),
    XSD.gYear: re.compile(r"^\d{4}$"),
    XSD.gYearMonth: re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    XSD.date: re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
    XSD.duration: re.compile(r"^P(?=\d)(\d+Y)?(\d+M)?(\d+D)?$"),
    XSD.boolean: re.compile(r"^(true|false)$"),
    XSD.string: re.compile(r"^.+$", re.DOTALL),
    XSD.anyURI: re.compile(r"^[a-z][a-z0-9+.-]*:\S+$"),
}
NUMERIC = {XSD.integer, XSD.nonNegativeInteger, XSD.decimal}
DATES = {XSD.gYear, XSD.gYearMonth, XSD.date}

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
MONTHS = ("January February March April May June July August September October November December").split()


def make_literal(value: str, datatype: URIRef, language: str) -> Literal:
    """The literal for a mapping value, or ValueError saying why the value is not valid."""
    if datatype == RDF.langString:
        if not value.strip():
            raise ValueError("empty text")
        return Literal(value, lang=language)
    form = LEXICAL_FORMS.get(datatype)
    if form is None:
        raise ValueError(f"the range {datatype} is not a datatype the build knows")
    if not form.match(value):
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

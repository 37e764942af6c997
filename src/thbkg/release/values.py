"""One form for a value however a store writes it, so that the saved queries' answers on a store
compare with the local ones by what the values are.

``canonical`` evens out integer types (Oxigraph keeps only xsd:integer). Virtuoso 7 holds every
value as loaded (its Turtle gives each back as it was), but its JSON and XML results write three
kinds otherwise: a boolean a query computes (``BIND(... AS ?same)``) as ``xsd:integer`` 1 or 0; a
duration of years and months as its number of months (``"P10Y"`` as ``"120"^^xsd:duration``); and
a duration of days and time as its number of seconds (``"P2D"`` as ``"172800.0"^^xsd:duration``).
Both sides take the same form here; any other difference still shows.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox

from thbkg.core.namespaces import XSD
from thbkg.core.terms import Term
from thbkg.sparql.results import XSD_INTEGER, canonical

XSD_BOOLEAN, XSD_DURATION = XSD + "boolean", XSD + "duration"
YEARS_MONTHS = re.compile(r"(?P<sign>-?)P(?=\d)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?")
DAYS_TIME = re.compile(
    r"(?P<sign>-?)P(?=\d|T\d)(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
MONTHS, SECONDS = re.compile(r"-?\d+"), re.compile(r"-?\d+\.\d+")


def comparable(term: Term | None) -> Term | None:
    """``term`` in the form both sides of a comparison take (see above)."""
    if not isinstance(term, ox.Literal):
        return term
    kind = term.datatype.value
    if kind == XSD_BOOLEAN and term.value in ("true", "false", "1", "0"):
        return ox.Literal("1" if term.value in ("true", "1") else "0", datatype=XSD_INTEGER)
    if kind == XSD_DURATION:
        amount = duration_amount(term.value)
        return ox.Literal(amount, datatype=term.datatype) if amount else term
    return canonical(term)


def duration_amount(text: str) -> str:
    """``months:N`` for a duration of years and months, ``seconds:S`` for one of days and time,
    whether written as XSD has it or as Virtuoso's number; "" for any other."""
    if MONTHS.fullmatch(text):
        return f"months:{int(text)}"
    if SECONDS.fullmatch(text):
        return f"seconds:{_number(Decimal(text))}"
    if parts := YEARS_MONTHS.fullmatch(text):
        months = int(parts["years"] or 0) * 12 + int(parts["months"] or 0)
        return f"months:{-months if parts['sign'] else months}"
    if parts := DAYS_TIME.fullmatch(text):
        seconds = Decimal(parts["seconds"] or 0) + 60 * (
            int(parts["minutes"] or 0) + 60 * (int(parts["hours"] or 0) + 24 * int(parts["days"] or 0))
        )
        return f"seconds:{_number(-seconds if parts['sign'] else seconds)}"
    return ""


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"

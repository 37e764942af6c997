"""Why a query with parameters answered nothing: the parameter values that match nothing in the
data, each with the closest values that do.

An empty answer is an answer, so this is only said beside it, and only when it is empty. What a
value must match, and where the alternatives come from, follows from the parameter's type alone
(never from the query):

* an IRI matches when some triple holds it (subject, predicate or object, in the default graph);
  the alternatives are the IRIs of the same kind: those directly in its namespace (``country/``,
  ``organization/``, the ontology's ``#``), else in the namespace of the parameter's default, most
  alike first, written as the value was (a key, a CURIE or a whole IRI);
* an integer or ``xsd:gYear`` matches when it is the year of a date the data holds (the saved
  queries compare such a parameter with ``YEAR()`` of a date, which is an integer); the
  alternatives are those years, nearest first;
* any other literal matches when the data holds a literal of its type (datatype or language) with
  that value; the alternatives are those literals, nearest (numbers) or most alike (text) first.

The look-ups are SPARQL, with each term written by pyoxigraph in N-Triples syntax (never the text a
user typed), run by the caller's ``Runner``: the embedded store, a remote endpoint or a server's
query worker, so every path gives the same hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from thbkg.core import xsd
from thbkg.core.namespaces import KEY_PATTERN, THBR, XSD, expand_curie, shorten
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.closest import closest
from thbkg.sparql.params import Parameter, to_term
from thbkg.sparql.results import Result

Runner = Callable[[str, str], Result]  # (query text, query form) -> its result
SUGGESTIONS = 5
YEAR_TYPES = frozenset(xsd.INTEGERS | {XSD + "gYear"})
DATED = ", ".join(f"<{XSD}{local}>" for local in ("date", "dateTime", "gYear", "gYearMonth"))
YEARS = f"SELECT DISTINCT (YEAR(?o) AS ?v) WHERE {{ ?s ?p ?o FILTER(DATATYPE(?o) IN ({DATED})) }}"
NUMERIC = "SELECT DISTINCT ?v WHERE { ?s ?p ?v FILTER(isNumeric(?v)) }"
NUMBERS = frozenset(XSD + local for local in ("decimal", "double", "float"))
LEADING_YEAR = re.compile(r"-?\d{4,}")


@dataclass(frozen=True)
class Unmatched:
    """A parameter value that matches nothing in the data, and the closest ones that do."""

    name: str
    value: str
    closest: tuple[str, ...]

    def __str__(self) -> str:
        near = f"; closest values in the data: {', '.join(self.closest)}" if self.closest else ""
        return f"{self.name}={self.value} matches nothing in the data{near}"


def is_empty(result: Result) -> bool:
    """A SELECT without rows or a graph without triples; an ASK's ``false`` is an answer, not empty."""
    return result.boolean is None and not (result.rows or result.graph)


def unmatched(query: SavedQuery, given: dict[str, str], run: Runner) -> list[Unmatched]:
    """Every parameter value (given, else the default) that matches nothing in the data. The values
    are checked already: the query ran with them."""
    found = []
    for param in query.parameters:
        value = given.get(param.name, query.defaults.get(param.name))
        if value is None:
            continue
        term = to_term(param, value)
        if isinstance(term, ox.NamedNode):
            miss = _unmatched_iri(param, value, term, query.defaults.get(param.name), run)
        else:
            miss = _unmatched_literal(param, value, term, run)
        if miss:
            found.append(miss)
    return found


def _unmatched_iri(
    param: Parameter, value: str, iri: ox.NamedNode, default: str | None, run: Runner
) -> Unmatched | None:
    if run(f"ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s {iri} ?o }} UNION {{ ?s ?p {iri} }} }}", "ASK").boolean:
        return None
    pool = iris_in(namespace(iri.value), run)
    if not pool and default is not None:
        pool = iris_in(namespace(to_term(param, default).value), run)
    shown = [_written_like(value, candidate) for candidate in pool]
    return Unmatched(param.name, value, tuple(closest(value, shown, SUGGESTIONS)))


def namespace(iri: str) -> str:
    """What an IRI's kind is read from: everything up to its last ``/`` or ``#``."""
    return iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]


def iris_in(space: str, run: Runner) -> list[str]:
    """The IRIs the data holds directly in namespace ``space`` (none of its sub-paths)."""
    if not space:
        return []
    text = (
        "SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?x ?o } UNION { ?s ?p ?x } "
        f"FILTER(isIRI(?x) && STRSTARTS(STR(?x), {ox.Literal(space)})) }}"
    )
    found = (row.get("x") for row in run(text, "SELECT").rows)
    return [t.value for t in found if isinstance(t, ox.NamedNode) and namespace(t.value) == space]


def _written_like(value: str, iri: str) -> str:
    """``iri`` in the form ``value`` was written in: a key, a CURIE or the whole IRI."""
    if KEY_PATTERN.match(value) and iri.startswith(THBR):
        return iri.removeprefix(THBR)
    if expand_curie(value) and (short := shorten(iri)):
        return f"{short[0]}:{short[1]}"
    return iri


def _unmatched_literal(param: Parameter, value: str, term: ox.Literal, run: Runner) -> Unmatched | None:
    if term.datatype.value in YEAR_TYPES:
        return _nearest_number(param.name, value, _year(term), _literals(YEARS, run))
    if param.kind == "number" or term.datatype.value in NUMBERS:
        return _nearest_number(param.name, value, _number(term), _literals(NUMERIC, run))
    same = f"LANG(?v) = {ox.Literal(term.language)}" if term.language else f"DATATYPE(?v) = {term.datatype}"
    texts = {
        t.value for t in _literals(f"SELECT DISTINCT ?v WHERE {{ ?s ?p ?v FILTER(isLiteral(?v) && {same}) }}", run)
    }
    if term.value in texts:
        return None
    return Unmatched(param.name, value, tuple(closest(value, texts, SUGGESTIONS)))


def _literals(text: str, run: Runner) -> list[ox.Literal]:
    """The literals in column ``v`` of a SELECT's rows."""
    return [t for row in run(text, "SELECT").rows if isinstance(t := row.get("v"), ox.Literal)]


def _nearest_number(name: str, value: str, given: Decimal | None, found: list[ox.Literal]) -> Unmatched | None:
    """Unmatched unless ``given`` is among the numbers ``found``; then with those nearest it."""
    numbers = {n: t.value for t in found if (n := _number(t)) is not None}
    if given in numbers:
        return None
    nearest = sorted(numbers, key=lambda n: (abs(n - given) if given is not None else 0, n))[:SUGGESTIONS]
    return Unmatched(name, value, tuple(numbers[n] for n in nearest))


def _year(term: ox.Literal) -> Decimal | None:
    """The year a literal of an integer type or ``xsd:gYear`` stands for."""
    if term.datatype.value in xsd.INTEGERS:
        return _number(term)
    found = LEADING_YEAR.match(term.value)
    return Decimal(found[0]) if found else None


def _number(term: ox.Literal) -> Decimal | None:
    """A numeric literal's value (None for anything else, NaN and infinities included)."""
    try:
        number = Decimal(term.value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None

"""grlc-style query parameters: read them from ``?_name`` variables and bind values safely.

Conventions (grlc, after BASIL): ``?_name`` is a required parameter bound as a plain literal,
``?__name`` an optional one; a suffix types it: ``_iri`` an IRI, ``_number`` a number, ``_literal``
a plain literal, ``_integer`` (or any XSD datatype name, e.g. ``_gYear``, ``_date``) a typed
literal, a two-letter suffix (``_en``) a language-tagged literal, ``_prefix_datatype`` a literal
typed ``prefix:datatype``. Values become rdflib terms, are checked, and reach the query only as
escaped RDF terms in a VALUES block: a value can never end a string or open a group.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from owlrl.DatatypeHandling import AltXSDToPYTHON
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from thbkg.build.terms import expand_curie, key_iri
from thbkg.core.errors import QueryError
from thbkg.core.namespaces import KEY_PATTERN, PREFIXES
from thbkg.sparql.scanner import declared_prefixes, where_brace

XSD_DATATYPES = frozenset(
    "string normalizedString token language Name NCName anyURI boolean decimal integer nonPositiveInteger "
    "negativeInteger long int short byte nonNegativeInteger unsignedLong unsignedInt unsignedShort unsignedByte "
    "positiveInteger float double duration dateTime date time gYearMonth gYear gMonthDay gDay gMonth".split()
)
INTEGER_TYPES = frozenset(t for t in XSD_DATATYPES if t.endswith(("nteger", "ong", "nt", "hort", "yte")))
_PARAM = re.compile(r"^(?P<required>_{1,2})(?P<name>[^_]+)(?:_(?P<type>[A-Za-z0-9]+))?(?:_(?P<extra>[A-Za-z0-9]+))?$")
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\\x00-\x1f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NUMBER = re.compile(r"^[+-]?(?:(?P<int>\d+)|(?P<dec>\d*\.\d+)|(?P<dbl>(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+))$")
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class Parameter:
    """One ``?_name`` variable: how a value given for ``name`` becomes an RDF term."""

    variable: str  # without "?", e.g. "_year_integer"
    name: str  # what the user passes, e.g. "year"
    required: bool
    kind: str  # "iri", "number" or "literal"
    datatype: URIRef | None = None
    lang: str | None = None

    def describe(self) -> str:
        datatype = str(self.datatype or "").replace(str(XSD), "xsd:")
        kind = datatype or (f"@{self.lang}" if self.lang else self.kind)
        return f"{self.name} ({kind}{'' if self.required else ', optional'})"


def parameters_of(variables: list[str], query_text: str) -> list[Parameter]:
    """The parameters named by ``?_...`` variables; a variable that does not read as one is an error."""
    found: dict[str, Parameter] = {}
    for variable in variables:
        param = _parse(variable, declared_prefixes(query_text))
        if param.name in found and found[param.name] != param:
            raise QueryError(f"parameter {param.name!r} is used as ?{found[param.name].variable} and ?{variable}")
        found[param.name] = param
    return list(found.values())


def _parse(variable: str, prefixes: dict[str, str]) -> Parameter:
    match = _PARAM.match(variable)
    if not match:
        raise QueryError(f"?{variable} is not a grlc parameter (?_name, ?_name_type or ?_name_prefix_datatype)")
    name, kind, extra, required = match["name"], match["type"], match["extra"], match["required"] == "_"
    if kind in (None, "iri", "number", "literal") and extra is None:
        return Parameter(variable, name, required, kind or "literal")
    if kind in XSD_DATATYPES and extra is None:
        return Parameter(variable, name, required, "literal", datatype=XSD[kind])
    if kind and len(kind) == 2 and kind.isalpha() and extra is None:
        return Parameter(variable, name, required, "literal", lang=kind)
    if extra is not None:
        namespace = prefixes.get(kind) or (str(PREFIXES[kind]) if kind in PREFIXES else None)
        if namespace is None:
            raise QueryError(f"?{variable}: unknown prefix {kind!r} for the datatype")
        return Parameter(variable, name, required, "literal", datatype=URIRef(namespace + extra))
    raise QueryError(f"?{variable}: unknown parameter type {kind!r}")


def to_term(param: Parameter, value: str) -> Node:
    """The RDF term for a value given to ``param``; a value that does not fit is an error."""
    if param.kind == "iri":
        return _iri(param, value)
    if param.kind == "number":
        match = _NUMBER.match(value.strip())
        if not match:
            raise QueryError(f"parameter {param.name!r} must be a number, got {value!r}")
        datatype = XSD.integer if match["int"] else XSD.decimal if match["dec"] else XSD.double
        return Literal(value.strip(), datatype=datatype, normalize=False)
    if param.lang:
        return Literal(value, lang=param.lang)
    if param.datatype is None:
        return Literal(value)
    local = str(param.datatype).removeprefix(str(XSD))
    if local in INTEGER_TYPES and not _INTEGER.match(value):
        raise QueryError(f"parameter {param.name!r} must be an xsd:{local}, got {value!r}")
    rdflib_log = logging.getLogger("rdflib.term")
    level, rdflib_log.disabled = rdflib_log.disabled, True  # rdflib logs a traceback for ill-typed values
    try:
        literal = Literal(value, datatype=param.datatype, normalize=False)
    finally:
        rdflib_log.disabled = level
    if literal.ill_typed or not _lexically_valid(param.datatype, value):
        raise QueryError(f"parameter {param.name!r} must be an {param.datatype.n3()}, got {value!r}")
    return literal


def _lexically_valid(datatype: URIRef, value: str) -> bool:
    """owlrl's checks of XSD lexical forms: rdflib checks xsd:gYear and others only once the reasoner
    has registered these, so without them the answer would depend on what ran before."""
    check = AltXSDToPYTHON.get(datatype)
    try:
        return check is None or check(value) is not None
    except (ValueError, TypeError):
        return False


def _iri(param: Parameter, value: str) -> URIRef:
    """An absolute IRI, or one of our keys (``organization/kom``) or CURIEs (``thb:value``)."""
    if KEY_PATTERN.match(value):
        return key_iri(value)
    if curie := expand_curie(value):
        return curie
    return absolute_iri(value, f"parameter {param.name!r}", "an absolute IRI or a thbkg key")


def absolute_iri(value: str, what: str, expected: str = "an absolute IRI") -> URIRef:
    """``value`` as an IRI if it is absolute and has no character an IRI may not hold."""
    if not value or _BAD_IRI_CHARS.search(value) or not _SCHEME.match(value):
        raise QueryError(f"{what} must be {expected}, got {value!r}")
    return URIRef(value)


def bind(parameters: list[Parameter], given: dict[str, str], defaults: dict[str, str]) -> dict[str, Node]:
    """Variable -> term for every parameter with a value (given, else default); checks names."""
    names = {p.name for p in parameters}
    for name in given:
        if name not in names:
            takes = ", ".join(sorted(names)) or "no parameters"
            raise QueryError(f"unknown parameter {name!r}; this query takes: {takes}")
    bound: dict[str, Node] = {}
    for param in parameters:
        value = given.get(param.name, defaults.get(param.name))
        if value is None:
            if param.required:
                raise QueryError(f"missing parameter {param.name!r}: give --param {param.name}=VALUE")
            continue
        bound[param.variable] = to_term(param, value)
    return bound


def inject_values(text: str, bindings: dict[str, Node]) -> str:
    """The query with a VALUES block binding each variable, first thing in its WHERE group."""
    if not bindings:
        return text
    variables = " ".join(f"?{v}" for v in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    at = where_brace(text) + 1
    return f"{text[:at]}\n  VALUES ({variables}) {{ ({terms}) }}{text[at:]}"

"""grlc-style query parameters: read them from ``?_name`` variables and bind values safely.

Conventions (grlc, after BASIL): ``?_name`` is a required parameter bound as a plain literal,
``?__name`` an optional one; a suffix types it: ``_iri`` an IRI, ``_number`` a number, ``_literal``
a plain literal, ``_integer`` (or any XSD datatype name, e.g. ``_gYear``, ``_date``) a typed
literal, a two-letter suffix (``_en``) a language-tagged literal, ``_prefix_datatype`` a literal
typed ``prefix:datatype``. Values become pyoxigraph terms, checked against the datatype's lexical
space (core/xsd.py), and reach the query only in a VALUES block, written by pyoxigraph in N-Triples
syntax (quotes, backslashes and line breaks escaped): a value can never end a string or open a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core import xsd
from thbkg.core.errors import QueryError
from thbkg.core.namespaces import KEY_PATTERN, PREFIXES, XSD, expand_curie, key_iri
from thbkg.sparql.scanner import declared_prefixes, where_brace

_PARAM = re.compile(r"^(?P<required>_{1,2})(?P<name>[^_]+)(?:_(?P<type>[A-Za-z0-9]+))?(?:_(?P<extra>[A-Za-z0-9]+))?$")
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\\x00-\x1f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NUMBER_TYPES = tuple(XSD + local for local in ("integer", "decimal", "double"))  # the most specific first
_NOT_NUMBERS = frozenset({"INF", "+INF", "-INF", "NaN"})  # doubles, but no number a user means
Bound = ox.NamedNode | ox.Literal  # what a parameter's value becomes


@dataclass(frozen=True)
class Parameter:
    """One ``?_name`` variable: how a value given for ``name`` becomes an RDF term."""

    variable: str  # without "?", e.g. "_year_integer"
    name: str  # what the user passes, e.g. "year"
    required: bool
    kind: str  # "iri", "number" or "literal"
    datatype: str | None = None  # an IRI
    lang: str | None = None

    def describe(self) -> str:
        datatype = (self.datatype or "").replace(XSD, "xsd:")
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
    if f"{XSD}{kind}" in xsd.DATATYPES and extra is None:
        return Parameter(variable, name, required, "literal", datatype=XSD + kind)
    if kind and len(kind) == 2 and kind.isalpha() and extra is None:
        return Parameter(variable, name, required, "literal", lang=kind)
    if extra is not None:
        namespace = prefixes.get(kind) or PREFIXES.get(kind)
        if namespace is None:
            raise QueryError(f"?{variable}: unknown prefix {kind!r} for the datatype")
        return Parameter(variable, name, required, "literal", datatype=namespace + extra)
    raise QueryError(f"?{variable}: unknown parameter type {kind!r}")


def to_term(param: Parameter, value: str) -> Bound:
    """The RDF term for a value given to ``param``; a value that does not fit is an error."""
    if param.kind == "iri":
        return _iri(param, value)
    if param.kind == "number":
        return _number(param, value.strip())
    if param.datatype in xsd.DATATYPES and not xsd.valid(value, param.datatype):
        raise QueryError(f"parameter {param.name!r} must be an {_label(param.datatype)}, got {value!r}")
    try:
        if param.lang:
            return ox.Literal(value, language=param.lang)
        return ox.Literal(value, datatype=ox.NamedNode(param.datatype) if param.datatype else None)
    except ValueError as exc:  # text that is not Unicode (a lone surrogate), or a datatype that is not an IRI
        raise QueryError(f"parameter {param.name!r} cannot be bound to {value!r}: {exc}") from None


def _number(param: Parameter, value: str) -> ox.Literal:
    """The most specific of xsd:integer, xsd:decimal and xsd:double the value is a lexical form of."""
    if value not in _NOT_NUMBERS:
        for datatype in _NUMBER_TYPES:
            if xsd.valid(value, datatype):
                return ox.Literal(value, datatype=ox.NamedNode(datatype))
    raise QueryError(f"parameter {param.name!r} must be a number, got {value!r}")


def _label(datatype: str) -> str:
    return datatype.replace(XSD, "xsd:") if datatype.startswith(XSD) else f"<{datatype}>"


def _iri(param: Parameter, value: str) -> ox.NamedNode:
    """An absolute IRI, or one of our keys (``organization/kom``) or CURIEs (``thb:value``)."""
    if KEY_PATTERN.match(value):
        return ox.NamedNode(key_iri(value))
    if curie := expand_curie(value):
        return ox.NamedNode(curie)
    return absolute_iri(value, f"parameter {param.name!r}", "an absolute IRI or a thbkg key")


def absolute_iri(value: str, what: str, expected: str = "an absolute IRI") -> ox.NamedNode:
    """``value`` as an IRI if it is absolute and has no character an IRI may not hold."""
    if value and not _BAD_IRI_CHARS.search(value) and _SCHEME.match(value):
        try:
            return ox.NamedNode(value)
        except ValueError:  # pyoxigraph checks the rest of RFC 3987
            pass
    raise QueryError(f"{what} must be {expected}, got {value!r}")


def bind(parameters: list[Parameter], given: dict[str, str], defaults: dict[str, str]) -> dict[str, Bound]:
    """Variable -> term for every parameter with a value (given, else default); checks names."""
    names = {p.name for p in parameters}
    for name in given:
        if name not in names:
            takes = ", ".join(sorted(names)) or "no parameters"
            raise QueryError(f"unknown parameter {name!r}; this query takes: {takes}")
    bound: dict[str, Bound] = {}
    for param in parameters:
        value = given.get(param.name, defaults.get(param.name))
        if value is None:
            if param.required:
                raise QueryError(f"missing parameter {param.name!r}: give --param {param.name}=VALUE")
            continue
        bound[param.variable] = to_term(param, value)
    return bound


def inject_values(text: str, bindings: dict[str, Bound]) -> str:
    """The query with a VALUES block binding each variable, first thing in its WHERE group."""
    if not bindings:
        return text
    variables = " ".join(f"?{v}" for v in bindings)
    terms = " ".join(str(term) for term in bindings.values())  # N-Triples syntax, by pyoxigraph
    at = where_brace(text) + 1
    return f"{text[:at]}\n  VALUES ({variables}) {{ ({terms}) }}{text[at:]}"

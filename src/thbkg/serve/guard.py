"""What a query may do here, decided on the parse tree of a real SPARQL 1.1 parser.

Oxigraph executes ``SERVICE`` over HTTP and has no switch to turn that off, so a query whose parse
tree holds a SERVICE pattern is refused, and so is FROM / FROM NAMED naming a graph that is not
ours. The parser is rdflib's SPARQL grammar; a query it cannot read is refused, never passed on.

The one place where two readings of the same text can differ is the ``\\u`` escape: SPARQL 1.1
expands escapes before parsing, Oxigraph (like SPARQL 1.2) reads them only inside strings and IRIs
as one character of their content. So before parsing, each escape is replaced by a placeholder
character from the private use area: a character allowed in strings and IRIs and nowhere else in
the grammar. The parser thus reads the token structure Oxigraph reads, whatever the escape stands
for; an escape anywhere else (a keyword, a name) makes the text unreadable and it is refused.

Updates cannot run at all (workers call ``Store.query``), but they are recognised here so they
answer 403 rather than a syntax error. The worker's sandbox (sandbox.py) is the second, independent
layer: even a query this check let through cannot open a network connection.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import Query, UpdateUnit
from rdflib.plugins.sparql.parserutils import CompValue

from thbkg.serve.http_error import HttpError

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
READ_ONLY = "this endpoint is read-only: updates are not accepted"
NO_SERVICE = "SERVICE is not allowed: this endpoint never sends requests elsewhere"

REMEMBERED = 1024  # decisions kept
MAX_REMEMBERED = 16 * 1024  # characters of a query whose decision is kept (so at most 16 MiB in all)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PLACEHOLDERS = range(0x100000, 0x10FFFE)  # Supplementary Private Use Area-B: not in any SPARQL name


@dataclass(frozen=True)
class LocalGraphs:
    """The graph IRIs that are ours: every graph in the store, and any IRI in the same namespace
    (a graph we do not hold is simply empty). Nothing else is ever accepted, so nothing is fetched."""

    graphs: frozenset[str]

    def __contains__(self, iri: object) -> bool:
        if not isinstance(iri, str):
            return False
        if iri in self.graphs:
            return True
        namespace = iri[: iri.rfind("/") + 1]
        return iri.startswith(("http://", "https://")) and any(
            g.startswith(namespace) and "/" not in g[len(namespace) :] for g in self.graphs
        )


def check_query(text: str, local: LocalGraphs, base: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT or DESCRIBE) of a query allowed to run; else HttpError.

    Reading a query costs milliseconds, so the decision on a short query is remembered by its exact
    text (the page's and the API's saved queries come again and again); it depends on nothing else."""
    if len(text) > MAX_REMEMBERED:
        return _decide(text, local, base)
    form, status, message = _remembered(text, local, base)
    if status:
        raise HttpError(status, message)
    return form


@functools.lru_cache(maxsize=REMEMBERED)
def _remembered(text: str, local: LocalGraphs, base: str) -> tuple[str, int, str]:
    """``_decide`` as a value to cache: (form, 0, "") or ("", status, message)."""
    try:
        return _decide(text, local, base), 0, ""
    except HttpError as exc:
        return "", exc.status, exc.message


def _decide(text: str, local: LocalGraphs, base: str) -> str:
    masked, escapes = _mask_escapes(text)
    tree = _parse(masked)
    nodes = list(_nodes(tree))
    if any(node.name == "ServiceGraphPattern" for node in nodes):
        raise HttpError(403, NO_SERVICE)
    prologue, query = tree[0], tree[1]
    # dict.get: CompValue.get answers a missing key with the key's own name
    for clause in dict.get(query, "datasetClause", ()):
        iri = _unmask(_absolute(prologue, clause, base), escapes)
        if iri not in local:
            raise HttpError(400, f"FROM <{iri[:200]}> is not a graph of this endpoint, which never fetches graphs")
    return FORMS[query.name]


def _mask_escapes(text: str) -> tuple[str, dict[str, str]]:
    """``text`` with every ``\\u``/``\\U`` escape replaced by a placeholder character, and what each
    placeholder stands for (one placeholder per distinct escaped character)."""
    free = (chr(code) for code in _PLACEHOLDERS if chr(code) not in text)
    placeholder_of: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise HttpError(400, f"malformed query: {match[0]} is not a character")
        char = chr(code)
        if char not in placeholder_of:
            placeholder_of[char] = next(free, "")
            if not placeholder_of[char]:
                raise HttpError(400, "malformed query: too many different escaped characters")
        return placeholder_of[char]

    masked = _ESCAPE.sub(placeholder, text)
    return masked, {mark: char for char, mark in placeholder_of.items()}


def _parse(text: str) -> ParseResults:
    """The parse tree of a query; HttpError 403 for an update, 400 for anything unreadable."""
    try:
        return Query.parse_string(text, parse_all=True)
    except RecursionError:
        raise HttpError(400, "malformed query: it is nested too deeply to read") from None
    except ParseBaseException as exc:
        problem = f"malformed query at line {exc.lineno}, column {exc.col}"
    if _is_update(text):
        raise HttpError(403, READ_ONLY)
    raise HttpError(400, problem)


def _is_update(text: str) -> bool:
    try:
        UpdateUnit.parse_string(text, parse_all=True)
    except (ParseBaseException, RecursionError):
        return False
    return True


def _nodes(tree: ParseResults) -> Iterator[CompValue]:
    """Every grammar node of the tree, walked without recursion (a tree can be deep)."""
    stack: list[object] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)


def _absolute(prologue: ParseResults, clause: CompValue, base: str) -> str:
    """The IRI a FROM or FROM NAMED clause names, resolved against BASE and PREFIX as the parser does."""
    term = clause["default"] if "default" in clause else clause["named"]
    try:
        return str(translatePrologue(prologue, base).absolutize(term))
    except Exception as exc:  # rdflib says "unknown prefix" with a bare Exception
        raise HttpError(400, f"malformed query: a FROM clause cannot be resolved ({exc})") from None


def _unmask(text: str, escapes: dict[str, str]) -> str:
    return "".join(escapes.get(char, char) for char in text)

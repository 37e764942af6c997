"""What a query may do here, decided before it reaches the engine.

Oxigraph executes ``SERVICE`` over HTTP and there is no switch to turn that off, so a query that
mentions SERVICE anywhere outside a string, IRI or comment is refused; so is FROM / FROM NAMED
naming a graph that is not ours. A scanner (not a parser) decides, and it errs on the side of
refusing: ``\\u`` escapes are expanded first, as SPARQL parsers do, so ``\\u0053ERVICE`` is seen.
Updates cannot run at all (workers call ``Store.query``, which parses queries only), but they are
recognised here so they answer 403 rather than a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from thbkg.serve.errors import HttpError
from thbkg.sparqltext import comment_end, string_end

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset("INSERT DELETE LOAD CLEAR DROP CREATE ADD MOVE COPY WITH".split())

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRIREF = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_VAR = re.compile(r"[?$][\w\u00b7\u00c0-\U000effff]+")
_BNODE = re.compile(r"_:[\w\-.\u00b7\u00c0-\U000effff]*")
_NAME_CHARS = r"\w\-.\u00b7\u00c0-\U000effff"
_PNAME = re.compile(rf"([A-Za-z\u00c0-\U000effff][{_NAME_CHARS}]*)?:([{_NAME_CHARS}:%\\]*)")
_WORD = re.compile(r"[A-Za-z_][\w]*")
_LANGTAG = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Token:
    kind: str  # "iri", "pname", "word" or "other"
    value: str


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


def expand_escapes(text: str) -> str:
    """Replace ``\\uXXXX`` and ``\\UXXXXXXXX`` everywhere, as the SPARQL grammar's first step does."""

    def char(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise HttpError(400, f"malformed query: {match[0]} is not a character")
        return chr(code)

    return _ESCAPE.sub(char, text)


def tokens(text: str) -> Iterator[Token]:
    """IRIs, prefixed names, keywords and other characters, outside comments and strings."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            i = comment_end(text, i)
        elif c in "\"'":
            try:
                i = string_end(text, i)
            except ValueError:
                raise HttpError(400, "malformed query: a string is not closed") from None
        elif c == "<" and (m := _IRIREF.match(text, i)):
            yield Token("iri", m[1])
            i = m.end()
        elif (m := _VAR.match(text, i) or _BNODE.match(text, i) or _LANGTAG.match(text, i)) and m.end() > i + 1:
            i = m.end()
        elif m := _PNAME.match(text, i):
            yield Token("pname", m[0])
            i = m.end()
        elif m := _WORD.match(text, i):
            yield Token("word", m[0].upper())
            i = m.end()
        else:
            yield Token("other", c)
            i += 1


def check_query(text: str, local: LocalGraphs, base: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT or DESCRIBE) of a query allowed to run; else HttpError."""
    toks = list(tokens(expand_escapes(text)))
    if any(t.kind == "word" and t.value == "SERVICE" for t in toks):
        raise HttpError(403, "SERVICE is not allowed: this endpoint never sends requests elsewhere")
    form = _form(toks)
    for iri in _dataset_iris(toks, base):
        if iri not in local:
            raise HttpError(400, f"FROM <{iri}> is not a graph of this endpoint, which never fetches graphs")
    return form


def _form(toks: list[Token]) -> str:
    for t in toks:
        if t.kind == "word" and t.value in QUERY_FORMS:
            return t.value
        if t.kind == "word" and t.value in UPDATE_WORDS:
            raise HttpError(403, "this endpoint is read-only: updates are not accepted")
    raise HttpError(400, "malformed query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def _dataset_iris(toks: list[Token], base: str) -> Iterator[str]:
    """The IRIs of every FROM and FROM NAMED, resolved against BASE and PREFIX declarations."""
    prefixes: dict[str, str] = {}
    for k, t in enumerate(toks):
        after = toks[k + 1 : k + 4]
        if t.kind == "word" and t.value == "BASE" and after[:1] and after[0].kind == "iri":
            base = urljoin(base, after[0].value)
        elif t.kind == "word" and t.value == "PREFIX" and len(after) >= 2 and after[1].kind == "iri":
            prefixes[after[0].value.rstrip(":")] = urljoin(base, after[1].value)
        elif t.kind == "word" and t.value == "FROM":
            rest = after[1:] if after and after[0] == Token("word", "NAMED") else after
            yield _resolve(rest[0], prefixes, base) if rest else ""


def _resolve(token: Token, prefixes: dict[str, str], base: str) -> str:
    if token.kind == "iri":
        return urljoin(base, token.value)
    if token.kind == "pname":
        prefix, _, local = token.value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return token.value

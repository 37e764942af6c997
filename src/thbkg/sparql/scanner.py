"""Just enough reading of SPARQL text to bind parameters safely.

We never splice values into text where they could end a string or a group: parameters are bound by
a VALUES block put right after the brace that opens the outermost WHERE group. Finding that brace
(and the query form, and the ``?_name`` variables) needs a scanner that skips comments, strings and
IRIs, so that a ``{`` or ``WHERE`` inside them is not mistaken for syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from thbkg.core.errors import QueryError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_VAR = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\U000effff]+)")
_WORD = re.compile(r"[A-Za-z_:][\w\-.:]*")
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "var", "{", "}"
    value: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """Words, variables and braces outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = comment_end(text, i)
        elif c in "\"'":
            try:
                i = string_end(text, i)
            except ValueError as exc:
                raise QueryError(str(exc)) from None
        elif c == "<" and (iri := _IRIREF.match(text, i)):
            i = iri.end()
        elif c in "?$" and (var := _VAR.match(text, i)):
            yield Token("var", var[1], i)
            i = var.end()
        elif c in "{}":
            yield Token(c, c, i)
            i += 1
        elif (word := _WORD.match(text, i)) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            yield Token("word", word[0], i)
            i = word.end()
        else:
            i += 1


def comment_end(text: str, i: int) -> int:
    """Where the comment starting at ``i`` ends: after its line break (\\n or \\r), or at the end."""
    ends = [e for e in (text.find("\n", i), text.find("\r", i)) if e >= 0]
    return min(ends) + 1 if ends else len(text)


def string_end(text: str, i: int) -> int:
    """Where the string literal starting at ``i`` ends (short or long, either quote);
    ValueError when it is not closed. Shared by every scanner of query text."""
    quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(quote, j):
            return j + len(quote)
        elif len(quote) == 1 and text[j] in "\r\n":
            break
        else:
            j += 1
    raise ValueError(f"unterminated string starting at character {i} of the query")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; anything else (an update, no query) is an error."""
    for token in tokens(text):
        word = token.value.upper()
        if token.kind == "word" and word in QUERY_FORMS:
            return word
        if token.kind == "word" and word in UPDATE_WORDS:
            raise QueryError(f"only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here, not {word}")
    raise QueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE found in the query")


def where_brace(text: str) -> int:
    """The position of the ``{`` that opens the query's outermost WHERE group."""
    form = query_form(text)
    depth, seen_form, skipped_template = 0, False, form != "CONSTRUCT"
    for token in tokens(text):
        if not seen_form:
            seen_form = token.kind == "word" and token.value.upper() == form
            continue
        if token.kind == "word" and depth == 0 and token.value.upper() == "WHERE":
            if not skipped_template:  # CONSTRUCT WHERE { ... }: the pattern is the template
                raise QueryError("parameters need the long form CONSTRUCT { template } WHERE { pattern }")
        elif token.kind == "{":
            if depth == 0 and skipped_template:
                return token.start
            depth += 1
        elif token.kind == "}":
            depth -= 1
            skipped_template = skipped_template or depth == 0
    raise QueryError("cannot find the WHERE group of the query")


def parameter_variables(text: str) -> list[str]:
    """The grlc parameter variables (``?_name...``) in order of first use, without ``?``."""
    seen: dict[str, None] = {}
    for token in tokens(text):
        if token.kind == "var" and token.value.startswith("_"):
            seen.setdefault(token.value)
    return list(seen)


def declared_prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of the query (prefix -> namespace IRI)."""
    return {m[1] or "": m[2] for m in _PREFIX_DECL.finditer(text)}

"""The build's N-Triples and N-Quads read as lines of text, for the steps that pass over every
statement of a large build (the downloads, their statistics): splitting a line costs a fraction of
making an RDF library's terms for it.

The lines are those the build writes (build/serialize.py): one statement per line, the terms
separated by one space, the line ending in `` .``. IRIs and blank node labels hold no space, so
the subject and the predicate end at the first and second space; a literal ends at its last quote,
as what may follow it (``@lang``, ``^^<datatype>``) holds none; the graph of an N-Quads line is its
last term (core/dumps.py splits the graphs). A line that is not of that form is an error.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from thbkg.core.namespaces import XSD_STRING

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_CHARACTERS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class Literal(NamedTuple):
    """A literal's lexical form (unescaped), and its language tag or its datatype IRI."""

    value: str
    language: str | None
    datatype: str | None


def terms(line: str) -> tuple[str, str, str]:
    """An N-Triples line (without its line break) as its subject, predicate and object, each as
    written."""
    parts = line.split(" ", 2)
    if len(parts) != 3 or not parts[2].endswith(" ."):
        raise ValueError(f"not an N-Triples line: {line[:200]}")
    return parts[0], parts[1], parts[2][:-2]


def iri(term: str) -> str | None:
    """The IRI of a term written as ``<...>``, else None."""
    return unescape(term[1:-1]) if term.startswith("<") else None


def literal(term: str) -> Literal | None:
    """The parts of a term written as a literal, else None."""
    if not term.startswith('"'):
        return None
    end = term.rfind('"')
    value, rest = unescape(term[1:end]), term[end + 1 :]
    if rest.startswith("@"):
        return Literal(value, rest[1:], None)
    if rest.startswith("^^<"):
        return Literal(value, None, unescape(rest[3:-1]))
    return Literal(value, None, XSD_STRING)


def unescape(text: str) -> str:
    r"""The text with N-Triples' escapes (``\"``, ``\n``, ``\u00e5``, ...) replaced by the characters."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    code = match[1] or match[2]
    if code:
        return chr(int(code, 16))
    if match[3] not in _CHARACTERS:
        raise ValueError(f"not an N-Triples escape: \\{match[3]}")
    return _CHARACTERS[match[3]]

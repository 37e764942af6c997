"""The things the docs name: IRIs of things (``https://w3id.org/thbkg/id/...``), ``thbr:`` names, and keys
of things (``organization/kom``) written in backticks or in code blocks. Placeholders (``<source>``,
``country/<ISO alpha-3>``) name nothing and are left out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from thbkg.core.namespaces import THBR

IRI = re.compile(re.escape(THBR) + r"([^\s`'\"|()\[\]]*)")
THBR_NAME = re.compile(r"(?<![\w-])thbr:([^\s`'\"|()\[\]]*)")
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
KEY = re.compile(r"(?<![\w/.:#<-])([a-z][a-z0-9-]*)/([a-z0-9][a-z0-9-]*|[A-Z]{3})(?![\w/<-])")


def _tail(text: str) -> str | None:
    """The key an IRI's or name's tail spells, or None for a placeholder or nothing."""
    if "<" in text or "{" in text:
        return None
    key = text.split(">", 1)[0].rstrip(".,;:")
    return key or None


def references(path: Path, kinds: set[str]) -> Iterator[tuple[int, str]]:
    """Each (line, key) that ``path`` names: the key of every IRI of a thing, of every ``thbr:`` name,
    and every key of one of the ``kinds`` of thing written in backticks or a code block."""
    text = path.read_text(encoding="utf-8")

    def line(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for pattern in (IRI, THBR_NAME):
        for match in pattern.finditer(text):
            key = _tail(match[1])
            if key:
                yield line(match.start()), key
    for code in CODE.finditer(text):
        for match in KEY.finditer(code[0]):
            if match[1] in kinds:
                yield line(code.start() + match.start()), match[0]


def kinds_of(store: ox.Store) -> set[str]:
    """The kinds of thing the build holds (``organization``, ``period``, ...)."""
    found = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(THBR):
            found.add(quad.subject.value[len(THBR) :].split("/", 1)[0])
    return found


def missing(paths: list[Path], store: ox.Store) -> list[str]:
    """``path:line: key`` for each thing the docs name that the build does not hold."""
    kinds = kinds_of(store)
    return [
        f"{path.name}:{line}: {key}"
        for path in paths
        for line, key in references(path, kinds)
        if next(store.quads_for_pattern(ox.NamedNode(THBR + key), None, None, None), None) is None
    ]

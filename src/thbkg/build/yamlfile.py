"""YAML reading that keeps line numbers and leaves every scalar a string.

Scalars stay strings so that a value is typed by the ontology (the range of its
predicate), never by YAML's guesses (``2011-06-27`` as a date, ``no`` as false).

The reader refuses what would let a small file cost a lot: an alias may repeat a single value (a
quote used by several claims) but not a list or mapping, whose every use would be copied in full
(nine levels of ten aliases make a 400-byte file a billion values; an alias inside its own anchor,
an endless one); a file may hold at most MAX_ALIASES aliases and nest at most MAX_DEPTH lists and
mappings deep, far beyond what the data needs and short of Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser  # type: ignore[attr-defined]
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from thbkg.build.textfile import read_text
from thbkg.core.errors import InputError, Problem

MAX_ALIASES = 1000
MAX_DEPTH = 20
DEPTH_REFUSAL = f"lists and mappings nested more than {MAX_DEPTH} deep"
# libyaml's own nesting limit, which its scanner can meet ahead of the composer's in a flow list
LIBYAML_DEPTH = "exceeded maximum nesting depth"


class LimitError(yaml.MarkedYAMLError):
    """Valid YAML that the reader refuses (see the module's docstring)."""


class BoundedLoader(Composer, CParser, SafeConstructor, Resolver):
    """PyYAML's composer and safe constructor with the limits of this module, applied to the
    parser's events as the composer meets them, before any node is built from them: for the plain
    data of a saved query's header (bounded_data)."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            _check_alias(self.aliases, isinstance(self.anchors.get(event.anchor), yaml.CollectionNode), event)
            return super().compose_node(parent, index)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        _check_depth(self.depth, event)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _check_depth(depth: int, event: yaml.Event) -> None:
    """Refuse a list or mapping that would nest deeper than MAX_DEPTH."""
    if depth == MAX_DEPTH:
        raise LimitError(problem=DEPTH_REFUSAL, problem_mark=_mark(event))


def _check_alias(aliases: int, of_collection: bool, event: yaml.AliasEvent) -> None:
    """Refuse the alias beyond MAX_ALIASES, and one that repeats a list or mapping."""
    if aliases > MAX_ALIASES:
        raise LimitError(problem=f"more than {MAX_ALIASES} aliases in one file", problem_mark=_mark(event))
    if of_collection:
        reason = f"the alias *{event.anchor} repeats a list or mapping; an alias may only repeat a single value"
        raise LimitError(problem=reason, problem_mark=_mark(event))


def bounded_data(text: str) -> Any:
    """The plain data of one YAML document (safe types only), within the limits of this module."""
    loader = BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _mark(event: yaml.Event) -> yaml.Mark:
    """Where ``event`` starts (PyYAML's C and Python parsers give marks of two classes alike)."""
    return cast(yaml.Mark, event.start_mark)


class Node(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]
    path: Path

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def problem(self, key: str | None, reason: str) -> Problem:
        return Problem(self.path, self.line_of(key) if key else self.line, reason)


class Items(list):
    """A YAML sequence that remembers the line of each item."""

    lines: list[int]
    path: Path


def each_mapping(items: Items, refusal: str, handle: Callable[[Node], list[Problem]]) -> list[Problem]:
    """The problems ``handle`` finds in each item that is a mapping, and ``refusal`` at the line of
    each item that is not: one run reports every bad item of a list."""
    problems: list[Problem] = []
    for item, line in zip(items, items.lines, strict=True):
        problems += handle(item) if isinstance(item, Node) else [Problem(items.path, line, refusal)]
    return problems


NULL_TAG = "tag:yaml.org,2002:null"
NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # YAML 1.1's plain nulls, as PyYAML resolves them
Event = Any  # libyaml's events, which PyYAML's type stubs leave loosely typed
EMPTY = object()  # a stream with no document, told apart from a document that is null


class _Reader:
    """One document's Node/Items/str values built straight from libyaml's events, with the limits
    of this module: the values, lines and refusals of PyYAML's composer followed by a walk of its
    node tree, without the tree, which a thousand mappings make some 700,000 nodes of (2.4 times
    faster). An alias in a list is at its own line, and a list or mapping as a key is refused."""

    def __init__(self, text: str, path: Path) -> None:
        self.parser = CParser(text)
        self.path = path
        self.anchors: dict[str, tuple[Any, str | None, Any]] = {}  # value, raw text (scalars), mark
        self.aliases = 0
        self.depth = 0

    def document(self) -> Any:
        """The document's value, EMPTY for a stream without one."""
        get: Callable[[], Event] = self.parser.get_event
        get()  # the stream's start
        if isinstance(self.parser.peek_event(), yaml.StreamEndEvent):
            return EMPTY
        start = get()
        value = self.value(get())
        get()  # the document's end
        if not isinstance(self.parser.peek_event(), yaml.StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                start.start_mark,
                "but found another document",
                get().start_mark,
            )
        return value

    def value(self, event: Event) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = None if _is_null(event) else event.value
            self._anchor(event, value, event.value)
            return value
        if kind is yaml.AliasEvent:
            return self._alias(event)[0]
        _check_depth(self.depth, event)
        self.depth += 1
        try:
            return self._sequence(event) if kind is yaml.SequenceStartEvent else self._mapping(event)
        finally:
            self.depth -= 1

    def _sequence(self, start: Event) -> Items:
        items, lines = Items(), []
        self._anchor(start, items, None)
        get: Callable[[], Event] = self.parser.get_event
        event = get()
        while type(event) is not yaml.SequenceEndEvent:
            lines.append(event.start_mark.line + 1)
            items.append(self.value(event))
            event = get()
        items.lines, items.path = lines, self.path
        return items

    def _mapping(self, start: Event) -> Node:
        node = Node()
        node.line, node.key_lines, node.path = start.start_mark.line + 1, {}, self.path
        self._anchor(start, node, None)
        get: Callable[[], Event] = self.parser.get_event
        event = get()
        while type(event) is not yaml.MappingEndEvent:
            line = event.start_mark.line + 1
            key = self._key(event)
            if key in node:
                raise InputError([Problem(self.path, line, f"duplicate key {key!r}")])
            node[key] = self.value(get())
            node.key_lines[key] = line
            event = get()
        return node

    def _key(self, event: Event) -> str:
        """A key as written (a null key is its text), or the refusal of a list or mapping as a key."""
        if type(event) is yaml.ScalarEvent:
            self._anchor(event, None if _is_null(event) else event.value, event.value)
            return str(event.value)
        if type(event) is yaml.AliasEvent:
            raw = self._alias(event)[1]
            return str(raw)
        raise InputError([Problem(self.path, event.start_mark.line + 1, "a key must be a single value")])

    def _anchor(self, event: Event, value: Any, raw: str | None) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in self.anchors:
            first = self.anchors[anchor][2]
            raise ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence", first, "second occurrence", event.start_mark
            )
        self.anchors[anchor] = (value, raw, event.start_mark)

    def _alias(self, event: Event) -> tuple[Any, str | None, Any]:
        self.aliases += 1
        anchored = self.anchors.get(event.anchor)
        _check_alias(self.aliases, anchored is not None and isinstance(anchored[0], (Node, Items)), event)
        if anchored is None:
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        return anchored


def _is_null(event: Event) -> bool:
    """Whether PyYAML would read the scalar as null: tagged so, or plain and spelled as YAML 1.1's null."""
    if event.tag is None or event.tag == "!":
        return bool(event.implicit[0]) and event.value in NULLS
    return bool(event.tag == NULL_TAG)


def load(path: Path) -> Any:
    """Read a YAML file into Node/Items/str values, or raise InputError with the line."""
    text = read_text(path)
    try:
        parsed = _Reader(text, path)
        try:
            root = parsed.document()
        finally:
            parsed.parser.dispose()
    except LimitError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise InputError([Problem(path, line, f"refused: {exc.problem}")]) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(
            [Problem(path, line, f"not valid YAML: character #x{exc.character:04x} is not allowed")]
        ) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        if exc.problem == LIBYAML_DEPTH:
            raise InputError([Problem(path, line, f"refused: {DEPTH_REFUSAL}")]) from None
        raise InputError([Problem(path, line, f"not valid YAML: {exc.problem or exc.context}")]) from None
    if root is EMPTY:
        raise InputError([Problem(path, 1, "the file is empty")])
    return root


def require_fields(node: Node, required: set[str], optional: set[str]) -> list[Problem]:
    """Problems for missing and unknown keys of one mapping."""
    problems = [node.problem(None, f"missing field {name!r}") for name in sorted(required - node.keys())]
    problems += [
        node.problem(key, f"unknown field {key!r} (expected one of: {', '.join(sorted(required | optional))})")
        for key in node
        if key not in required | optional
    ]
    return problems

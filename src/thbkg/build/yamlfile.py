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
from yaml.composer import Composer
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
    """PyYAML's composer with the limits of this module, applied to the parser's events as the
    composer meets them, before any node is built from them. The events come from libyaml's parser
    (eight times PyYAML's own on a mapping file), the composing stays in Python, where the limits are."""

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
            self._check_alias(event)
            return super().compose_node(parent, index)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth == MAX_DEPTH:
            raise LimitError(problem=DEPTH_REFUSAL, problem_mark=_mark(event))
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _check_alias(self, event: yaml.AliasEvent) -> None:
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise LimitError(problem=f"more than {MAX_ALIASES} aliases in one file", problem_mark=_mark(event))
        if isinstance(self.anchors.get(event.anchor), yaml.CollectionNode):
            reason = f"the alias *{event.anchor} repeats a list or mapping; an alias may only repeat a single value"
            raise LimitError(problem=reason, problem_mark=_mark(event))


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document, within the limits of this module."""
    loader = BoundedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


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


def _build(node: yaml.Node, path: Path) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = Node()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        out.path = path
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                raise InputError([Problem(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")])
            out[key] = _build(value_node, path)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = Items(_build(item, path) for item in node.value)
        items.lines = [item.start_mark.line + 1 for item in node.value]
        items.path = path
        return items
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


def load(path: Path) -> Any:
    """Read a YAML file into Node/Items/str values, or raise InputError with the line."""
    text = read_text(path)
    try:
        root = compose(text)
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
    if root is None:
        raise InputError([Problem(path, 1, "the file is empty")])
    return _build(root, path)


def require_fields(node: Node, required: set[str], optional: set[str]) -> list[Problem]:
    """Problems for missing and unknown keys of one mapping."""
    problems = [node.problem(None, f"missing field {name!r}") for name in sorted(required - node.keys())]
    problems += [
        node.problem(key, f"unknown field {key!r} (expected one of: {', '.join(sorted(required | optional))})")
        for key in node
        if key not in required | optional
    ]
    return problems

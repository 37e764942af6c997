"""YAML reading that keeps line numbers and leaves every scalar a string.

Scalars stay strings so that a value is typed by the ontology (the range of its
predicate), never by YAML's guesses (``2011-06-27`` as a date, ``no`` as false).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from thbkg.errors import InputError, Problem


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
    try:
        with path.open(encoding="utf-8") as handle:
            root = yaml.compose(handle, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError([Problem(path, line, f"not valid YAML: {reason}")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(path, 1, "not UTF-8 text")]) from None
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

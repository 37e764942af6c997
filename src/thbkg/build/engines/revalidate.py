"""Validation after a change (the fast engine's ``revalidate``): the last report kept but for the
focus nodes a changed triple can reach, which are validated again by the code a whole validation
uses (validation.py), giving exactly the report a whole validation gives.

Which focus nodes: each shape's reach (shape_reach.py) is a set of links, each a triple pattern read
from a variable already reached from the focus node. A changed triple that a link's pattern matches
(its constants equal) gives the value of the variable the link is read from; the walk then goes
back along the links to the focus nodes that reach that value, by look-ups in the new data.

Why that is enough: a shape's result on a focus node, and what its findings show, depend only on the
triples a walk from the focus node along the links reaches. If the result differs between the old
and the new data, some changed triple is on such a walk, in the old data or the new. Take the first
changed triple along that walk: every triple before it is unchanged, so in both data, and the walk
back from it on the new data finds the focus node. The same holds for a node that is a focus node
in one data and not in the other, through the links of the targets.

What runs whole: a shape whose reach the analysis cannot bound (reach.py), a shape left to pyshacl,
every shape that shares a reporting shape with one of those (a finding names only the shape that
reports it), and a shape whose walk passes more than ``CAP`` nodes (a change to the ontology, say,
reaches every instance of a class: validating whole is then quicker). Everything runs whole when the
change holds a blank node (a store names blank nodes anew on each load), when the change may have
switched a shape between the fast path and pyshacl (shapes_plan.plan reads the data's literals),
or when the last report holds a finding of a shape these shapes do not report under.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from thbkg.build.engines.as_written import DERIVED_LITERAL
from thbkg.build.engines.dataset import Dataset
from thbkg.build.engines.reach import Reach, Unbounded, query_reach
from thbkg.build.engines.shacl_sparql import Focus
from thbkg.build.engines.shape_reach import ShapeReach, reporters, shape_reach
from thbkg.build.engines.validation import Validation
from thbkg.build.engines.walk import QuadWalk, Term, TooFar
from thbkg.build.validate import Finding, Report, make_report

# The bytes by which shapes_plan.plan chooses a shape's engine: a literal of a type derived from
# xsd:integer, and an escaped quote before a datatype.
PLAN_MARKERS = (DERIVED_LITERAL, re.compile(rb'\\"\^\^<'))
BLANK = re.compile(rb"(^|\s)_:", re.MULTILINE)


def revalidate(run: Validation, last: Report, changed: bytes) -> Report:
    """The report of the validation ``run`` on the new data, from ``last`` (the report on the data
    before the change, with the same shapes) and the ``changed`` N-Triples lines (at least every
    triple in one data and not in the other)."""
    if BLANK.search(changed) or not _plan_unchanged(run.dataset.typed_data(), changed):
        return make_report(run.whole())
    found = _revalidated(run, last, list(ox.parse(changed, format=ox.RdfFormat.N_TRIPLES)))
    return make_report(run.whole() if found is None else found)


def _plan_unchanged(data: bytes, changed: bytes) -> bool:
    """Whether the data before the change gave the plan the same bytes to read: for each marker, a
    line of ``data`` that holds it and is not in ``changed`` (so it was there before), or no line
    of either that holds it."""
    for marker in PLAN_MARKERS:
        lines, seen = set(_lines(changed, marker)), False
        for line in _lines(data, marker):
            if line not in lines:
                break
            seen = True
        else:
            if seen or lines:
                return False
    return True


def _lines(data: bytes, marker: re.Pattern[bytes]) -> Iterator[bytes]:
    """The lines of ``data`` that hold ``marker``."""
    for match in marker.finditer(data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.end())
        yield data[start : len(data) if end == -1 else end]


@dataclass
class _Groups:
    """The shapes with targets in groups that share a reporting shape (a finding names only the shape
    that reports it), by reporting shape, and the groups validated whole."""

    of_reporter: dict[str, int] = field(default_factory=dict)
    whole: set[int] = field(default_factory=set)


def _grouped(shapes: Graph, targeted: list[Node]) -> tuple[_Groups, dict[Node, int]]:
    """The groups of shapes ``targeted``, and each shape's group."""
    parent: dict[str, str] = {}

    def top(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    named = {shape: reporters(shapes, shape)[0] for shape in targeted}
    for names in named.values():
        first, *rest = sorted(names)
        for name in rest:
            parent[top(name)] = top(first)
    numbers: dict[str, int] = {}
    groups = _Groups()
    group_of = {}
    for shape, names in named.items():
        group = group_of[shape] = numbers.setdefault(top(next(iter(names))), len(numbers))
        for name in names:
            groups.of_reporter[name] = group
    return groups, group_of


def _revalidated(run: Validation, last: Report, changed: list[ox.Quad]) -> list[Finding] | None:
    """The findings of the new data, or None where it has to be validated whole."""
    shapes, chosen = run.shapes, run.chosen
    groups, group_of = _grouped(shapes, [*chosen.fast, *chosen.fallback])
    groups.whole |= {group_of[shape] for shape in chosen.fallback}
    walk = Walk(run, changed)
    reached: dict[Node, set[Term]] = {}
    for shape in chosen.fast:
        if group_of[shape] in groups.whole:
            continue
        try:
            found = walk.focus(shape_reach(shapes, shape))
        except Unbounded:
            found = None
        if found is None:
            groups.whole.add(group_of[shape])
        else:
            reached[shape] = found
    affected = sorted(
        {node for shape, nodes in reached.items() if group_of[shape] not in groups.whole for node in nodes}, key=str
    )
    names = {node.value for node in affected if isinstance(node, ox.NamedNode)}
    kept = []
    for finding in last.findings:
        group = groups.of_reporter.get(finding.shape)
        if group is None:
            return None  # a finding these shapes do not report
        if group not in groups.whole and finding.focus not in names:
            kept.append(finding)
    run.core.few = True
    nodes: dict[Node, list[Focus]] = {}
    for shape in chosen.fast:
        if group_of[shape] in groups.whole:
            nodes[shape] = run.focus(shape)
        else:
            nodes[shape] = run.focus_among(shape, affected, lambda query: walk.around(query, affected))
    return kept + run.findings(nodes) + run.fallback_findings()


class Walk(QuadWalk):
    """Walks back from the changed triples to the focus nodes whose reach holds them, on the new data."""

    def __init__(self, run: Validation, changed: list[ox.Quad]) -> None:
        super().__init__(run.dataset.store, changed)
        self.data = run.dataset
        self._around: dict[tuple[str, tuple[Term, ...]], Dataset] = {}
        self._roots: dict[Reach, set[Term] | None] = {}

    def focus(self, reach: ShapeReach) -> set[Term] | None:
        """The focus nodes whose result may have changed (IRIs), or None: validate the shape whole."""
        found: set[Term] = set()
        for part in reach.parts:
            if part not in self._roots:
                try:
                    self._roots[part] = self.roots(part)
                except TooFar:
                    self._roots[part] = None
            roots = self._roots[part]
            if roots is None:
                return None
            found |= roots
        return found

    def around(self, query: str, nodes: list[Term]) -> Dataset:
        """Data that hold every triple SPARQL target ``query`` reads from each of ``nodes`` (a walk
        forward along its links), on which it selects those of them it selects on the whole data;
        the whole data where the analysis cannot bound the query or the walk passes ``CAP`` nodes."""
        try:
            steps = query_reach(query, "this", substituted=False)
        except Unbounded:
            return self.data
        found = self._around.get((query, tuple(nodes)))
        if found is None:
            try:
                read = self.forward(Reach("this", steps), nodes)
                found = Dataset(b"".join(f"{quad.triple} .\n".encode() for quad in read.quads))
            except TooFar:
                found = self.data
            self._around[(query, tuple(nodes))] = found
        return found

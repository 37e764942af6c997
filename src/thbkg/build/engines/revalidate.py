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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from thbkg.build.engines.as_written import DERIVED_LITERAL
from thbkg.build.engines.dataset import WRITTEN, Dataset
from thbkg.build.engines.reach import Link, Same, Step, Unbounded, query_reach
from thbkg.build.engines.shacl_sparql import Focus
from thbkg.build.engines.shape_reach import Reach, ShapeReach, reporters, shape_reach
from thbkg.build.engines.validation import Validation
from thbkg.build.validate import Finding, Report, make_report

# A walk that passes more nodes than this stops, and its shape is validated whole.
CAP = 20_000
# The bytes by which shapes_plan.plan chooses a shape's engine: a literal of a type derived from
# xsd:integer, and an escaped quote before a datatype.
PLAN_MARKERS = (DERIVED_LITERAL, re.compile(rb'\\"\^\^<'))
BLANK = re.compile(rb"(^|\s)_:", re.MULTILINE)
Term = ox.NamedNode | ox.BlankNode | ox.Literal


def revalidate(run: Validation, last: Report, changed: bytes) -> Report:
    """The report of the validation ``run`` on the new data, from ``last`` (the report on the data
    before the change, with the same shapes) and the ``changed`` N-Triples lines (at least every
    triple in one data and not in the other)."""
    if BLANK.search(changed) or not _plan_unchanged(run.dataset.typed_data(), changed):
        return make_report(run.whole())
    triples = [quad.triple for quad in ox.parse(changed, format=ox.RdfFormat.N_TRIPLES)]
    found = _revalidated(run, last, triples)
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


def _revalidated(run: Validation, last: Report, changed: list[ox.Triple]) -> list[Finding] | None:
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


class Walk:
    """Walks back from the changed triples to the focus nodes whose reach holds them, on the new data."""

    def __init__(self, run: Validation, changed: list[ox.Triple]) -> None:
        self.data = run.dataset
        self.store = run.dataset.store
        self._around: dict[tuple[str, tuple[Term, ...]], Dataset] = {}
        self.changed = changed
        self.by_predicate: dict[ox.NamedNode, list[ox.Triple]] = defaultdict(list)
        for triple in changed:
            self.by_predicate[triple.predicate].append(triple)
        self._roots: dict[Reach, set[Term] | None] = {}

    def focus(self, reach: ShapeReach) -> set[Term] | None:
        """The focus nodes whose result may have changed (IRIs), or None: validate the shape whole."""
        found: set[Term] = set()
        for part in reach.parts:
            roots = self._roots.get(part, set())
            if part not in self._roots:
                roots = self._roots[part] = self.roots(part)
            if roots is None:
                return None
            found |= roots
        return found

    def roots(self, part: Reach) -> set[Term] | None:
        """The values of ``part.root`` that a walk back from a changed triple reaches."""
        incoming: dict[str, list[tuple[Step, int]]] = defaultdict(list)
        for step in part.steps:
            if isinstance(step, Same):
                incoming[step.target].append((step, -1))
            else:
                for at, term in enumerate(step.terms):
                    if isinstance(term, str) and at != step.start:
                        incoming[term].append((step, at))
        todo: list[tuple[str, Term]] = []
        for link in part.steps:
            if isinstance(link, Link):
                predicate = link.terms[1]
                candidates = (
                    self.by_predicate.get(predicate, []) if isinstance(predicate, ox.NamedNode) else self.changed
                )
                for triple in candidates:
                    if _matches(link, triple):
                        todo.append((link.source, _at(triple, link.start)))
        found: set[Term] = set()

        def back(variable: str, value: Term) -> Iterator[tuple[str, Term]]:
            if variable == part.root:
                if not isinstance(value, ox.NamedNode):
                    raise _TooFar  # a focus node that is no IRI: its findings are not told apart by name
                found.add(value)
            for step, at in incoming.get(variable, ()):
                if isinstance(step, Same):
                    yield step.source, value
                else:
                    yield from ((step.source, before) for before in self._back(step, at, value))

        try:
            _walk(todo, back)
        except _TooFar:
            return None
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
            triples = self.forward(Reach("this", steps), nodes)
            found = self.data if triples is None else Dataset(b"".join(f"{t} .\n".encode() for t in triples))
            self._around[(query, tuple(nodes))] = found
        return found

    def forward(self, part: Reach, nodes: list[Term]) -> set[ox.Triple] | None:
        """The triples a walk from ``nodes`` along ``part``'s links reads, or None past ``CAP`` nodes."""
        outgoing: dict[str, list[Step]] = defaultdict(list)
        for step in part.steps:
            outgoing[step.source].append(step)
        triples: set[ox.Triple] = set()

        def ahead(variable: str, value: Term) -> Iterator[tuple[str, Term]]:
            for step in outgoing.get(variable, ()):
                if isinstance(step, Same):
                    yield step.target, value
                    continue
                for triple in self._matching(step, step.start, value):
                    triples.add(triple)
                    yield from ((t, _at(triple, at)) for at, t in enumerate(step.terms) if isinstance(t, str))

        try:
            _walk([(part.root, node) for node in nodes], ahead)
        except _TooFar:
            return None
        return triples

    def _back(self, link: Link, at: int, term: Term) -> Iterator[Term]:
        """The values at ``link``'s start of the triples that match its pattern with ``term`` at ``at``."""
        for triple in self._matching(link, at, term):
            yield _at(triple, link.start)

    def _matching(self, link: Link, at: int, term: Term) -> Iterator[ox.Triple]:
        """The triples of the data (pyoxigraph's values) that match ``link``'s pattern with ``term`` at ``at``."""
        if (at == 0 and isinstance(term, ox.Literal)) or (at == 1 and not isinstance(term, ox.NamedNode)):
            return
        pattern: list[Term | None] = [t if isinstance(t, ox.NamedNode) else None for t in link.terms]
        pattern[at] = term
        for quad in self.store.quads_for_pattern(*pattern):  # type: ignore[arg-type]
            if quad.graph_name != WRITTEN:
                yield quad.triple


class _TooFar(Exception):
    """A walk passed ``CAP`` nodes, or reached a focus node that is no IRI."""


def _walk(todo: list[tuple[str, Term]], visit: Callable[[str, Term], Iterable[tuple[str, Term]]]) -> None:
    """Visit each (variable, value) reached from ``todo`` once, ``visit`` giving the pairs it reaches
    next; _TooFar past ``CAP`` of them."""
    seen: set[tuple[str, Term]] = set()
    while todo:
        pair = todo.pop()
        if pair in seen:
            continue
        seen.add(pair)
        if len(seen) > CAP:
            raise _TooFar
        todo.extend(visit(*pair))


def _at(triple: ox.Triple, at: int) -> Term:
    return triple.subject if at == 0 else triple.predicate if at == 1 else triple.object  # type: ignore[return-value]


def _matches(link: Link, triple: ox.Triple) -> bool:
    """Whether ``triple`` matches ``link``'s pattern: each constant (an IRI) equal."""
    return all(not isinstance(t, ox.NamedNode) or t == _at(triple, at) for at, t in enumerate(link.terms))

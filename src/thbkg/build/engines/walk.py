"""Walks along a check's links (reach.py) over a store: back from changed quads to the values of the
check's root that may answer differently (revalidate.py says why that is enough), and forward from
root values to the quads their answers read. Used by validation after a change (revalidate.py) and
by the quality checks after a change (build/kept_quality.py).

A link of three positions is a triple pattern read in every graph of the store but the one holding
literals as written (dataset.py); a link of four reads its graph: the default graph, a named graph,
or any named graph for a variable. A link that reads only that a graph exists (``GRAPH ?g { }``)
matches a change only where the graph appeared or disappeared, and forward reads only that it holds
one (``Read.graphs``).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from thbkg.build.engines.dataset import WRITTEN
from thbkg.build.engines.reach import DEFAULT, Link, Reach, Same, Step

# A walk that passes more nodes than this stops: the check is then run whole.
CAP = 20_000
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class TooFar(Exception):
    """A walk passed ``CAP`` nodes, or reached a root value that is no IRI."""


@dataclass
class Read:
    """What a walk forward read: quads, and graphs that it read only to hold a triple."""

    quads: set[ox.Quad] = field(default_factory=set)
    graphs: set[ox.NamedNode] = field(default_factory=set)


class QuadWalk:
    """Walks on ``store`` (the data after the change) from the ``changed`` quads and the ``graphs``
    that appeared or disappeared."""

    def __init__(self, store: ox.Store, changed: list[ox.Quad], graphs: Collection[ox.NamedNode] = ()) -> None:
        self.store = store
        self.changed = changed
        self.graphs = graphs
        self.by_predicate: dict[ox.NamedNode, list[ox.Quad]] = defaultdict(list)
        for quad in changed:
            self.by_predicate[quad.predicate].append(quad)

    def roots(self, part: Reach, iris: bool = True) -> set[Term]:
        """The values of ``part.root`` that a walk back from a change reaches; TooFar past ``CAP``
        nodes, or at a root value that is no IRI where ``iris`` asks for IRIs."""
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
                todo += ((link.source, value) for value in self._changed_values(link))
        found: set[Term] = set()

        def back(variable: str, value: Term) -> Iterator[tuple[str, Term]]:
            if variable == part.root:
                if iris and not isinstance(value, ox.NamedNode):
                    raise TooFar  # a root value that is no IRI: its answers are not told apart by name
                found.add(value)
            for step, at in incoming.get(variable, ()):
                if isinstance(step, Same):
                    yield step.source, value
                else:
                    yield from ((step.source, _at(quad, step.start)) for quad in self._matching(step, at, value))

        walk(todo, back)
        return found

    def _changed_values(self, link: Link) -> Iterator[Term]:
        """The values at ``link``'s start of the changes it matches."""
        if link.exists:
            yield from self.graphs
            return
        predicate = link.terms[1]
        candidates = self.by_predicate.get(predicate, []) if isinstance(predicate, ox.NamedNode) else self.changed
        for quad in candidates:
            if _matches(link, quad):
                yield _at(quad, link.start)

    def forward(self, part: Reach, nodes: Iterable[Term]) -> Read:
        """What a walk from ``nodes`` along ``part``'s links reads; TooFar past ``CAP`` nodes."""
        outgoing: dict[str, list[Step]] = defaultdict(list)
        for step in part.steps:
            outgoing[step.source].append(step)
        read = Read()
        quads = read.quads

        def ahead(variable: str, value: Term) -> Iterator[tuple[str, Term]]:
            for step in outgoing.get(variable, ()):
                if isinstance(step, Same):
                    yield step.target, value
                    continue
                if step.exists:
                    if isinstance(value, ox.NamedNode) and any(self._matching(step, step.start, value)):
                        read.graphs.add(value)
                    continue
                for quad in self._matching(step, step.start, value):
                    quads.add(quad)
                    yield from ((t, _at(quad, at)) for at, t in enumerate(step.terms) if isinstance(t, str))

        walk([(part.root, node) for node in nodes], ahead)
        return read

    def store_of(self, read: Read) -> ox.Store:
        """A store holding what a walk read: its quads, and the graphs it read to hold a triple (as
        graphs that hold none: another of their triples would be read by the check too)."""
        store = ox.Store()
        store.extend(read.quads)
        for graph in read.graphs:
            store.add_graph(graph)
        return store

    def _matching(self, link: Link, at: int, term: Term) -> Iterator[ox.Quad]:
        """The quads of the store that match ``link``'s pattern with ``term`` at ``at`` (for a link
        that reads a graph's existence, one of them)."""
        if (at == 0 and isinstance(term, ox.Literal)) or (at in (1, 3) and not isinstance(term, ox.NamedNode)):
            return
        pattern: list[Term | ox.DefaultGraph | None] = [
            t if isinstance(t, ox.NamedNode | ox.DefaultGraph) else None for t in link.terms
        ]
        pattern[at] = term
        if link.exists:
            yield from itertools.islice(self.store.quads_for_pattern(None, None, None, term), 1)  # type: ignore[arg-type]
            return
        for quad in self.store.quads_for_pattern(*pattern):  # type: ignore[arg-type]
            if len(link.terms) == 3:
                if quad.graph_name != WRITTEN:
                    yield quad
            elif not isinstance(link.terms[3], str) or quad.graph_name != DEFAULT:  # GRAPH ?g: a named graph
                yield quad


def walk(todo: list[tuple[str, Term]], visit: Callable[[str, Term], Iterable[tuple[str, Term]]]) -> None:
    """Visit each (variable, value) reached from ``todo`` once, ``visit`` giving the pairs it reaches
    next; TooFar past ``CAP`` of them, seen or to visit."""
    seen: set[tuple[str, Term]] = set()
    while todo:
        pair = todo.pop()
        if pair in seen:
            continue
        seen.add(pair)
        for after in visit(*pair):  # counted as they come: one value may lead to very many
            todo.append(after)
            if len(todo) + len(seen) > CAP:
                raise TooFar


def _at(quad: ox.Quad, at: int) -> Term:
    return (quad.subject, quad.predicate, quad.object, quad.graph_name)[at]  # type: ignore[return-value]


def _matches(link: Link, quad: ox.Quad) -> bool:
    """Whether ``quad`` matches ``link``'s pattern: each constant (an IRI, or the default graph)
    equal, and a graph variable a named graph."""
    for at, term in enumerate(link.terms):
        value = _at(quad, at)
        if isinstance(term, ox.NamedNode | ox.DefaultGraph) and term != value:
            return False
        if at == 3 and isinstance(term, str) and value == DEFAULT:
            return False
    return True

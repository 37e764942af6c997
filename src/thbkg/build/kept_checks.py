"""The stores the checks read, kept from one build to the next in a process that stays (``thbkg build
--watch``) and brought up to date with what a change added and removed, rather than loaded again: at
a thousand reports, loading the validated union into the fast engine's store takes some 7 s and the
quads with their union into the quality checks' store some 10 s, where a change to one source
touches a few thousand triples.

Each store ends as loading the changed build would leave it: the union's lines are counted (how
many graphs hold each), so a triple leaves the validated union only when no graph holds it any
more; the quality checks' store holds each graph's quads and, as its default graph, their union as
pyoxigraph inserts it (sparql/store.py), a triple by its value. tests/test_kept_checks.py compares
both with stores loaded afresh.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef

from thbkg.build.engines import Engine
from thbkg.build.engines.dataset import Dataset
from thbkg.build.engines.fast import FastEngine
from thbkg.build.kept_graphs import graph_digests
from thbkg.build.kept_quality import KeptQuality
from thbkg.build.quality import Violations
from thbkg.build.serialize import nquads
from thbkg.build.validate import Report
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.store import load_quads

DEFAULT = ox.DefaultGraph()
BLANK = re.compile(rb"(^|\s)_:")  # a line with a blank node


@dataclass(frozen=True)
class UnionChange:
    """The N-Triples lines a change added to the union of the graphs and removed from it."""

    added: bytes
    removed: bytes

    @property
    def lines(self) -> bytes:
        return self.added + self.removed

    def then(self, later: UnionChange) -> UnionChange:
        """This change and a ``later`` one as one: what a report made before both must look at."""
        return UnionChange(self.lines + later.lines, b"")


def _lines(data: bytes) -> set[bytes]:
    return set(data.splitlines(keepends=True))


def _quads(lines: Iterable[bytes], graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    """N-Triples lines as quads in ``graph``."""
    return [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)
    ]


class KeptChecks:
    """The last build's graphs, the validated union in the fast engine's store with its report, and
    the quality checks' store."""

    def __init__(self, graphs: Mapping[URIRef, bytes]) -> None:
        self._load(graphs)

    def _load(self, graphs: Mapping[URIRef, bytes]) -> None:
        """Both stores loaded from ``graphs``, with no report yet."""
        self.graphs = dict(graphs)
        self.digests = graph_digests({str(name): data for name, data in graphs.items()})
        self.counts = Counter(line for data in graphs.values() for line in data.splitlines(keepends=True))
        self.dataset = Dataset(self.union())
        self.store = load_quads(nquads(self.graphs))
        self.checked = KeptQuality()  # the quality checks' last rows
        self.report: Report | None = None
        self.shapes = ""  # the key of the shapes of the report (build/validation_cache.shapes_key)
        self.change: UnionChange | None = None  # what changed since the report

    def union(self) -> bytes:
        """The union of the graphs, each line once."""
        return b"".join(self.counts)

    def update(self, graphs: Mapping[URIRef, bytes]) -> UnionChange | None:
        """Bring both stores up to date with the build whose graphs are ``graphs``: what the union
        gained and lost. A change to a triple with a blank node loads them again (a store names a
        blank node anew on each load, so the one a line names cannot be found again), and the next
        validation is whole (None)."""
        changed = {}
        for name in self.graphs.keys() | graphs.keys():
            before, after = self.graphs.get(name, b""), graphs.get(name, b"")
            if before != after:
                changed[name] = (_lines(before) - _lines(after), _lines(after) - _lines(before), after)
        if any(BLANK.search(line) for gone, came, _ in changed.values() for line in gone | came):
            self._load(graphs)
            return None
        added: set[bytes] = set()
        removed: set[bytes] = set()
        quads: list[ox.Quad] = []
        for name, (gone, came, after) in changed.items():
            for line in gone:
                self.counts[line] -= 1
                if not self.counts[line]:
                    del self.counts[line]
                    removed.add(line)
            for line in came:
                self.counts[line] += 1
                if self.counts[line] == 1:
                    added.add(line)
            quads += self._update_graph(ox.NamedNode(str(name)), gone, came, after)
            if name in graphs:
                self.digests.update(graph_digests({str(name): after}))
            else:
                del self.digests[str(name)]
        added, removed = added - removed, removed - added  # a line that left one graph for another
        quads += self._update_union_graph(removed, added)
        emptied = {ox.NamedNode(str(name)) for name in changed if bool(self.graphs.get(name)) != bool(graphs.get(name))}
        self.checked.changed(quads, emptied)
        self.graphs = dict(graphs)
        change = UnionChange(b"".join(sorted(added)), b"".join(sorted(removed)))
        self.dataset.update(change.added, change.removed)
        self.change = change if self.change is None else self.change.then(change)
        return change

    def _update_graph(self, graph: ox.NamedNode, gone: set[bytes], came: set[bytes], after: bytes) -> list[ox.Quad]:
        """The quads of one graph of the checks' store; the quads that left it and came. The store
        keeps a typed literal by its value, so a quad removed there is given back where a line of the
        graph, written otherwise, has the same subject and predicate."""
        removed, added = _quads(gone, graph), _quads(came, graph)
        for quad in removed:
            self.store.remove(quad)
        heads = {tuple(line.split(b" ", 2)[:2]) for line in gone}
        again = [line for line in _lines(after) if tuple(line.split(b" ", 2)[:2]) in heads] if heads else []
        self.store.extend([*added, *_quads(again, graph)])
        if not after:  # a store keeps naming a graph whose triples are all removed; a fresh one would not
            self.store.remove_graph(graph)
        return removed + added

    def _update_union_graph(self, removed: set[bytes], added: set[bytes]) -> list[ox.Quad]:
        """The default graph of the checks' store: a triple leaves it when no named graph holds it
        (or one of its value) any more; the quads that left it and came."""
        gone, came = _quads(removed, DEFAULT), _quads(added, DEFAULT)
        for quad in gone:
            held = self.store.quads_for_pattern(quad.subject, quad.predicate, quad.object)
            if not any(other.graph_name != DEFAULT for other in held):
                self.store.remove(quad)
        self.store.extend(came)
        return gone + came

    def adopt(self, report: Report, key: str) -> None:
        """Take ``report``, made on these graphs with the shapes whose key is ``key``, as the last."""
        self.report, self.shapes, self.change = report, key, None

    def validate(self, engine: Engine, shapes: Graph, key: str) -> Report:
        """The report on the kept union with ``shapes`` (whose key is ``key``): the fast engine
        validates again what changed since the last report with the same shapes can reach, or
        validates the kept store whole; any other engine validates the union's bytes whole."""
        if not isinstance(engine, FastEngine):
            report = engine.validate(self.union(), shapes)
        elif self.report is not None and self.shapes == key:
            lines = b"" if self.change is None else self.change.lines
            report = engine.revalidate_dataset(self.dataset, shapes, self.report, lines, self.union)
        else:
            report = engine.validate_dataset(self.dataset, shapes, self.union)
        self.adopt(report, key)
        return report

    def quality(self, checks: list[SavedQuery]) -> list[Violations]:
        """The quality checks' failures on the kept store: again only where a change since the last
        run can reach (kept_quality.py)."""
        return self.checked.run(self.store, checks)

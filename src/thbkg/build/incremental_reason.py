"""Reasoning again only about the things a change touches, where that gives what reasoning over
everything would.

It does when every rule the ontology lets fire derives a triple about a thing from stated triples
that all mention that thing: the subclass, subproperty, domain, range, inverse and symmetric rules
of OWL RL with the ontology fixed. Each inferred triple then rests on stated triples naming its
subject, so after a change the inferred triples about the things the changed triples name are
derived anew from the triples that mention them, and the rest are kept. (A class named as the
object of ``rdf:type`` gains nothing from that triple, so it is not counted as touched.)

Whether it does is the test of reasoning one triple at a time (``per_triple.one_triple_rules``):
an ontology of one-triple rules only, and no axioms in the other graphs; what holds for each
triple alone holds for each thing. It cannot when the ontology itself, the engine or the code
changed. Otherwise everything is reasoned over.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from rdflib.namespace import RDF

from thbkg.build.kept_graphs import KeptGraphs, differing_lines, graph_digests
from thbkg.build.ntriples import split_line
from thbkg.build.per_triple import by_triple, one_triple_rules
from thbkg.core.files import write_file

Infer = Callable[[bytes], bytes]

TYPE = f"<{RDF.type}>"
# Up to this many things touched, a graph is searched for them before its lines are read.
FEW_THINGS = 50


class ReasonedStore:
    """What the last reasoning read and gave, kept in one folder: ``state.json`` (what it rested on,
    and the digest of each graph it read), each graph it read (build/kept_graphs.py), and the
    inferred graph. Files are written whole and renamed, the state last."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.folder = folder
        self.reuse = reuse
        self.graphs = KeptGraphs(folder / "graphs")

    def last(self, basis: str) -> dict[str, str] | None:
        """The digest of each graph the last reasoning read, if it rested on ``basis`` and its files
        are whole (none when not reusing: ``build --full``)."""
        if not self.reuse:
            return None
        try:
            state = json.loads((self.folder / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        graphs = state.get("graphs") if state.get("basis") == basis else None
        if not isinstance(graphs, dict) or not self.graphs.whole(graphs.values()):
            return None
        return graphs

    def inferred(self) -> bytes:
        return (self.folder / "inferred.nt").read_bytes()

    def keep(self, basis: str, graphs: Mapping[str, bytes], digests: Mapping[str, str], inferred: bytes) -> None:
        """Keep this reasoning (``graphs`` and their ``digests``) for the next."""
        self.graphs.keep(graphs, digests)
        write_file(self.folder / "inferred.nt", inferred)
        state = {"basis": basis, "graphs": dict(digests)}
        write_file(self.folder / "state.json", json.dumps(state, sort_keys=True).encode())


def touched(before: bytes, after: bytes) -> set[bytes]:
    """The things the triples in one version of a graph and not the other name, in N-Triples."""
    things = set()
    for row in differing_lines(before, after):
        subject, predicate, obj = split_line(row)
        things.add(subject.encode("utf-8"))
        if obj.startswith(("<", "_:")) and predicate != TYPE:
            things.add(obj.encode("utf-8"))
    return things


def mentioning(graphs: Iterable[bytes], things: set[bytes]) -> bytes:
    """Every triple of ``graphs`` whose subject or object is one of ``things``. A graph that holds
    none of them anywhere is passed over unread, where they are few enough to look for."""
    rows = []
    few = len(things) <= FEW_THINGS
    for data in graphs:
        if few and not any(thing in data for thing in things):
            continue
        for row in data.splitlines(keepends=True):
            if row.split(b" ", 1)[0] in things or row.rstrip()[:-1].rstrip().split(b" ", 2)[2] in things:
                rows.append(row)
    return b"".join(rows)


def reason(
    infer: Infer, ontology_graph: str, graphs: Mapping[str, bytes], store: ReasonedStore | None, basis: str
) -> bytes:
    """The inferred graph of ``graphs`` (the stated graphs reasoning reads by name, the ontology's
    named ``ontology_graph``), reasoned incrementally from what ``store`` kept of the last reasoning
    on the same ``basis`` (engine and code) where that is exact, else over everything."""
    digests = graph_digests(graphs)
    last = store.last(basis) if store is not None else None
    ontology = graphs[ontology_graph]
    others = [data for name, data in graphs.items() if name != ontology_graph]

    def infer_facts(facts: bytes) -> bytes:
        found = by_triple(infer, ontology, facts)
        return infer(ontology + facts) if found is None else found

    if (
        store is not None
        and last is not None
        and last.get(ontology_graph) == digests[ontology_graph]
        and set(last) == set(graphs)
        and one_triple_rules(ontology, b"".join(others))
    ):
        changed = {name: store.graphs.read(last[name]) for name in graphs if digests[name] != last[name]}
        inferred = _step(infer_facts, graphs, others, changed, store.inferred())
    else:
        inferred = infer_facts(b"".join(others))
    if store is not None:
        store.keep(basis, graphs, digests, inferred)
    return inferred


def _step(
    infer_facts: Infer,
    graphs: Mapping[str, bytes],
    others: list[bytes],
    changed: Mapping[str, bytes],
    before: bytes,
) -> bytes:
    """The last inferred graph (``before``), its triples about the things named by what changed
    (each changed graph's last version by name) derived anew by ``infer_facts`` (which adds the
    ontology) from the other graphs' triples that mention them."""
    things: set[bytes] = set()
    for name, previous in changed.items():
        things |= touched(previous, graphs[name])
    if not things:
        return before
    kept = [row for row in before.splitlines(keepends=True) if row.split(b" ", 1)[0] not in things]
    fresh = infer_facts(mentioning(others, things)).splitlines(keepends=True)
    stated = {row for data in graphs.values() for row in data.splitlines(keepends=True)}
    return b"".join(sorted({row for row in (*kept, *fresh) if row not in stated}))

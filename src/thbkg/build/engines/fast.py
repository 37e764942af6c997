"""The fast engine: `reasonable` (Rust) for OWL RL, SHACL Core in Python on the data as written in a
pyoxigraph store (core.py, dataset.py), and pyoxigraph for the SHACL-SPARQL constraints and targets; a shape
with a feature these are not known to handle as pyshacl does is left to pyshacl (shapes_plan.py).
Its answers are the reference engine's: tests/test_engines.py compares them.

`reasonable` leaves out four of OWL RL's schema rules that owlrl applies (scm-dom1, scm-dom2,
scm-rng1, scm-rng2: a property's domain and range carried up the class hierarchy and down the
property hierarchy), so they are applied here to its closure; they add no typing of things, as
the class hierarchy already gives each thing the classes above its own.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import reasonable
from rdflib import Graph
from rdflib.namespace import RDFS
from rdflib.term import Node

from thbkg.build.engines.dataset import Dataset
from thbkg.build.engines.revalidate import revalidate
from thbkg.build.engines.validation import Validation
from thbkg.build.reason import inferred
from thbkg.build.validate import Report, make_report

Triple = tuple[Node, Node, Node]


def owl_rl_closure(stated: bytes) -> list[Triple]:
    """The OWL RL closure of N-Triples ``stated`` by `reasonable`, which reads Turtle files (of
    which N-Triples is a part), with the schema rules it leaves out."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stated.ttl"
        path.write_bytes(stated)
        reasoner = reasonable.PyReasoner()
        reasoner.load_file(str(path))
        closure: list[Triple] = reasoner.reason()
    return closure + schema_rules(closure)


def _closed(pairs: dict[Node, set[Node]]) -> dict[Node, set[Node]]:
    """The reflexive-transitive closure of a relation (sub-class or sub-property)."""
    closed = {}
    for start in pairs:
        seen, todo = {start}, [start]
        while todo:
            for upper in pairs.get(todo.pop(), ()):
                if upper not in seen:
                    seen.add(upper)
                    todo.append(upper)
        closed[start] = seen
    return closed


def schema_rules(closure: Iterable[Triple]) -> list[Triple]:
    """scm-dom1/2 and scm-rng1/2: ``p rdfs:domain c`` for each super-class of a domain of ``p`` or
    of a property ``p`` is a sub-property of; the same for ranges."""
    relations: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in closure:
        if p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
            relations[p][s].add(o)
    classes, properties = _closed(relations[RDFS.subClassOf]), _closed(relations[RDFS.subPropertyOf])
    found: list[Triple] = []
    for kind in (RDFS.domain, RDFS.range):
        stated = relations[kind]
        for prop in set(stated) | set(properties):
            uppers = properties.get(prop, {prop})
            bounds = {c for upper in uppers for c in stated.get(upper, ())}
            for bound in {upper for c in bounds for upper in classes.get(c, {c})} - stated.get(prop, set()):
                found.append((prop, kind, bound))
    return found


def _giving(data: bytes) -> Callable[[], bytes]:
    """A function that gives ``data``, which it alone holds once the caller lets go of its own."""
    return lambda: data


class FastEngine:
    """reasonable, pyoxigraph and SHACL Core in Python, with pyshacl for the shapes they cannot check."""

    name = "fast"

    def infer(self, stated: bytes) -> bytes:
        return inferred(owl_rl_closure(stated), stated)

    def validate(self, data: bytes, shapes: Graph) -> Report:
        run = Validation(Dataset(data), shapes, _giving(data))
        del data  # let go once loaded, unless the shapes left to pyshacl read it (Validation.data)
        return make_report(run.whole())

    def validate_dataset(self, dataset: Dataset, shapes: Graph, data: Callable[[], bytes]) -> Report:
        """The report on data already in a store (build/kept_checks.py keeps one between builds);
        ``data`` gives its N-Triples for the shapes left to pyshacl, if any."""
        return make_report(Validation(dataset, shapes, data).whole())

    def revalidate(self, data: bytes, shapes: Graph, last: Report, changed: bytes) -> Report:
        """What ``validate(data, shapes)`` gives, from ``last``, the report on the data before a
        change with the same shapes, and ``changed``: N-Triples holding at least every triple in
        one of the two data and not in the other. Only the focus nodes a changed triple can reach
        are validated again (revalidate.py)."""
        run = Validation(Dataset(data), shapes, _giving(data))
        del data  # as in validate
        return revalidate(run, last, changed)

    def revalidate_dataset(
        self, dataset: Dataset, shapes: Graph, last: Report, changed: bytes, data: Callable[[], bytes]
    ) -> Report:
        """``revalidate`` on data already in a store, as ``validate_dataset``."""
        return revalidate(Validation(dataset, shapes, data), last, changed)

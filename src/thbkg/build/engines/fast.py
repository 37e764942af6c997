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
from collections.abc import Iterable
from pathlib import Path

import reasonable
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from thbkg.build.engines.as_written import stored
from thbkg.build.engines.core import Core, report_value
from thbkg.build.engines.dataset import Dataset
from thbkg.build.engines.reference import shacl_results
from thbkg.build.engines.shacl_sparql import Focus, constraint_findings, focus_nodes
from thbkg.build.engines.shapes_plan import Plan, plan, without_targets
from thbkg.build.reason import inferred
from thbkg.build.shacl_messages import messages
from thbkg.build.terms import SH
from thbkg.build.validate import Context, Finding, Report, finding, make_report, path_text, report_findings

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


def core_findings(core: Core, shapes: Graph, nodes: dict[Node, list[Focus]], context: Context) -> list[Finding]:
    """The SHACL Core findings of each shape on its focus nodes ``nodes`` (core.py)."""
    found = []
    for shape, focus in nodes.items():
        for result in core.results(shape, [stored(node) for node in focus]):
            path = result.path
            found.append(
                finding(
                    context,
                    severity=str(SH.Violation),
                    shape=result.shape,
                    focus=report_value(result.focus),
                    path=path_text(shapes, path),
                    path_iri=str(path) if isinstance(path, URIRef) else None,
                    message=messages(shapes, result.shape, result.component),
                    value=None if result.value is None else report_value(result.value),
                )
            )
    return found


class FastEngine:
    """reasonable, pyoxigraph and SHACL Core in Python, with pyshacl for the shapes they cannot check."""

    name = "fast"

    def infer(self, stated: bytes) -> bytes:
        return inferred(owl_rl_closure(stated), stated)

    def validate(self, data: bytes, shapes: Graph) -> Report:
        dataset = Dataset(data)
        context = Context(dataset.store, dataset.graphs(False))
        chosen: Plan = plan(shapes, data)
        constraints = {
            shape: [
                (holder, c)
                for holder in (shape, *shapes.objects(shape, SH.property))
                for c in shapes.objects(holder, SH.sparql)
            ]
            for shape in chosen.fast
        }
        core = Core(dataset, shapes)
        nodes = {
            shape: focus_nodes(shapes, shape, dataset, core.instances, shape in chosen.written) for shape in chosen.fast
        }
        found = core_findings(core, shapes, nodes, context)
        for shape in chosen.fast:
            for holder, constraint in constraints[shape]:
                found += constraint_findings(
                    dataset, shapes, holder, constraint, nodes[shape], context, shape in chosen.written
                )
        if chosen.fallback:
            results = shacl_results(
                Graph().parse(data=data, format="nt"), without_targets(shapes, list(chosen.fallback))
            )
            found += report_findings(results, shapes, context)
        return make_report(found)

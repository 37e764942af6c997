"""The fast engine: `reasonable` (Rust) for OWL RL, pyrudof (Rust) for SHACL Core, and pyoxigraph
for the SHACL-SPARQL constraints and targets; a shape with a feature these are not known to
handle as pyshacl does is left to pyshacl (shapes_plan.py). Its answers are the reference
engine's: tests/test_engines.py compares them.

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

import pyoxigraph as ox
import reasonable
from pyrudof import RDFFormat, ResultShaclValidationFormat, Rudof, RudofConfig, ShaclFormat
from rdflib import Graph
from rdflib.namespace import RDFS
from rdflib.term import Node

from thbkg.build.engines.reference import data_store, shacl_results
from thbkg.build.engines.shacl_sparql import Focus, constraint_findings, focus_nodes
from thbkg.build.engines.shapes_plan import Plan, plan, without_targets
from thbkg.build.reason import inferred
from thbkg.build.terms import SH, oxigraph_term
from thbkg.build.validate import Context, Finding, Report, make_report, report_findings

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


def core_findings(
    data: bytes, shapes: Graph, fast: list[Node], nodes: dict[Node, list[Focus]], context: Context
) -> list[Finding]:
    """pyrudof's findings for the shapes ``fast``, with the SPARQL left out (run by pyoxigraph) and
    each SPARQL target replaced by the focus nodes it selects (``nodes``)."""
    if not fast:
        return []
    lines = []
    for triple in without_targets(shapes, fast):
        if triple[1] == SH.sparql or (triple[1] == SH.target and triple[0] in nodes):
            continue
        lines.append(f"{ox.Triple(*(oxigraph_term(t) for t in triple))} .\n")  # type: ignore[arg-type]
    for shape, focus in nodes.items():
        lines += [f"<{shape}> <{SH.targetNode}> {node} .\n" for node in focus]
    rudof = Rudof(RudofConfig())
    rudof.read_data(data.decode("utf-8"), format=RDFFormat.NTriples)
    rudof.read_shacl("".join(lines), format=ShaclFormat.NTriples)
    rudof.validate_shacl()
    report = rudof.serialize_shacl_validation_results(format=ResultShaclValidationFormat.NTriples)
    return report_findings(Graph().parse(data=report, format="nt"), shapes, context)


class FastEngine:
    """reasonable, pyrudof and pyoxigraph, with pyshacl for the shapes they cannot check."""

    name = "fast"

    def infer(self, stated: bytes) -> bytes:
        return inferred(owl_rl_closure(stated), stated)

    def validate(self, data: bytes, shapes: Graph) -> Report:
        store = data_store(data)
        context = Context(store)
        chosen: Plan = plan(shapes, data)
        nodes = {
            shape: focus_nodes(store, shapes, shape) for shape in chosen.fast if (shape, SH.target, None) in shapes
        }
        found = core_findings(data, shapes, chosen.fast, nodes, context)
        for shape in chosen.fast:
            focus = nodes[shape] if shape in nodes else focus_nodes(store, shapes, shape)
            for holder in (shape, *shapes.objects(shape, SH.property)):
                for constraint in shapes.objects(holder, SH.sparql):
                    found += constraint_findings(store, shapes, holder, constraint, focus, context)
        if chosen.fallback:
            results = shacl_results(
                Graph().parse(data=data, format="nt"), without_targets(shapes, list(chosen.fallback))
            )
            found += report_findings(results, shapes, context)
        return make_report(found)
